import { ConfigError, createClient, loadConfig } from '@osauth/factory';
import { startRecordingServer } from '@osauth/testing';

describe('createClient takes what loadConfig returns', () => {
  it('with exactly one cluster: the client of that cluster', async () => {
    const server = await startRecordingServer();
    const loaded = loadConfig({ env: {}, config: { node: server.url, auth: { provider: 'basic', username: 'admin', password: 'FAKEpassword01' } } });
    const client = createClient(loaded);
    await client.info();
    await client.close();
    await server.close();
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('admin:FAKEpassword01').toString('base64')}`);
  });

  it('with several clusters: a ConfigError that names them and points to createClientRegistry', () => {
    const loaded = loadConfig({
      env: {},
      config: { clusters: { logs: { node: 'http://127.0.0.1:9200', auth: { provider: 'none' } }, search: { node: 'http://127.0.0.1:9201', auth: { provider: 'none' } } } },
    });
    let caught: unknown;
    try {
      createClient(loaded);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).path).toBe('clusters');
    expect((caught as ConfigError).message).toMatch(/2 \(logs, search\).*createClientRegistry/);
  });
});
