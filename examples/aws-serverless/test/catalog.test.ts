// How a user tests their own code with osauth: plain jest, the emulator, no mocks.
import { AuthorizationError, createClient, NetworkPolicyDeniedError } from '@osauth/factory';
import { type Emulator, startEmulator } from '@osauth/testing';
import { Catalog } from '../src/catalog';
import '@osauth/aws'; // registers the `aws` provider (and its config type); bundlers need this one line

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('Catalog on OpenSearch Serverless', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ service: 'aoss', region: 'us-east-1', credentials: [KEYS] });
  });
  afterAll(() => emulator.close());

  const clientFor = (credentials = KEYS) => createClient({ node: emulator.url, auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials } });

  it('adds and finds books with signed requests', async () => {
    const client = clientFor();
    const catalog = new Catalog(client);
    await catalog.add([{ id: 'dune', title: 'Dune', author: 'Frank Herbert' }]);
    await expect(catalog.findByTitle('dune')).resolves.toEqual([{ id: 'dune', title: 'Dune', author: 'Frank Herbert' }]);
    await client.close();
    expect(emulator.requests.every((r) => r.verified)).toBe(true);
  });

  it('surfaces a wrong secret as a typed error', async () => {
    const client = clientFor({ ...KEYS, secretAccessKey: 'FAKEwrongSECRET' });
    await expect(new Catalog(client).findByTitle('dune')).rejects.toBeInstanceOf(AuthorizationError);
    await client.close();
  });

  it('surfaces a network policy deny', async () => {
    const client = clientFor();
    emulator.failNext('network-policy-deny');
    await expect(new Catalog(client).findByTitle('dune')).rejects.toBeInstanceOf(NetworkPolicyDeniedError);
    await client.close();
  });
});
