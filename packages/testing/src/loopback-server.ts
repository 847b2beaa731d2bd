import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A listening server on 127.0.0.1. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`, no trailing slash: what `node` takes. */
  readonly url: string;
  /** The port it listens on (picked by the system unless asked for one). */
  readonly port: number;
  /** Stops listening and destroys open connections (keep-alive included). Idempotent. */
  readonly close: () => Promise<void>;
}

/**
 * Listens on 127.0.0.1 and hands each request to `handle` once its body has been read
 * whole. What every emulator shares: body collection, socket tracking, a clean close.
 */
export async function listenOnLoopback(handle: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void, port = 0): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, Buffer.concat(chunks), res));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      })),
  };
}
