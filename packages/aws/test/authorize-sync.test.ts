import { Readable } from 'node:stream';
import type { AuthRequest } from '@osauth/core';
import { AwsSigV4Provider } from '../src';

const HOST = 'abc123.us-east-1.aoss.amazonaws.com';
const NOW = Date.UTC(2026, 10, 23, 10, 15, 0);
const request: AuthRequest = {
  method: 'POST', protocol: 'https:', hostname: HOST, path: '/books/_search', query: 'size=1',
  headers: { 'content-type': 'application/json', 'content-length': '2' }, body: '{}',
};

function provider(credentials: () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>) {
  return new AwsSigV4Provider({ provider: 'aws', credentials }, { nodes: [new URL(`https://${HOST}`)], configPath: 'auth', clock: { now: () => NOW } });
}

describe('AwsSigV4Provider.authorizeSync, the hot path the client uses', () => {
  it('signs nothing until credentials are held; prepare() fetches them and then has nothing to wait for', async () => {
    let calls = 0;
    const p = provider(async () => ((calls += 1), { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEsecret', sessionToken: 'FAKEtoken' }));
    expect(p.authorizeSync(request)).toBeUndefined();
    expect(calls).toBe(0);
    await p.prepare();
    expect(p.prepare()).toBeUndefined();
    expect(calls).toBe(1);
  });

  it('gives exactly the headers authorize() gives', async () => {
    const p = provider(async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEsecret', sessionToken: 'FAKEtoken' }));
    const viaPromise = await p.authorize(request);
    expect(p.authorizeSync(request)).toEqual(viaPromise);
    expect(Object.keys(viaPromise.headers).sort()).toEqual(['authorization', 'host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-security-token']);
  });

  it('leaves a stream body to authorize(), which must read it', async () => {
    const p = provider(async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEsecret' }));
    await p.prepare();
    expect(p.authorizeSync({ ...request, body: Readable.from(['{}']) })).toBeUndefined();
  });
});
