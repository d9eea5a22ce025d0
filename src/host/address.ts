/**
 * Endpoint addresses as Envoy prints them (`Address::Instance::asString()`): `a.b.c.d:port` for
 * IPv4 and `[v6]:port` for IPv6 in the canonical `inet_ntop` form. Names that are not IP literals
 * (STRICT_DNS / LOGICAL_DNS endpoints) are kept as written: the library does no DNS resolution.
 */
import { UpstreamLbError } from '../errors.js';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** True when `text` is a dotted-quad IPv4 literal. */
export function isIpv4(text: string): boolean {
  const m = IPV4.exec(text);
  return m !== null && m.slice(1).every((p) => Number(p) <= 255 && (p.length === 1 || p[0] !== '0'));
}

/** Parses an IPv6 literal into 8 groups, or null. */
function parseIpv6(text: string): number[] | null {
  let s = text;
  const lastColon = s.lastIndexOf(':');
  if (lastColon < 0) return null;
  const maybeV4 = s.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    // A dotted IPv4 tail stands for the last two groups.
    if (!isIpv4(maybeV4)) return null;
    const p = maybeV4.split('.').map(Number);
    s = `${s.slice(0, lastColon + 1)}${((p[0] << 8) | p[1]).toString(16)}:${((p[2] << 8) | p[3]).toString(16)}`;
  }
  const parts = s.split('::');
  if (parts.length > 2) return null;
  const parseGroups = (t: string): number[] | null => {
    if (t === '') return [];
    const out: number[] = [];
    for (const g of t.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parseGroups(parts[0]);
  if (head === null) return null;
  if (parts.length === 1) return head.length === 8 ? head : null;
  const rest = parseGroups(parts[1]);
  if (rest === null) return null;
  const zeros = 8 - head.length - rest.length;
  if (zeros < 1) return null;
  return [...head, ...new Array<number>(zeros).fill(0), ...rest];
}

/** Canonical IPv6 text as glibc `inet_ntop` writes it, or null when `text` is not IPv6. */
export function canonicalIpv6(text: string): string | null {
  const g = parseIpv6(text);
  if (g === null) return null;
  // IPv4-mapped and IPv4-compatible forms keep a dotted tail, as inet_ntop does.
  const v4 = (i: number) => `${g[i] >> 8}.${g[i] & 255}.${g[i + 1] >> 8}.${g[i + 1] & 255}`;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return `::ffff:${v4(6)}`;
  if (g.slice(0, 6).every((x) => x === 0) && g[6] !== 0) return `::${v4(6)}`;
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestStart = -1;
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(g);
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`;
}

/**
 * Formats a socket address as Envoy's `asString()`.
 * @throws UpstreamLbError for an empty address or a port outside [0, 65535]
 */
export function formatSocketAddress(address: string, port: number, path = 'socket_address'): string {
  if (typeof address !== 'string' || address.length === 0) {
    throw new UpstreamLbError(`${path}.address`, address, 'must be a non-empty string');
  }
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UpstreamLbError(`${path}.port_value`, port, 'must be an integer in [0, 65535]');
  }
  if (address.includes(':')) {
    const v6 = canonicalIpv6(address);
    if (v6 === null) throw new UpstreamLbError(`${path}.address`, address, 'must be an IPv4 or IPv6 literal or a hostname');
    return `[${v6}]:${port}`;
  }
  return `${address}:${port}`;
}

/** The IP part of an `ip:port` / `[v6]:port` address (the source IP a hash policy hashes). */
export function ipOf(address: string): string {
  if (address.startsWith('[')) {
    const end = address.indexOf(']');
    return end > 0 ? address.slice(1, end) : address;
  }
  const colon = address.lastIndexOf(':');
  if (colon > 0 && address.indexOf(':') === colon) return address.slice(0, colon);
  return address;
}
