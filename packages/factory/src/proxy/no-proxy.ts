import { isIP } from 'node:net';

/**
 * Whether `NO_PROXY` exempts `hostname` (and `port`) from the proxy, by curl's rules: a
 * comma-separated list; `*` exempts every host; a name exempts itself and its subdomains
 * (`example.com` and `.example.com` both exempt `search.example.com`); an IP address
 * exempts itself, a CIDR block (`10.0.0.0/8`, `fd00::/8`) the addresses in it. An entry
 * with `:port` exempts only that port.
 */
export function isExemptFromProxy(noProxy: string | undefined, hostname: string, port: string): boolean {
  if (noProxy === undefined) return false;
  const host = bare(hostname.toLowerCase());
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const { name, entryPort } = splitPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    if (name.includes('/')) {
      if (inCidr(host, name)) return true;
      continue;
    }
    const domain = bare(name).replace(/^\.+/, '').replace(/\.$/, '');
    if (domain === '') continue;
    if (host === domain || (isIP(host) === 0 && host.endsWith(`.${domain}`))) return true;
  }
  return false;
}

function bare(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** `host:port` or `[v6]:port` into its parts; a bare IPv6 address has no port. */
function splitPort(entry: string): { name: string; entryPort?: string } {
  const bracketed = /^(\[[^\]]+\])(?::(\d+))?$/.exec(entry);
  if (bracketed) return bracketed[2] === undefined ? { name: bracketed[1] as string } : { name: bracketed[1] as string, entryPort: bracketed[2] };
  const colon = entry.lastIndexOf(':');
  if (colon === -1 || entry.indexOf(':') !== colon) return { name: entry };
  const port = entry.slice(colon + 1);
  return /^\d+$/.test(port) ? { name: entry.slice(0, colon), entryPort: port } : { name: entry };
}

function inCidr(host: string, cidr: string): boolean {
  const [base = '', bitsText = ''] = cidr.split('/');
  const family = isIP(bare(base));
  if (family === 0 || isIP(host) !== family || !/^\d+$/.test(bitsText)) return false;
  const bits = Number(bitsText);
  const a = addressBits(host, family);
  const b = addressBits(bare(base), family);
  if (a === undefined || b === undefined || bits > a.length) return false;
  for (let i = 0; i < bits; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** The address as a string of `0`/`1`, most significant first. */
function addressBits(address: string, family: number): string | undefined {
  if (family === 4)
    return address
      .split('.')
      .map((part) => Number(part).toString(2).padStart(8, '0'))
      .join('');
  const [head = '', tail] = address.split('::');
  const groups = (text: string): string[] => (text === '' ? [] : text.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  if (right.some((group) => group.includes('.')) || left.some((group) => group.includes('.'))) return undefined;
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const all = [...left, ...Array<string>(missing).fill('0'), ...right];
  return all.map((group) => parseInt(group, 16).toString(2).padStart(16, '0')).join('');
}
