import { inspect } from 'node:util';
import { type AuthRequest, type FailedResponse, Secret, type SignatureDiff, SignatureMismatchError } from '@osauth/core';
import { AwsSigV4Provider } from '../src';
import { classifyAwsError } from '../src/classify-aws-error';
import { RecentSignatures, type SignedTexts } from '../src/recent-signatures';
import { awsRemediation } from '../src/remediation';
import { diffSignedTexts, echoedSignedTexts, SIGNATURE_DIFF_VARIANTS } from '../src/signature-diff';

const HOST = 'search-books.us-east-1.es.amazonaws.com';
const SCOPE = { service: 'es', region: 'us-east-1' } as const;
const TOKEN = 'FAKEdiffSESSIONtokenIQoJb3JpZ2luX2VjEGka';
const HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const REQUEST: AuthRequest = { method: 'GET', protocol: 'https:', hostname: HOST, path: '/books/_search', query: 'q=title%20dune&size=10', headers: {} };

const canonical = (lines: { method?: string; path?: string; query?: string; headers?: string[]; signed?: string; payload?: string } = {}) =>
  [
    lines.method ?? 'GET',
    lines.path ?? '/books/_search',
    lines.query ?? 'q=title%20dune&size=10',
    ...(lines.headers ?? ['content-type:application/json', `host:${HOST}`, `x-amz-content-sha256:${HASH}`, 'x-amz-date:20261122T101500Z', `x-amz-security-token:${TOKEN}`]),
    '',
    lines.signed ?? 'content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token',
    lines.payload ?? HASH,
  ].join('\n');
const stringToSign = (scope = '20261122/us-east-1/es/aws4_request', date = '20261122T101500Z') => `AWS4-HMAC-SHA256\n${date}\n${scope}\n${'ab'.repeat(32)}`;
const OURS: SignedTexts = { canonicalRequest: canonical(), stringToSign: stringToSign() };

/** AWS's `es` answer to a signature mismatch, quoting what it verified. */
const mismatchAnswer = (theirs: SignedTexts): FailedResponse => ({
  statusCode: 403,
  headers: { 'x-amzn-requestid': 'req-1' },
  body: {
    message:
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n' +
      `The Canonical String for this request should have been\n'${theirs.canonicalRequest}'\n\nThe String-to-Sign should have been\n'${theirs.stringToSign}'\n`,
  },
});

// Each part AWS may see differently, as a proxy would change it: [label, AWS's texts, the diff].
const PARTS: ReadonlyArray<[string, SignedTexts, SignatureDiff]> = [
  ['a changed method', { ...OURS, canonicalRequest: canonical({ method: 'POST' }) }, { part: 'method', ours: 'GET', theirs: 'POST' }],
  ['a re-encoded path', { ...OURS, canonicalRequest: canonical({ path: '/books/_search%2520x' }) }, { part: 'path', ours: '/books/_search', theirs: '/books/_search%2520x' }],
  ['a re-encoded query', { ...OURS, canonicalRequest: canonical({ query: 'q=title%2Bdune&size=10' }) }, { part: 'query', name: 'q', ours: 'q=title%20dune', theirs: 'q=title%2Bdune' }],
  ['a dropped query parameter', { ...OURS, canonicalRequest: canonical({ query: 'q=title%20dune' }) }, { part: 'query', name: 'size', ours: 'size=10', theirs: '(none)' }],
  [
    'a changed signed-header list',
    {
      ...OURS,
      canonicalRequest: canonical({
        headers: [`host:${HOST}`, `x-amz-content-sha256:${HASH}`, 'x-amz-date:20261122T101500Z', `x-amz-security-token:${TOKEN}`],
        signed: 'host;x-amz-content-sha256;x-amz-date;x-amz-security-token',
      }),
    },
    {
      part: 'signed-headers',
      name: 'content-type',
      ours: 'content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token',
      theirs: 'host;x-amz-content-sha256;x-amz-date;x-amz-security-token',
    },
  ],
  ['a changed payload hash', { ...OURS, canonicalRequest: canonical({ payload: 'UNSIGNED-PAYLOAD' }) }, { part: 'payload-hash', ours: HASH, theirs: 'UNSIGNED-PAYLOAD' }],
  [
    'a rewritten header',
    {
      ...OURS,
      canonicalRequest: canonical({
        headers: ['content-type:application/json; charset=utf-8', `host:${HOST}`, `x-amz-content-sha256:${HASH}`, 'x-amz-date:20261122T101500Z', `x-amz-security-token:${TOKEN}`],
      }),
    },
    { part: 'header', name: 'content-type', ours: 'application/json', theirs: 'application/json; charset=utf-8' },
  ],
  [
    'a changed credential scope',
    { ...OURS, stringToSign: stringToSign('20261122/eu-west-1/es/aws4_request') },
    { part: 'credential-scope', ours: '20261122/us-east-1/es/aws4_request', theirs: '20261122/eu-west-1/es/aws4_request' },
  ],
];

describe('diffSignedTexts: the first part AWS saw differently', () => {
  it.each(PARTS)('%s', (_label, theirs, expected) => {
    expect(diffSignedTexts(OURS, theirs)).toEqual(expected);
  });

  it('finds nothing when AWS verified what was signed, its redacted session token included', () => {
    expect(diffSignedTexts(OURS, OURS)).toBeUndefined();
    // AWS's echo reaches the classifier scrubbed: the token line reads [REDACTED] there only.
    expect(diffSignedTexts(OURS, { ...OURS, canonicalRequest: OURS.canonicalRequest.replace(TOKEN, '[REDACTED]') })).toBeUndefined();
  });

  it('redacts the values it quotes', () => {
    const secret = new Secret('FAKEcustomHEADERsecret0123456789');
    const ours = { ...OURS, canonicalRequest: canonical({ headers: [`host:${HOST}`, `x-custom:${secret.reveal()}`], signed: 'host;x-custom' }) };
    const theirs = { ...OURS, canonicalRequest: canonical({ headers: [`host:${HOST}`, `x-custom:${secret.reveal()}-changed`], signed: 'host;x-custom' }) };
    expect(diffSignedTexts(ours, theirs)).toEqual({ part: 'header', name: 'x-custom', ours: '[REDACTED]', theirs: '[REDACTED]-changed' });
  });

  it('gives up on text that is no canonical request', () => {
    expect(diffSignedTexts(OURS, { canonicalRequest: 'GET\n/', stringToSign: stringToSign() })).toBeUndefined();
  });
});

describe('echoedSignedTexts', () => {
  it("reads the canonical request and string to sign out of AWS's message", () => {
    const answer = mismatchAnswer(OURS).body as { message: string };
    expect(echoedSignedTexts(answer.message)).toEqual(OURS);
    expect(echoedSignedTexts('The request signature we calculated does not match the signature you provided.')).toBeUndefined();
  });
});

describe('RecentSignatures', () => {
  const record = (recent: RecentSignatures, texts: SignedTexts) => recent.record(REQUEST, texts.canonicalRequest, texts.stringToSign, '');

  it('finds the attempt AWS answered: same X-Amz-Date, then the fewest differing lines', () => {
    const recent = new RecentSignatures();
    expect(recent.closestTo(OURS)).toBeUndefined();
    const sameDateOtherRequest = { canonicalRequest: canonical({ method: 'PUT', path: '/books/_doc/1', query: '' }), stringToSign: stringToSign() };
    const closerButOtherDate = { canonicalRequest: OURS.canonicalRequest, stringToSign: stringToSign(undefined, '20261122T101501Z') };
    record(recent, OURS);
    record(recent, sameDateOtherRequest);
    record(recent, closerButOtherDate);
    const theirs = { ...OURS, canonicalRequest: canonical({ query: 'q=title%2Bdune&size=10' }) };
    expect(recent.closestTo(theirs)).toEqual(OURS);
  });

  it('tells apart requests that differ in the same line by how much they differ', () => {
    const recent = new RecentSignatures();
    const one = { canonicalRequest: canonical({ path: '/books-1/_doc/o%27k-1' }), stringToSign: stringToSign() };
    record(recent, one);
    record(recent, { canonicalRequest: canonical({ path: '/books-11/_doc/o%27k-11' }), stringToSign: stringToSign() });
    expect(recent.closestTo({ ...OURS, canonicalRequest: canonical({ path: '/books-1/_doc/o%2527k-1' }) })).toEqual(one);
  });

  it('keeps only the last 32 requests', () => {
    const recent = new RecentSignatures();
    const oldest = { canonicalRequest: canonical({ path: '/oldest' }), stringToSign: stringToSign(undefined, '20261122T000000Z') };
    record(recent, oldest);
    for (let i = 0; i < 31; i += 1) record(recent, { canonicalRequest: canonical({ path: `/other-${i}` }), stringToSign: stringToSign() });
    expect(recent.closestTo(oldest)).toEqual(oldest);
    record(recent, { canonicalRequest: canonical({ path: '/newest' }), stringToSign: stringToSign() });
    expect(recent.closestTo(oldest)?.canonicalRequest).not.toContain('/oldest');
  });
});

describe('classifyAwsError with what was signed', () => {
  const classify = (theirs: SignedTexts) => classifyAwsError(mismatchAnswer(theirs), SCOPE, undefined, recentWith(OURS));
  const recentWith = (texts: SignedTexts) => {
    const recent = new RecentSignatures();
    recent.record(REQUEST, texts.canonicalRequest, texts.stringToSign, '');
    return recent;
  };

  it('names the part in signatureDiff, the message and the remediation', () => {
    const error = classify({ ...OURS, canonicalRequest: canonical({ query: 'q=title%2Bdune&size=10' }) });
    expect(error).toBeInstanceOf(SignatureMismatchError);
    const mismatch = error as SignatureMismatchError;
    expect(mismatch.signatureDiff).toEqual({ part: 'query', name: 'q', ours: 'q=title%20dune', theirs: 'q=title%2Bdune' });
    expect(mismatch.message).toBe('Amazon OpenSearch Service rejected the request (403): the signature does not match: the query string was re-encoded after signing.');
    expect(mismatch.remediation).toContain('1. Something between osauth and AWS re-encoded the query string: we signed `q=title%20dune`, AWS computed `q=title%2Bdune`.');
    expect(mismatch.docsUrl).toMatch(/#aws-signature-diff-query$/);
    expect(mismatch.requestId).toBe('req-1');
    expect(mismatch.toJSON().signatureDiff).toEqual(mismatch.signatureDiff);
    expect(inspect(mismatch)).toContain("part: 'query'");
  });

  it('names the header AWS saw rewritten', () => {
    const error = classify({ ...OURS, canonicalRequest: OURS.canonicalRequest.replace(`host:${HOST}`, 'host:proxy.internal:8080') }) as SignatureMismatchError;
    expect(error.signatureDiff).toEqual({ part: 'header', name: 'host', ours: HOST, theirs: 'proxy.internal:8080' });
    expect(error.remediation).toContain(`1. Something between osauth and AWS rewrote the \`host\` header: we signed \`${HOST}\`, AWS computed \`proxy.internal:8080\`.`);
  });

  it('blames the secret key when AWS verified exactly what was signed', () => {
    const error = classify(OURS) as SignatureMismatchError;
    expect(error.signatureDiff).toBeUndefined();
    expect(error.docsUrl).toMatch(new RegExp(`#${awsRemediation.signatureSecretKey.id}$`));
  });

  it('keeps the plain mismatch when nothing was recorded or AWS quoted nothing', () => {
    expect(classifyAwsError(mismatchAnswer({ ...OURS, canonicalRequest: canonical({ method: 'POST' }) }), SCOPE)?.docsUrl).toMatch(/#aws-signature-mismatch$/);
    const plain = classifyAwsError(
      { statusCode: 403, headers: {}, body: { message: 'The request signature we calculated does not match the signature you provided.' } },
      SCOPE,
      undefined,
      recentWith(OURS),
    );
    expect(plain).toBeInstanceOf(SignatureMismatchError);
    expect((plain as SignatureMismatchError).signatureDiff).toBeUndefined();
    expect(plain?.docsUrl).toMatch(/#aws-signature-mismatch$/);
  });

  it('never shows a session token it compared, even one AWS saw rewritten', () => {
    const injected = 'FAKEproxyINJECTEDtokenIQoJb3JpZ2luX2Vj';
    const error = classify({ ...OURS, canonicalRequest: OURS.canonicalRequest.replace(TOKEN, injected) }) as SignatureMismatchError;
    for (const text of [JSON.stringify(error), inspect(error, { depth: 10, showHidden: true }), error.remediation, error.message]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(injected);
    }
  });

  it('reaches every signature-diff remediation entry', () => {
    const reached = new Set([...PARTS.map(([, theirs]) => classify(theirs)?.docsUrl), classify(OURS)?.docsUrl].map((url) => url?.replace(/.*#/, '')));
    expect([...reached].sort()).toEqual(SIGNATURE_DIFF_VARIANTS.map((entry) => entry.id).sort());
  });
});

describe('the provider keeps what it signed on es only', () => {
  const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEsecretDIFF0123456789' };

  it('diffs a mismatch against the request it signed for that attempt', async () => {
    const provider = new AwsSigV4Provider({ provider: 'aws', credentials: KEYS }, { nodes: [new URL(`https://${HOST}`)], configPath: 'auth' });
    await provider.prepare();
    let signed: SignedTexts | undefined;
    // What the provider signed, read back through the trace it hands the signer.
    const trace = (provider as unknown as { trace: (r: AuthRequest, c: string, s: string, h: string) => void }).trace;
    (provider as unknown as { trace: typeof trace }).trace = (r, c, s, h) => {
      signed = { canonicalRequest: c, stringToSign: s };
      trace(r, c, s, h);
    };
    await provider.authorize({ ...REQUEST, port: 9200 });
    if (signed === undefined) throw new Error('nothing was signed');
    const theirs = { ...signed, canonicalRequest: signed.canonicalRequest.replace('q=title%20dune', 'q=title%2Bdune') };
    const error = provider.classifyError(mismatchAnswer(theirs)) as SignatureMismatchError;
    expect(error.signatureDiff).toEqual({ part: 'query', name: 'q', ours: 'q=title%20dune', theirs: 'q=title%2Bdune' });
  });

  it('never shows what it keeps (session token lines) when the provider is printed', async () => {
    const provider = new AwsSigV4Provider({ provider: 'aws', credentials: { ...KEYS, sessionToken: TOKEN } }, { nodes: [new URL(`https://${HOST}`)], configPath: 'auth' });
    await provider.prepare();
    await provider.authorize(REQUEST);
    expect(`${inspect(provider, { depth: Infinity, showHidden: true })}${JSON.stringify(provider)}`).not.toContain(TOKEN);
  });

  it('keeps nothing for aoss, which never quotes what it verified', () => {
    const provider = new AwsSigV4Provider({ provider: 'aws', credentials: KEYS }, { nodes: [new URL('https://abc123.us-east-1.aoss.amazonaws.com')], configPath: 'auth' });
    expect((provider as unknown as { trace?: unknown }).trace).toBeUndefined();
  });
});
