// Sign for one host, connect to another: a cluster reached through an SSH tunnel or a
// port-forward on 127.0.0.1, its TLS certificate naming the real domain.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, ConfigError } from '@osauth/factory';
import { type Emulator, startAlibabaEmulator, startEmulator, startTlsFront, type TlsFront } from '@osauth/testing';
import '@osauth/aws';
import '@osauth/alibaba';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const DOMAIN = 'vpc-logs-abc.us-east-1.es.amazonaws.com';
const CA = fixture('ca.crt');
const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('auth.signingHost: signed for the real domain, sent through a local tunnel', () => {
  let emulator: Emulator;
  let tunnel: TlsFront;
  let wrongCertificate: TlsFront;
  beforeAll(async () => {
    emulator = await startEmulator({ service: 'es', region: 'us-east-1', credentials: [KEYS] });
    tunnel = await startTlsFront(emulator.url, { cert: fixture(`${DOMAIN}.crt`), key: fixture(`${DOMAIN}.key`) });
    wrongCertificate = await startTlsFront(emulator.url, { cert: fixture('other.example.com.crt'), key: fixture('other.example.com.key') });
  });
  afterAll(async () => {
    await tunnel.close();
    await wrongCertificate.close();
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  const clientVia = (front: TlsFront, signingHost: string | undefined = DOMAIN) =>
    createClient({
      node: front.url,
      // No service or region: both come from the signing host, as they would from a node URL.
      auth: { provider: 'aws', credentials: KEYS, ...(signingHost ? { signingHost } : {}) },
      client: { ssl: { ca: CA }, maxRetries: 0 },
    });

  it('signs for the domain, sends it as Host and verifies the certificate against it', async () => {
    const client = clientVia(tunnel);
    const { statusCode } = await client.info();
    await client.close();
    expect(statusCode).toBe(200);
    const [request] = emulator.requests;
    expect(request?.verified).toBe(true);
    expect(request?.headers.host).toBe(DOMAIN);
    expect(String(request?.headers.authorization)).toContain('/us-east-1/es/aws4_request');
  });

  it('a certificate for another name fails the TLS check, as it would without osauth', async () => {
    const client = clientVia(wrongCertificate);
    const error = (await client.info().catch((e: unknown) => e)) as Error;
    await client.close();
    expect(error.name).toBe('ConnectionError');
    expect(error.message).toMatch(/does not match certificate's altnames/);
    expect(emulator.requests).toHaveLength(0);
  });

  it('without signingHost, the tunnel address itself fails the certificate check', async () => {
    const client = createClient({ node: tunnel.url, auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentials: KEYS }, client: { ssl: { ca: CA }, maxRetries: 0 } });
    const error = (await client.info().catch((e: unknown) => e)) as Error;
    await client.close();
    expect(error.name).toBe('ConnectionError');
    expect(error.message).toMatch(/IP: 127\.0\.0\.1 is not in the cert's list|does not match/);
  });

  it('a port in signingHost is signed and sent as part of Host', async () => {
    const withPort = await startEmulator({ service: 'es', region: 'us-east-1', credentials: [KEYS] });
    const client = createClient({ node: withPort.url, auth: { provider: 'aws', credentials: KEYS, signingHost: `${DOMAIN}:9200` }, client: { maxRetries: 0 } });
    const { statusCode } = await client.info();
    await client.close();
    await withPort.close();
    expect(statusCode).toBe(200);
    expect(withPort.requests[0]?.headers.host).toBe(`${DOMAIN}:9200`);
    expect(withPort.requests[0]?.verified).toBe(true);
  });

  it('Alibaba v3 signs the Host too: a tunnelled request verifies for the signing host', async () => {
    const accessKey = { accessKeyId: 'STS.FAKETUNNEL0001', accessKeySecret: 'FAKEtunnelSECRET0001', securityToken: 'FAKEtunnelTOKEN0001' };
    const alibaba = await startAlibabaEmulator({ accessKeys: [accessKey] });
    const signingHost = 'ld-fake0001-proxy-search-vpc.lindorm.aliyuncs.com';
    const client = createClient({ node: alibaba.url, auth: { provider: 'alibaba', mode: 'sts', ...accessKey, signingHost }, client: { maxRetries: 0 } });
    const { statusCode } = await client.info();
    await client.close();
    await alibaba.close();
    expect(statusCode).toBe(200);
    expect(alibaba.requests[0]?.headers.host).toBe(signingHost);
    expect(alibaba.requests[0]?.scheme).toBe('opensearch');
  });

  it('is a ConfigError where it makes no sense or is not a host', () => {
    const attempt = (auth: Record<string, unknown>) => {
      try {
        createClient({ node: 'https://127.0.0.1:9200', auth: auth as never });
      } catch (error) {
        return error as ConfigError;
      }
      throw new Error('expected a ConfigError');
    };
    for (const provider of ['basic', 'none']) {
      const error = attempt({ provider, signingHost: DOMAIN, ...(provider === 'basic' ? { username: 'admin', password: 'FAKEpass01' } : {}) });
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.path).toBe('auth.signingHost');
      expect(error.message).toContain('signs no request');
    }
    const url = attempt({ provider: 'aws', credentials: KEYS, signingHost: `https://${DOMAIN}/` });
    expect(url.path).toBe('auth.signingHost');
    expect(url.message).toContain('keep only its host');
  });
});
