// Peak memory while osauth authorizes a 50 MB NDJSON body (a Buffer, or a string as
// opensearch-js's bulk serializer produces), in a fresh plain-Node process: the OS's peak
// RSS (maxRSS) before and after the call, relative to the body size.
'use strict';
const { AwsSigV4Provider } = require('@osauth/aws');

const kind = process.argv[2] === 'string' ? 'string' : 'buffer';
const size = Number(process.argv[3]) || 50 * 1024 * 1024;
const HOST = 'abc123.us-east-1.aoss.amazonaws.com';
const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

async function main() {
  const provider = new AwsSigV4Provider({ provider: 'aws', credentials: KEYS }, { nodes: [new URL(`https://${HOST}`)], configPath: 'auth' });
  await provider.prepare();
  // Built from 1 MB pieces so building it never peaks far above its own size.
  const line = `${JSON.stringify({ index: { _index: 'logs' } })}\n${JSON.stringify({ level: 'info', message: 'x'.repeat(200) })}\n`;
  const piece = line.repeat(Math.ceil((1024 * 1024) / line.length));
  const parts = [];
  for (let n = 0; n < size; n += piece.length) parts.push(piece);
  let body = parts.join('').slice(0, size);
  if (kind === 'buffer') body = Buffer.from(body);
  parts.length = 0;
  globalThis.gc();
  globalThis.gc();
  const rss = process.memoryUsage().rss;
  const peakBefore = Math.max(rss, process.resourceUsage().maxRSS * 1024);
  await provider.authorize({ method: 'POST', protocol: 'https:', hostname: HOST, path: '/_bulk', query: '', headers: { 'content-type': 'application/x-ndjson' }, body });
  const peakAfter = process.resourceUsage().maxRSS * 1024;
  const extra = Math.max(0, peakAfter - peakBefore);
  process.stdout.write(`${JSON.stringify({ kind, bodyBytes: size, extraPeakRssBytes: extra, extraAsShareOfBody: extra / size })}\n`);
}

void main();
