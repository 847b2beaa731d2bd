import { ensureBuilt, runCli, startCli } from './helpers';

/** The `export NAME=value` lines `osauth emulate` printed, as an environment. */
function exportsOf(stdout: string): Record<string, string> {
  return Object.fromEntries([...stdout.matchAll(/^export ([A-Z_]+)=(.*)$/gm)].map((m) => [m[1] as string, m[2] as string]));
}

beforeAll(ensureBuilt);

describe.each(['aoss', 'es', 'alibaba'])('osauth emulate %s', (kind) => {
  it('starts, prints its URL and fake credentials, serves a signed osauth curl, and stops on SIGTERM', async () => {
    const emulator = startCli(['emulate', kind]);
    try {
      const [, url] = await emulator.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)\n[\s\S]*# then: /);
      const env = exportsOf(emulator.output.stdout);
      expect(env.OSAUTH_NODE).toBe(url);
      const put = await runCli(['curl', '-X', 'PUT', `${url}/books`], { env });
      expect(put.stderr).toBe('');
      expect(JSON.parse(put.stdout)).toMatchObject({ acknowledged: true });
      // Without the printed credentials there is nothing to sign with.
      expect((await runCli(['curl', `${url}/books`], { env: { OSAUTH_NODE: env.OSAUTH_NODE as string, OSAUTH_PROVIDER: env.OSAUTH_PROVIDER as string } })).code).not.toBe(0);
    } finally {
      emulator.child.kill('SIGTERM');
    }
    expect(await emulator.exited).toEqual({ code: 0, signal: null });
  });
});

it('osauth emulate with an unknown kind is a usage error (exit 2)', async () => {
  const result = await runCli(['emulate', 'solr']);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/aoss, es or alibaba/);
});
