import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback-server';
import type { EmulatorCredential } from './emulator-types';
import { verifySigV4 } from './sigv4-verifier';

/** Options of {@link startAwsStsEmulator}. */
export interface AwsStsEmulatorOptions {
  /** Lifetime of issued credentials when the caller asks for none. Default 3600 s. */
  readonly durationSeconds?: number;
  /** Called with every credential issued, e.g. `(c) => emulator.addCredentials(c)`. */
  readonly onIssue?: (credential: EmulatorCredential) => void;
  /** The STS clock (ms since epoch). Default `Date.now`. */
  readonly clock?: () => number;
  /**
   * Who `GetCallerIdentity` says a key it did not issue belongs to: access key id → ARN.
   * Keys not listed are `arn:aws:iam::123456789012:user/emulator`.
   */
  readonly callers?: Readonly<Record<string, string>>;
  /**
   * Long-term keys whose signatures it checks. Given, every signed call (`AssumeRole`,
   * `GetCallerIdentity`) is verified as STS does, against these keys and the sessions it
   * issued: an unknown key or a wrong session token is 403 `InvalidClientTokenId`, a wrong
   * signature 403 `SignatureDoesNotMatch`, a clock more than 5 minutes off 403
   * `SignatureDoesNotMatch` ("Signature expired"), an expired session 403 `ExpiredToken`.
   * Default: signatures are not verified, only the key id is read.
   */
  readonly accessKeys?: readonly EmulatorCredential[];
}

/** One call the STS emulator received. */
export interface AwsStsCall {
  /** The Query API action, e.g. `AssumeRole`. */
  readonly action: string;
  /** Every form parameter of the call (`RoleArn`, `RoleSessionName`, …). */
  readonly params: Readonly<Record<string, string>>;
  /** Whether the call carried a SigV4 Authorization header (AssumeRole must; web identity need not). */
  readonly signed: boolean;
}

/** A running STS emulator. */
export interface AwsStsEmulator {
  /** The endpoint to give as `stsEndpoint`. */
  readonly url: string;
  /** Every call received, in order. */
  readonly calls: AwsStsCall[];
  /** Answer the next call with an STS error document (e.g. 403 `AccessDenied`), whatever it asks. */
  failNext(status: number, code: string, message: string): void;
  /** Delay every answer by `ms` (to test timeouts). */
  delay(ms: number): void;
  /** Stop listening. Idempotent. */
  close(): Promise<void>;
}

/**
 * A local AWS STS speaking the Query API's XML for `AssumeRole` and
 * `AssumeRoleWithWebIdentity`, issuing fresh fake credentials (`ASIAFAKE…`) that expire, and
 * `GetCallerIdentity`, which names the assumed-role session for keys it issued (as STS does).
 * With `accessKeys` it verifies SigV4 signatures as STS does; without, only the key id of the
 * `Authorization` header is read.
 *
 * @example
 * ```ts
 * import '@osauth/aws';
 * import { createClient } from '@osauth/factory';
 * import { startAwsStsEmulator, startEmulator } from '@osauth/testing';
 *
 * const emulator = await startEmulator({ service: 'aoss', credentials: [] }); // knows no key yet
 * const sts = await startAwsStsEmulator({ onIssue: (credential) => emulator.addCredentials(credential) });
 * const source = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
 * const client = createClient({
 *   node: emulator.url,
 *   auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials: { roleArn: 'arn:aws:iam::123456789012:role/search', stsEndpoint: sts.url, source } },
 * });
 * await client.info(); // signed with the key STS just issued; sts.calls[0]?.action === 'AssumeRole'
 * await client.close();
 * await sts.close();
 * await emulator.close();
 * ```
 */
export async function startAwsStsEmulator(options: AwsStsEmulatorOptions = {}): Promise<AwsStsEmulator> {
  const clock = options.clock ?? Date.now;
  const calls: AwsStsCall[] = [];
  const failures: { status: number; code: string; message: string }[] = [];
  let delayMs = 0;
  // Sessions issued here: key id → the assumed-role ARN and expiry GetCallerIdentity reports.
  const sessions = new Map<string, { arn: string; userId: string; expiresAt: number }>();
  // With accessKeys: every key whose signature it checks, the issued sessions added as issued.
  const verified = options.accessKeys === undefined ? undefined : new Map(options.accessKeys.map((key) => [key.accessKeyId, key]));

  /** STS's refusal of a signed call whose signature does not verify, or `undefined`. */
  function refusal(req: IncomingMessage, body: Buffer): { code: string; message: string } | undefined {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    // STS has one signing region per endpoint; this one stands in for whichever the caller chose.
    const region = /Credential=[^/\s,]+\/\d{8}\/([^/\s,]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? 'us-east-1';
    const verdict = verifySigV4(
      { method: req.method ?? 'POST', path: queryAt === -1 ? url : url.slice(0, queryAt), query: queryAt === -1 ? '' : url.slice(queryAt + 1), headers: req.headers, body },
      { service: 'sts', region, maxSkewMs: 5 * 60_000, now: clock(), credentials: verified ?? new Map(), expired: new Set() },
    );
    if (verdict.ok) return undefined;
    switch (verdict.failure) {
      case 'unknown-key':
      case 'invalid-token':
        return { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' };
      case 'expired-token':
        return { code: 'ExpiredToken', message: 'The security token included in the request is expired' };
      case 'clock-skew':
      case 'clock-skew-future':
        return { code: 'SignatureDoesNotMatch', message: `Signature expired: ${verdict.amzDate ?? ''} is now earlier or later than the allowed 5 minutes.` };
      case 'wrong-service':
        return { code: 'SignatureDoesNotMatch', message: "Credential should be scoped to correct service: 'sts'." };
      default:
        return {
          code: 'SignatureDoesNotMatch',
          message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
        };
    }
  }

  function onRequest(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const params = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
    const action = params.Action ?? '';
    const signed = typeof req.headers.authorization === 'string' && req.headers.authorization.startsWith('AWS4-HMAC-SHA256 ');
    calls.push({ action, params, signed });
    const refused = signed && verified !== undefined ? refusal(req, body) : undefined;
    const reply = () => (refused ? xml(res, 403, errorXml(refused.code, refused.message, randomUUID())) : answer(res, action, params, signed, req.headers.authorization));
    if (delayMs > 0) setTimeout(reply, delayMs).unref();
    else reply();
  }

  function answer(res: ServerResponse, action: string, params: Record<string, string>, signed: boolean, authorization: string | undefined): void {
    const requestId = randomUUID();
    const failure = failures.shift();
    if (failure) return xml(res, failure.status, errorXml(failure.code, failure.message, requestId, failure.status >= 500 ? 'Receiver' : 'Sender'));
    if (action === 'GetCallerIdentity') return getCallerIdentity(res, authorization, requestId);
    if (action !== 'AssumeRole' && action !== 'AssumeRoleWithWebIdentity') {
      return xml(res, 400, errorXml('InvalidAction', `Could not find operation ${action} for version ${params.Version ?? 'NO_VERSION_SPECIFIED'}`, requestId));
    }
    if (action === 'AssumeRole' && !signed) return xml(res, 403, errorXml('MissingAuthenticationToken', 'Request is missing Authentication Token', requestId));
    if (!params.RoleArn || !params.RoleSessionName) return xml(res, 400, errorXml('ValidationError', 'RoleArn and RoleSessionName are required', requestId));
    if (action === 'AssumeRoleWithWebIdentity' && !params.WebIdentityToken) {
      return xml(res, 400, errorXml('ValidationError', 'WebIdentityToken is required', requestId));
    }

    const seconds = Number(params.DurationSeconds ?? options.durationSeconds ?? 3600);
    const credential: EmulatorCredential = {
      accessKeyId: `ASIAFAKE${randomBytes(6).toString('hex').toUpperCase()}`,
      secretAccessKey: `FAKE${randomBytes(18).toString('base64url')}`,
      sessionToken: `FAKEtoken${randomBytes(24).toString('base64url')}`,
      expiresAt: new Date(clock() + seconds * 1000),
      principalArn: params.RoleArn,
    };
    options.onIssue?.(credential);
    verified?.set(credential.accessKeyId, credential);
    const role = params.RoleArn.split('/').slice(1).join('/') || 'role';
    const roleName = role.split('/').pop() ?? role;
    sessions.set(credential.accessKeyId, {
      arn: `arn:aws:sts::123456789012:assumed-role/${roleName}/${params.RoleSessionName}`,
      userId: `AROAFAKE:${params.RoleSessionName}`,
      expiresAt: clock() + seconds * 1000,
    });
    const result = `${action}Result`;
    xml(
      res,
      200,
      `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><${result}><Credentials>` +
        `<AccessKeyId>${credential.accessKeyId}</AccessKeyId><SecretAccessKey>${credential.secretAccessKey}</SecretAccessKey>` +
        `<SessionToken>${credential.sessionToken}</SessionToken><Expiration>${credential.expiresAt?.toISOString()}</Expiration></Credentials>` +
        `<AssumedRoleUser><AssumedRoleId>AROAFAKE:${escapeXml(params.RoleSessionName)}</AssumedRoleId>` +
        `<Arn>arn:aws:sts::123456789012:assumed-role/${escapeXml(role)}/${escapeXml(params.RoleSessionName)}</Arn></AssumedRoleUser>` +
        `</${result}><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
    );
  }

  function getCallerIdentity(res: ServerResponse, authorization: string | undefined, requestId: string): void {
    const key = /Credential=([^/\s,]+)\//.exec(authorization ?? '')?.[1];
    if (key === undefined) return xml(res, 403, errorXml('MissingAuthenticationToken', 'Request is missing Authentication Token', requestId));
    const session = sessions.get(key);
    if (session !== undefined && session.expiresAt <= clock()) return xml(res, 403, errorXml('ExpiredToken', 'The security token included in the request is expired', requestId));
    const arn = session?.arn ?? options.callers?.[key] ?? 'arn:aws:iam::123456789012:user/emulator';
    const userId = session?.userId ?? `AIDAFAKE${key.slice(-8)}`;
    const account = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1] ?? '123456789012';
    xml(
      res,
      200,
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
        `<Arn>${escapeXml(arn)}</Arn><UserId>${escapeXml(userId)}</UserId><Account>${account}</Account>` +
        `</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
  }

  const server = await listenOnLoopback(onRequest);
  return {
    url: server.url,
    calls,
    failNext: (status, code, message) => void failures.push({ status, code, message }),
    delay: (ms) => {
      delayMs = ms;
    },
    close: server.close,
  };
}

/** STS's error document; `Receiver` blames STS itself (5xx), `Sender` the caller. */
function errorXml(code: string, message: string, requestId: string, type: 'Sender' | 'Receiver' = 'Sender'): string {
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

function xml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
