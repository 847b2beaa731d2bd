import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import openApiUtilImport from '@alicloud/openapi-util';
import { safeEqual } from '../compare';
import { listenOnLoopback } from '../loopback-server';
import type { AlibabaEmulatorAccessKey } from './alibaba-types';

// `@alicloud/openapi-util` is CommonJS with `exports.default = Client` (and `__esModule`).
// The CJS build (and jest) hand that class over as the default import; Node's ESM loader
// hands over the whole `module.exports`, `{ default: Client }`. Take the class either way.
const OpenApiUtil = (openApiUtilImport as unknown as { default?: typeof openApiUtilImport }).default ?? openApiUtilImport;

/** Options of {@link startAlibabaStsEmulator}. */
export interface AlibabaStsEmulatorOptions {
  /** Long-term AccessKeys allowed to call AssumeRole. Default `LTAIFAKEEXAMPLE0001` / `FAKEaccessKeySecret0001`. */
  readonly accessKeys?: readonly {
    /** A long-term AccessKey id. */
    readonly accessKeyId: string;
    /** Its secret. */
    readonly accessKeySecret: string;
  }[];
  /** Lifetime when the caller asks for none. Default 3600 s. */
  readonly durationSeconds?: number;
  /** Called with each credential issued, e.g. `(k) => emulator.addAccessKey(k)`. */
  readonly onIssue?: (key: AlibabaEmulatorAccessKey) => void;
  /** The STS clock (ms since epoch), which issued credentials expire by. Default `Date.now`. */
  readonly clock?: () => number;
}

/** One AssumeRole call received. */
export interface AlibabaStsCall {
  /** Every parameter of the call (`Action`, `RoleArn`, `AccessKeyId`, …). */
  readonly params: Readonly<Record<string, string>>;
  /** Whether the POP RPC signature verified. */
  readonly verified: boolean;
}

/** A running Alibaba STS emulator. */
export interface AlibabaStsEmulator {
  /** `http://127.0.0.1:<port>`: the `stsEndpoint` to configure. */
  readonly url: string;
  /** Every call received, in order. */
  readonly calls: AlibabaStsCall[];
  /** Answer the next call with a POP error, e.g. `failNext(403, 'NoPermission', '…')`. */
  failNext(status: number, code: string, message: string): void;
  /** Delay every answer by `ms` (to test timeouts). */
  delay(ms: number): void;
  /** Stop listening. Idempotent. */
  close(): Promise<void>;
}

/**
 * A local Alibaba Cloud STS answering `AssumeRole` in POP RPC JSON. Every call's signature
 * is verified with `@alicloud/openapi-util`'s `getRPCSignature` (Alibaba's documented
 * percent-encoding, `*` as `%2A`), independent of the caller.
 *
 * @example
 * ```ts
 * import '@osauth/alibaba';
 * import { createClient } from '@osauth/factory';
 * import { startAlibabaEmulator, startAlibabaStsEmulator } from '@osauth/testing';
 *
 * const emulator = await startAlibabaEmulator();
 * const sts = await startAlibabaStsEmulator({ onIssue: (key) => emulator.addAccessKey(key) });
 * const client = createClient({
 *   node: emulator.url,
 *   auth: {
 *     provider: 'alibaba', mode: 'sts', roleArn: 'acs:ram::1234567890123456:role/search-reader', stsEndpoint: sts.url,
 *     accessKeyId: 'LTAIFAKEEXAMPLE0001', accessKeySecret: 'FAKEaccessKeySecret0001', // the STS emulator's default key
 *   },
 * });
 * await client.info(); // signed with the STS credentials just issued
 * await client.close();
 * await sts.close();
 * await emulator.close();
 * ```
 */
export async function startAlibabaStsEmulator(options: AlibabaStsEmulatorOptions = {}): Promise<AlibabaStsEmulator> {
  const accessKeys = new Map((options.accessKeys ?? [{ accessKeyId: 'LTAIFAKEEXAMPLE0001', accessKeySecret: 'FAKEaccessKeySecret0001' }]).map((k) => [k.accessKeyId, k.accessKeySecret]));
  const clock = options.clock ?? Date.now;
  const calls: AlibabaStsCall[] = [];
  const failures: { status: number; code: string; message: string }[] = [];
  let delayMs = 0;

  function onRequest(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const url = req.url ?? '/';
    const raw = req.method === 'POST' ? body.toString('utf8') : url.slice(url.indexOf('?') + 1);
    const params = Object.fromEntries(new URLSearchParams(raw));
    const reply = () => answer(res, req.method ?? 'GET', params);
    if (delayMs > 0) setTimeout(reply, delayMs).unref();
    else reply();
  }

  function answer(res: ServerResponse, method: string, params: Record<string, string>): void {
    const requestId = randomUUID().toUpperCase();
    const secret = params.AccessKeyId ? accessKeys.get(params.AccessKeyId) : undefined;
    const { Signature: signature, ...signed } = params;
    const expected = secret === undefined ? undefined : OpenApiUtil.getRPCSignature(signed, method, secret);
    const verified = expected !== undefined && signature !== undefined && safeEqual(expected, signature);
    calls.push({ params, verified });

    const failure = failures.shift();
    if (failure) return error(res, failure.status, failure.code, failure.message, requestId);
    if (!secret) return error(res, 404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.', requestId);
    if (!verified) return error(res, 400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.', requestId);
    if (params.Action !== 'AssumeRole') return error(res, 400, 'InvalidAction.NotFound', `Specified api is not found, please check your url and method.`, requestId);
    if (!params.RoleArn || !/^acs:ram::\d+:role\/.+/.test(params.RoleArn)) return error(res, 400, 'InvalidParameter.RoleArn', 'The parameter RoleArn is wrongly formed.', requestId);
    if (!params.RoleSessionName) return error(res, 400, 'MissingRoleSessionName', 'RoleSessionName is mandatory for this action.', requestId);
    if (params.Policy !== undefined) {
      try {
        JSON.parse(params.Policy);
      } catch {
        return error(res, 400, 'InvalidParameter.PolicyGrammar', 'The parameter Policy has not a valid grammar.', requestId);
      }
    }

    const seconds = Number(params.DurationSeconds ?? options.durationSeconds ?? 3600);
    const expiresAt = new Date(clock() + seconds * 1000);
    const key: AlibabaEmulatorAccessKey = {
      accessKeyId: `STS.FAKE${randomBytes(8).toString('hex').toUpperCase()}`,
      accessKeySecret: `FAKE${randomBytes(18).toString('base64url')}`,
      securityToken: `FAKEsts${randomBytes(32).toString('base64url')}`,
      expiresAt,
    };
    options.onIssue?.(key);
    send(res, 200, {
      RequestId: requestId,
      AssumedRoleUser: { Arn: `${params.RoleArn.replace(':role/', ':assumed-role/')}/${params.RoleSessionName}`, AssumedRoleId: `3000FAKE:${params.RoleSessionName}` },
      Credentials: { AccessKeyId: key.accessKeyId, AccessKeySecret: key.accessKeySecret, SecurityToken: key.securityToken, Expiration: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z') },
    });
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

function error(res: ServerResponse, status: number, code: string, message: string, requestId: string): void {
  send(res, status, { RequestId: requestId, HostId: 'sts.aliyuncs.com', Code: code, Message: message, Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=Sts` });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}
