import { type RemediationEntry, redactText, type SignatureDiff } from '@osauth/core';
import type { RecentSignatures, SignedTexts } from './recent-signatures';
import { awsRemediation } from './remediation';

/** What stands for a side that has no such part (a header or query parameter only one side has). */
export const NONE = '(none)';

// Values quoted in a diff are cut here: a diff names a part, it is no dump.
const MAX_VALUE_CHARS = 256;

// How AWS's `es` front door quotes what it verified, after "does not match the signature you provided…".
const ECHO = /The Canonical String for this request should have been\s*'([\s\S]*?)'\s*The String-to-Sign should have been\s*'([\s\S]*?)'/;

/** The canonical request and string to sign AWS quotes in a signature mismatch message, if it does. */
export function echoedSignedTexts(message: string): SignedTexts | undefined {
  const match = ECHO.exec(message);
  return match ? { canonicalRequest: match[1] as string, stringToSign: match[2] as string } : undefined;
}

/** The remediation of each part that can differ. */
const VARIANT_OF_PART: Readonly<Record<SignatureDiff['part'], RemediationEntry>> = {
  method: awsRemediation.signatureDiffMethod,
  path: awsRemediation.signatureDiffPath,
  query: awsRemediation.signatureDiffQuery,
  header: awsRemediation.signatureDiffHeader,
  'signed-headers': awsRemediation.signatureDiffSignedHeaders,
  'payload-hash': awsRemediation.signatureDiffPayloadHash,
  'credential-scope': awsRemediation.signatureDiffCredentialScope,
};

/** Every remediation a compared signature mismatch may take (each reached in the tests). */
export const SIGNATURE_DIFF_VARIANTS: readonly RemediationEntry[] = [...Object.values(VARIANT_OF_PART), awsRemediation.signatureSecretKey];

/** What changed on the way, in a few words, for the error message. */
const SUMMARY_OF_PART: Readonly<Record<SignatureDiff['part'], string>> = {
  method: 'the HTTP method was changed after signing',
  path: 'the path was re-encoded or rewritten after signing',
  query: 'the query string was re-encoded after signing',
  header: 'a signed header was rewritten after signing',
  'signed-headers': 'the list of signed headers was changed after signing',
  'payload-hash': 'the payload hash was changed after signing',
  'credential-scope': 'the credential scope was changed after signing',
};

/** What a signature mismatch answer tells once compared with what was signed. */
export interface MismatchExplanation {
  readonly variant: RemediationEntry;
  /** The message's summary: what happened, in a few words. */
  readonly summary: string;
  readonly signatureDiff?: SignatureDiff;
  readonly details?: Readonly<Record<string, string | undefined>>;
}

/**
 * Compares the request AWS says it verified (quoted in `message`) with what was signed for
 * that attempt. `undefined` when AWS quoted nothing (aoss never does) or nothing was recorded.
 */
export function explainSignatureMismatch(message: string, recent: RecentSignatures | undefined): MismatchExplanation | undefined {
  const theirs = recent === undefined ? undefined : echoedSignedTexts(message);
  const ours = theirs === undefined ? undefined : recent?.closestTo(theirs);
  if (theirs === undefined || ours === undefined) return undefined;
  const signatureDiff = diffSignedTexts(ours, theirs);
  if (signatureDiff === undefined) return { variant: awsRemediation.signatureSecretKey, summary: 'AWS verified the request as signed, so the secret key does not match' };
  return {
    variant: VARIANT_OF_PART[signatureDiff.part],
    summary: SUMMARY_OF_PART[signatureDiff.part],
    signatureDiff,
    // Quoted as code in the remediation's sentence.
    details: { name: signatureDiff.name === undefined ? undefined : `\`${signatureDiff.name}\``, ours: `\`${signatureDiff.ours}\``, theirs: `\`${signatureDiff.theirs}\`` },
  };
}

/**
 * The first part where AWS's canonical request (and string to sign) differs from ours, in
 * the order a signature is built: method, path, query, the signed-header list, the payload
 * hash, each header, the credential scope. Both sides are redacted before they are compared
 * (AWS's echo of the session token arrives redacted). `undefined` when they are the same.
 */
export function diffSignedTexts(oursRaw: SignedTexts, theirsRaw: SignedTexts): SignatureDiff | undefined {
  const ours = parseCanonical(redactText(oursRaw.canonicalRequest));
  const theirs = parseCanonical(redactText(theirsRaw.canonicalRequest));
  if (ours === undefined || theirs === undefined) return undefined;
  if (ours.method !== theirs.method) return diff('method', ours.method, theirs.method);
  if (ours.path !== theirs.path) return diff('path', ours.path, theirs.path);
  if (ours.query !== theirs.query) return queryDiff(ours.query, theirs.query);
  if (ours.signedHeaders !== theirs.signedHeaders) {
    const oursNames = ours.signedHeaders.split(';');
    const theirNames = theirs.signedHeaders.split(';');
    const name = oursNames.find((n) => !theirNames.includes(n)) ?? theirNames.find((n) => !oursNames.includes(n));
    return diff('signed-headers', ours.signedHeaders, theirs.signedHeaders, name);
  }
  if (ours.payloadHash !== theirs.payloadHash) return diff('payload-hash', ours.payloadHash, theirs.payloadHash);
  for (const [name, value] of ours.headers) {
    const their = theirs.headers.get(name);
    if (their !== value) return diff('header', value, their ?? NONE, name);
  }
  for (const [name, value] of theirs.headers) if (!ours.headers.has(name)) return diff('header', NONE, value, name);
  const ourScope = redactText(oursRaw.stringToSign).split('\n')[2];
  const theirScope = redactText(theirsRaw.stringToSign).split('\n')[2];
  if (ourScope !== undefined && theirScope !== undefined && ourScope !== theirScope) return diff('credential-scope', ourScope, theirScope);
  return undefined;
}

interface ParsedCanonical {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  /** Header lines by name, in their (sorted) order. */
  readonly headers: ReadonlyMap<string, string>;
  readonly signedHeaders: string;
  readonly payloadHash: string;
}

/** `method\npath\nquery\n(name:value\n)*\nsigned;headers\npayloadHash`; header values hold no line breaks. */
function parseCanonical(text: string): ParsedCanonical | undefined {
  const lines = text.split('\n');
  const n = lines.length;
  if (n < 6 || lines[n - 3] !== '') return undefined;
  const headers = new Map<string, string>();
  for (const line of lines.slice(3, n - 3)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return { method: lines[0] as string, path: lines[1] as string, query: lines[2] as string, headers, signedHeaders: lines[n - 2] as string, payloadHash: lines[n - 1] as string };
}

/** The first query parameter (by canonical key) whose values differ, quoted as `key=value` pairs. */
function queryDiff(ours: string, theirs: string): SignatureDiff {
  const oursByKey = byKey(ours);
  const theirsByKey = byKey(theirs);
  const keys = [...new Set([...oursByKey.keys(), ...theirsByKey.keys()])].sort();
  for (const key of keys) {
    const a = oursByKey.get(key);
    const b = theirsByKey.get(key);
    if (a !== b) return diff('query', a ?? NONE, b ?? NONE, key);
  }
  return diff('query', ours, theirs);
}

/** Canonical `key=value` pairs joined by `&`, per key. */
function byKey(query: string): Map<string, string> {
  const out = new Map<string, string>();
  if (query === '') return out;
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    const previous = out.get(key);
    out.set(key, previous === undefined ? pair : `${previous}&${pair}`);
  }
  return out;
}

function diff(part: SignatureDiff['part'], ours: string, theirs: string, name?: string): SignatureDiff {
  return { part, ...(name === undefined ? {} : { name: clip(name) }), ours: clip(ours), theirs: clip(theirs) };
}

function clip(text: string): string {
  return text.length <= MAX_VALUE_CHARS ? text : `${text.slice(0, MAX_VALUE_CHARS)}…`;
}
