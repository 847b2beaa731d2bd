import { ErrorCodes, type RemediationEntry } from '@osauth/core';

/**
 * AWS remediation variants (Amazon OpenSearch Service `es` and OpenSearch Serverless `aoss`), by name.
 * Pass one as the `variant` of the error it explains; its `code` is the error's.
 */
export const awsRemediation = {
  expiredToken: {
    id: 'aws-expired-token',
    code: ErrorCodes.EXPIRED_CREDENTIALS,
    provider: 'aws',
    title: 'AWS rejected the request because its session token has expired.',
    when: 'The request was signed with temporary credentials (STS, SSO, an assumed role) whose lifetime is over.',
    steps: [
      'Give osauth a source that can renew credentials (a profile, `roleArn`, web identity, the default chain) instead of a fixed `sessionToken`; osauth refreshes those before they expire.',
      'If you pass a credentials function, make it return `expiration` so osauth knows when to refresh.',
      'For SSO profiles, sign in again (`aws sso login --profile {profile}`) and retry.',
      "Check the machine's clock: a clock far ahead makes fresh tokens look expired.",
    ],
    defaults: { profile: '<profile>' },
  },
  invalidToken: {
    id: 'aws-invalid-token',
    code: ErrorCodes.INVALID_CREDENTIALS,
    provider: 'aws',
    title: 'AWS does not recognise the access key or session token the request was signed with.',
    when: 'The access key id is unknown or deleted, or a session token is missing, truncated or belongs to other keys.',
    steps: [
      'Temporary keys (ids starting with ASIA) always need their session token: pass `sessionToken` together with the key pair that came with it.',
      'Long-term keys (ids starting with AKIA) must not be sent with a session token; remove a stale AWS_SESSION_TOKEN from the environment.',
      'Check in IAM that the access key still exists and is active, and that the keys belong to the account and partition (aws, aws-cn, aws-us-gov) of the endpoint.',
    ],
  },
  signatureMismatch: {
    id: 'aws-signature-mismatch',
    code: ErrorCodes.SIGNATURE_MISMATCH,
    provider: 'aws',
    title: 'AWS computed a different SigV4 signature for this request.',
    when: 'The secret key does not belong to the access key id, or something changed the request after it was signed.',
    steps: [
      'Check that the secret access key is the one issued with the access key id (no missing characters, no stray whitespace or quotes).',
      'Check that no proxy, load balancer or middleware rewrites the path, query, Host header or body after osauth signs the request.',
      'Sign for the endpoint you send to: the node URL in the config must be the host the request reaches.',
    ],
  },
  wrongService: {
    id: 'aws-wrong-service',
    code: ErrorCodes.SIGNATURE_MISMATCH,
    provider: 'aws',
    title: 'The request was signed for the wrong AWS service.',
    when: 'The credential scope names a service other than the one the endpoint belongs to.',
    steps: [
      'Set `auth.service` to "{service}" (or remove it so osauth infers it from the endpoint host).',
      'Amazon OpenSearch Service domains use "es"; OpenSearch Serverless collections use "aoss".',
    ],
    defaults: { service: 'es' },
  },
  wrongRegion: {
    id: 'aws-wrong-region',
    code: ErrorCodes.SIGNATURE_MISMATCH,
    provider: 'aws',
    title: 'The request was signed for the wrong AWS region.',
    when: 'The credential scope names a region other than the region of the domain or collection.',
    steps: [
      'Set `auth.region` to the region in the endpoint host (it was signed for {region}), or remove it so osauth infers it.',
      'Check AWS_REGION / AWS_DEFAULT_REGION: they are used only when the host does not name a region.',
    ],
    defaults: { region: 'the configured region' },
  },
  malformedAuthorization: {
    id: 'aws-malformed-authorization',
    code: ErrorCodes.SIGNATURE_MISMATCH,
    provider: 'aws',
    title: 'AWS could not read the Authorization header of the request.',
    when: 'The Authorization header is not a complete SigV4 header, typically because something replaced or truncated it.',
    steps: [
      'Remove any `Authorization` header set in `client.headers` or by a proxy: osauth writes it.',
      'If a gateway sits in front of the domain, make it forward the Authorization, X-Amz-Date and X-Amz-Content-Sha256 headers unchanged.',
    ],
  },
  aossContentSha256: {
    id: 'aws-aoss-content-sha256',
    code: ErrorCodes.SIGNATURE_MISMATCH,
    provider: 'aws',
    title: 'OpenSearch Serverless needs a signed x-amz-content-sha256 header.',
    when: 'aoss rejects requests whose payload hash header is missing or not among the signed headers.',
    steps: [
      'Let osauth sign the request: it always adds and signs x-amz-content-sha256.',
      'Remove any x-amz-content-sha256 header set by hand in `client.headers`.',
    ],
  },
  clockSkew: {
    id: 'aws-clock-skew',
    code: ErrorCodes.CLOCK_SKEW,
    provider: 'aws',
    title: "The request's signing time is more than 5 minutes away from AWS's clock.",
    when: 'SigV4 signatures are valid for 5 minutes around the time in X-Amz-Date; this machine signed at {signedAt} while AWS read {serverTime}.',
    steps: [
      "Synchronise this machine's clock (chrony or systemd-timesyncd with an NTP source, or the Amazon Time Sync Service at 169.254.169.123 on EC2).",
      'In containers and VMs that were suspended, restart the time sync service after resume.',
    ],
    defaults: { signedAt: 'the signing time', serverTime: 'its own time' },
  },
  anonymous: {
    id: 'aws-anonymous',
    code: ErrorCodes.AUTHENTICATION_FAILED,
    provider: 'aws',
    title: 'AWS received the request as anonymous: it was not signed.',
    when: 'The domain access policy only admits signed requests, and this one carried no SigV4 signature ({action}).',
    steps: [
      'Make every request go through the client osauth created; a client built elsewhere does not sign.',
      'Check that no proxy strips the Authorization header.',
      'If the domain uses fine-grained access control with a master user instead of IAM, use the `basic` provider.',
    ],
    defaults: { action: 'es:ESHttp*' },
  },
  iamNotAuthorized: {
    id: 'aws-iam-not-authorized',
    code: ErrorCodes.ACCESS_DENIED,
    provider: 'aws',
    title: 'The IAM identity is not allowed to perform this OpenSearch action.',
    when: 'The request was signed correctly as {principal}, but no policy allows {action}.',
    steps: [
      'Allow {action} for {principal} on the domain, in its identity-based policy or in the domain access policy (resource `arn:aws:es:<region>:<account>:domain/<domain>/*`).',
      'Check that the request is signed as the identity you expect (a profile or role other than the intended one is a common cause).',
    ],
    defaults: { principal: 'the caller', action: 'the es:ESHttp* action' },
  },
  iamExplicitDeny: {
    id: 'aws-iam-explicit-deny',
    code: ErrorCodes.ACCESS_DENIED,
    provider: 'aws',
    title: 'An explicit Deny in an IAM or resource policy blocks this OpenSearch action.',
    when: 'A Deny statement matching {principal} and {action} wins over any Allow.',
    steps: [
      'Find the Deny statement that matches {action} for {principal}: identity-based policies, permission boundaries, service control policies, or the domain access policy.',
      'Narrow or remove that statement; adding another Allow will not help.',
    ],
    defaults: { principal: 'the caller', action: 'the es:ESHttp* action' },
  },
  fgacDenied: {
    id: 'aws-fgac-denied',
    code: ErrorCodes.ACCESS_DENIED,
    provider: 'aws',
    title: "The domain's security plugin does not allow this action for the mapped user.",
    when: 'Fine-grained access control authenticated {user} but no role mapped to it grants {action}. IAM already allowed the request.',
    steps: [
      'In OpenSearch Dashboards (Security → Roles), grant {action} on the index patterns the request touches to a role.',
      'Map that role to the IAM user or role ARN under "Backend roles" or "Users" (Security → Roles → Mapped users).',
      'Changing IAM policies does not help here: the denial comes from the security plugin.',
    ],
    defaults: { user: 'the user', action: 'the action' },
  },
  fgacUnauthenticated: {
    id: 'aws-fgac-unauthenticated',
    code: ErrorCodes.AUTHENTICATION_FAILED,
    provider: 'aws',
    title: "The domain's security plugin did not accept the request's credentials.",
    when: 'Fine-grained access control answered 401: it found no user for the request.',
    steps: [
      'If the domain uses an internal master user, use the `basic` provider with that user and password.',
      'If it uses IAM, map the IAM role or user ARN to a security-plugin role, and sign with SigV4.',
    ],
  },
  aossNetworkPolicyDeny: {
    id: 'aws-aoss-network-policy-deny',
    code: ErrorCodes.NETWORK_POLICY_DENIED,
    provider: 'aws',
    title: "The collection's network policy does not admit requests from this network.",
    when: 'OpenSearch Serverless answered 401 with the hint X01:network-policy-deny. Credentials were not even looked at: refreshing or retrying will not help.',
    steps: [
      'Open the network policy of the collection (OpenSearch Serverless → Network policies) and check the rule for resource type "collection".',
      'To call from the internet, set `AllowFromPublic: true` for that collection.',
      'To call from a VPC, create an OpenSearch Serverless VPC endpoint in that VPC and list it in `SourceVPCEs`; call the collection through that endpoint.',
    ],
  },
  aossGwHelperDeny: {
    id: 'aws-aoss-gw-helper-deny',
    code: ErrorCodes.ACCESS_DENIED,
    provider: 'aws',
    title: 'OpenSearch Serverless refused the request (X01:gw-helper-deny).',
    when: 'aoss gives this one answer for permission and signing problems alike, so the cause has to be found by elimination, most likely first.',
    steps: [
      "Data access policy: the collection's data access policy must name the signing identity (the IAM role or user ARN, not the assumed-role session ARN) as Principal, with permissions on the collection and index resources.",
      'IAM: the identity needs `aoss:APIAccessAll` (and `aoss:DashboardsAccessAll` for Dashboards) in its permissions policy.',
      'Signing service: requests to *.aoss.amazonaws.com must be signed for service "aoss", not "es".',
      'Payload hash: x-amz-content-sha256 must be present and signed (osauth does this).',
      'Expired or wrong credentials: aoss does not say "expired"; check that temporary credentials are current and belong to the account of the collection.',
    ],
  },
  credentialsUnavailable: {
    id: 'aws-credentials-unavailable',
    code: ErrorCodes.CREDENTIALS_UNAVAILABLE,
    provider: 'aws',
    title: 'osauth could not get AWS credentials from the configured source.',
    when: 'The credential source ({source}) failed before any request was sent; `cause` holds its error.',
    steps: [
      'Read `cause`: it names what the source tried (environment, profile, STS, container or instance metadata).',
      'For the default chain, set AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or run where a role is attached; or give `auth.credentials` explicitly.',
      'For `roleArn`, check that the source identity may call sts:AssumeRole on that role and that the role trusts it.',
    ],
    defaults: { source: 'credential source' },
  },
} as const satisfies Readonly<Record<string, RemediationEntry>>;
