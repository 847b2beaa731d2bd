import { Client } from '@opensearch-project/opensearch';
import { Container, inject, injectable, named } from 'inversify';
import {
  AUTH_PROVIDER,
  type AuthProvider,
  type AuthRequest,
  ConfigError,
  createClient,
  createClientRegistry,
  loadConfig,
  OPENSEARCH_CLIENT,
  OSAUTH_CLIENTS,
  osauthModule,
  type ProviderContext,
} from '@osauth/factory';
import { startRecordingServer } from '@osauth/testing';

/** A user-written provider: a bearer token from its config, counted. */
class TokenProvider implements AuthProvider {
  static built = 0;
  readonly name = 'token';
  private readonly token: string;
  constructor(config: { token?: unknown }, context: ProviderContext) {
    if (typeof config.token !== 'string') throw new ConfigError({ path: `${context.configPath}.token`, message: 'required.' });
    this.token = config.token;
    TokenProvider.built += 1;
  }
  authorize(_request: AuthRequest) {
    return Promise.resolve({ headers: { authorization: `Token ${this.token}` } });
  }
  classifyError() {
    return undefined;
  }
  async close() {}
}

describe('providers from an inversify container', () => {
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeEach(async () => {
    server = await startRecordingServer();
  });
  afterEach(() => server.close());

  it('uses a custom provider bound from outside, with no change to osauth', async () => {
    const container = new Container();
    container.bind(AUTH_PROVIDER).toConstantValue(TokenProvider).whenNamed('token');
    const client = createClient({ node: server.url, auth: { provider: 'token', token: 'FAKEtok1' } as never }, { container });
    await client.info();
    await client.close();
    expect(server.requests[0]?.headers.authorization).toBe('Token FAKEtok1');
  });

  it('rebinding a built-in name replaces it (the last binding wins)', async () => {
    const container = new Container();
    container.loadSync(osauthModule({ node: server.url, auth: { provider: 'none' } }));
    container
      .bind(AUTH_PROVIDER)
      .toConstantValue(
        class extends TokenProvider {
          constructor(_config: unknown, context: ProviderContext) {
            super({ token: 'FAKEreplaced' }, context);
          }
        },
      )
      .whenNamed('none');
    const client = container.get(OPENSEARCH_CLIENT);
    await client.info();
    await container.get(OSAUTH_CLIENTS).closeAll();
    expect(server.requests[0]?.headers.authorization).toBe('Token FAKEreplaced');
  });

  it('injects named clients into an application class', async () => {
    @injectable()
    class SearchService {
      constructor(
        @inject(OPENSEARCH_CLIENT) @named('logs') readonly logs: Client,
        @inject(OPENSEARCH_CLIENT) @named('search') readonly search: Client,
      ) {}
    }
    const container = new Container();
    container.loadSync(
      osauthModule(
        loadConfig({
          env: {},
          config: {
            clusters: {
              logs: { node: server.url, auth: { provider: 'basic', username: 'logs', password: 'FAKElogsPW' } },
              search: { node: server.url, auth: { provider: 'none' } },
            },
          },
        }),
      ),
    );
    container.bind(SearchService).toSelf();
    const service = container.get(SearchService);
    expect(service.logs).toBeInstanceOf(Client);
    expect(service.logs).not.toBe(service.search);
    expect(container.get(OPENSEARCH_CLIENT, { name: 'logs' })).toBe(service.logs);
    await service.logs.info();
    await service.search.info();
    await container.get(OSAUTH_CLIENTS).closeAll();
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([`Basic ${Buffer.from('logs:FAKElogsPW').toString('base64')}`, undefined]);
  });
});

describe('client registry', () => {
  it('returns one shared client per name, lazily, and closeAll closes them', async () => {
    const server = await startRecordingServer();
    const built = TokenProvider.built;
    const container = new Container();
    container.bind(AUTH_PROVIDER).toConstantValue(TokenProvider).whenNamed('token');
    const registry = createClientRegistry(
      { clusters: { a: { node: server.url, auth: { provider: 'token', token: 'FAKEa' } as never }, b: { node: server.url, auth: { provider: 'none' } } } },
      { container },
    );
    expect(TokenProvider.built).toBe(built);
    const a = registry.getClient('a');
    expect(registry.getClient('a')).toBe(a);
    expect(registry.getClient('b')).not.toBe(a);
    expect(TokenProvider.built).toBe(built + 1);
    expect(() => registry.getClient('missing')).toThrow(ConfigError);
    await a.info();
    await registry.closeAll();
    await registry.closeAll();
    expect(registry.getClient('a')).not.toBe(a);
    await registry.closeAll();
    await server.close();
  });
});
