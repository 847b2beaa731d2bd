// What an attacker or a careless user tried against the CLI: credentials a server echoes,
// passwords and tokens in URLs, headers and methods node:http refuses, silent servers,
// requests pipelined behind a 413, headers named hop-by-hop by Connection, shell in --region.
import { connect } from 'node:net';
import { type ScriptedLoopbackServer, startForwardProxy, startLoopback } from '@osauth/testing';
import { configFile, ensureBuilt, type LongRunning, runCli, startCli } from './helpers';

const BASIC = { OSAUTH_PROVIDER: 'basic', OSAUTH_USERNAME: 'admin', OSAUTH_PASSWORD: 'FAKEbasicPASS99' };
const BASIC_PAIR = Buffer.from('admin:FAKEbasicPASS99').toString('base64');

beforeAll(ensureBuilt);

let echo: ScriptedLoopbackServer;
const received: { method: string; url: string; headers: Record<string, unknown> }[] = [];
beforeAll(async () => {
  // Answers with what it received, Authorization included, as a careless gateway might.
  echo = await startLoopback((req, _body, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers } });
    if (req.url?.startsWith('/silent')) return;
    res.writeHead(req.url?.startsWith('/echo500') ? 500 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers }));
  });
});
afterAll(() => echo.close());
beforeEach(() => received.splice(0));

const running: LongRunning[] = [];
afterEach(async () => {
  for (const cli of running.splice(0)) {
    cli.child.kill('SIGTERM');
    await cli.exited;
  }
});

describe('osauth curl', () => {
  it('an error answer that echoes the credential is printed without it', async () => {
    const result = await runCli(['curl', `${echo.url}/echo500`], { env: BASIC });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"url":"/echo500"');
    for (const text of [result.stdout, result.stderr]) {
      expect(text).not.toContain('FAKEbasicPASS99');
      expect(text).not.toContain(BASIC_PAIR);
    }
  });

  it('a header or method node:http would refuse is a usage error at once (exit 2), nothing sent', async () => {
    for (const args of [
      ['-H', 'X-Bad Name: v'],
      ['-H', 'X-Inj: a\r\nX-Evil: b'],
      ['-X', 'GET /evil HTTP/1.1'],
    ]) {
      const result = await runCli(['curl', `${echo.url}/x`, '--provider', 'none', ...args], { timeoutMs: 10_000 });
      expect([result.code, result.signal]).toEqual([2, null]);
      expect(result.stderr).not.toContain('X-Evil');
    }
    expect(received).toEqual([]);
  });

  it('sends one request: a server that never answers gets it once, and curl exits 6 after client.requestTimeout', async () => {
    const result = await runCli(['curl', '-X', 'POST', `${echo.url}/silent`, '-d', '{"title":"Dune"}', '--provider', 'none'], {
      env: { OSAUTH_CONFIG: configFile({ node: echo.url, auth: { provider: 'none' }, client: { requestTimeout: 500 } }) },
    });
    expect(result.code).toBe(6);
    expect(received.map((r) => r.method)).toEqual(['POST']);
  });

  it('works through a forward proxy (OSAUTH_PROXY), its password never printed', async () => {
    const forward = await startForwardProxy();
    try {
      const proxyUrl = forward.url.replace('http://', 'http://user:FAKEproxyPASS7@');
      const result = await runCli(['curl', `${echo.url}/through`, '-v'], { env: { ...BASIC, OSAUTH_PROXY: proxyUrl } });
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ url: '/through' });
      expect(forward.requests).toHaveLength(1);
      expect(`${result.stdout}${result.stderr}`).not.toContain('FAKEproxyPASS7');
    } finally {
      await forward.close();
    }
  });

  it('a password or token in the URL is masked wherever it is printed (a usage error, -v)', async () => {
    const bad = await runCli(['curl', 'http://elastic:FAKEurlPASS55@127.0.0.1:99999/x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a URL: http:\/\/elastic:\[REDACTED\]@/);
    const verbose = await runCli(['curl', `${echo.url}/q?access_token=FAKEqueryTOKEN987&size=1`, '-v'], { env: BASIC });
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toMatch(/> GET \/q\?access_token=\[REDACTED\]&size=1 HTTP\/1\.1/);
    expect(verbose.stderr).not.toContain('FAKEqueryTOKEN987');
  });

  it("-v masks headers of the user's own naming that carry a credential (x-api-key, x-auth-token), not others", async () => {
    const result = await runCli(['curl', `${echo.url}/h`, '-v', '--provider', 'none', '-H', 'x-api-key: FAKEapikeyHDR', '-H', 'X-Auth-Token: FAKEauthTOKEN', '-H', 'x-trace: visible']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/> x-api-key: \[REDACTED\]/);
    expect(result.stderr).toMatch(/> x-auth-token: \[REDACTED\]/);
    expect(result.stderr).toMatch(/> x-trace: visible/);
    expect(result.stderr).not.toMatch(/FAKEapikeyHDR|FAKEauthTOKEN/);
  });

  it('-H given twice with one name sends both values, as one field', async () => {
    const result = await runCli(['curl', `${echo.url}/twice`, '--provider', 'none', '-H', 'x-tag: one', '-H', 'X-Tag: two']);
    expect(result.code).toBe(0);
    expect(received[0]?.headers['x-tag']).toBe('one, two');
  });
});

describe('osauth doctor', () => {
  it('does not print a password given in the URL, and marks [REDACTED] only where something was', async () => {
    const result = await runCli(['doctor', 'http://elastic:FAKEurlPASS55@127.0.0.1:9/', '--provider', 'basic'], { env: { OSAUTH_USERNAME: 'elastic' } });
    expect(`${result.stdout}${result.stderr}`).not.toContain('FAKEurlPASS55');
    const missing = await runCli(['doctor', `${echo.url}/`, '--provider', 'basic'], { env: { OSAUTH_USERNAME: 'elastic' } });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(/auth\.password: required/);
    expect(missing.stdout).not.toContain('[REDACTED]');
  });
});

describe('osauth proxy', () => {
  async function proxy(args: string[] = []): Promise<number> {
    const cli = startCli(['proxy', echo.url, '--provider', 'none', '--listen', '127.0.0.1:0', '--log', 'json', ...args], {});
    running.push(cli);
    const match = await cli.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
    return Number(match[1]);
  }

  /** Writes `text` on a fresh connection and reads until the proxy closes it, until its first answer (`answered`), or gives up after 200 ms (`left`). */
  function raw(port: number, text: string, until: 'closed' | 'answered' | 'left' = 'closed'): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => (until === 'closed' ? socket.end(text) : socket.write(text)));
      let answer = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => {
        answer += chunk;
        if (until === 'answered') socket.end();
      });
      // A client that gives up before any answer comes.
      if (until === 'left') setTimeout(() => socket.destroy(), 200);
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });
  }

  it('forwards nothing pipelined behind a 413 on the connection it closes', async () => {
    const port = await proxy(['--max-body', '10']);
    const answer = await raw(port, 'POST /big HTTP/1.1\r\nhost: x\r\ncontent-length: 20\r\n\r\n01234567890123456789GET /x HTTP/1.1\r\nhost: x\r\n\r\nDELETE /after HTTP/1.1\r\nhost: x\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    // A request that did reach the proxy afterwards would be forwarded by now.
    await runCli(['curl', `http://127.0.0.1:${port}/probe`, '--provider', 'none']);
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /probe']);
  });

  it('drops the headers the Connection header names (hop-by-hop)', async () => {
    const port = await proxy();
    await raw(port, 'GET /hop HTTP/1.1\r\nhost: x\r\nconnection: close, X-Keep-Me\r\nx-keep-me: hop\r\nx-end-to-end: kept\r\n\r\n', 'answered');
    expect(received[0]?.headers).toMatchObject({ 'x-end-to-end': 'kept' });
    expect(received[0]?.headers).not.toHaveProperty('x-keep-me');
  });

  it('logs no password of a request line and no credential query parameter; a request its client left unanswered is 499', async () => {
    const cli = startCli(['proxy', echo.url, '--provider', 'none', '--listen', '127.0.0.1:0', '--log', 'text'], {});
    running.push(cli);
    const port = Number((await cli.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/))[1]);
    await raw(port, `GET http://u:FAKEabsPASS@${echo.url.slice('http://'.length)}/abs HTTP/1.1\r\nhost: x\r\n\r\n`, 'answered');
    await raw(port, 'CONNECT user:FAKEconnPASS@evil.example.com:443 HTTP/1.1\r\nhost: evil.example.com:443\r\n\r\n', 'answered');
    await raw(port, 'GET /q?access_token=FAKEqueryTOKEN987&size=1 HTTP/1.1\r\nhost: x\r\n\r\n', 'answered');
    await raw(port, 'GET /silent HTTP/1.1\r\nhost: x\r\n\r\n', 'left');
    await cli.waitFor(/GET http:\/\/u:\[REDACTED\]@127\.0\.0\.1:\d+\/abs 200/);
    await cli.waitFor(/GET \/q\?access_token=\[REDACTED\]&size=1 200/);
    await cli.waitFor(/CONNECT user:\[REDACTED\]@evil\.example\.com:443 405/);
    await cli.waitFor(/GET \/silent 499 \d+ms CLIENT_CLOSED_REQUEST/);
    for (const secret of ['FAKEabsPASS', 'FAKEconnPASS', 'FAKEqueryTOKEN987']) expect(cli.output.stderr).not.toContain(secret);
  });

  it('a target that is not a URL, or an empty --max-body, is a usage error (exit 2)', async () => {
    expect((await runCli(['proxy', 'not-a-url'])).code).toBe(2);
    expect((await runCli(['proxy', echo.url, '--provider', 'none', '--max-body', ''])).code).toBe(2);
  });
});

describe('osauth emulate', () => {
  it('refuses a --region that is not one (its output is sourced as shell), and a port in use, with exit 2', async () => {
    const injected = await runCli(['emulate', 'aoss', '--region', 'x;echo INJECTED']);
    expect(injected.code).toBe(2);
    expect(injected.stdout).toBe('');
    const port = new URL(echo.url).port;
    const inUse = await runCli(['emulate', 'es', '--port', port]);
    expect(inUse.code).toBe(2);
    expect(inUse.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/);
  });
});
