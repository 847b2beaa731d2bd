import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ConfigError, createClient, loadConfig, type LoadedConfig } from '@osauth/factory';
import { startRecordingServer } from '@osauth/testing';

const ENV_KEY = 'FAKE-sk-fromenv';
const PROCESS_KEY = 'FAKE-sk-process';
const AWS_SECRET = 'FAKEawsSECRETfromENV0001';
// Read by the code under test when it (wrongly) falls back to process.env.
const PROCESS_VARIABLES = ['DASHSCOPE_API_KEY', 'AWS_REGION', 'AWS_DEFAULT_REGION'] as const;

const dir = mkdtempSync(join(tmpdir(), 'osauth-load-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function configFile(config: unknown): string {
  files += 1;
  const path = join(dir, `osauth-${files}.json`);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

/** `loaded` printed every way a user might print it shows none of `values`. */
function expectNotPrinted(loaded: LoadedConfig, values: readonly string[]): void {
  const printed = [JSON.stringify(loaded), inspect(loaded, { depth: Infinity, showHidden: true }), inspect(loaded, { depth: Infinity, getters: true })];
  for (const value of values) for (const text of printed) expect(text).not.toContain(value);
}

describe('loadConfig({ env }) is the only environment read', () => {
  const saved: Partial<Record<(typeof PROCESS_VARIABLES)[number], string>> = {};
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeEach(async () => {
    for (const name of PROCESS_VARIABLES) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
    server = await startRecordingServer();
  });
  afterEach(async () => {
    for (const name of PROCESS_VARIABLES) {
      const value = saved[name];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await server.close();
  });

  describe('alibaba bearer without apiKey', () => {
    const bearer = () => configFile({ node: server.url, auth: { provider: 'alibaba', mode: 'bearer' } });

    it('takes DASHSCOPE_API_KEY from env, and the client sends it', async () => {
      const env = { OSAUTH_CONFIG: bearer(), DASHSCOPE_API_KEY: ENV_KEY };
      const loaded = loadConfig({ env });
      const cluster = loaded.clusters.default;
      expect(cluster).toBeDefined();
      expectNotPrinted(loaded, Object.values(env));

      const client = createClient(cluster as NonNullable<typeof cluster>);
      try {
        await client.info();
      } finally {
        await client.close();
      }
      expect(server.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${ENV_KEY}`]);
    });

    it('the key from env wins over one in process.env, at load and when the client is built', async () => {
      process.env.DASHSCOPE_API_KEY = PROCESS_KEY;
      const env = { OSAUTH_CONFIG: bearer(), DASHSCOPE_API_KEY: ENV_KEY };
      const loaded = loadConfig({ env });
      expectNotPrinted(loaded, [...Object.values(env), PROCESS_KEY]);
      const client = createClient(loaded.clusters.default as NonNullable<LoadedConfig['clusters']['default']>);
      try {
        await client.info();
      } finally {
        await client.close();
      }
      expect(server.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${ENV_KEY}`]);
    });

    it('process.env.DASHSCOPE_API_KEY is not read: without it in env, loading fails about the API key', () => {
      process.env.DASHSCOPE_API_KEY = PROCESS_KEY;
      const error = configErrorOf(() => loadConfig({ env: { OSAUTH_CONFIG: bearer() } }));
      expect(error.problems.map((p) => p.path)).toEqual(['auth.apiKey']);
      expect(error.message).toMatch(/API key/);
      expect(error.message).toMatch(/DASHSCOPE_API_KEY/);
      expect(`${error.message}${error.stack}${JSON.stringify(error)}${inspect(error, { depth: Infinity })}`).not.toContain(PROCESS_KEY);
      expect(server.requests).toEqual([]);
    });
  });

  describe('aws without region on a loopback node', () => {
    const aws = () =>
      configFile({
        node: server.url,
        auth: { provider: 'aws', service: 'es', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: { fromEnv: 'OSAUTH_TEST_AWS_SECRET' } } },
      });

    async function signedScope(loaded: LoadedConfig): Promise<string | undefined> {
      const client = createClient(loaded.clusters.default as NonNullable<LoadedConfig['clusters']['default']>);
      try {
        await client.info();
      } finally {
        await client.close();
      }
      const authorization = server.requests[0]?.headers.authorization;
      return /Credential=AKIDEXAMPLE\/\d{8}\/([^,]+),/.exec(authorization ?? '')?.[1];
    }

    it('signs for the region in env.AWS_REGION', async () => {
      const env = { OSAUTH_CONFIG: aws(), AWS_REGION: 'eu-west-1', OSAUTH_TEST_AWS_SECRET: AWS_SECRET };
      const loaded = loadConfig({ env });
      expectNotPrinted(loaded, Object.values(env));
      await expect(signedScope(loaded)).resolves.toBe('eu-west-1/es/aws4_request');
    });

    it('env.AWS_REGION wins over process.env.AWS_REGION when the client is built', async () => {
      process.env.AWS_REGION = 'us-west-2';
      const env = { OSAUTH_CONFIG: aws(), AWS_REGION: 'eu-west-1', OSAUTH_TEST_AWS_SECRET: AWS_SECRET };
      const loaded = loadConfig({ env });
      expectNotPrinted(loaded, Object.values(env));
      await expect(signedScope(loaded)).resolves.toBe('eu-west-1/es/aws4_request');
    });

    it('process.env.AWS_REGION alone is not used: loading fails at auth.region', () => {
      process.env.AWS_REGION = 'us-west-2';
      const error = configErrorOf(() => loadConfig({ env: { OSAUTH_CONFIG: aws(), OSAUTH_TEST_AWS_SECRET: AWS_SECRET } }));
      expect(error.problems.map((p) => p.path)).toEqual(['auth.region']);
      expect(`${error.message}${JSON.stringify(error)}${inspect(error, { depth: Infinity })}`).not.toContain(AWS_SECRET);
      expect(server.requests).toEqual([]);
    });
  });
});
