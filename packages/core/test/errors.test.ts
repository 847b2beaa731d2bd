import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AuthenticationError,
  AuthorizationError,
  ClockSkewError,
  ConfigError,
  CredentialsUnavailableError,
  ErrorCodes,
  ExpiredCredentialsError,
  InvalidCredentialsError,
  InvalidSecurityTokenError,
  NetworkPolicyDeniedError,
  OsAuthError,
  type RemediationEntry,
  SignatureMismatchError,
  UntrustedHostError,
  registerRemediations,
  registeredRemediationProviders,
  remediationCatalogue,
} from '@osauth/core';

type CoreModule = typeof import('@osauth/core'); // eslint-disable-line @typescript-eslint/consistent-type-imports

const ERRORS_MD = path.join(__dirname, '..', '..', '..', 'docs', 'errors.md');

/** Each class, its code, and the classes it must be an instance of (besides Error). */
const FAMILY = [
  [AuthenticationError, 'AUTHENTICATION_FAILED', [OsAuthError]],
  [NetworkPolicyDeniedError, 'NETWORK_POLICY_DENIED', [AuthenticationError, OsAuthError]],
  [AuthorizationError, 'ACCESS_DENIED', [OsAuthError]],
  [InvalidCredentialsError, 'INVALID_CREDENTIALS', [OsAuthError]],
  [InvalidSecurityTokenError, 'INVALID_SECURITY_TOKEN', [OsAuthError]],
  [ExpiredCredentialsError, 'EXPIRED_CREDENTIALS', [InvalidSecurityTokenError, OsAuthError]],
  [SignatureMismatchError, 'SIGNATURE_MISMATCH', [OsAuthError]],
  [ClockSkewError, 'CLOCK_SKEW', [OsAuthError]],
  [CredentialsUnavailableError, 'CREDENTIALS_UNAVAILABLE', [OsAuthError]],
  [ConfigError, 'INVALID_CONFIG', [OsAuthError]],
] as const;

type AnyErrorClass = (typeof FAMILY)[number][0];

function make(cls: AnyErrorClass, extra: Record<string, unknown> = {}): OsAuthError {
  if (cls === ConfigError) return new ConfigError({ path: 'auth.region', ...extra });
  return new (cls as typeof AuthenticationError)({ provider: 'test', ...extra });
}

/** A heading's anchor as GitHub and the site make it: lower case, punctuation dropped, spaces to dashes. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const line of markdown.split('\n')) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading?.[1])
      anchors.add(
        heading[1]
          .trim()
          .toLowerCase()
          .replace(/[^\p{L}\p{N} _-]/gu, '')
          .replace(/ /g, '-'),
      );
  }
  return anchors;
}

describe('typed errors', () => {
  it.each(FAMILY)('%p has its code, its instanceof chain, remediation and a docs anchor', (cls, code, parents) => {
    const error = make(cls);
    expect(error.code).toBe(code);
    expect(cls.code).toBe(code);
    expect(error.name).toBe(cls.name);
    expect(error).toBeInstanceOf(cls);
    expect(error).toBeInstanceOf(Error);
    for (const parent of parents) expect(error instanceof parent).toBe(true);
    expect(error.remediation).toMatch(/^1\. .{20,}/);
    expect(error.message.length).toBeGreaterThan(10);

    const [page, anchor] = error.docsUrl.split('#');
    // The page of the documentation site built from docs/errors.md (packages/site).
    expect(page).toBe('https://osauth.github.io/osauth/documents/errors.html');
    expect(anchorsOf(fs.readFileSync(ERRORS_MD, 'utf8'))).toContain(anchor);
  });

  it('does not confuse siblings', () => {
    const expired = make(ExpiredCredentialsError);
    expect(expired instanceof AuthorizationError).toBe(false);
    expect(expired instanceof NetworkPolicyDeniedError).toBe(false);
    expect(make(InvalidSecurityTokenError) instanceof ExpiredCredentialsError).toBe(false);
    expect(make(AuthenticationError) instanceof NetworkPolicyDeniedError).toBe(false);
    expect(new Error('plain') instanceof OsAuthError).toBe(false);
    expect((null as unknown as object) instanceof OsAuthError).toBe(false);
  });

  it('keeps instanceof working across two loaded copies of the package (CJS + ESM)', () => {
    let other: CoreModule | undefined;
    jest.isolateModules(() => {
      other = jest.requireActual<CoreModule>('../src/index.ts');
    });
    if (!other) throw new Error('second copy not loaded');
    expect(other.ExpiredCredentialsError).not.toBe(ExpiredCredentialsError);

    const fromOther = new other.ExpiredCredentialsError({ provider: 'aws' });
    expect(fromOther instanceof ExpiredCredentialsError).toBe(true);
    expect(fromOther instanceof InvalidSecurityTokenError).toBe(true);
    expect(fromOther instanceof OsAuthError).toBe(true);
    expect(fromOther instanceof AuthorizationError).toBe(false);
    expect(make(NetworkPolicyDeniedError) instanceof other.AuthenticationError).toBe(true);
  });

  it('fills remediation placeholders from details', () => {
    const error = new ConfigError({ path: 'clusters.logs.auth.region', message: 'required for host x' });
    expect(error.remediation).toContain('clusters.logs.auth.region');
    expect(error.message).toBe('clusters.logs.auth.region: required for host x');
    expect(error.path).toBe('clusters.logs.auth.region');
    expect(error.toJSON()).toMatchObject({ code: ErrorCodes.INVALID_CONFIG, path: 'clusters.logs.auth.region' });
  });

  it('serialises to JSON with the public fields', () => {
    const cause = new Error('upstream said no');
    const error = new AuthorizationError({ provider: 'aws', statusCode: 403, hint: 'X01:gw-helper-deny', requestId: 'req-1', cause });
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json).toMatchObject({
      name: 'AuthorizationError',
      code: 'ACCESS_DENIED',
      provider: 'aws',
      statusCode: 403,
      hint: 'X01:gw-helper-deny',
      requestId: 'req-1',
      cause: { name: 'Error', message: 'upstream said no' },
    });
    expect(error.cause).toBe(cause);
  });
});

// A provider of this file's own, registered as provider packages register theirs.
const FIXTURE_ENTRIES = {
  tokenExpired: {
    id: 'fixture-token-expired',
    code: ErrorCodes.EXPIRED_CREDENTIALS,
    provider: 'fixture',
    title: 'The fixture token has expired.',
    when: 'Always, in this test.',
    steps: ['Renew the token of {name}.'],
    defaults: { name: 'the fixture' },
  },
  denied: {
    id: 'fixture-denied',
    code: ErrorCodes.ACCESS_DENIED,
    provider: 'fixture',
    title: 'The fixture denies it.',
    when: 'Always, in this test.',
    steps: ['Ask the fixture nicely.'],
  },
} as const satisfies Record<string, RemediationEntry>;

describe('remediation variants', () => {
  it('uses the entry passed as variant, with its title, steps, placeholders and anchor', () => {
    const error = new ExpiredCredentialsError({ provider: 'fixture', variant: FIXTURE_ENTRIES.tokenExpired, details: { name: 'vault' } });
    expect(error.message).toBe('The fixture token has expired.');
    expect(error.remediation).toBe('1. Renew the token of vault.');
    expect(error.docsUrl.endsWith('#fixture-token-expired')).toBe(true);
    expect(new ExpiredCredentialsError({ provider: 'fixture', variant: FIXTURE_ENTRIES.tokenExpired }).remediation).toBe('1. Renew the token of the fixture.');
  });

  it('works without registration: registering is for docs/errors.md', () => {
    const unregistered: RemediationEntry = { ...FIXTURE_ENTRIES.denied, id: 'fixture-unregistered' };
    expect(new AuthorizationError({ provider: 'fixture', variant: unregistered }).docsUrl.endsWith('#fixture-unregistered')).toBe(true);
  });

  it('throws when the entry is about another code: a programming error, never ignored', () => {
    expect(() => new ClockSkewError({ provider: 'fixture', variant: FIXTURE_ENTRIES.denied })).toThrow(
      new TypeError('osauth: remediation "fixture-denied" is for ACCESS_DENIED, not for an error of code CLOCK_SKEW'),
    );
    // A subclass has its own code: an entry of the parent's code does not fit it.
    expect(() => new NetworkPolicyDeniedError({ provider: 'fixture', variant: remediationCatalogue[0] })).toThrow(TypeError);
  });

  it('still takes a registered id as the deprecated remediationId, and throws for an unknown one or one of another code', () => {
    registerRemediations({ provider: 'fixture', title: 'Fixture', entries: Object.values(FIXTURE_ENTRIES) });
    expect(new AuthorizationError({ provider: 'fixture', remediationId: 'fixture-denied' }).docsUrl.endsWith('#fixture-denied')).toBe(true);
    expect(new ClockSkewError({ provider: 'test', remediationId: 'clock_skew' }).docsUrl.endsWith('#clock_skew')).toBe(true);
    expect(() => new ClockSkewError({ provider: 'test', remediationId: 'access_denied' })).toThrow(TypeError);
    expect(() => new ClockSkewError({ provider: 'test', remediationId: 'no-such-entry' })).toThrow(TypeError);
  });
});

describe('the remediation registry', () => {
  it('starts with one generic entry per error class, and core registers no provider', () => {
    const generic = remediationCatalogue.filter((entry) => entry.provider === undefined);
    expect(generic.map((entry) => entry.code).sort()).toEqual([...FAMILY.map(([, code]) => code), UntrustedHostError.code].sort());
    expect(registeredRemediationProviders().filter(({ provider }) => provider !== 'fixture')).toEqual([]);
  });

  it('lists registered entries with their provider and title, once however often they are registered', () => {
    registerRemediations({ provider: 'fixture', title: 'Fixture', entries: Object.values(FIXTURE_ENTRIES) });
    registerRemediations({ provider: 'fixture', title: 'Fixture', entries: [{ ...FIXTURE_ENTRIES.denied }] }); // another copy of the package
    const fixture = registeredRemediationProviders().find(({ provider }) => provider === 'fixture');
    expect(fixture).toEqual({ provider: 'fixture', title: 'Fixture', entries: Object.values(FIXTURE_ENTRIES) });
    const ids = remediationCatalogue.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(-2)).toEqual(['fixture-token-expired', 'fixture-denied']); // live, in registration order
  });

  it('refuses an entry of another provider, of an unknown code, or with an id already taken', () => {
    const entry = FIXTURE_ENTRIES.denied;
    expect(() => registerRemediations({ provider: 'other', title: 'Other', entries: [entry] })).toThrow(TypeError);
    expect(() => registerRemediations({ provider: 'other', title: 'Other', entries: [{ ...entry, provider: 'other', code: 'NOPE' as typeof entry.code }] })).toThrow(TypeError);
    expect(() => registerRemediations({ provider: 'other', title: 'Other', entries: [{ ...entry, provider: 'other' }] })).toThrow(/taken by "fixture"/);
    expect(() => registerRemediations({ provider: 'other', title: 'Other', entries: [{ ...entry, id: 'access_denied', provider: 'other' }] })).toThrow(/taken by "core"/);
    expect(registeredRemediationProviders().map(({ provider }) => provider)).not.toContain('other');
  });

  it('is one per process, shared by two loaded copies of core (CJS + ESM)', () => {
    let other: CoreModule | undefined;
    jest.isolateModules(() => {
      other = jest.requireActual<CoreModule>('../src/index.ts');
    });
    if (!other) throw new Error('second copy not loaded');
    other.registerRemediations({ provider: 'second', title: 'Second copy', entries: [{ ...FIXTURE_ENTRIES.denied, id: 'second-denied', provider: 'second' }] });
    expect(remediationCatalogue.map((entry) => entry.id)).toContain('second-denied');
    expect(other.remediationCatalogue).toBe(remediationCatalogue);
    expect(new other.AuthorizationError({ provider: 'second', remediationId: 'fixture-denied' }).docsUrl.endsWith('#fixture-denied')).toBe(true);
  });
});
