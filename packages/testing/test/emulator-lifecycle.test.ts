import { connect } from 'node:net';
import { startEmulator } from '@osauth/testing';
import { KEY, send, sendSigned } from './support';

describe('startEmulator', () => {
  it('listens on 127.0.0.1 with defaults: aoss, us-east-1, the AKIDEXAMPLE key', async () => {
    const emulator = await startEmulator();
    try {
      expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
      expect([emulator.service, emulator.region]).toEqual(['aoss', 'us-east-1']);
      expect((await sendSigned(emulator.url, { credentials: KEY })).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it('records requests as received, and reset() forgets requests, queued failures and documents', async () => {
    const emulator = await startEmulator({ service: 'es', region: 'eu-west-1' });
    try {
      await sendSigned(emulator.url, { service: 'es', region: 'eu-west-1', method: 'PUT', path: '/books/_doc/a%20b?refresh=true', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
      const [recorded] = emulator.requests;
      expect(recorded).toMatchObject({ method: 'PUT', path: '/books/_doc/a%20b', query: 'refresh=true', accessKeyId: 'AKIDEXAMPLE', verified: true, outcome: 'ok', status: 201 });
      expect(recorded?.body.toString()).toBe('{"a":1}');
      expect(recorded?.headers['content-type']).toBe('application/json');
      expect(recorded?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/es\/aws4_request/);

      emulator.failNext('throttled', { times: 3 });
      emulator.reset();
      expect(emulator.requests).toEqual([]);
      const after = await sendSigned(emulator.url, { service: 'es', region: 'eu-west-1', path: '/books/_doc/a%20b' });
      expect(after.status).toBe(404); // the document is gone and no throttling is left
    } finally {
      await emulator.close();
    }
  });

  it('addCredentials teaches it a temporary key', async () => {
    const emulator = await startEmulator({ credentials: [] });
    try {
      const temporary = { accessKeyId: 'ASIAFAKE2', secretAccessKey: 'FAKEsecret', sessionToken: 'FAKEtoken' };
      expect((await sendSigned(emulator.url, { credentials: temporary })).status).toBe(403);
      emulator.addCredentials({ ...temporary, expiresAt: new Date(Date.now() + 60_000) });
      expect((await sendSigned(emulator.url, { credentials: temporary })).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it('uses the port it is given', async () => {
    const probe = await startEmulator();
    const port = probe.port;
    await probe.close();
    const emulator = await startEmulator({ port });
    try {
      expect(emulator.port).toBe(port);
    } finally {
      await emulator.close();
    }
  });

  it('close() drops open keep-alive sockets, is idempotent, and frees the port', async () => {
    const emulator = await startEmulator();
    const socket = connect(emulator.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await Promise.all([emulator.close(), emulator.close()]);
    await emulator.close();
    await closed;
    await expect(send(emulator.url, { method: 'GET', path: '/' })).rejects.toThrow(/ECONNREFUSED/);
  });
});
