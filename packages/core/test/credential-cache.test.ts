import { CredentialCache, CredentialsUnavailableError } from '@osauth/core';
import { deferred, FakeClock, flush } from './fake-clock';

interface Creds {
  readonly id: string;
  readonly expiration?: Date;
}

const MINUTE = 60_000;

/** A credential source that counts calls and issues `id-N` credentials valid for `ttlMs`. */
function countingSource(clock: FakeClock, ttlMs: number | null = 60 * MINUTE) {
  const source = {
    calls: 0,
    fail: undefined as Error | undefined,
    fetch: async (): Promise<Creds> => {
      source.calls += 1;
      await Promise.resolve();
      if (source.fail) throw source.fail;
      return {
        id: `id-${source.calls}`,
        ...(ttlMs === null ? {} : { expiration: new Date(clock.now() + ttlMs) }),
      };
    },
  };
  return source;
}

describe('CredentialCache', () => {
  it('makes exactly one source call for 1000 concurrent callers on a cold cache', async () => {
    const clock = new FakeClock();
    const source = countingSource(clock);
    const cache = new CredentialCache(source.fetch, { provider: 'test', clock });

    const results = await Promise.all(Array.from({ length: 1000 }, () => cache.get()));

    expect(source.calls).toBe(1);
    expect(new Set(results.map((c) => c.id))).toEqual(new Set(['id-1']));
  });

  it('serves held credentials without calling the source again while they are fresh', async () => {
    const clock = new FakeClock();
    const source = countingSource(clock);
    const cache = new CredentialCache(source.fetch, { provider: 'test', clock });
    await cache.get();
    clock.advance(50 * MINUTE); // 10 minutes left: outside the 5-minute window
    await expect(cache.get()).resolves.toMatchObject({ id: 'id-1' });
    expect(source.calls).toBe(1);
  });

  it('inside the refresh window answers at once with the current credentials and refreshes once in the background', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const pending = deferred<Creds>();
    const cache = new CredentialCache<Creds>(
      async () => {
        calls += 1;
        return calls === 1 ? { id: 'first', expiration: new Date(clock.now() + 60 * MINUTE) } : pending.promise;
      },
      { provider: 'test', clock },
    );
    await cache.get();
    clock.advance(56 * MINUTE); // 4 minutes left

    // The background refresh is still pending, yet every caller is answered.
    const during = await Promise.all(Array.from({ length: 100 }, () => cache.get()));
    expect(during.every((c) => c.id === 'first')).toBe(true);
    expect(calls).toBe(2);

    pending.resolve({ id: 'second', expiration: new Date(clock.now() + 60 * MINUTE) });
    await flush();
    await expect(cache.get()).resolves.toMatchObject({ id: 'second' });
    expect(calls).toBe(2);
  });

  it('current() answers synchronously: nothing when cold or expired, the held credentials otherwise, one background refresh in the window', async () => {
    const clock = new FakeClock();
    const pending = deferred<Creds>();
    let calls = 0;
    const cache = new CredentialCache<Creds>(
      async () => {
        calls += 1;
        return calls === 1 ? { id: 'first', expiration: new Date(clock.now() + 60 * MINUTE) } : pending.promise;
      },
      { provider: 'test', clock },
    );
    expect(cache.current()).toBeUndefined();
    expect(calls).toBe(0); // current() never fetches a cold cache: get() does

    await cache.get();
    expect(cache.current()?.id).toBe('first');
    clock.advance(56 * MINUTE); // inside the 5-minute refresh window
    expect(Array.from({ length: 100 }, () => cache.current()?.id)).toEqual(Array(100).fill('first'));
    expect(calls).toBe(2);

    clock.advance(5 * MINUTE); // expired while the refresh is still pending
    expect(cache.current()).toBeUndefined();
    pending.resolve({ id: 'second', expiration: new Date(clock.now() + 60 * MINUTE) });
    await flush();
    expect(cache.current()?.id).toBe('second');
    expect(calls).toBe(2);
  });

  it('keeps serving still-valid credentials when the background refresh fails, retrying with bounded backoff', async () => {
    const clock = new FakeClock();
    const source = countingSource(clock);
    const cache = new CredentialCache(source.fetch, {
      provider: 'test',
      clock,
      initialBackoffMs: 1_000,
      maxBackoffMs: 4_000,
    });
    await cache.get();
    source.fail = new Error('sts is down');
    clock.advance(56 * MINUTE);

    await expect(cache.get()).resolves.toMatchObject({ id: 'id-1' });
    await flush();
    expect(source.calls).toBe(2);

    // Within the backoff nobody calls the source again, and callers are still served.
    await expect(cache.get()).resolves.toMatchObject({ id: 'id-1' });
    await flush();
    expect(source.calls).toBe(2);

    // Backoff doubles: 1 s, 2 s, 4 s, then stays at the 4 s bound.
    const waits = [1_000, 2_000, 4_000, 4_000];
    for (const [i, wait] of waits.entries()) {
      clock.advance(wait - 1);
      await cache.get();
      await flush();
      expect(source.calls).toBe(2 + i);
      clock.advance(1);
      await expect(cache.get()).resolves.toMatchObject({ id: 'id-1' });
      await flush();
      expect(source.calls).toBe(3 + i);
    }

    // Once the source recovers, the next attempt replaces the credentials.
    source.fail = undefined;
    clock.advance(4_000);
    await cache.get();
    await flush();
    await expect(cache.get()).resolves.toMatchObject({ id: `id-${source.calls}` });
  });

  it('throws CredentialsUnavailableError with the source error as cause when expired and unrefreshable', async () => {
    const clock = new FakeClock();
    const source = countingSource(clock);
    const cache = new CredentialCache(source.fetch, { provider: 'test', clock });
    await cache.get();
    const sourceError = new Error('sts is down');
    source.fail = sourceError;
    clock.advance(61 * MINUTE);

    const error = await cache.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsUnavailableError);
    expect((error as CredentialsUnavailableError).cause).toBe(sourceError);
    expect((error as CredentialsUnavailableError).provider).toBe('test');
    expect((error as CredentialsUnavailableError).message).toContain('sts is down');
  });

  it('fails callers of a cold cache together, with one source call, and tries again on the next call', async () => {
    const clock = new FakeClock();
    const source = countingSource(clock);
    source.fail = new Error('no credentials in the environment');
    const cache = new CredentialCache(source.fetch, { provider: 'test', clock });

    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, () => cache.get()));
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof CredentialsUnavailableError)).toBe(true);
    expect(source.calls).toBe(1);

    source.fail = undefined;
    await expect(cache.get()).resolves.toMatchObject({ id: 'id-2' });
  });

  it('refuses credentials that are already expired when they arrive', async () => {
    const clock = new FakeClock();
    const cache = new CredentialCache<Creds>(() => Promise.resolve({ id: 'stale', expiration: new Date(clock.now() - 1) }), {
      provider: 'test',
      clock,
    });
    await expect(cache.get()).rejects.toThrow(/already expired/);
  });

  it('invalidate() makes the next caller refetch exactly once', async () => {
    const clock = new FakeClock();
    const source = countingSource(clock);
    const cache = new CredentialCache(source.fetch, { provider: 'test', clock });
    await cache.get();

    cache.invalidate();
    const after = await Promise.all(Array.from({ length: 200 }, () => cache.get()));
    expect(source.calls).toBe(2);
    expect(after.every((c) => c.id === 'id-2')).toBe(true);
  });

  it('invalidate(rejected) ignores credentials that were already replaced', async () => {
    const clock = new FakeClock();
    const source = countingSource(clock);
    const cache = new CredentialCache(source.fetch, { provider: 'test', clock });
    const first = await cache.get();
    cache.invalidate(first);
    await cache.get();
    cache.invalidate(first); // a late rejection of the old credentials
    await cache.get();
    expect(source.calls).toBe(2);
  });

  it('re-reads credentials without expiration after maxAgeWithoutExpirationMs, serving the old ones meanwhile', async () => {
    const clock = new FakeClock();
    const source = countingSource(clock, null);
    const cache = new CredentialCache(source.fetch, { provider: 'test', clock, maxAgeWithoutExpirationMs: 5 * MINUTE });
    await cache.get();
    clock.advance(4 * MINUTE);
    await cache.get();
    expect(source.calls).toBe(1);
    clock.advance(2 * MINUTE);
    await expect(cache.get()).resolves.toMatchObject({ id: 'id-1' });
    await flush();
    await expect(cache.get()).resolves.toMatchObject({ id: 'id-2' });
    expect(source.calls).toBe(2);
  });

  it('keeps credentials without expiration forever by default', async () => {
    const clock = new FakeClock();
    const source = countingSource(clock, null);
    const cache = new CredentialCache(source.fetch, { provider: 'test', clock });
    await cache.get();
    clock.advance(365 * 24 * 60 * MINUTE);
    await cache.get();
    await flush();
    expect(source.calls).toBe(1);
  });

  it('honours a custom refresh window', async () => {
    const clock = new FakeClock();
    const source = countingSource(clock);
    // No spread: this pins the window's own edge (refresh-jitter.test.ts covers the spread).
    const cache = new CredentialCache(source.fetch, { provider: 'test', clock, refreshWindowMs: 15 * MINUTE, refreshSpreadMs: 0 });
    await cache.get();
    clock.advance(44 * MINUTE);
    await cache.get();
    await flush();
    expect(source.calls).toBe(1);
    clock.advance(2 * MINUTE);
    await cache.get();
    await flush();
    expect(source.calls).toBe(2);
  });

  it('starts no timers: a process with only a cache in it can exit', async () => {
    const clock = new FakeClock();
    const source = countingSource(clock);
    source.fail = new Error('down');
    const cache = new CredentialCache(source.fetch, { provider: 'test', clock });
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await cache.get().catch(() => undefined);
    clock.advance(61 * MINUTE);
    await cache.get().catch(() => undefined);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before);
  });
});
