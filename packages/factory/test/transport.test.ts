import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { Client, errors } from '@opensearch-project/opensearch';
import { type Authorization, type AuthProvider, type AuthRequest, AuthorizationError, CredentialsUnavailableError, type FailedResponse, type OsAuthError } from '@osauth/core';
import { authorizingConnection } from '../src/authorizing-connection';
import { classifyingTransport } from '../src/classifying-transport';
import { Exchanges } from '../src/exchanges';
import { OutputScrubber } from '../src/output-scrubber';
import { trustedHostsOf } from '../src/trusted-hosts';
import { startRecordingServer } from '@osauth/testing';

/** A provider that stamps each request with a digest of what it saw, and records it. */
class StampingProvider implements AuthProvider {
  authorize(request: AuthRequest): Authorization | Promise<Authorization> {
    return this.stamp(request);
  }
  readonly name = 'stamp';
  readonly seen: AuthRequest[] = [];
  prepareCalls = 0;
  prepareError: Error | undefined;
  prepare(): Promise<void> | undefined {
    this.prepareCalls += 1;
    return this.prepareError ? Promise.reject(this.prepareError) : Promise.resolve();
  }
  // eslint-disable-next-line @typescript-eslint/require-await -- async so that a throw while reading the body rejects, as in a real provider
  async stamp(request: AuthRequest): Promise<Authorization> {
    this.seen.push(request);
    const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body as Uint8Array | string);
    const digest = createHash('sha256').update(body).digest('hex');
    return { headers: { authorization: `Stamp n=${this.seen.length}`, 'x-body-sha256': digest } };
  }
  classifyError(response: FailedResponse): OsAuthError | undefined {
    if (response.statusCode !== 403) return undefined;
    return new AuthorizationError({ provider: this.name, statusCode: 403, hint: String((response.body as { hint?: string })?.hint) });
  }
  async close(): Promise<void> {}
}

function clientFor(url: string, provider: AuthProvider, extra: Record<string, unknown> = {}): Client {
  const exchanges = new Exchanges();
  const trustedHosts = trustedHostsOf([new URL(url)], undefined);
  return new Client({
    node: url,
    Connection: authorizingConnection(provider, { trustedHosts, exchanges }),
    Transport: classifyingTransport(provider, new OutputScrubber(exchanges)),
    ...extra,
  });
}

describe('authorizing connection and classifying transport', () => {
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeEach(async () => {
    server = await startRecordingServer();
  });
  afterEach(() => server.close());

  it('authorizes the exact bytes sent, after gzip, with the path and query as sent', async () => {
    const provider = new StampingProvider();
    const client = clientFor(server.url, provider, { compression: 'gzip' });
    await client.index({ index: 'my index', id: 'a/b:c+d é', body: { title: 'Dune' }, refresh: true });
    await client.close();

    const [sent] = server.requests;
    const [seen] = provider.seen;
    expect(sent && seen).toBeTruthy();
    expect(sent?.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(sent!.body).toString())).toEqual({ title: 'Dune' });
    expect(sent?.headers['x-body-sha256']).toBe(createHash('sha256').update(sent!.body).digest('hex'));
    expect(sent?.headers.authorization).toBe('Stamp n=1');
    expect(`${seen?.path}?${seen?.query}`).toBe(sent?.url);
    expect(seen?.method).toBe('PUT');
    expect(seen?.hostname).toBe('127.0.0.1');
    expect(seen?.port).toBe(Number(new URL(server.url).port));
    expect(seen?.headers['content-encoding']).toBe('gzip');
  });

  it("authorizes each of the client's own retries again", async () => {
    const provider = new StampingProvider();
    server.answers.push({ status: 502, body: '{}' }, { status: 503, body: '{}' });
    const client = clientFor(server.url, provider, { maxRetries: 3 });
    await client.index({ index: 'i', id: '1', body: { n: 1 } });
    await client.close();
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Stamp n=1', 'Stamp n=2', 'Stamp n=3']);
    expect(provider.prepareCalls).toBe(1);
  });

  it('throws the typed error with the ResponseError as cause, and keeps meta reachable', async () => {
    const provider = new StampingProvider();
    server.answers.push({ status: 403, body: JSON.stringify({ hint: 'nope' }) });
    const client = clientFor(server.url, provider);
    const error = await client.search({ index: 'i' }).catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(AuthorizationError);
    expect((error as AuthorizationError).hint).toBe('nope');
    const cause = (error as AuthorizationError).cause as InstanceType<typeof errors.ResponseError>;
    expect(cause).toBeInstanceOf(errors.ResponseError);
    expect(cause.meta.statusCode).toBe(403);
    expect(JSON.stringify((cause.meta.meta.request.params as { headers?: unknown }).headers ?? {})).not.toContain('Stamp');
  });

  it('passes failures the provider does not recognise through untouched', async () => {
    const provider = new StampingProvider();
    server.answers.push({ status: 429, body: '{"error":"slow down"}' });
    const client = clientFor(server.url, provider);
    const error = await client.search({ index: 'i' }).catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(errors.ResponseError);
    expect((error as InstanceType<typeof errors.ResponseError>).statusCode).toBe(429);
  });

  it('supports the callback form too', async () => {
    const provider = new StampingProvider();
    server.answers.push({ status: 403, body: '{}' });
    const client = clientFor(server.url, provider);
    const error = await new Promise((resolve) => {
      client.transport.request({ method: 'GET', path: '/_cat/indices' }, {}, (err) => resolve(err));
    });
    await client.close();
    expect(error).toBeInstanceOf(AuthorizationError);
  });

  it('fails at once when the provider cannot prepare, without retries or touching the network', async () => {
    const provider = new StampingProvider();
    provider.prepareError = new CredentialsUnavailableError({ provider: 'stamp', message: 'no credentials' });
    const client = clientFor(server.url, provider, { maxRetries: 3 });
    await expect(client.search({ index: 'i' })).rejects.toBeInstanceOf(CredentialsUnavailableError);
    // The node is still alive: once credentials come back, requests flow.
    provider.prepareError = undefined;
    await client.search({ index: 'i' });
    await client.close();
    expect(provider.prepareCalls).toBe(2);
    expect(server.requests).toHaveLength(1);
  });

  it('aborts a request that is waiting for the provider', async () => {
    let release!: () => void;
    const provider = new StampingProvider();
    provider.prepare = () => new Promise<void>((resolve) => (release = resolve));
    const client = clientFor(server.url, provider);
    const pending = client.search({ index: 'i' });
    pending.abort();
    release();
    await expect(pending).rejects.toBeInstanceOf(errors.RequestAbortedError);
    await client.close();
    expect(server.requests).toHaveLength(0);
  });
});

/** A provider that answers at once when `ready`, and with a promise otherwise. */
class SyncStampingProvider extends StampingProvider {
  ready = true;
  syncCalls = 0;
  asyncCalls = 0;
  syncError: Error | undefined;
  override prepare(): Promise<void> | undefined {
    this.prepareCalls += 1;
    return undefined;
  }
  override authorize(request: AuthRequest): Authorization | Promise<Authorization> {
    if (this.syncError) throw this.syncError;
    if (!this.ready) {
      this.asyncCalls += 1;
      return this.stamp(request);
    }
    this.syncCalls += 1;
    this.seen.push(request);
    return { headers: { authorization: `Sync n=${this.seen.length}` } };
  }
}

describe('one authorization path: at once when the provider can, after its promise when it must wait', () => {
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeEach(async () => {
    server = await startRecordingServer();
  });
  afterEach(() => server.close());

  it("signs each send at once, retries included; headers reach the wire, never the error's meta", async () => {
    const provider = new SyncStampingProvider();
    server.answers.push({ status: 502, body: '{}' }, { status: 403, body: '{"hint":"nope"}' });
    const client = clientFor(server.url, provider, { maxRetries: 3 });
    const error = await client.index({ index: 'books', id: 'a b', body: { title: 'Dune' }, refresh: true }).catch((e: unknown) => e);
    await client.close();
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Sync n=1', 'Sync n=2']);
    expect(provider.asyncCalls).toBe(0);
    expect(`${provider.seen[0]?.path}?${provider.seen[0]?.query}`).toBe(server.requests[0]?.url);
    expect(provider.seen[0]?.body).toBe('{"title":"Dune"}');
    expect(error).toBeInstanceOf(AuthorizationError);
    const cause = (error as AuthorizationError).cause as InstanceType<typeof errors.ResponseError>;
    expect(JSON.stringify(cause.meta.meta.request.params)).not.toContain('Sync');
  });

  it('waits for the promise when the provider cannot sign at once, the same way on the wire', async () => {
    const provider = new SyncStampingProvider();
    provider.ready = false;
    const client = clientFor(server.url, provider);
    await client.search({ index: 'books' });
    provider.ready = true;
    await client.search({ index: 'books' });
    await client.close();
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Stamp n=1', 'Sync n=2']);
    expect([provider.syncCalls, provider.asyncCalls]).toEqual([1, 1]);
  });

  it('an error thrown by authorize() fails the request without touching the network', async () => {
    const provider = new SyncStampingProvider();
    provider.syncError = new CredentialsUnavailableError({ provider: 'stamp', message: 'no credentials' });
    const client = clientFor(server.url, provider, { maxRetries: 3 });
    await expect(client.search({ index: 'i' })).rejects.toBeInstanceOf(CredentialsUnavailableError);
    await client.close();
    expect(server.requests).toHaveLength(0);
  });
});
