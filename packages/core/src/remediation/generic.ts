import { ErrorCodes } from '../errors/codes';
import type { RemediationEntry } from './entry';

/** The provider-independent remediation for every code; provider variants refine these. */
export const genericRemediations: readonly RemediationEntry[] = [
  {
    id: 'authentication_failed',
    code: ErrorCodes.AUTHENTICATION_FAILED,
    title: 'The cluster could not tell who sent the request.',
    when: 'A 401, or a 403 saying the caller is anonymous: the request carried no credentials the service accepted.',
    steps: [
      'Check that the client is configured with the auth provider the cluster expects (the request signature a cloud expects, a bearer key, a session token, or basic for a security-plugin cluster).',
      'Check that the credentials are the ones for this cluster and account, and that they are not empty.',
      'If a proxy or load balancer sits in front of the cluster, check that it forwards the Authorization header unchanged.',
    ],
  },
  {
    id: 'network_policy_denied',
    code: ErrorCodes.NETWORK_POLICY_DENIED,
    title: 'The cluster refused the connection because of where it came from.',
    when: 'The network rules of the cluster do not admit the caller. This is not a credentials problem: refreshing credentials or retrying will not help.',
    steps: [
      "Open the cluster's network access settings and allow the caller's network (public access, or the VPC endpoint the caller uses).",
      'Check that the request goes to the endpoint the network rule admits (public vs VPC endpoint hostnames differ).',
    ],
  },
  {
    id: 'access_denied',
    code: ErrorCodes.ACCESS_DENIED,
    title: 'The caller was recognised but is not allowed to do this.',
    when: 'A 403 after the service authenticated the caller: a policy does not grant the action on this resource.',
    steps: [
      'Find the identity the request was signed as, and the action and resource it needed.',
      'Grant that action on that resource in the policy that governs it (the identity and access policy of the cloud, a resource policy, or the cluster security plugin role mapping).',
      'Look for an explicit deny, which wins over any allow.',
    ],
  },
  {
    id: 'invalid_credentials',
    code: ErrorCodes.INVALID_CREDENTIALS,
    title: 'The access key is unknown to the service or has been disabled.',
    when: 'The access key id in the request does not exist, was deleted, or is inactive.',
    steps: [
      'Check which credentials the client resolved (environment variables, profile, role) and that the key id belongs to the right account.',
      'Check in the cloud console that the access key is active; create a new one if it was deleted.',
      'If you use temporary credentials, supply the session/security token that came with them.',
    ],
  },
  {
    id: 'invalid_security_token',
    code: ErrorCodes.INVALID_SECURITY_TOKEN,
    title: 'The security token is malformed or does not belong to the access key.',
    when: 'Temporary credentials were sent with a token that the service cannot match to the key.',
    steps: [
      'Make sure the access key id, secret and security token all come from the same issuance (the same AssumeRole or session call).',
      'Do not mix long-term keys with a session token; long-term keys take no token.',
      'Obtain fresh temporary credentials.',
    ],
  },
  {
    id: 'expired_credentials',
    code: ErrorCodes.EXPIRED_CREDENTIALS,
    title: 'The temporary credentials have expired.',
    when: 'The session token in the request is past its expiration.',
    steps: [
      'Configure a credential source that can refresh (a role to assume, a profile, the container or instance role) instead of static temporary credentials.',
      'If you must pass static temporary credentials, issue new ones before they expire and recreate the client.',
    ],
  },
  {
    id: 'signature_mismatch',
    code: ErrorCodes.SIGNATURE_MISMATCH,
    title: 'The service computed a different signature for the request.',
    when: 'The request was changed after signing, was signed for another service or region, or the secret does not match the key id. When the service quotes the request it verified, `signatureDiff` on the error (`part`, `name`, `ours`, `theirs`, redacted) names the first part that differs: method, path, query, signed-headers, payload-hash, header or credential-scope.',
    steps: [
      'Check that the secret belongs to the access key id in use.',
      'Check the signing service and region against the endpoint.',
      'Make sure nothing rewrites the request after it is signed (proxies changing the path, host or body; a client adding headers).',
    ],
  },
  {
    id: 'clock_skew',
    code: ErrorCodes.CLOCK_SKEW,
    title: "The request's signing time is too far from the service's clock.",
    when: 'The signature carries a timestamp outside the window the service accepts (usually 5 or 15 minutes).',
    steps: [
      "Synchronise this machine's clock (NTP, chrony or the cloud's time service).",
      'In containers and VMs, check that the host clock is right and that the guest did not resume from a pause with a stale clock.',
    ],
  },
  {
    id: 'credentials_unavailable',
    code: ErrorCodes.CREDENTIALS_UNAVAILABLE,
    title: 'No usable credentials could be obtained.',
    when: 'The credential source failed, found nothing, or returned credentials that had already expired.',
    steps: [
      'Read the cause of this error: it is what the credential source reported.',
      'Check that the configured source is reachable from this process (environment variables, profile file, role, token endpoint).',
      'Pass credentials explicitly in the auth config to rule out the discovery chain.',
    ],
  },
  {
    id: 'invalid_config',
    code: ErrorCodes.INVALID_CONFIG,
    title: 'The configuration is invalid.',
    when: 'A configuration value is missing, of the wrong type, or contradicts another value.',
    steps: [
      'Fix the value at each path the message lists, {path} first (in code, `err.problems` holds every one as data); docs/configuration.md describes every key.',
      'Where a problem reads `path (from NAME)`, the value came from the environment variable NAME: fix or unset that variable.',
    ],
    defaults: { path: 'see the message' },
  },
  {
    id: 'untrusted_host',
    code: ErrorCodes.UNTRUSTED_HOST,
    title: 'osauth refused to send credentials to a host the configuration does not name.',
    when: 'A request was about to go to a host that is neither one of the configured `node` URLs nor listed in `auth.allowedHosts` (a sniffed node, a node added to the connection pool by hand). It was refused before it was signed, so no credential left the process.',
    steps: [
      'If {host} is a node of your cluster, add it to `node` or list it in `auth.allowedHosts` (a host name for any port, or `host:port`).',
      'If the host came from sniffing, turn sniffing off: managed clusters are reached through one endpoint and do not support it.',
      'Otherwise find what added {host} to the client (a connection pool update, a custom `nodeSelector`) and remove it.',
    ],
    defaults: { host: 'the host' },
  },
];
