/**
 * The address a request comes from, the key of the per-address rate limits. The socket's peer
 * is the answer unless that peer is a configured proxy; only then is X-Forwarded-For read, from
 * the right, skipping the addresses of trusted proxies, because every entry left of the first
 * untrusted one could have been written by the client:
 * https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Forwarded-For#selecting_an_ip_address
 */
import { BlockList, isIP } from 'node:net';

export type RequestHeaders = Headers | Readonly<Record<string, string | string[] | undefined>>;

export type TrustedProxiesParse = { ok: true; proxies: string[] } | { ok: false; entry: string };

/** Null when the socket has no address (it closed before we asked). */
export function clientIp(
  socketAddress: string | undefined,
  headers: RequestHeaders,
  trustedProxies: readonly string[],
): string | null {
  const peer = socketAddress === undefined ? null : normalizeAddress(socketAddress);
  if (peer === null || trustedProxies.length === 0) return peer;
  const trusted = blockListOf(trustedProxies);
  if (!isTrusted(trusted, peer)) return peer;

  const hops = forwardedFor(headers);
  let nearest = peer;
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = normalizeAddress(hops[index] ?? '');
    // A malformed entry means the chain cannot be followed further: keep the last known hop.
    if (hop === null) return nearest;
    if (!isTrusted(trusted, hop)) return hop;
    nearest = hop;
  }
  return nearest;
}

/**
 * What the per-address limits count a client as: an IPv4 address whole, an IPv6 one by its /64,
 * since a single customer is given at least a /64 and picks any address in it at will
 * (RFC 6177; https://www.ripe.net/publications/docs/ripe-690/ section 4.2). Issue 12.4.
 */
export function rateLimitAddress(ip: string | null): string {
  if (ip === null) return 'unknown';
  const address = ip.replace(/%.*$/, '').toLowerCase();
  if (isIP(address) !== 6) return address;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return groups
      .slice(6)
      .flatMap((group) => [group >> 8, group & 0xff])
      .join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, `::` and a dotted IPv4 tail expanded. */
function ipv6Groups(address: string): number[] {
  const parse = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [Number.parseInt(group, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head = '', tail] = address.split('::');
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/** A comma-separated list of addresses and CIDR ranges, such as "127.0.0.1, 10.0.0.0/8, ::1". */
export function parseTrustedProxies(text: string): TrustedProxiesParse {
  const proxies = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of proxies) {
    if (parseRange(entry) === null) return { ok: false, entry };
  }
  return { ok: true, proxies };
}

function forwardedFor(headers: RequestHeaders): string[] {
  const raw = headers instanceof Headers ? headers.get('x-forwarded-for') : headers['x-forwarded-for'];
  const joined = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  return joined
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** Accepts "1.2.3.4", "1.2.3.4:80", "[::1]:80" and "::ffff:1.2.3.4" (as 1.2.3.4). */
function normalizeAddress(text: string): string | null {
  let address = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed?.[1] !== undefined) address = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  address = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped?.[1] !== undefined) address = mapped[1];
  return isIP(address) === 0 ? null : address;
}

function parseRange(entry: string): { address: string; prefix: number | null } | null {
  const [rawAddress = '', rawPrefix, extra] = entry.split('/');
  const address = normalizeAddress(rawAddress);
  if (address === null || extra !== undefined) return null;
  if (rawPrefix === undefined) return { address, prefix: null };
  const prefix = Number(rawPrefix);
  const maxPrefix = isIP(address) === 4 ? 32 : 128;
  return /^\d+$/.test(rawPrefix) && prefix <= maxPrefix ? { address, prefix } : null;
}

function blockListOf(proxies: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of proxies) {
    const range = parseRange(entry);
    if (range === null) continue;
    const family = isIP(range.address) === 4 ? 'ipv4' : 'ipv6';
    if (range.prefix === null) list.addAddress(range.address, family);
    else list.addSubnet(range.address, range.prefix, family);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
}
