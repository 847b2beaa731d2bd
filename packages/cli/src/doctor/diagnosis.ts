import { ErrorCodes, OsAuthError, SignatureMismatchError } from '@osauth/core';
import { describeOffset } from './format';

/** What the checks found, to specialise the diagnosis with (never a secret: key ids are masked). */
export interface DoctorFacts {
  provider?: string;
  node?: string;
  service?: string;
  region?: string;
  serviceFrom?: string;
  regionFrom?: string;
  credentialSource?: string;
  maskedKeyId?: string;
  temporary?: boolean;
  /** The caller ARN STS named. */
  callerArn?: string;
  /** The IAM role behind an assumed-role session, or the RAM role assumed. */
  roleArn?: string;
  /** Cluster time minus local time. */
  clockOffsetMs?: number;
}

/**
 * The remediation of `error`, led by steps that name what the checks found (the principal,
 * the signed scope, the clock offset, the credential source), then the error's own
 * numbered steps and its docs link.
 */
export function specialisedRemediation(error: unknown, facts: DoctorFacts): string {
  const found = foundSteps(error, facts);
  const own = error instanceof OsAuthError ? [error.remediation, `See ${error.docsUrl}`] : genericSteps(error, facts);
  return [...(found.length > 0 ? [`What osauth doctor found: ${found.join(' ')}`] : []), ...own].join('\n');
}

function foundSteps(error: unknown, facts: DoctorFacts): string[] {
  const code = error instanceof OsAuthError ? error.code : undefined;
  const principal = facts.roleArn ?? facts.callerArn;
  const scope = facts.service !== undefined ? `osauth signed for service ${facts.service} (${facts.serviceFrom ?? 'given'}) in region ${facts.region} (${facts.regionFrom ?? 'given'}).` : undefined;
  const credentials =
    facts.maskedKeyId !== undefined ? `The ${facts.temporary ? 'temporary ' : ''}credentials ${facts.maskedKeyId} came from ${facts.credentialSource ?? 'the configured source'}.` : undefined;
  switch (code) {
    case ErrorCodes.CLOCK_SKEW:
      return facts.clockOffsetMs === undefined
        ? ['The local clock is off from the cluster’s.']
        : [
            `The local clock is ${describeOffset(facts.clockOffsetMs)} the cluster’s Date: sync it with NTP (e.g. \`sudo chronyc makestep\`, or enable automatic time) — SigV4 and Alibaba signatures carry the time, and other tools do not correct it as osauth does.`,
          ];
    case ErrorCodes.ACCESS_DENIED:
    case ErrorCodes.NETWORK_POLICY_DENIED:
    case ErrorCodes.AUTHENTICATION_FAILED:
      return deniedSteps(code, facts, principal);
    case ErrorCodes.SIGNATURE_MISMATCH: {
      const diff = error instanceof SignatureMismatchError ? error.signatureDiff : undefined;
      const steps: string[] = [];
      const own = error instanceof OsAuthError ? error.remediation : '';
      // The SDK's own steps quote the diff already when they can: said once.
      if (diff !== undefined && diff.part !== 'credential-scope' && !own.includes(diff.ours)) {
        steps.push(
          `Something between osauth and the cluster (a proxy, gateway or middleware) changed the ${diff.part}${diff.name === undefined ? '' : ` (${diff.name})`} after it was signed: osauth signed ${JSON.stringify(diff.ours)}, the service verified ${JSON.stringify(diff.theirs)}. Make it pass the ${diff.part} on unchanged, or sign for what it sends (osauth proxy).`,
        );
      }
      if (scope !== undefined) steps.push(scope);
      const said = error instanceof OsAuthError ? `${error.message} ${error.hint ?? ''}` : '';
      if (diff?.part === 'credential-scope' || /scoped to|wrong (region|service)|credential scope/i.test(said)) {
        steps.push(
          `If the cluster is not an ${facts.service ?? ''} endpoint in ${facts.region ?? 'that region'}, give the right one: --service and --region (or fix auth.service / auth.region / AWS_REGION).`,
        );
      }
      if (credentials !== undefined && diff === undefined) steps.push(credentials);
      return steps;
    }
    case ErrorCodes.EXPIRED_CREDENTIALS:
    case ErrorCodes.INVALID_SECURITY_TOKEN:
    case ErrorCodes.INVALID_CREDENTIALS:
      return [
        ...(credentials === undefined
          ? []
          : [`${credentials} They were rejected (${code}): get fresh ones from that source (e.g. \`aws sso login\`, a new session, rotated keys) and run osauth doctor again.`]),
        ...(facts.callerArn === undefined ? [] : [`STS named them ${facts.callerArn}.`]),
      ];
    case ErrorCodes.CREDENTIALS_UNAVAILABLE:
      return [
        `No credentials from ${facts.credentialSource ?? 'the configured source'}.`,
        ...(facts.provider === 'aws'
          ? ['Give some: --profile NAME (after `aws sso login --profile NAME` for SSO), AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, --role-arn, or run where a role is attached (container, EC2).']
          : []),
      ];
    case ErrorCodes.INVALID_CONFIG:
      return [];
    default:
      return [];
  }
}

function deniedSteps(code: string, facts: DoctorFacts, principal: string | undefined): string[] {
  const who = principal ?? 'the caller';
  if (facts.provider === 'alibaba') {
    // A 401 is about who the request claims to be, not about what that identity may do.
    if (code === ErrorCodes.AUTHENTICATION_FAILED) {
      const sent = facts.credentialSource === 'basic' ? 'user name and password' : facts.credentialSource === 'bearer' ? 'API key' : 'credentials';
      return [`The instance did not accept the ${sent} sent: check that value and that it belongs to this instance (access rights come after that).`];
    }
    return [`The request acted as ${who}: grant it access to the instance (a RAM policy for the role, or the instance's own access settings).`];
  }
  if (facts.service === 'aoss') {
    if (code === ErrorCodes.NETWORK_POLICY_DENIED) {
      return [
        `The collection's network policy does not admit the network this request came from (it was signed by ${who}, region ${facts.region}): allow public access, or the VPC endpoint you connect through, in the collection's network policy.`,
      ];
    }
    // aoss answers a wrong signing scope with the same deny: the scope is named too.
    return [
      `The request reached the collection signed by ${facts.callerArn ?? who}. Add ${who} as a Principal of a data access policy granting the collection and index permissions you need (aoss policies name the IAM role ARN, not the assumed-role session ARN).`,
      `It was signed for service aoss (${facts.serviceFrom ?? 'given'}) in region ${facts.region} (${facts.regionFrom ?? 'given'}): that must be the collection's region.`,
    ];
  }
  if (facts.service === 'es') {
    return [
      `The request reached the domain signed by ${facts.callerArn ?? who}. Allow ${who} in the domain access policy, and with fine-grained access control map it to a role (as a backend role or user).`,
    ];
  }
  return principal === undefined ? [] : [`The request acted as ${principal}.`];
}

/** Steps for a failure that is not an osauth error: the network, an unexpected status. */
function genericSteps(error: unknown, facts: DoctorFacts): string[] {
  const name = error instanceof Error ? error.name : 'Error';
  if (/Connection|Timeout|NoLiving|Abort/.test(name)) {
    return [
      `1. Check that ${facts.node ?? 'the node URL'} is right and reachable from here (VPN, VPC, security groups, firewall).`,
      '2. Behind a forward proxy, set HTTPS_PROXY (with OSAUTH_PROXY=env) or auth through it with the proxy config.',
      '3. Retry with a longer timeout if the cluster is slow to answer.',
    ];
  }
  return [`1. The cluster answered ${error instanceof Error ? error.message.split('\n')[0] : String(error)}; check the path given with --path and the cluster's health.`];
}
