import { AuthorizationError, type FailedResponse } from '@osauth/core';
import { AwsSigV4Provider } from '../src';
import { maskKeyId } from '@osauth/core';
import { awsRemediation } from '../src/remediation';

const HOST = 'abc123.eu-west-1.aoss.amazonaws.com';
const context = { nodes: [new URL(`https://${HOST}`)], configPath: 'auth' };
const TEMPORARY = { accessKeyId: 'ASIAFAKEDENYUNIT0001', secretAccessKey: 'FAKEdenySECRETunit01', sessionToken: 'FAKEdenyTOKENunit01xxxx' };
const deny = (extra: Partial<FailedResponse> = {}): FailedResponse => ({
  statusCode: 403,
  headers: { 'x-aoss-response-hint': 'X01:gw-helper-deny', 'x-request-id': 'req-1' },
  body: { status: 403, error: { reason: '403 Forbidden', type: 'Forbidden' } },
  ...extra,
});

describe('maskKeyId', () => {
  it('keeps the first 4 and the last 4 characters', () => {
    expect(maskKeyId('ASIAFAKEDENYUNIT0001')).toBe('ASIA…0001');
    expect(maskKeyId('AKIDEXAMPLE')).toBe('AKID…MPLE');
  });

  it('shows nothing of an id those 8 would spell out whole', () => {
    expect(maskKeyId('AKID1234')).toBe('…');
    expect(maskKeyId('')).toBe('…');
  });
});

describe('the aoss gw-helper-deny, classified by the provider', () => {
  it('states what osauth signed with: service, region, the masked key id, temporary', async () => {
    const provider = new AwsSigV4Provider({ provider: 'aws', credentials: () => Promise.resolve(TEMPORARY) }, context);
    await provider.prepare();
    const error = provider.classifyError(deny());
    expect(error).toBeInstanceOf(AuthorizationError);
    expect([error?.code, error?.hint, error?.requestId]).toEqual(['ACCESS_DENIED', 'X01:gw-helper-deny', 'req-1']);
    expect(error?.docsUrl).toMatch(new RegExp(`#${awsRemediation.aossGwHelperDeny.id}$`));
    expect(error?.remediation).toContain('osauth signed this one for service "aoss" in eu-west-1');
    expect(error?.remediation).toContain('signed with temporary credentials (access key id ASIA…0001) from the function source');
    expect(error?.remediation).not.toContain(TEMPORARY.accessKeyId);
  });

  it('the answer to the resend after a deny-refresh rules expiry out, and so does every later deny with those credentials', async () => {
    const provider = new AwsSigV4Provider({ provider: 'aws', credentials: () => Promise.resolve(TEMPORARY) }, context);
    await provider.prepare();
    const resent = provider.classifyError(deny({ recoveredFrom: 'ACCESS_DENIED' }));
    expect(resent?.docsUrl).toMatch(new RegExp(`#${awsRemediation.aossGwHelperDenyAfterRefresh.id}$`));
    expect(resent?.message).toMatch(/expiry is ruled out/);
    expect(resent?.remediation).toMatch(/^1\. Data access policy/);
    expect(resent?.remediation).toMatch(
      /Expiry is ruled out: osauth refreshed the temporary credentials from the function source once after a deny, and aoss denied the fresh ones \(access key id ASIA…0001\) too/,
    );

    const later = provider.classifyError(deny());
    expect(later?.docsUrl).toMatch(new RegExp(`#${awsRemediation.aossGwHelperDenyAfterRefresh.id}$`));
    // …and a later deny is not recovered from: no refresh for credentials a policy denies.
    await expect(provider.recover({ error: later as AuthorizationError, response: deny(), startedAt: performance.now() })).resolves.toBe(false);
  });

  it('a resend after another recovery (a clock correction) rules nothing out', async () => {
    const provider = new AwsSigV4Provider({ provider: 'aws', credentials: () => Promise.resolve(TEMPORARY) }, context);
    await provider.prepare();
    expect(provider.classifyError(deny({ recoveredFrom: 'CLOCK_SKEW' }))?.docsUrl).toMatch(new RegExp(`#${awsRemediation.aossGwHelperDeny.id}$`));
  });
});
