import { AuthorizationError, createClient, ExpiredCredentialsError, SignatureMismatchError } from '@osauth/factory';
import { type Emulator, startEmulator } from '@osauth/testing';

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('my catalogue search', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ service: 'aoss', region: 'us-east-1' }); // knows KEYS by default
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset()); // no documents, requests or queued failures left over

  // A loopback URL names no service or region, so spell them out.
  const clientFor = (service: 'es' | 'aoss', url: string, credentials: object = KEYS) =>
    createClient({ node: url, auth: { provider: 'aws', service, region: 'us-east-1', credentials: credentials as typeof KEYS } });

  it('indexes and finds a document', async () => {
    const client = clientFor('aoss', emulator.url);
    await client.index({ index: 'books', id: 'dune', body: { title: 'Dune' }, refresh: true });
    const { body } = await client.search({ index: 'books', body: { query: { match: { title: 'dune' } } } });
    expect(body.hits.total).toEqual({ value: 1, relation: 'eq' });
    expect(emulator.requests.every((r) => r.verified)).toBe(true);
    await client.close();
  });

  it('turns a data access policy denial into AuthorizationError', async () => {
    const client = clientFor('aoss', emulator.url);
    emulator.failNext('data-access-denied');
    await expect(client.info()).rejects.toBeInstanceOf(AuthorizationError);
    await client.close();
  });

  it('reports expired and wrong credentials on a managed domain', async () => {
    const domain = await startEmulator({ service: 'es' });
    const client = clientFor('es', domain.url);
    domain.expireCredentials(KEYS.accessKeyId);
    await expect(client.info()).rejects.toMatchObject({ code: 'EXPIRED_CREDENTIALS' });
    await expect(client.info()).rejects.toBeInstanceOf(ExpiredCredentialsError);

    const wrong = clientFor('es', domain.url, { ...KEYS, secretAccessKey: 'FAKEwrong' });
    await expect(wrong.info()).rejects.toBeInstanceOf(SignatureMismatchError);
    await Promise.all([client.close(), wrong.close()]);
    await domain.close();
  });
});
