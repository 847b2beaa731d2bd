import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { AwsSigV4Provider } from '../src';

const HOST = 'abc123.us-east-1.aoss.amazonaws.com';
const provider = new AwsSigV4Provider({ provider: 'aws', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEsecretKEY' } }, { nodes: [new URL(`https://${HOST}`)], configPath: 'auth' });
const SLICE = 1 << 20; // the slice length of long string bodies

async function payloadHeader(body: string | Uint8Array | Readable | undefined): Promise<string> {
  const { headers } = await provider.authorize({ method: 'POST', protocol: 'https:', hostname: HOST, path: '/_bulk', query: '', headers: {}, body });
  return headers['x-amz-content-sha256'] as string;
}

const sha256 = (bytes: string | Uint8Array) =>
  createHash('sha256')
    .update(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes)
    .digest('hex');

describe('x-amz-content-sha256 is the SHA-256 of the UTF-8 bytes sent', () => {
  it.each([
    ['no body', undefined, ''],
    ['a short string', '{"query":{"match":{"title":"grüße 😀"}}}', '{"query":{"match":{"title":"grüße 😀"}}}'],
    ['bytes', Buffer.from('{"a":1}\n'), '{"a":1}\n'],
  ])('%s', async (_name, body, sent) => {
    expect(await payloadHeader(body)).toBe(sha256(sent));
  });

  // Long strings are hashed in slices so a bulk body is never encoded whole a second time.
  it.each([
    ['ASCII, several slices long', 'x'.repeat(3 * SLICE + 17)],
    ['an emoji straddling a slice boundary', `${'a'.repeat(SLICE - 1)}😀${'b'.repeat(SLICE)}`],
    ['an emoji at the very end', `${'a'.repeat(SLICE)}😀`],
    ['two-byte and three-byte characters throughout', 'grüße—'.repeat(SLICE / 2)],
  ])('a long string: %s', async (_name, body) => {
    expect(await payloadHeader(body)).toBe(sha256(body));
  });

  it('a stream is read once and its bytes are sent in its place', async () => {
    const { headers, body } = await provider.authorize({
      method: 'POST',
      protocol: 'https:',
      hostname: HOST,
      path: '/_bulk',
      query: '',
      headers: {},
      body: Readable.from([Buffer.from('{"index":{}}\n'), '{"a":1}\n']),
    });
    expect(Buffer.from(body as Uint8Array).toString()).toBe('{"index":{}}\n{"a":1}\n');
    expect(headers['x-amz-content-sha256']).toBe(sha256('{"index":{}}\n{"a":1}\n'));
  });
});
