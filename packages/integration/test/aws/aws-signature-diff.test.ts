import { inspect } from 'node:util';
import { createClient, SignatureMismatchError } from '@osauth/factory';
import { type EmulatorFrontDoor, startEmulator } from '@osauth/testing';

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const TEMP = { accessKeyId: 'ASIAFAKEDIFF00000001', secretAccessKey: 'FAKEdiffSECRETwJalrXUtnFEMIK7MDENG', sessionToken: 'FAKEdiffSESSIONtokenIQoJb3JpZ2luX2VjEGka' };

type Client = ReturnType<typeof createClient>;

/** Runs `call` through createClient against an `es` emulator behind `frontDoor`. */
async function behind<T>(frontDoor: EmulatorFrontDoor | undefined, call: (client: Client, port: number) => Promise<T>, credentials: object = KEYS): Promise<T> {
  const emulator = await startEmulator({ service: 'es', credentials: [KEYS, TEMP], ...(frontDoor ? { frontDoor } : {}) });
  const client = createClient({ node: emulator.url, auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentials: credentials as typeof KEYS }, client: { maxRetries: 0 } });
  try {
    return await call(client, emulator.port);
  } finally {
    await client.close();
    await emulator.close();
  }
}

async function mismatchOf(promise: Promise<unknown>): Promise<SignatureMismatchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SignatureMismatchError)) throw new Error(`expected a SignatureMismatchError, got ${inspect(error)}`);
  return error;
}

describe('signatureDiff: the part something between osauth and AWS changed (es emulator front doors)', () => {
  it('a front door that re-encodes the query: part "query", with both forms and the remediation naming it', async () => {
    const error = await behind('re-encode-query', (client) => mismatchOf(client.search({ index: 'books', q: 'title dune' })));
    expect(error.signatureDiff).toEqual({ part: 'query', name: 'q', ours: 'q=title%20dune', theirs: 'q=title%2Bdune' });
    expect(error.remediation).toContain('Something between osauth and AWS re-encoded the query string: we signed `q=title%20dune`, AWS computed `q=title%2Bdune`.');
    expect(error.docsUrl).toMatch(/#aws-signature-diff-query$/);
    expect(error.toJSON()).toMatchObject({ code: 'SIGNATURE_MISMATCH', signatureDiff: { part: 'query', name: 'q' } });
  });

  it('a front door that rewrites the Host header: part "header", named', async () => {
    const upstream = 'search-books-abc123.us-east-1.es.amazonaws.com';
    const { error, port } = await behind({ rewriteHeader: 'Host', value: upstream }, async (client, port) => ({ error: await mismatchOf(client.info()), port }));
    expect(error.signatureDiff).toEqual({ part: 'header', name: 'host', ours: `127.0.0.1:${port}`, theirs: upstream });
    expect(error.remediation).toContain(`rewrote the \`host\` header: we signed \`127.0.0.1:${port}\`, AWS computed \`${upstream}\`.`);
  });

  it('a front door that adds a charset to content-type: part "header", named', async () => {
    const error = await behind({ rewriteHeader: 'content-type', value: 'application/json; charset=utf-8' }, (client) => mismatchOf(client.index({ index: 'books', id: '1', body: { title: 'Dune' } })));
    expect(error.signatureDiff).toEqual({ part: 'header', name: 'content-type', ours: 'application/json', theirs: 'application/json; charset=utf-8' });
  });

  it('a front door that re-encodes the path: part "path", in canonical form', async () => {
    const error = await behind('re-encode-path', (client) => mismatchOf(client.get({ index: 'books', id: "o'k(1)" })));
    expect(error.signatureDiff).toEqual({ part: 'path', ours: '/books/_doc/o%27k%281%29', theirs: '/books/_doc/o%2527k%25281%2529' });
  });

  it('each of many concurrent failures is compared with its own attempt', async () => {
    // A front door of one's own: re-encodes queries and paths both.
    const both: EmulatorFrontDoor = (request) => ({
      ...request,
      query: request.query === '' ? '' : new URLSearchParams(request.query).toString(),
      path: request.path.replace(/'/g, '%27'),
    });
    const errors = await behind(both, (client) =>
      Promise.all(Array.from({ length: 12 }, (_, i) => mismatchOf(i % 2 === 0 ? client.search({ index: `books-${i}`, q: `title dune ${i}` }) : client.get({ index: `books-${i}`, id: `o'k-${i}` })))),
    );
    errors.forEach((error, i) => {
      if (i % 2 === 0) expect(error.signatureDiff).toEqual({ part: 'query', name: 'q', ours: `q=title%20dune%20${i}`, theirs: `q=title%2Bdune%2B${i}` });
      else expect(error.signatureDiff).toEqual({ part: 'path', ours: `/books-${i}/_doc/o%27k-${i}`, theirs: `/books-${i}/_doc/o%2527k-${i}` });
    });
  });

  it('never shows the session token, which AWS quotes in the canonical request', async () => {
    const error = await behind('re-encode-query', (client) => mismatchOf(client.search({ index: 'books', q: 'a b' })), TEMP);
    expect(error.signatureDiff?.part).toBe('query');
    for (const text of [JSON.stringify(error), inspect(error, { depth: 10, showHidden: true }), error.remediation, error.message, String(error.stack)]) {
      expect(text).not.toContain(TEMP.sessionToken);
      expect(text).not.toContain(TEMP.secretAccessKey);
    }
  });

  it('no front door and a wrong secret: no diff, and the remediation blames the key', async () => {
    const error = await behind(undefined, (client) => mismatchOf(client.info()), { ...KEYS, secretAccessKey: 'FAKEwrongSECRETkey000000000000' });
    expect(error.signatureDiff).toBeUndefined();
    expect(error.docsUrl).toMatch(/#aws-signature-secret-key$/);
  });
});
