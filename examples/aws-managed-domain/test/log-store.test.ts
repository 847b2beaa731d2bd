// A user's test of their own code against the `es` emulator, with plain jest.
import { AuthorizationError, ClockSkewError, createClient, ExpiredCredentialsError } from '@osauth/factory';
import { type Emulator, startEmulator } from '@osauth/testing';
import { LogStore } from '../src/log-store';
import '@osauth/aws'; // registers the `aws` provider (and its config type); bundlers need this one line

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('LogStore on Amazon OpenSearch Service', () => {
  let emulator: Emulator;
  let store: LogStore;
  let close: () => Promise<void>;
  beforeAll(async () => {
    emulator = await startEmulator({ service: 'es', region: 'eu-west-1', credentials: [KEYS] });
    const client = createClient({
      node: emulator.url,
      auth: { provider: 'aws', service: 'es', region: 'eu-west-1', credentials: KEYS },
      client: { compression: 'gzip' },
    });
    store = new LogStore(client);
    close = () => client.close();
  });
  afterAll(async () => {
    await close();
    await emulator.close();
  });

  it('writes gzip-compressed bulk bodies that the emulator verifies, and counts by level', async () => {
    await store.write([
      { level: 'error', service: 'a', message: 'x' },
      { level: 'info', service: 'a', message: 'y' },
    ]);
    await expect(store.count('error')).resolves.toBe(1);
    expect(emulator.requests.some((r) => r.headers['content-encoding'] === 'gzip' && r.verified)).toBe(true);
  });

  it('recovers from one clock-skew answer: osauth corrects its clock and retries once', async () => {
    emulator.failNext('clock-skew');
    await expect(store.count('error')).resolves.toEqual(expect.any(Number));
    expect(emulator.requests.slice(-2).map((r) => r.outcome)).toEqual(['clock-skew', 'ok']);
  });

  it.each([
    ['expired-token', ExpiredCredentialsError],
    ['iam-not-authorized', AuthorizationError],
    ['fgac-denied', AuthorizationError],
    ['clock-skew', ClockSkewError],
  ] as const)('turns %s into %p', async (kind, type) => {
    emulator.failNext(kind, { times: 2 });
    await expect(store.count('error')).rejects.toBeInstanceOf(type);
    emulator.reset();
  });
});
