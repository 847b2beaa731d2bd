import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type AlibabaEmulator, type Emulator, startAlibabaEmulator, startEmulator, startLoopback } from '@osauth/testing';
import { AWS_KEYS, ensureBuilt, HOME, runCli } from './helpers';

const SESSION = { accessKeyId: 'ASIAFAKESESSION00001', secretAccessKey: 'FAKEsessionSECRETkey0000000000000000001', sessionToken: 'FAKEsessionTOKENvalue000000000000000001' };
const ALIBABA = { accessKeyId: 'STS.FAKECLITEST0001', accessKeySecret: 'FAKEcliSECRETalibaba0001', securityToken: 'FAKEcliSECURITYtokenCAIS0001' };
const ALIBABA_ENV = {
  OSAUTH_PROVIDER: 'alibaba',
  ALIBABA_CLOUD_ACCESS_KEY_ID: ALIBABA.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: ALIBABA.accessKeySecret,
  ALIBABA_CLOUD_SECURITY_TOKEN: ALIBABA.securityToken,
};
const SECRETS = [AWS_KEYS.AWS_SECRET_ACCESS_KEY, SESSION.secretAccessKey, SESSION.sessionToken, ALIBABA.accessKeySecret, ALIBABA.securityToken];

function expectNoSecrets(...texts: string[]): void {
  for (const text of texts) for (const secret of SECRETS) expect(text).not.toContain(secret);
}

beforeAll(ensureBuilt);

describe.each([
  ['aoss', 'us-east-1'],
  ['es', 'eu-west-1'],
] as const)('osauth curl on aws %s', (service, region) => {
  let emulator: Emulator;
  const flags = (): string[] => ['--service', service, '--region', region];
  beforeAll(async () => {
    emulator = await startEmulator({ service, region });
    emulator.addCredentials(SESSION);
  });
  afterAll(() => emulator.close());

  it('PUT, POST a body from a file and from stdin, GET: every request signed and verified', async () => {
    const put = await runCli(['curl', '-X', 'PUT', `${emulator.url}/books`, ...flags()], { env: AWS_KEYS });
    expect(put).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(put.stdout)).toMatchObject({ acknowledged: true });

    const file = path.join(HOME, `doc-${service}.json`);
    writeFileSync(file, JSON.stringify({ title: 'Dune' }));
    const fromFile = await runCli(['curl', '-X', 'PUT', `${emulator.url}/books/_doc/1?refresh=true`, '-d', `@${file}`, ...flags()], { env: AWS_KEYS });
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toMatchObject({ result: 'created' });

    const fromStdin = await runCli(['curl', `${emulator.url}/books/_doc/2?refresh=true`, '-d', '@-', ...flags()], { env: AWS_KEYS, input: '{"title":"Hyperion"}' });
    expect(fromStdin.code).toBe(0);
    expect(emulator.requests.at(-1)).toMatchObject({ method: 'POST', verified: true });

    const search = await runCli(['curl', `${emulator.url}/books/_search`, ...flags()], { env: AWS_KEYS });
    expect(search.code).toBe(0);
    expect((JSON.parse(search.stdout) as { hits: { hits: { _source: unknown }[] } }).hits.hits.map((hit) => hit._source)).toEqual(expect.arrayContaining([{ title: 'Dune' }, { title: 'Hyperion' }]));
    expect(emulator.requests.map((r) => r.outcome)).not.toContain('signature-mismatch');
    expect(emulator.requests.every((r) => r.verified)).toBe(true);
    // aoss needs the payload hash header; osauth sends it on both services.
    expect(emulator.requests.every((r) => typeof r.headers['x-amz-content-sha256'] === 'string')).toBe(true);
  });

  it('-i prints the response head; -v prints the headers as sent (masked) and the signing trace; no secret anywhere', async () => {
    const env = { AWS_ACCESS_KEY_ID: SESSION.accessKeyId, AWS_SECRET_ACCESS_KEY: SESSION.secretAccessKey, AWS_SESSION_TOKEN: SESSION.sessionToken };
    const result = await runCli(['curl', '-i', '-v', `${emulator.url}/books/_doc/1`, ...flags()], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(result.stdout).toMatch(/content-type: application\/json/);
    expect(result.stdout).toContain('"Dune"');
    expect(result.stderr).toMatch(/^> GET \/books\/_doc\/1 HTTP\/1\.1$/m);
    expect(result.stderr).toContain(`Credential=ASIA…0001/`);
    expect(result.stderr).toMatch(/^> x-amz-security-token: \[REDACTED\]$/m);
    expect(result.stderr).toContain('* string to sign:');
    expect(result.stderr).toContain(`/${region}/${service}/aws4_request`);
    expect(result.stderr).toMatch(/^< HTTP\/1\.1 200 OK$/m);
    expect(result.stderr).not.toContain(SESSION.accessKeyId);
    expectNoSecrets(result.stdout, result.stderr);
  });

  it('a denied request prints code and remediation to stderr and exits 4 (denied)', async () => {
    emulator.denyAccess();
    try {
      const result = await runCli(['curl', `${emulator.url}/books/_search`, ...flags()], { env: AWS_KEYS });
      expect(result.code).toBe(4);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^error: ACCESS_DENIED: /m);
      expect(result.stderr).toMatch(/^remediation:\n {2}1\. /m);
      expectNoSecrets(result.stdout, result.stderr);
    } finally {
      emulator.denyAccess(false);
    }
  });
});

describe('osauth curl: failure families', () => {
  let es: Emulator;
  beforeAll(async () => {
    es = await startEmulator({ service: 'es', region: 'us-east-1' });
  });
  afterAll(() => es.close());

  it('a wrong secret on es is SIGNATURE_MISMATCH: exit 5', async () => {
    const result = await runCli(['curl', `${es.url}/`, '--service', 'es', '--region', 'us-east-1'], { env: { ...AWS_KEYS, AWS_SECRET_ACCESS_KEY: 'FAKEnotTheSecretOfThisKey0000000' } });
    expect(result.stderr).toMatch(/^error: SIGNATURE_MISMATCH: /m);
    expect(result.code).toBe(5);
    expect(result.stderr).not.toContain('FAKEnotTheSecretOfThisKey0000000');
  });

  it('an incomplete config is INVALID_CONFIG: exit 2', async () => {
    const result = await runCli(['curl', `${es.url}/`, '--provider', 'aws'], { env: AWS_KEYS });
    expect(result.stderr).toMatch(/^error: INVALID_CONFIG: /m);
    expect(result.stderr).toMatch(/region/);
    expect(result.code).toBe(2);
  });

  it('no credentials at all is CREDENTIALS_UNAVAILABLE: exit 3', async () => {
    const result = await runCli(['curl', `${es.url}/`, '--service', 'es', '--region', 'us-east-1']);
    expect(result.stderr).toMatch(/^error: CREDENTIALS_UNAVAILABLE: /m);
    expect(result.code).toBe(3);
  });

  it('nothing listening is a network error: exit 6', async () => {
    const closed = await startEmulator();
    const url = closed.url;
    await closed.close();
    const result = await runCli(['curl', `${url}/`, '--service', 'aoss', '--region', 'us-east-1'], { env: AWS_KEYS });
    expect(result.stderr).toMatch(/^error: ConnectionError: /m);
    expect(result.code).toBe(6);
  });

  it('an HTTP error that is not an auth failure is printed like curl: exit 0, or 1 with --fail', async () => {
    const args = ['curl', `${es.url}/missing/_doc/1`, '--service', 'es', '--region', 'us-east-1'];
    const plain = await runCli(args, { env: AWS_KEYS });
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout)).toMatchObject({ status: 404 });
    expect((await runCli([...args, '--fail'], { env: AWS_KEYS })).code).toBe(1);
  });

  it('prints the body as the cluster sent it: formatting and 64-bit numbers kept, gzip decoded', async () => {
    // What JSON.parse and JSON.stringify would change: the layout, and an integer past 2^53.
    const answer = '{\n  "_seq_no" : 9007199254740993,\n  "found" : true\n}\n';
    const server = await startLoopback((req, _body, res) => {
      const gzip = req.url?.startsWith('/gzip') === true;
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
      res.end(gzip ? gzipSync(answer) : answer);
    });
    try {
      for (const path of ['/books/_doc/1?pretty', '/gzip/_doc/1?pretty']) {
        const result = await runCli(['curl', `${server.url}${path}`, '--service', 'es', '--region', 'us-east-1'], { env: AWS_KEYS });
        expect([result.code, result.stdout]).toEqual([0, answer]);
      }
    } finally {
      await server.close();
    }
  });

  it('a bad flag is a usage error: exit 2', async () => {
    const result = await runCli(['curl', `${es.url}/`, '--no-such-flag']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option/);
  });
});

describe('osauth curl on alibaba (static STS keys from the environment)', () => {
  let emulator: AlibabaEmulator;
  beforeAll(async () => {
    emulator = await startAlibabaEmulator({ accessKeys: [ALIBABA] });
  });
  afterAll(() => emulator.close());

  it('PUT, POST from stdin and GET with -v: signed (OpenSearch v3), verified, nothing secret printed', async () => {
    expect((await runCli(['curl', '-X', 'PUT', `${emulator.url}/catalog`], { env: ALIBABA_ENV })).code).toBe(0);
    const post = await runCli(['curl', `${emulator.url}/catalog/_doc/1?refresh=true`, '-d', '@-'], { env: ALIBABA_ENV, input: '{"title":"Dune"}' });
    expect(post.code).toBe(0);
    const get = await runCli(['curl', '-v', '-i', `${emulator.url}/catalog/_doc/1`, '--provider', 'alibaba'], { env: ALIBABA_ENV });
    expect(get.code).toBe(0);
    expect(get.stdout).toContain('"Dune"');
    expect(get.stderr).toMatch(/^> authorization: OPENSEARCH STS\.…0001:\[REDACTED\]$/m);
    expect(get.stderr).toMatch(/^> x-opensearch-security-token: \[REDACTED\]$/m);
    expect(emulator.requests.map((r) => [r.scheme, r.verified])).toEqual(Array.from({ length: 3 }, () => ['opensearch', true]));
    expectNoSecrets(post.stdout, post.stderr, get.stdout, get.stderr);
  });

  it('an expired token exits 3 (credentials) with its remediation', async () => {
    emulator.failNext('sts-token-expired');
    const result = await runCli(['curl', `${emulator.url}/catalog/_doc/1`], { env: ALIBABA_ENV });
    expect(result.stderr).toMatch(/^error: EXPIRED_CREDENTIALS: /m);
    expect(result.stderr).toContain('remediation:');
    expect(result.code).toBe(3);
    expectNoSecrets(result.stdout, result.stderr);
  });
});

describe('osauth --help and --version', () => {
  it('--version prints the package version', async () => {
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${(JSON.parse(readFileSync(path.join(__dirname, '../package.json'), 'utf8')) as { version: string }).version}\n` });
  });

  it.each([[[]], [['curl']], [['proxy']], [['emulate']], [['doctor']]])('%j --help lists usage and examples, each default said once', async (command) => {
    const result = await runCli([...command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: osauth/);
    expect(result.stdout).toContain('Examples:');
    // One option per entry: its description, wrapped, up to the next option.
    const options = result.stdout.split(/\n(?=\s{2}-)/).map((entry) => entry.replace(/\s+/g, ' '));
    expect(options.filter((entry) => (entry.match(/\(default/g) ?? []).length > 1)).toEqual([]);
  });
});
