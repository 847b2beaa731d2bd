import { randomUUID } from 'node:crypto';
import type { EmulatorFailure } from './emulator-types';

/** An HTTP answer the emulator sends. */
export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** What an answer may quote about the request. */
export interface AnswerContext {
  readonly service: 'es' | 'aoss';
  readonly region: string;
  readonly method: string;
  /** The raw request path: denials name the index it addressed. */
  readonly path?: string;
  readonly now: number;
  readonly principalArn?: string;
  readonly canonicalRequest?: string;
  readonly stringToSign?: string;
  readonly amzDate?: string;
  /** The Authorization header as received: es echoes a malformed one back. */
  readonly authorization?: string;
  readonly maxSkewMs: number;
}

const ACCOUNT = '123456789012';

/** Answers exactly as AWS's front doors do, per service. Texts are AWS's, byte for byte. */
export function awsFailureAnswer(failure: EmulatorFailure, context: AnswerContext): Answer {
  const answer = context.service === 'aoss' ? aossAnswer(failure, context) : esAnswer(failure, context);
  return { ...answer, headers: { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) } };
}

/** Throttling is not an auth failure: the same on both services, bar the front door's headers. */
function throttleAnswer(failure: 'throttled' | 'too-many-requests', headers: Record<string, string>): Answer {
  return failure === 'throttled'
    ? { status: 403, headers: { ...headers, 'content-type': 'text/plain' }, body: 'Request throttled due to too many requests' }
    : { status: 429, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Too Many Requests' }) };
}

function aossAnswer(failure: EmulatorFailure, context: AnswerContext): Answer {
  const requestId = randomUUID();
  const base = { server: 'aoss-amazon', 'x-request-id': requestId, 'x-amzn-requestid': requestId };
  if (failure === 'throttled' || failure === 'too-many-requests') return throttleAnswer(failure, base);
  if (failure === 'network-policy-deny') {
    // Denied before any auth: no body at all.
    return { status: 401, headers: { ...base, 'x-aoss-response-hint': 'X01:network-policy-deny' }, body: '' };
  }
  if (failure === 'unsigned-content-sha256') {
    return { status: 400, headers: { ...base, 'content-type': 'application/json' }, body: JSON.stringify({ message: 'x-amz-content-sha256 header must be signed in SigV4' }) };
  }
  // Everything else — bad or missing signature, unknown or expired keys, IAM and data access
  // policy denials — is one answer on aoss.
  void context;
  return {
    status: 403,
    headers: { ...base, 'content-type': 'application/json', 'x-aoss-response-hint': 'X01:gw-helper-deny' },
    body: JSON.stringify({ status: 403, 'request-id': requestId, error: { reason: '403 Forbidden', type: 'Forbidden' } }),
  };
}

function esAnswer(failure: EmulatorFailure, context: AnswerContext): Answer {
  const action = `es:ESHttp${context.method.charAt(0)}${context.method.slice(1).toLowerCase()}`;
  const principal = context.principalArn ?? `arn:aws:iam::${ACCOUNT}:user/emulator`;
  switch (failure) {
    case 'throttled':
    case 'too-many-requests':
      return throttleAnswer(failure, { 'x-amzn-requestid': randomUUID() });
    case 'expired-token':
      return json(context, 403, { message: 'The security token included in the request is expired' });
    case 'invalid-token':
      return json(context, 403, { message: 'The security token included in the request is invalid' });
    case 'unknown-key':
      return json(context, 403, { message: 'The security token included in the request is invalid.' });
    case 'signature-mismatch':
      return json(context, 403, {
        message:
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n' +
          `The Canonical String for this request should have been\n'${context.canonicalRequest ?? ''}'\n\n` +
          `The String-to-Sign should have been\n'${context.stringToSign ?? ''}'\n`,
      });
    case 'clock-skew':
    case 'clock-skew-future': {
      const server = amz(context.now);
      const signed = context.amzDate ?? amz(context.now + (failure === 'clock-skew' ? -1 : 1) * (context.maxSkewMs + 600_000));
      return failure === 'clock-skew'
        ? json(context, 403, { message: `Signature expired: ${signed} is now earlier than ${amz(context.now - context.maxSkewMs)} (${server} - 5 min.)` })
        : json(context, 403, { message: `Signature not yet current: ${signed} is still later than ${amz(context.now + context.maxSkewMs)} (${server} + 5 min.)` });
    }
    case 'wrong-service':
      return json(context, 403, { message: `Credential should be scoped to correct service: '${context.service}'. ` });
    case 'wrong-region':
      return json(context, 403, { message: 'Credential should be scoped to a valid region. ' });
    case 'missing-credential':
      return json(context, 403, {
        message:
          "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
          // AWS echoes the header it could not read (a signature, never a secret).
          `Authorization=${context.authorization ?? ''}`,
      });
    case 'anonymous':
      return json(context, 403, { Message: `User: anonymous is not authorized to perform: ${action} because no resource-based policy allows the ${action} action` });
    case 'iam-not-authorized':
      return json(context, 403, { Message: `User: ${principal} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action` });
    case 'iam-explicit-deny':
    case 'data-access-denied':
      return json(context, 403, {
        Message: `User: ${principal} is not authorized to perform: ${action} on resource: ${resourceArn(context)} with an explicit deny in an identity-based policy`,
      });
    case 'fgac-denied': {
      const reason = `no permissions for [indices:data/read/search] and User [name=${principal}, backend_roles=[${principal}], requestedTenant=null]`;
      return json(context, 403, { error: { root_cause: [{ type: 'security_exception', reason }], type: 'security_exception', reason }, status: 403 });
    }
    case 'fgac-unauthenticated': {
      const reason = 'Authentication finished but no user found';
      const answer = json(context, 401, { error: { root_cause: [{ type: 'security_exception', reason }], type: 'security_exception', reason }, status: 401 });
      return { ...answer, headers: { ...answer.headers, 'www-authenticate': 'Basic realm="OpenSearch Security"' } };
    }
    case 'network-policy-deny':
    case 'gw-helper-deny':
    case 'unsigned-content-sha256':
      // aoss answers, forced on an `es` emulator: answer as aoss would.
      return aossAnswer(failure, context);
  }
}

function json(_context: AnswerContext, status: number, body: unknown): Answer {
  return { status, headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() }, body: JSON.stringify(body) };
}

/** `arn:aws:es:<region>:<account>:domain/emulator[/<index>]`, as AWS names the denied resource. */
function resourceArn(context: AnswerContext): string {
  const first = (context.path ?? '/').split('/').filter(Boolean)[0];
  const index = first === undefined || first.startsWith('_') ? '' : `/${first}`;
  return `arn:aws:es:${context.region}:${ACCOUNT}:domain/emulator${index}`;
}

/** `20261122T101500Z` */
function amz(ms: number): string {
  return new Date(ms).toISOString().replace(/[:-]|\.\d{3}/g, '');
}
