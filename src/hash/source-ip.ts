/**
 * The `connection_properties.source_ip` hash: XXH64 of the downstream address's IP as Envoy prints
 * it (`Address::Ip::addressAsString()`: dotted quad for IPv4, canonical `inet_ntop` text without
 * brackets, port or zone for IPv6).
 *
 * @module
 */
import type { U64 } from '../common/u64.js';
import { canonicalIpv6 } from '../host/address.js';
import { xxHash64Bytes, xxHash64StringInto } from './xxhash64.js';

// One-entry cache for IPv6, whose canonical form costs a parse: a connection's requests repeat the
// same address.
let lastV6Input = '';
let lastV6Valid = false;
const lastV6Hash = new Uint32Array(2);

/**
 * Writes XXH64 of the IP part of `address` into `out` and returns true, or returns false when the
 * address is not an IP address (Envoy then produces no hash, as for a pipe address).
 *
 * Accepted forms: `1.2.3.4`, `1.2.3.4:80`, `[::1]:80`, `[::1]`, `::1`, and IPv6 with a zone
 * (`fe80::1%eth0`, hashed as `fe80::1`). IPv4 must be a dotted quad of decimal octets without
 * leading zeros (what `inet_pton` accepts); IPv6 is canonicalized (`2001:DB8:0::1` hashes as
 * `2001:db8::1`). A port must be decimal in [0, 65535]. Anything else (`/tmp/socket`, a host name,
 * an empty string) is not an IP address.
 *
 * IPv4 input allocates nothing; IPv6 input allocates for its canonical form unless it repeats the
 * previous IPv6 address.
 */
export function sourceIpHashInto(address: string, out: U64): boolean {
  const n = address.length;
  if (n === 0) return false;
  if (address.charCodeAt(0) === 0x5b) {
    const close = address.indexOf(']');
    if (close < 0) return false;
    if (close + 1 !== n && !(address.charCodeAt(close + 1) === 0x3a && isPort(address, close + 2, n))) return false;
    return ipv6HashInto(address, 1, close, out);
  }
  const colon = address.indexOf(':');
  if (colon < 0) return ipv4HashInto(address, n, out);
  if (address.indexOf(':', colon + 1) < 0) return isPort(address, colon + 1, n) && ipv4HashInto(address, colon, out);
  return ipv6HashInto(address, 0, n, out);
}

function ipv6HashInto(address: string, start: number, end: number, out: U64): boolean {
  if (address === lastV6Input) {
    if (!lastV6Valid) return false;
    out.hi = lastV6Hash[0];
    out.lo = lastV6Hash[1];
    return true;
  }
  let text = address.slice(start, end);
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const canonical = canonicalIpv6(text);
  lastV6Input = address;
  lastV6Valid = canonical !== null;
  if (canonical === null) return false;
  xxHash64StringInto(canonical, 0, 0, out);
  lastV6Hash[0] = out.hi;
  lastV6Hash[1] = out.lo;
  return true;
}

// The IPv4 text, copied while it is validated: hashing these bytes needs no slice of the input.
const ipv4Bytes = new Uint8Array(15);

/**
 * Hashes `text[0, end)` when it is a dotted-quad IPv4 literal (four decimal octets <= 255, no
 * leading zeros), else returns false.
 */
function ipv4HashInto(text: string, end: number, out: U64): boolean {
  if (end > 15) return false;
  const bytes = ipv4Bytes;
  let parts = 0;
  let i = 0;
  while (parts < 4) {
    const first = i;
    let value = 0;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      bytes[i] = c;
      value = value * 10 + (c - 0x30);
      i++;
    }
    const digits = i - first;
    if (digits === 0 || digits > 3 || value > 255) return false;
    if (digits > 1 && bytes[first] === 0x30) return false;
    parts++;
    if (parts < 4) {
      if (i >= end || text.charCodeAt(i) !== 0x2e) return false;
      bytes[i] = 0x2e;
      i++;
    }
  }
  if (i !== end) return false;
  xxHash64Bytes(bytes, 0, end, 0, 0, out);
  return true;
}

/** A decimal port in [0, 65535] in `text[start, end)`. */
function isPort(text: string, start: number, end: number): boolean {
  const digits = end - start;
  if (digits < 1 || digits > 5) return false;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
    value = value * 10 + (c - 0x30);
  }
  return value <= 65_535;
}
