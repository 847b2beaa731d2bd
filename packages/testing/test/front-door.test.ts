import { type EmulatorFrontDoor, startEmulator } from '../src';
import { send, signWithAws4 } from './support';

/** One request, signed by aws4, through an `es` emulator behind `frontDoor`: what the cluster got and answered. */
async function through(frontDoor: EmulatorFrontDoor, path: string, headers: Record<string, string> = {}) {
  const emulator = await startEmulator({ service: 'es', frontDoor });
  try {
    const reply = await send(emulator.url, signWithAws4(emulator.url, { path, service: 'es', headers }));
    return { reply, received: emulator.requests[0], message: (JSON.parse(reply.body) as { message?: string }).message ?? '' };
  } finally {
    await emulator.close();
  }
}

describe('frontDoor: a proxy that changes requests after they were signed', () => {
  it("'re-encode-query' form-encodes the query; es quotes the canonical request it verified", async () => {
    const { reply, received, message } = await through('re-encode-query', '/books/_search?q=title%20dune');
    expect(received?.query).toBe('q=title+dune');
    expect(reply.status).toBe(403);
    expect(received?.outcome).toBe('signature-mismatch');
    expect(message).toContain("The Canonical String for this request should have been\n'GET\n/books/_search\nq=title%2Bdune\n");
  });

  it("'re-encode-path' percent-encodes ' ( ) * ! in each segment", async () => {
    const { received, message } = await through('re-encode-path', "/books/_doc/o'k(1)*!");
    expect(received?.path).toBe('/books/_doc/o%27k%281%29%2A%21');
    expect(message).toContain("should have been\n'GET\n/books/_doc/o%2527k%25281%2529%252A%2521\n");
  });

  it('{ rewriteHeader, value } sets that header', async () => {
    const { received, message } = await through({ rewriteHeader: 'X-Tenant', value: 'green' }, '/', { 'x-tenant': 'blue' });
    expect(received?.headers['x-tenant']).toBe('green');
    expect(message).toContain('\nx-tenant:green\n');
  });

  it('a function may change anything; an unchanged request still verifies', async () => {
    const untouched = await through((request) => request, '/books/_search?q=a%20b');
    expect(untouched.received?.verified).toBe(true);
    const changed = await through((request) => ({ ...request, method: 'POST' }), '/');
    expect(changed.received?.method).toBe('POST');
    expect(changed.message).toContain("should have been\n'POST\n/\n");
  });
});
