import type { ErrorCode } from './errors/codes';
import type { OsAuthError } from './errors/os-auth-error';
import type { AuthRequest, Authorization } from './request';

/** A failed HTTP response, as providers see it for classification. */
export interface FailedResponse {
  /** The HTTP status, e.g. 403. */
  readonly statusCode: number;
  /** Response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body: parsed JSON when it was JSON, else the text, or `undefined` when empty. */
  readonly body: unknown;
  /** The request that failed, for messages (never its headers). */
  readonly request?: {
    /** Upper-case HTTP method. */
    readonly method: string;
    /** The path as sent, without the query. */
    readonly path: string;
  };
  /**
   * Set on the answer to the resend that {@link AuthProvider.recover} asked for: the code of
   * the error it recovered from. A provider can then tell a failure that outlived its own
   * recovery (fresh credentials denied too) from a first failure, and say so.
   */
  readonly recoveredFrom?: ErrorCode;
}

/** A failed attempt that the provider may be able to recover from. */
export interface FailedAttempt {
  /** What {@link AuthProvider.classifyError} made of the response. */
  readonly error: OsAuthError;
  /** The failed response itself. */
  readonly response: FailedResponse;
  /**
   * `performance.now()` when the attempt was authorized, so a provider can tell a failure
   * signed with credentials it has since replaced from one signed with its current ones.
   */
  readonly startedAt: number;
}

/**
 * Authorizes requests for one kind of cluster. Providers own nothing of the HTTP
 * client: adding a cloud is writing one class that implements this interface.
 */
export interface AuthProvider {
  /** Stable provider name used in config and errors, e.g. `"aws"` or `"alibaba"`. */
  readonly name: string;
  /**
   * Set when the clusters this provider serves cannot be sniffed (their nodes are reached
   * through one endpoint): why, in a sentence. The factory then rejects
   * `client.sniffOnStart`, `sniffInterval` and `sniffOnConnectionFault` with a
   * `ConfigError` that says so.
   */
  readonly noSniffingReason?: string;
  /**
   * `true` when every credential this provider puts in a header (a token, a `Bearer` or
   * `Basic` value) is a value it holds as a `Secret`, so osauth redacts it everywhere
   * already. The client then skips remembering each request's secret headers (a cost on
   * every request). Leave it unset when a provider sends credentials it does not hold as
   * Secrets: they are then redacted from the answer to the very request that sent them.
   */
  readonly holdsSentSecrets?: boolean;
  /**
   * The host (`name` or `name:port`) requests are signed for when it is not the node's:
   * a cluster reached through a tunnel, a VPC endpoint or a custom domain. The client then
   * hands {@link AuthProvider.authorize} requests for this host, sends it as `Host`, and
   * for `https` verifies the server certificate against it, while the socket goes to the
   * node URL.
   */
  readonly signingHost?: string;
  /**
   * Optional warm-up before a request is handed to the HTTP client, e.g. fetching
   * credentials. A failure here fails the request at once, without marking the node
   * dead or spending the client's retries on it. Return nothing when there is nothing to
   * wait for (credentials already held), so the request goes out without a promise tick.
   */
  prepare?(): Promise<void> | void;
  /**
   * Computes the headers that authorize `request`, where opensearch-js builds it: called for
   * every send, retries included. Return the authorization itself when it can be computed
   * at once (credentials held, a body in memory: the request then goes out in the same
   * tick), and a promise only when it has to wait (fetching credentials, reading a stream).
   */
  authorize(request: AuthRequest): Authorization | Promise<Authorization>;
  /**
   * Turns a failed response into a typed error when the failure is about
   * authentication or authorization; returns `undefined` for anything else.
   */
  classifyError(response: FailedResponse): OsAuthError | undefined;
  /**
   * Optional recovery from a classified failure (refresh expired credentials, correct the
   * clock). Resolve `true` to have the same request authorized again and resent — once;
   * the client never asks twice for one request and never replays one-shot stream bodies.
   */
  recover?(attempt: FailedAttempt): Promise<boolean>;
  /** Releases what the provider holds (credential caches, sockets). Idempotent. */
  close(): Promise<void>;
}
