// A minimal static file server for the built docs site, bound to the loopback address on a
// free port, so the browser and link tests load the site the way a static host serves it.
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { startLoopback } from '@osauth/testing';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticSiteServer {
  /** `http://127.0.0.1:<port>/`, always with the trailing slash. */
  readonly origin: string;
  /** Every request path the server answered 404, in order (for diagnostics). */
  readonly notFound: readonly string[];
  close(): Promise<void>;
}

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Maps a URL path to a file under root, or undefined when it would escape root. */
function fileFor(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const file = path.resolve(root, `.${path.posix.normalize(decoded)}`);
  return file === root || file.startsWith(root + path.sep) ? file : undefined;
}

/** Resolves a directory to its index.html, as static hosts (GitHub Pages) do. */
async function existingFile(file: string): Promise<string | undefined> {
  const stat = await fs.stat(file).catch(() => undefined);
  if (stat?.isFile()) return file;
  if (stat?.isDirectory()) return existingFile(path.join(file, 'index.html'));
  return undefined;
}

export async function startStaticSiteServer(rootDir: string): Promise<StaticSiteServer> {
  const root = path.resolve(rootDir);
  const notFound: string[] = [];
  // @osauth/testing's loopback server: 127.0.0.1, a free port, and a close() that also drops
  // the browser's keep-alive sockets.
  const server = await startLoopback((req, _body, res) => {
    const urlPath = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const candidate = fileFor(root, urlPath);
    void (candidate === undefined ? Promise.resolve(undefined) : existingFile(candidate)).then((file) => {
      if (file === undefined) {
        notFound.push(urlPath);
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`404 Not Found: ${urlPath}\n`);
        return;
      }
      res.writeHead(200, { 'content-type': contentTypeOf(file), 'cache-control': 'no-store' });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
    });
  });
  return { origin: `${server.url}/`, notFound, close: server.close };
}
