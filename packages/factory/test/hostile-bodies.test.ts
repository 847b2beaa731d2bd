import { inspect } from 'node:util';
import { createClient } from '@osauth/factory';
import { startLoopback } from '@osauth/testing';

const PASSWORD = 'FAKEhostilePASSWORD/+=01';
const PAIR = Buffer.from(`admin:${PASSWORD}`).toString('base64');

/** About `size` characters of what stalls a backtracking redactor, with the credentials echoed throughout. */
function hostileBody(size: number): string {
  const shapes = [
    `x-amz-security-token${' '.repeat(4_000)}`,
    `Authorization: Basic ${PAIR}\n`,
    `"password"${'"'.repeat(3_000)}:`,
    `signature${'='.repeat(3_000)}`,
    `${PASSWORD} ${encodeURIComponent(PASSWORD)} `,
    `Bearer ${'a'.repeat(2_000)} `,
    `Credential=${'/'.repeat(2_000)}`,
  ];
  let body = '';
  for (let i = 0; body.length < size; i += 1) body += shapes[i % shapes.length];
  return body;
}

describe('hostile error bodies through a real socket', () => {
  it.each([
    ['text/plain', 1024 * 1024],
    ['application/json', 1024 * 1024],
  ])('a 1 MB hostile %s 403 body is scrubbed and capped at 64 KB in the error', async (contentType, size) => {
    const body = hostileBody(size);
    const server = await startLoopback((_req, _body, res) => {
      res.writeHead(403, { 'content-type': contentType });
      res.end(contentType === 'application/json' ? JSON.stringify({ error: { type: 'security_exception', reason: body } }) : body);
    });
    const client = createClient({ node: server.url, auth: { provider: 'basic', username: 'admin', password: PASSWORD }, client: { maxRetries: 0 } });
    try {
      const error = (await client.info().catch((e: unknown) => e)) as Error & { cause?: { meta?: { body?: unknown } }; meta?: { body?: unknown } };
      expect(error).toBeInstanceOf(Error);
      const kept = error.cause?.meta?.body ?? error.meta?.body;
      const keptText = typeof kept === 'string' ? kept : JSON.stringify(kept);
      // The body was received whole (so the redactor really read hostile input) and cut when kept.
      expect(keptText.length).toBeLessThanOrEqual(64 * 1024 + 100);
      expect(keptText).toContain('more characters not kept');
      const printed = [error.message, error.stack ?? '', JSON.stringify(error), inspect(error, { depth: Infinity }), inspect(error.cause, { depth: Infinity }), keptText];
      for (const text of printed) {
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toContain(encodeURIComponent(PASSWORD));
        expect(text).not.toContain(PAIR);
      }
    } finally {
      await client.close();
      await server.close();
    }
  });
});
