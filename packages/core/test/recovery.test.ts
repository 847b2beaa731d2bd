import { CredentialCache, type OsAuthEvent, SkewCorrectedClock } from '@osauth/core';
import { FakeClock } from './fake-clock';

describe('CredentialCache.refreshAfterRejection', () => {
  it('a burst of rejections of the same credentials causes one fetch', async () => {
    let calls = 0;
    const cache = new CredentialCache<{ id: number; expiration?: Date }>(() => Promise.resolve({ id: ++calls }), { provider: 'test' });
    const first = await cache.get();
    const sentAt = performance.now();
    const refreshed = await Promise.all(Array.from({ length: 50 }, () => cache.refreshAfterRejection(sentAt)));
    expect(first).toEqual({ id: 1 });
    expect(new Set(refreshed.map((c) => c.id))).toEqual(new Set([2]));
    expect(calls).toBe(2);
  });

  it('a request signed before the last refresh just gets the newer credentials', async () => {
    let calls = 0;
    const cache = new CredentialCache<{ id: number; expiration?: Date }>(() => Promise.resolve({ id: ++calls }), { provider: 'test' });
    await cache.get();
    const sentBeforeRefresh = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 2));
    await cache.refreshAfterRejection(performance.now());
    expect(await cache.refreshAfterRejection(sentBeforeRefresh)).toEqual({ id: 2 });
    expect(calls).toBe(2);
  });
});

describe('SkewCorrectedClock', () => {
  const response = (date?: string) => ({ statusCode: 403, headers: date ? { date } : {}, body: undefined });

  it('learns the offset from Date and reports it', () => {
    const base = new FakeClock(Date.UTC(2026, 10, 22, 10, 0, 0));
    const events: OsAuthEvent[] = [];
    const clock = new SkewCorrectedClock(base, 'test', (e) => events.push(e));
    expect(clock.correctFrom(response('Sun, 22 Nov 2026 10:20:00 GMT'))).toBe(true);
    expect(clock.offset).toBe(20 * 60_000);
    expect(clock.now()).toBe(Date.UTC(2026, 10, 22, 10, 20, 0));
    base.advance(1_000);
    expect(clock.now()).toBe(Date.UTC(2026, 10, 22, 10, 20, 1));
    expect(events).toEqual([{ type: 'clock-skew-corrected', provider: 'test', offsetMs: 20 * 60_000 }]);
  });

  it('ignores a missing, unparsable or absurd (> 24 h) Date', () => {
    const events: OsAuthEvent[] = [];
    const clock = new SkewCorrectedClock(new FakeClock(Date.UTC(2026, 10, 22)), 'test', (e) => events.push(e));
    expect(clock.correctFrom(response())).toBe(false);
    expect(clock.correctFrom(response('yesterday-ish'))).toBe(false);
    expect(clock.correctFrom(response('Wed, 25 Nov 2026 00:00:00 GMT'))).toBe(false);
    expect(clock.offset).toBe(0);
    expect(events.map((e) => e.type)).toEqual(['clock-skew-ignored']);
  });
});
