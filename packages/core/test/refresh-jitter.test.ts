import { CredentialCache, CredentialsUnavailableError, type OsAuthEvent } from '@osauth/core';
import { seededRandom } from '@osauth/testing';
import { FakeClock, flush } from './fake-clock';

interface Creds {
  readonly id: string;
  readonly expiration?: Date;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const CANARY = 'FAKEcanarySECRET0123456789abcdef';

/**
 * One simulated process: a cache whose first fetch returns credentials expiring at
 * `expiresAt`, and whose refresh (the second source call) never settles, so the moment it
 * starts is what the test reads.
 */
function simulatedProcess(clock: FakeClock, expiresAt: number, random: () => number, refreshSpreadMs?: number) {
  const state = { calls: 0 };
  const cache = new CredentialCache<Creds>(
    () => {
      state.calls += 1;
      return state.calls === 1 ? Promise.resolve({ id: 'deploy', expiration: new Date(expiresAt) }) : new Promise<Creds>(() => undefined);
    },
    { provider: 'test', clock, random, ...(refreshSpreadMs === undefined ? {} : { refreshSpreadMs }) },
  );
  return { cache, state };
}

/** Moves the clock second by second and returns, for each process, when its refresh started. */
async function refreshMoments(count: number, random: () => number, refreshSpreadMs?: number): Promise<{ moments: number[]; expiresAt: number }> {
  const clock = new FakeClock();
  const expiresAt = clock.now() + 60 * MINUTE;
  const fleet = Array.from({ length: count }, () => simulatedProcess(clock, expiresAt, random, refreshSpreadMs));
  await Promise.all(fleet.map((p) => p.cache.get()));
  const moments: number[] = Array(count).fill(Number.NaN);
  let unserved = 0;
  clock.advance(48 * MINUTE); // 12 minutes left: before any refresh may start
  // Up to 1 minute left: past the latest moment a refresh may start.
  while (clock.now() <= expiresAt - MINUTE) {
    for (const [i, p] of fleet.entries()) {
      if (p.cache.current()?.id !== 'deploy') unserved += 1; // every process is served throughout
      if (Number.isNaN(moments[i]) && p.state.calls === 2) moments[i] = clock.now();
    }
    clock.advance(SECOND);
  }
  expect(unserved).toBe(0);
  return { moments, expiresAt };
}

describe('refresh spread (fleets do not stampede the token service)', () => {
  it('1000 processes holding the same expiration start their refreshes spread over the 4 minutes before the 5-minute window', async () => {
    const { moments, expiresAt } = await refreshMoments(1000, seededRandom(20260102));

    expect(moments.every((m) => Number.isFinite(m))).toBe(true); // every process refreshed once
    const earliest = Math.min(...moments);
    const latest = Math.max(...moments);
    // Never later than the 5-minute window, never earlier than 9 minutes before expiry.
    expect(latest).toBeLessThanOrEqual(expiresAt - 5 * MINUTE);
    expect(earliest).toBeGreaterThanOrEqual(expiresAt - 9 * MINUTE);
    // The spread is used: first and last are nearly 4 minutes apart.
    expect(latest - earliest).toBeGreaterThanOrEqual(3.8 * MINUTE);

    const perSecond = new Map<number, number>();
    for (const m of moments) perSecond.set(m, (perSecond.get(m) ?? 0) + 1);
    // ~4 a second on average; no second holds more than 2 % of the fleet.
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(20);
    // Roughly uniform: each of the four minutes holds 20-30 % of the refreshes.
    for (let minute = 0; minute < 4; minute += 1) {
      const from = expiresAt - (9 - minute) * MINUTE;
      const inMinute = moments.filter((m) => m > from && m <= from + MINUTE).length;
      expect(inMinute).toBeGreaterThanOrEqual(200);
      expect(inMinute).toBeLessThanOrEqual(300);
    }
  });

  it('without a spread (refreshSpreadMs: 0) the same fleet refreshes in one second, 5 minutes before expiry', async () => {
    const { moments, expiresAt } = await refreshMoments(1000, seededRandom(20260102), 0);
    expect(new Set(moments)).toEqual(new Set([expiresAt - 5 * MINUTE]));
  });

  it('caps the spread at half the time before the window, so short-lived credentials are not refreshed much earlier', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const cache = new CredentialCache<Creds>(
      () => {
        calls += 1;
        return Promise.resolve({ id: `id-${calls}`, expiration: new Date(clock.now() + 9 * MINUTE) });
      },
      { provider: 'test', clock, random: () => 0.999999 }, // the earliest moment the spread allows
    );
    await cache.get();
    // The window opens 4 minutes after the fetch; the spread is capped to 2 minutes, not 4.
    clock.advance(2 * MINUTE - SECOND);
    cache.current();
    expect(calls).toBe(1);
    clock.advance(2 * SECOND);
    cache.current();
    expect(calls).toBe(2);
  });
});

describe('credentials-refresh-failed', () => {
  function failingSource(clock: FakeClock) {
    const source = {
      calls: 0,
      failWith: undefined as Error | undefined,
      fetch: (): Promise<Creds> => {
        source.calls += 1;
        if (source.failWith) return Promise.reject(source.failWith);
        return Promise.resolve({ id: `id-${source.calls}`, expiration: new Date(clock.now() + 60 * MINUTE) });
      },
    };
    return source;
  }

  it('a failed background refresh emits the code and times, never the secret, keeps serving the old credentials and retries after a backoff', async () => {
    const clock = new FakeClock();
    const source = failingSource(clock);
    const events: OsAuthEvent[] = [];
    const cache = new CredentialCache(source.fetch, { provider: 'test', clock, random: () => 0, onEvent: (e) => events.push(e) });
    await cache.get();
    const expiration = new Date(clock.now() + 60 * MINUTE).toISOString();
    source.failWith = new CredentialsUnavailableError({
      provider: 'test',
      hint: 'ThrottlingException',
      message: `token service said no; it echoed secret=${CANARY}`,
    });

    clock.advance(56 * MINUTE); // inside the window: the background refresh starts and fails
    expect(cache.current()?.id).toBe('id-1');
    await flush();
    expect(source.calls).toBe(2);
    expect(events).toEqual([{ type: 'credentials-refresh-failed', provider: 'test', code: 'CREDENTIALS_UNAVAILABLE', hint: 'ThrottlingException', expiration, retryInMs: 1_000 }]);
    expect(JSON.stringify(events)).not.toContain(CANARY);
    expect(JSON.stringify(events)).not.toContain('echoed');

    // Within the backoff: served, no source call, no event.
    for (let i = 0; i < 100; i += 1) expect(cache.current()?.id).toBe('id-1');
    await flush();
    expect(source.calls).toBe(2);
    expect(events).toHaveLength(1);

    // After it: one more attempt, one more event, with the doubled backoff.
    clock.advance(1_000);
    await expect(cache.get()).resolves.toMatchObject({ id: 'id-1' });
    await flush();
    expect(source.calls).toBe(3);
    expect(events.map((e) => e.type === 'credentials-refresh-failed' && e.retryInMs)).toEqual([1_000, 2_000]);

    // The source recovers: the next attempt replaces the credentials, and nothing more is reported.
    source.failWith = undefined;
    clock.advance(2_000);
    expect(cache.current()?.id).toBe('id-1');
    await flush();
    expect(cache.current()?.id).toBe('id-4');
    expect(events).toHaveLength(2);
  });

  it('reports a plain source error as CREDENTIALS_UNAVAILABLE without its message, and drops a hint that is not a service error name', async () => {
    const clock = new FakeClock();
    const source = failingSource(clock);
    const events: OsAuthEvent[] = [];
    const cache = new CredentialCache(source.fetch, { provider: 'test', clock, random: () => 0, onEvent: (e) => events.push(e) });
    await cache.get();
    source.failWith = new Error(`profile file unreadable near aws_secret_access_key = ${CANARY}`);
    clock.advance(56 * MINUTE);
    cache.current();
    await flush();
    source.failWith = new CredentialsUnavailableError({ provider: 'test', hint: `bad key ${CANARY}` });
    clock.advance(1_000);
    cache.current();
    await flush();

    expect(events.map((e) => e.type === 'credentials-refresh-failed' && [e.code, e.hint])).toEqual([
      ['CREDENTIALS_UNAVAILABLE', undefined],
      ['CREDENTIALS_UNAVAILABLE', undefined],
    ]);
    expect(JSON.stringify(events)).not.toContain(CANARY);
  });

  it('once the credentials expire, a failing source is thrown as a typed error to the request, not reported as a background failure', async () => {
    const clock = new FakeClock();
    const source = failingSource(clock);
    const events: OsAuthEvent[] = [];
    const cache = new CredentialCache(source.fetch, { provider: 'test', clock, random: () => 0, onEvent: (e) => events.push(e) });
    await cache.get();
    source.failWith = new Error('sts is down');
    clock.advance(61 * MINUTE);

    await expect(cache.get()).rejects.toBeInstanceOf(CredentialsUnavailableError);
    expect(cache.current()).toBeUndefined();
    expect(events).toEqual([]);
  });

  it('a listener that throws does not disturb the cache', async () => {
    const clock = new FakeClock();
    const source = failingSource(clock);
    const cache = new CredentialCache(source.fetch, {
      provider: 'test',
      clock,
      random: () => 0,
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    await cache.get();
    source.failWith = new Error('sts is down');
    clock.advance(56 * MINUTE);
    expect(cache.current()?.id).toBe('id-1');
    await flush();
    source.failWith = undefined;
    clock.advance(1_000);
    cache.current();
    await flush();
    expect(cache.current()?.id).toBe('id-3');
  });
});
