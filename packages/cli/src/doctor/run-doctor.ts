import type { Client } from '@opensearch-project/opensearch';
import type { AlibabaProvider } from '@osauth/alibaba';
import type { AwsSigV4Provider } from '@osauth/aws';
import { ClockSkewError, ConfigError, OsAuthError, type OsAuthEvent, redactSecrets, redactText, SignatureMismatchError } from '@osauth/core';
import type { OsAuthConfig } from '@osauth/factory';
import { cliConfigSources, type CommonFlags, resolveCliConfig } from '../cli-config';
import { exitCodeFor } from '../output';
import { createCapturingClient } from './capture';
import { type DoctorFacts, specialisedRemediation } from './diagnosis';
import { describeOffset, formatDuration } from './format';
import { roleArnOfAssumedRole } from './role-arn';
import type { CheckId, CheckStatus, DoctorCheck, DoctorReport } from './types';

/** What `osauth doctor` was asked. */
export interface DoctorOptions {
  /** The cluster URL argument, when given. */
  readonly url?: string;
  readonly flags: CommonFlags;
  /** The probe path (and query), e.g. `/_search?q=title%20dune`. Default: `/` on es, `/_cat/indices?format=json` on aoss. */
  readonly path?: string;
  /** The STS endpoint for `GetCallerIdentity`. Default: `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, the config's, then the regional one. */
  readonly stsEndpoint?: string;
  readonly env: NodeJS.ProcessEnv;
  /** How long the probe and the STS call may take. Default 10 s. */
  readonly timeoutMs?: number;
}

/** The report and the exit code of its outcome's family (0 when nothing failed). */
export interface DoctorOutcome {
  readonly report: DoctorReport;
  readonly exitCode: number;
}

/** Clock offsets from these on are reported: `warn` from 1 minute, `fail` from 5 (what SigV4 accepts). */
const CLOCK_WARN_MS = 60_000;
const CLOCK_FAIL_MS = 5 * 60_000;
/** Temporary credentials with less than this left are a warning: they expire mid-session. */
const EXPIRY_WARN_MS = 5 * 60_000;

interface CheckResult extends DoctorCheck {
  /** The typed (or network) error that failed the check: the diagnosis comes from it. */
  readonly error?: unknown;
}

/**
 * Runs the doctor's ordered checks — config, endpoint, credentials, identity, clock, request —
 * against one cluster, and turns the first failed check's error into the diagnosis.
 * Never throws for what it diagnoses; every string is redacted.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorOutcome> {
  const results = new Map<CheckId, CheckResult>();
  const set = (id: CheckId, status: CheckStatus, summary: string, details: readonly string[] = [], error?: unknown) =>
    results.set(id, { id, status, summary, ...(details.length > 0 ? { details } : {}), ...(error === undefined ? {} : { error }) });
  const facts: DoctorFacts = {};
  let client: Client | undefined;
  try {
    await checks(options, set, facts, (c) => (client = c));
  } finally {
    await client?.close().catch(() => undefined);
  }
  const order: CheckId[] = ['config', 'endpoint', 'credentials', 'identity', 'clock', 'request'];
  const all = order.map((id) => results.get(id) ?? { id, status: 'skip' as const, summary: 'not run' });
  const failed = all.find((check) => check.status === 'fail');
  const report: DoctorReport = {
    ok: failed === undefined,
    checks: all.map(({ id, status, summary, details }) => ({
      id,
      status,
      // Text from outside osauth went through redactText where it entered (messageOf, the node);
      // the rest is osauth's own, where a credential-shaped pattern would only mangle it
      // (`auth.apiKey: no API key…`). Every live secret is still taken out of all of it.
      summary: redactSecrets(summary),
      ...(details === undefined ? {} : { details: details.map((line) => redactSecrets(line)) }),
    })),
    ...(failed === undefined ? {} : { diagnosis: diagnosisOf(failed.error, facts) }),
  };
  return { report, exitCode: failed === undefined ? 0 : exitCodeFor(failed.error) || 1 };
}

function diagnosisOf(error: unknown, facts: DoctorFacts): NonNullable<DoctorReport['diagnosis']> {
  const code = error instanceof OsAuthError ? error.code : error instanceof Error ? error.name : 'Error';
  const hint = error instanceof OsAuthError ? error.hint : undefined;
  // An osauth error's text is built from held secrets, never from their values; anything else is untrusted.
  const redact = error instanceof OsAuthError ? redactSecrets : redactText;
  return { code, ...(hint === undefined ? {} : { hint: redact(hint) }), remediation: redact(specialisedRemediation(error, facts)) };
}

type Set = (id: CheckId, status: CheckStatus, summary: string, details?: readonly string[], error?: unknown) => void;

async function checks(options: DoctorOptions, set: Set, facts: DoctorFacts, keep: (client: Client) => void): Promise<void> {
  const { env, flags } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;

  // config: the layers resolve to one cluster, and the provider accepts it.
  let config: OsAuthConfig;
  let sources: string[];
  try {
    ({ config, sources } = resolveCliConfig(options.url, flags, env));
  } catch (error) {
    if (scopeOnly(error)) {
      // Everything resolved but what requests are signed for: that is the endpoint check's failure.
      const from = cliConfigSources(options.url, flags, env);
      set('config', 'ok', `resolved from ${from.join(', ') || 'defaults'}`);
      set('endpoint', 'fail', `the service or region cannot be told: ${summaryOf(error)}`, problemLines(error), error);
      return;
    }
    set('config', 'fail', `the config does not resolve: ${summaryOf(error)}`, problemLines(error), error);
    return;
  }
  const events: OsAuthEvent[] = [];
  const firstNode = Array.isArray(config.node) ? (config.node[0] as string) : (config.node as string);
  // For display (a URL may carry a user and password); the client is built from config.
  const node = redactText(firstNode);
  const provider = config.auth.provider;
  facts.provider = provider;
  facts.node = node;
  const client = (() => {
    try {
      // One attempt, bounded: the doctor reports what happened rather than retrying it away.
      return createCapturingClient({
        ...config,
        client: { ...config.client, maxRetries: 0, requestTimeout: config.client?.requestTimeout ?? timeoutMs },
        onEvent: (event) => events.push(event),
      });
    } catch (error) {
      if (!scopeOnly(error)) {
        set('config', 'fail', `the ${provider} provider rejects the config: ${summaryOf(error)}`, [...problemLines(error), `sources: ${sources.join(', ') || 'none'}`], error);
        return undefined;
      }
      set('config', 'ok', `resolved from ${sources.join(', ') || 'defaults'}`, [`node: ${node}`, `provider: ${provider}`]);
      set('endpoint', 'fail', `the service or region cannot be told: ${summaryOf(error)}`, problemLines(error), error);
      return undefined;
    }
  })();
  if (client === undefined) return;
  keep(client.client);
  set('config', 'ok', `resolved from ${sources.join(', ') || 'defaults'}`, [
    `node: ${node}`,
    `provider: ${provider}`,
    ...(sources.length > 0 ? [`sources (highest precedence first): ${sources.join(', ')}`] : []),
  ]);

  // endpoint: what requests are signed for, and from what.
  const signingHost = (config.auth as { signingHost?: string }).signingHost;
  const host = signingHost ?? new URL(firstNode).hostname;
  if (client.aws) {
    const scope = client.aws.diagnostics();
    facts.service = scope.service;
    facts.region = scope.region;
    facts.serviceFrom = originOf('service', scope.service, flags, config, env, host);
    facts.regionFrom = originOf('region', scope.region, flags, config, env, host);
    set('endpoint', 'ok', `signing for ${scope.service} in ${scope.region}`, [
      `service ${scope.service}: ${facts.serviceFrom}`,
      `region ${scope.region}: ${facts.regionFrom}`,
      ...(signingHost === undefined ? [] : [`signed for the host ${signingHost} (--signing-host / auth.signingHost), sent to ${node}`]),
    ]);
  } else if (client.alibaba) {
    set('endpoint', 'ok', `alibaba ${client.alibaba.mode} at ${host}`, [`mode ${client.alibaba.mode}: from the config`]);
  } else {
    set('endpoint', 'ok', `${provider} at ${host}`);
  }

  // credentials: which source supplied them, masked, temporary or not, time left.
  let credentialsOk = true;
  if (client.aws) credentialsOk = await awsCredentials(client.aws, config, env, set, facts);
  else if (client.alibaba) credentialsOk = await alibabaCredentials(client.alibaba, set, facts);
  else if (provider === 'basic') set('credentials', 'ok', `basic auth as user ${(config.auth as { username?: string }).username ?? '(unknown)'}`);
  else set('credentials', 'skip', `the ${provider} provider sends no credentials`);

  // identity: who the credentials belong to.
  if (!credentialsOk) set('identity', 'skip', 'no credentials to ask about');
  else if (client.aws) await awsIdentity(client.aws, config, options, timeoutMs, set, facts);
  else if (client.alibaba && facts.roleArn !== undefined) {
    set('identity', 'ok', `assumed ${facts.roleArn}`, ['AssumeRole succeeded with the caller key; this is the RAM role requests act as: grant it on the instance.']);
  } else set('identity', 'skip', client.alibaba ? 'these credentials have no identity call (only AssumeRole names a role)' : `no identity call for the ${provider} provider`);

  if (!credentialsOk) {
    set('clock', 'skip', 'no signed request could be sent');
    set('request', 'skip', 'no credentials to sign with');
    return;
  }

  // request: one signed read-only probe; its response's Date measures the clock too.
  const probe = options.path ?? (facts.service === 'aoss' ? '/_cat/indices?format=json' : '/');
  const [path = '/', query] = splitPath(probe);
  const started = Date.now();
  let date: string | undefined;
  let receivedAt = Date.now();
  try {
    const response = (await client.client.transport.request({ method: 'GET', path, ...(query ? { querystring: query } : {}) })) as {
      statusCode?: number | null;
      headers?: Record<string, unknown> | null;
    };
    receivedAt = Date.now();
    date = headerText(response.headers?.date);
    set('request', 'ok', `GET ${probe} → ${response.statusCode ?? '?'} in ${formatDuration(receivedAt - started)}`, recoveryNotes(events));
  } catch (error) {
    receivedAt = Date.now();
    const meta = responseMetaOf(error);
    date = headerText(meta?.headers?.date);
    const status = meta?.statusCode ?? undefined;
    if (error instanceof OsAuthError) {
      set(
        'request',
        'fail',
        `GET ${probe} → ${status ?? 'no answer'}: ${error.code}`,
        [error.message, ...(error.hint ? [`hint: ${error.hint}`] : []), ...diffLines(error), ...recoveryNotes(events)],
        error,
      );
    } else if (status === 404) {
      // The signature verified: a missing index is not an auth problem.
      set('request', 'warn', `GET ${probe} → 404: authenticated, but nothing is there`, [messageOf(error)]);
    } else if (status !== undefined && status !== null && status !== 0) {
      set('request', 'fail', `GET ${probe} → ${status}`, [messageOf(error)], error);
    } else {
      set('request', 'fail', `GET ${probe} → no answer: ${error instanceof Error ? error.name : 'Error'}`, [messageOf(error)], error);
    }
  }

  // clock: the cluster's Date against ours (a correction osauth made says it more exactly).
  const corrected = events.find((e): e is Extract<OsAuthEvent, { type: 'clock-skew-corrected' }> => e.type === 'clock-skew-corrected');
  // Date has whole seconds: the cluster's time was half a second later on average.
  const parsed = date === undefined ? Number.NaN : Date.parse(date);
  const offset = corrected?.offsetMs ?? (Number.isNaN(parsed) ? undefined : parsed + 500 - receivedAt);
  if (offset === undefined) {
    set('clock', 'skip', 'the cluster sent no Date header to compare with');
    return;
  }
  facts.clockOffsetMs = offset;
  const abs = Math.abs(offset);
  const summary = abs < 1_000 ? 'the local clock agrees with the cluster (within 1s)' : `the local clock is ${describeOffset(offset)} the cluster's`;
  const details = [`cluster Date: ${date ?? 'from the clock-skew answer'}`, ...(corrected ? ['osauth corrected its signing clock by that offset and resent the request'] : [])];
  if (abs >= CLOCK_FAIL_MS) {
    const error = new ClockSkewError({ provider, message: `The local clock is ${describeOffset(offset)} the cluster's: requests signed with it are rejected.` });
    set('clock', 'fail', summary, [...details, 'signatures more than 5 minutes off are rejected'], error);
  } else if (abs >= CLOCK_WARN_MS) set('clock', 'warn', summary, [...details, 'more than 1 minute off; rejected from 5 minutes']);
  else set('clock', 'ok', summary, details);
}

async function awsCredentials(aws: AwsSigV4Provider, config: OsAuthConfig, env: NodeJS.ProcessEnv, set: Set, facts: DoctorFacts): Promise<boolean> {
  const source = awsSourceLabel(aws.diagnostics().credentialSource, undefined, config, env);
  try {
    const held = await aws.describeCredentials();
    const label = awsSourceLabel(held.source, held.suppliedBy, config, env);
    facts.credentialSource = label;
    facts.maskedKeyId = held.maskedAccessKeyId;
    facts.temporary = held.temporary;
    const left = held.expiration === undefined ? undefined : held.expiration.getTime() - Date.now();
    const lifetime = held.temporary ? (left === undefined ? 'temporary, expiry not given' : `temporary, ${left > 0 ? `expires in ${formatDuration(left)}` : 'expired'}`) : 'long-term key';
    const details = [`source: ${label}`, `access key id: ${held.maskedAccessKeyId}`, ...(held.expiration ? [`expires at ${held.expiration.toISOString()}`] : [])];
    set('credentials', left !== undefined && left < EXPIRY_WARN_MS ? 'warn' : 'ok', `${held.maskedAccessKeyId} from ${label} (${lifetime})`, details);
    return true;
  } catch (error) {
    facts.credentialSource = source;
    set('credentials', 'fail', `no credentials from ${source}`, [messageOf(error)], error);
    return false;
  }
}

/** Which source supplied AWS credentials, in words (the profile by name, never a key). */
function awsSourceLabel(kind: string, suppliedBy: string | undefined, config: OsAuthConfig, env: NodeJS.ProcessEnv): string {
  const credentials = (config.auth as { credentials?: { profile?: string; roleArn?: string } }).credentials;
  const profile = env.AWS_PROFILE ?? 'default';
  switch (kind) {
    case 'static':
      return 'static keys in the config';
    case 'profile':
      return `profile "${credentials?.profile ?? '?'}"`;
    case 'assume-role':
      return `AssumeRole of ${credentials?.roleArn ?? 'a role'}`;
    case 'web-identity':
      return `web identity for ${credentials?.roleArn ?? 'a role'}`;
    case 'function':
      return 'a credentials function';
    default:
      break;
  }
  const step: Record<string, string> = {
    env: 'the environment (AWS_ACCESS_KEY_ID)',
    sso: `SSO (profile "${profile}")`,
    profile: `profile "${profile}"`,
    process: `credential_process (profile "${profile}")`,
    'web-identity': 'web identity (AWS_WEB_IDENTITY_TOKEN_FILE)',
    'assume-role': `AssumeRole (profile "${profile}")`,
    container: 'the container credentials endpoint (ECS / EKS Pod Identity)',
    imds: 'EC2 instance metadata (IMDS)',
  };
  return suppliedBy === undefined ? 'the AWS default credential chain' : `the default chain: ${step[suppliedBy] ?? suppliedBy}`;
}

async function alibabaCredentials(alibaba: AlibabaProvider, set: Set, facts: DoctorFacts): Promise<boolean> {
  try {
    const held = await alibaba.describeCredentials();
    facts.credentialSource = held.source;
    if (held.maskedAccessKeyId !== undefined) facts.maskedKeyId = held.maskedAccessKeyId;
    facts.temporary = held.temporary;
    if (held.roleArn !== undefined) facts.roleArn = held.roleArn;
    if (held.source === 'bearer' || held.source === 'basic') {
      set('credentials', 'ok', held.source === 'bearer' ? 'an API key (bearer)' : 'a user and password (basic)');
      return true;
    }
    const left = held.expiration === undefined ? undefined : held.expiration.getTime() - Date.now();
    const label = held.source === 'assume-role' ? `AssumeRole of ${held.roleArn ?? 'a role'}` : 'a given STS token';
    set(
      'credentials',
      left !== undefined && left < EXPIRY_WARN_MS ? 'warn' : 'ok',
      `${held.maskedAccessKeyId ?? '…'} from ${label} (temporary${left === undefined ? '' : `, expires in ${formatDuration(left)}`})`,
      [`source: ${label}`, ...(held.expiration ? [`expires at ${held.expiration.toISOString()}`] : [])],
    );
    return true;
  } catch (error) {
    set('credentials', 'fail', 'no credentials from AssumeRole', [messageOf(error)], error);
    return false;
  }
}

async function awsIdentity(aws: AwsSigV4Provider, config: OsAuthConfig, options: DoctorOptions, timeoutMs: number, set: Set, facts: DoctorFacts): Promise<void> {
  const { env } = options;
  const configured = (config.auth as { credentials?: { stsEndpoint?: string } }).credentials?.stsEndpoint;
  // The AWS SDK convention: the service's variable, then the global one.
  const [endpoint, from] =
    options.stsEndpoint !== undefined
      ? [options.stsEndpoint, '--sts-endpoint']
      : env.AWS_ENDPOINT_URL_STS
        ? [env.AWS_ENDPOINT_URL_STS, 'AWS_ENDPOINT_URL_STS']
        : env.AWS_ENDPOINT_URL
          ? [env.AWS_ENDPOINT_URL, 'AWS_ENDPOINT_URL']
          : configured !== undefined
            ? [configured, 'auth.credentials.stsEndpoint']
            : [undefined, 'the regional default'];
  try {
    const identity = await aws.getCallerIdentity({ ...(endpoint === undefined ? {} : { endpoint }), timeoutMs });
    facts.callerArn = identity.arn;
    const role = roleArnOfAssumedRole(identity.arn);
    if (role !== undefined) facts.roleArn = role;
    const policyLine =
      role !== undefined
        ? `role ARN to name in aoss data access policies and es role mappings: ${role} (a session ARN leaves out the role's path: for a role under one, name arn:aws:iam::…:role/PATH/NAME)`
        : `principal to name in aoss data access policies and es role mappings: ${identity.arn}`;
    set('identity', 'ok', identity.arn, [policyLine, `account: ${identity.account}`, `asked STS GetCallerIdentity at ${identity.endpoint} (${from})`]);
  } catch (error) {
    if (error instanceof OsAuthError) {
      set('identity', 'fail', `STS rejects these credentials: ${error.code}`, [error.message, `STS endpoint: ${endpoint ?? 'regional default'} (${from})`], error);
    } else {
      // STS out of reach says nothing about the cluster: a warning, and the checks go on.
      set('identity', 'warn', 'could not ask STS who these credentials belong to', [
        messageOf(error),
        `STS endpoint: ${endpoint ?? 'regional default'} (${from}); set AWS_ENDPOINT_URL_STS or --sts-endpoint`,
      ]);
    }
  }
}

/** Where the signing service or region came from, in words. */
function originOf(key: 'service' | 'region', value: string, flags: CommonFlags, config: OsAuthConfig, env: NodeJS.ProcessEnv, host: string): string {
  if (flags[key] !== undefined) return `given as --${key}`;
  const fromHost = scopeOfHost(host)[key];
  const configured = (config.auth as { service?: string; region?: string })[key];
  if (key === 'region' && configured === value && fromHost === undefined) {
    if (env.AWS_REGION === value) return 'from AWS_REGION';
    if (env.AWS_DEFAULT_REGION === value) return 'from AWS_DEFAULT_REGION';
  }
  if (key === 'service' && configured === value && env.OSAUTH_AWS_SERVICE === value && fromHost === undefined) return 'from OSAUTH_AWS_SERVICE';
  if (configured === undefined && fromHost === value) return `inferred from the host ${host}`;
  if (configured === undefined) return key === 'region' ? `from ${env.AWS_REGION ? 'AWS_REGION' : 'AWS_DEFAULT_REGION'}` : 'inferred';
  return fromHost === value ? `given in the config (and implied by the host ${host})` : 'given in the config';
}

// `<anything>.<region>.<service>.amazonaws.com[.cn]`, as @osauth/aws infers them.
function scopeOfHost(host: string): { service?: string; region?: string } {
  const match = /(?:^|\.)([a-z0-9-]+)\.(es|aoss)\.amazonaws\.com(?:\.cn)?$/.exec(host.toLowerCase());
  if (!match) return {};
  const region = match[1] as string;
  return { service: match[2], ...(/^[a-z]{2}(?:-[a-z]+)+-\d+$/.test(region) ? { region } : {}) };
}

function splitPath(probe: string): [string, string | undefined] {
  const withSlash = probe.startsWith('/') ? probe : `/${probe}`;
  const at = withSlash.indexOf('?');
  return at === -1 ? [withSlash, undefined] : [withSlash.slice(0, at), withSlash.slice(at + 1)];
}

function headerText(value: unknown): string | undefined {
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The opensearch-js response meta of a failed request: on the error, or on the typed error's cause. */
function responseMetaOf(error: unknown): { statusCode?: number | null; headers?: Record<string, unknown> | null } | undefined {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 3; e = (e as { cause?: unknown }).cause, depth += 1) {
    const meta = (e as { meta?: unknown }).meta;
    if (typeof meta === 'object' && meta !== null) return meta;
  }
  return undefined;
}

function diffLines(error: OsAuthError): string[] {
  if (!(error instanceof SignatureMismatchError) || error.signatureDiff === undefined) return [];
  const diff = error.signatureDiff;
  return [`signatureDiff: the ${diff.part}${diff.name === undefined ? '' : ` (${diff.name})`} differs — signed ${JSON.stringify(diff.ours)}, the service verified ${JSON.stringify(diff.theirs)}`];
}

function recoveryNotes(events: readonly OsAuthEvent[]): string[] {
  return events.flatMap((event) => {
    if (event.type === 'retry-after-refresh') return [`resent once after ${event.code}, with refreshed credentials`];
    if (event.type === 'clock-skew-corrected') return [`resent once with the clock corrected by ${formatDuration(event.offsetMs)}`];
    return [];
  });
}

/** A config whose only problems are what requests are signed for (service, region, signing host). */
function scopeOnly(error: unknown): boolean {
  return error instanceof ConfigError && error.problems.length > 0 && error.problems.every((p) => /^(clusters\.[^.]+\.)?auth\.(service|region|signingHost)$/.test(p.path));
}

/** A ConfigError's first line (`2 problems in the configuration`), or any error's message. */
function summaryOf(error: unknown): string {
  return messageOf(error).replace(/:$/, '');
}

/** Each problem of a ConfigError that lists several, as `path: message` (the one of a single-problem error is its summary). */
function problemLines(error: unknown): string[] {
  if (!(error instanceof ConfigError)) return [];
  return error.message
    .split('\n')
    .slice(1)
    .map((line) => line.replace(/^\s*-\s*/, ''))
    .filter((line) => line !== '');
}

/** The first line of an error's message; redacted unless osauth wrote it. */
function messageOf(error: unknown): string {
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
  return error instanceof OsAuthError ? message : redactText(message);
}
