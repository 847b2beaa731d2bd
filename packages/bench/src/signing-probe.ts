import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback cluster for the start-up and bundle rows: answers 200 `{}` to anything, and counts
 * the requests that arrived SigV4-signed for `accessKeyId`, so a row can prove each child signed
 * rather than only got an answer.
 */
export async function startSigningProbe(accessKeyId: string): Promise<{ url: string; requests(): number; signed(): number; close(): Promise<void> }> {
  let requests = 0;
  let signed = 0;
  const prefix = `AWS4-HMAC-SHA256 Credential=${accessKeyId}/`;
  const server = createServer((req, res) => {
    requests += 1;
    if (req.headers.authorization?.startsWith(prefix) && typeof req.headers['x-amz-date'] === 'string') signed += 1;
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    signed: () => signed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
