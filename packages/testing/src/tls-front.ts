import { connect, type AddressInfo, type Socket } from 'node:net';
import { createServer } from 'node:tls';

/** A running {@link startTlsFront}. */
export interface TlsFront {
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  /** The port it listens on, on 127.0.0.1. */
  readonly port: number;
  /** Stop listening and drop open connections. Idempotent. */
  close(): Promise<void>;
}

/**
 * Terminates TLS on 127.0.0.1 with the given certificate and passes the bytes on to
 * `target` (an emulator's `http://127.0.0.1:<port>`): the local end of an SSH tunnel or a
 * port-forward to a cluster whose certificate names its real domain.
 *
 * @example
 * ```ts
 * import { startEmulator, startTlsFront } from '@osauth/testing';
 *
 * // A certificate (and its key) for the domain the cluster is known by, e.g. from a test CA.
 * declare const cert: string, key: string;
 * const emulator = await startEmulator({ service: 'es', region: 'us-east-1' });
 * const front = await startTlsFront(emulator.url, { cert, key });
 * // node: front.url, auth.signingHost: the domain the certificate names, client.ssl.ca: its CA
 * ```
 */
export async function startTlsFront(target: string, credentials: { readonly cert: string | Buffer; readonly key: string | Buffer }): Promise<TlsFront> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const server = createServer({ cert: credentials.cert, key: credentials.key }, (secure) => {
    const plain = connect({ host: upstream.hostname, port: Number(upstream.port) });
    sockets.add(plain);
    plain.on('close', () => sockets.delete(plain));
    secure.pipe(plain).pipe(secure);
    plain.on('error', () => secure.destroy());
    secure.on('error', () => plain.destroy());
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A client that rejects the certificate makes the handshake fail here: not the front's concern.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
