import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// The built package, not its sources: tsup's CJS and ESM builds hand a CommonJS dependency's
// default export over differently (`@alicloud/opensearch-util` and `@alicloud/openapi-util`
// set `exports.default`; Node's ESM loader gives the whole `module.exports` instead), which
// jest — running the sources through swc — never sees. Each case runs in a fresh `node`
// that loads only dist files. This file builds nothing: `pnpm test` builds every package first.

const PACKAGES = resolve(__dirname, '..', '..');
const DIST = {
  testing: { esm: join(PACKAGES, 'testing/dist/index.mjs'), cjs: join(PACKAGES, 'testing/dist/index.js') },
  alibaba: { esm: join(PACKAGES, 'alibaba/dist/index.mjs'), cjs: join(PACKAGES, 'alibaba/dist/index.js') },
} as const;

type Build = 'esm' | 'cjs';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function requireBuilt(build: Build): void {
  const missing = [DIST.testing[build], DIST.alibaba[build]].filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(`missing build output ${missing.join(', ')}: build first (pnpm --filter @osauth/testing --filter @osauth/alibaba build, or pnpm test, which builds every package).`);
  }
}

/**
 * The script's body, run with `testing` and `alibaba` bound to the built modules. It prints
 * one JSON line and exits 0; an uncaught error (as the emulator's own crash) exits non-zero.
 */
const STATIC_STS = `
  const key = { accessKeyId: 'STS.FAKEaccessKeyId0001', accessKeySecret: 'FAKEaccessKeySecret0001', securityToken: 'FAKEstsSecurityToken0001' };
  const emulator = await testing.startAlibabaEmulator({ accessKeys: [key] });
  const node = new URL(emulator.url);
  const provider = new alibaba.AlibabaProvider({ provider: 'alibaba', mode: 'sts', ...key }, { nodes: [node], configPath: 'auth' });
  const status = await signedGet(provider, node);
  await provider.close();
  await emulator.close();
  console.log(JSON.stringify({ status, outcomes: emulator.requests.map((r) => r.outcome) }));
`;

const ASSUME_ROLE = `
  const emulator = await testing.startAlibabaEmulator();
  const sts = await testing.startAlibabaStsEmulator({ onIssue: (k) => emulator.addAccessKey(k) });
  const node = new URL(emulator.url);
  const provider = new alibaba.AlibabaProvider(
    { provider: 'alibaba', mode: 'sts', roleArn: 'acs:ram::1234567890123456:role/search-reader', stsEndpoint: sts.url, accessKeyId: 'LTAIFAKEEXAMPLE0001', accessKeySecret: 'FAKEaccessKeySecret0001' },
    { nodes: [node], configPath: 'auth' },
  );
  const status = await signedGet(provider, node);
  await provider.close();
  await sts.close();
  await emulator.close();
  console.log(JSON.stringify({ status, outcomes: emulator.requests.map((r) => r.outcome), stsVerified: sts.calls.map((c) => c.verified) }));
`;

/** Authorizes GET / with the provider (v3 signature) and sends it with node:http. */
const SIGNED_GET = `
  async function signedGet(provider, node) {
    const request = { method: 'GET', protocol: 'http:', hostname: node.hostname, port: Number(node.port), path: '/', query: '', headers: {} };
    const { headers } = await provider.authorize(request);
    return new Promise((resolve, reject) => {
      const req = http.request({ hostname: node.hostname, port: node.port, path: '/', method: 'GET', headers, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', reject);
      req.end();
    });
  }
`;

function script(build: Build, body: string): string {
  if (build === 'esm') {
    return `
      import http from 'node:http';
      const testing = await import(${JSON.stringify(pathToFileURL(DIST.testing.esm).href)});
      const alibaba = await import(${JSON.stringify(pathToFileURL(DIST.alibaba.esm).href)});
      ${SIGNED_GET}
      ${body}
    `;
  }
  return `
    const http = require('node:http');
    const testing = require(${JSON.stringify(DIST.testing.cjs)});
    const alibaba = require(${JSON.stringify(DIST.alibaba.cjs)});
    ${SIGNED_GET}
    (async () => {
      ${body}
    })().catch((error) => { console.error(error); process.exit(1); });
  `;
}

function runNode(build: Build, body: string): Promise<Run> {
  const args = [`--input-type=${build === 'esm' ? 'module' : 'commonjs'}`, '-e', script(build, body)];
  const env = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' };
  return new Promise((done) => {
    execFile(process.execPath, args, { env, cwd: PACKAGES, timeout: 15_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** The script's JSON line, or a failure that shows what the child printed. */
function result(run: Run): Record<string, unknown> {
  const line = run.stdout.trim().split('\n').pop() ?? '';
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = JSON.parse(line) as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  if (run.code !== 0 || parsed === undefined) {
    throw new Error(`the child node exited with ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`);
  }
  return parsed;
}

describe.each([
  ['ESM', 'esm', 'dist/index.mjs'],
  ['CJS', 'cjs', 'dist/index.js'],
] as const)('the %s build of @osauth/testing (%s)', (_name, build, file) => {
  beforeAll(() => requireBuilt(build));

  it(`verifies a v3-signed request with static STS credentials (${file}, @alicloud/opensearch-util)`, async () => {
    const run = await runNode(build, STATIC_STS);
    expect(result(run)).toEqual({ status: 200, outcomes: ['ok'] });
    expect(run.code).toBe(0);
  });

  it(`issues credentials from its STS emulator and accepts them (${file}, @alicloud/openapi-util)`, async () => {
    const run = await runNode(build, ASSUME_ROLE);
    expect(result(run)).toEqual({ status: 200, outcomes: ['ok'], stsVerified: [true] });
    expect(run.code).toBe(0);
  });
});
