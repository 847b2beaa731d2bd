// Secrets nothing holds any more, in a file of their own: each test file has its own
// global secret store, so no other test's garbage can retire values in between.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { REDACTED, redactSecrets, Secret } from '@osauth/core';
import { RETIRED_MAX_AGE_MS, RETIRED_MAX_COUNT, secretStore } from '../src/secret-store';

describe('a Secret nothing holds any more', () => {
  it('stays redacted for 12 h (it may still be valid and echoed), then is forgotten', async () => {
    const dropped = ['FAKEdroppedTOKEN/one+01', 'FAKEdroppedTOKEN/two+02'];
    await collect(() => dropped.map((value) => new Secret(value)));
    expect(redactSecrets(`${dropped[0]} ${encodeURIComponent(dropped[1]!)}`)).toBe(`${REDACTED} ${REDACTED}`);
    jest.useFakeTimers({ now: Date.now() + RETIRED_MAX_AGE_MS + 1_000 });
    try {
      expect(redactSecrets(dropped[0]!)).toBe(dropped[0]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps the newest retired values, so a burst of short-lived secrets cannot grow memory', async () => {
    const values = Array.from({ length: RETIRED_MAX_COUNT + 10 }, (_, i) => `FAKEburstTOKEN${i.toString().padStart(5, '0')}`);
    await collect(() => values.map((value) => new Secret(value)));
    // Collection order is the collector's, so which ten went is not known; that ten did is.
    const stillRedacted = values.filter((value) => redactSecrets(value) === REDACTED).length;
    expect(stillRedacted).toBeGreaterThan(0);
    expect(stillRedacted).toBeLessThanOrEqual(RETIRED_MAX_COUNT);
    expect(secretStore().retired.size).toBe(RETIRED_MAX_COUNT);
  });
});

/** Makes the Secrets `make` returns unreachable and waits until the store has seen every one of them collected. */
async function collect(make: () => Secret[]): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const store = secretStore();
  const settle = async (done: () => boolean): Promise<void> => {
    for (let round = 0; round < 200 && !done(); round += 1) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  // First let earlier tests' garbage be finalized, so it cannot retire values after ours.
  let size = -1;
  await settle(() => {
    const stable = size === store.live.size;
    size = store.live.size;
    return stable;
  });
  const values = make().map((secret) => secret.reveal());
  await settle(() => values.every((value) => !store.live.has(value)));
  expect(values.filter((value) => store.live.has(value))).toEqual([]);
}
