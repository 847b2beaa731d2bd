import { Readable } from 'node:stream';
import type { AuthRequest, Authorization } from '@osauth/core';
import { AwsSigV4Provider } from '../src';

const HOST = 'abc123.us-east-1.aoss.amazonaws.com';
const NOW = Date.UTC(2026, 10, 23, 10, 15, 0);
const request: AuthRequest = {
  method: 'POST',
  protocol: 'https:',
  hostname: HOST,
  path: '/books/_search',
  query: 'size=1',
  headers: { 'content-type': 'application/json', 'content-length': '2' },
  body: '{}',
};

function provider(credentials: () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>) {
  return new AwsSigV4Provider({ provider: 'aws', credentials }, { nodes: [new URL(`https://${HOST}`)], configPath: 'auth', clock: { now: () => NOW } });
}

function isPromise(value: Authorization | Promise<Authorization>): value is Promise<Authorization> {
  return typeof (value as { then?: unknown }).then === 'function';
}

describe('AwsSigV4Provider.authorize, the one entry point: at once when it can, a promise when it must wait', () => {
  it('waits for credentials the first time; prepare() fetches them, and then there is nothing to wait for', async () => {
    let calls = 0;
    const p = provider(() => ((calls += 1), Promise.resolve({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEsecret', sessionToken: 'FAKEtoken' })));
    const first = p.authorize(request);
    expect(isPromise(first)).toBe(true);
    await first;
    expect(calls).toBe(1);
    expect(p.prepare()).toBeUndefined();
    expect(isPromise(p.authorize(request))).toBe(false);
    expect(calls).toBe(1);
  });

  it('gives the same headers at once as after waiting', async () => {
    const p = provider(() => Promise.resolve({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEsecret', sessionToken: 'FAKEtoken' }));
    const waited = await p.authorize(request);
    const atOnce = p.authorize(request);
    expect(isPromise(atOnce)).toBe(false);
    expect(atOnce).toEqual(waited);
    expect(Object.keys(waited.headers).sort()).toEqual(['authorization', 'host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-security-token']);
  });

  it('reads a stream body before signing it, and hands back the bytes to send', async () => {
    const p = provider(() => Promise.resolve({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEsecret' }));
    await p.prepare();
    const streamed = p.authorize({ ...request, body: Readable.from(['{}']) });
    expect(isPromise(streamed)).toBe(true);
    const done = await streamed;
    expect(Buffer.from(done.body ?? []).toString()).toBe('{}');
    expect(done.headers.authorization).toBe((p.authorize(request) as Authorization).headers.authorization);
  });
});
