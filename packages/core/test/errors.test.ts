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
  SignatureMismatchError,
  remediationCatalogue,
} from '@osauth/core';
import { renderErrorsDoc } from '../src/errors-doc';

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

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const line of markdown.split('\n')) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading?.[1]) anchors.add(heading[1].trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-'));
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
    expect(page).toMatch(/docs\/errors\.md$/);
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

  it('uses the remediation variant of the same code, and ignores a variant of another code', () => {
    const variants = remediationCatalogue.filter((entry) => entry.provider !== undefined);
    for (const variant of variants) {
      const cls = FAMILY.find(([, code]) => code === variant.code)?.[0];
      if (!cls) throw new Error(`no class for ${variant.code}`);
      const error = make(cls, { remediationId: variant.id });
      expect(error.docsUrl.endsWith(`#${variant.id}`)).toBe(true);
    }
    const wrong = new ClockSkewError({ provider: 'test', remediationId: 'access_denied' });
    expect(wrong.docsUrl.endsWith('#clock_skew')).toBe(true);
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

describe('docs/errors.md', () => {
  it('is up to date with the remediation catalogue (run `pnpm run docs` to regenerate)', () => {
    expect(fs.readFileSync(ERRORS_MD, 'utf8')).toBe(renderErrorsDoc());
  });

  it('has a unique anchor for every catalogue entry', () => {
    const ids = remediationCatalogue.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    const anchors = anchorsOf(renderErrorsDoc());
    for (const id of ids) expect(anchors).toContain(id);
  });
});
