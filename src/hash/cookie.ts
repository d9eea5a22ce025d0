/**
 * Cookies for the cookie hash policy: reading a cookie from the request's `Cookie` headers as
 * Envoy does (`Http::Utility::parseCookieValue`), and generating the affinity cookie a proxy sets
 * when the client has none (`generateCookie` in
 * source/extensions/load_balancing_policies/common/thread_aware_lb_impl.cc, and the router's
 * `Filter::addDownstreamSetCookie` in source/common/router/router.h, which use the same recipe).
 *
 * @module
 */
import type { U64 } from '../common/u64.js';
import { UpstreamLbError } from '../errors.js';
import { canonicalIpv6 } from '../host/address.js';
import { xxHash64StringInto } from './xxhash64.js';

/**
 * An extra attribute of a generated cookie (`RouteAction.HashPolicy.CookieAttribute`): written as
 * `; name=value`, or `; name` when `value` is empty.
 */
export interface CookieAttribute {
  /** The attribute name, e.g. `SameSite`. */
  readonly name: string;
  /** The attribute value, e.g. `Strict`; empty for a flag such as `Secure`. */
  readonly value: string;
}

/**
 * Asked by a cookie hash policy whose cookie is absent and that has a `ttl`: the proxy sets the
 * cookie on the response and returns its value, which is then hashed. Returning `''` means "no
 * cookie", and the policy produces no hash (as in Envoy when the connection has no addresses).
 *
 * @param name the cookie name (`cookie.name`)
 * @param path the cookie path (`cookie.path`, `''` for none)
 * @param ttlMs the lifetime in milliseconds, a whole number of seconds as Envoy keeps only
 *   `ttl.seconds`; 0 means a session cookie
 * @param attributes `cookie.attributes`, in config order
 * @returns the cookie value, or `''`
 */
export type AddCookieCallback = (
  name: string,
  path: string,
  ttlMs: number,
  attributes: readonly CookieAttribute[],
) => string;

/** A half-open range `[start, end)` inside a string, reused to avoid allocation. */
export interface TextRange {
  /** First character index. */
  start: number;
  /** One past the last character index. */
  end: number;
}

/**
 * Finds cookie `name` in one `Cookie` header value, as Envoy's `forEachCookie` + `parseCookie`:
 * the value is split at `;` (empty pieces skipped); a piece without `=` is skipped; the name runs
 * from the first non-space character to the first `=` (so `" a =1"` names `"a "`); the value is
 * everything after that `=`, trailing spaces included, with one pair of surrounding double
 * quotes removed when the value is at least two characters long and starts and ends with `"`.
 * Names compare exactly (case-sensitive).
 *
 * @returns true when the cookie is present (its value, possibly empty, is `range`); Envoy stops at
 *   the first cookie with that name even when its value is empty
 */
export function findCookie(header: string, name: string, range: TextRange): boolean {
  const n = header.length;
  let pos = 0;
  while (pos < n) {
    let end = header.indexOf(';', pos);
    if (end < 0) end = n;
    if (end > pos) {
      let eq = -1;
      let first = -1;
      for (let i = pos; i < end; i++) {
        const c = header.charCodeAt(i);
        if (first < 0 && c !== 0x20) first = i;
        if (c === 0x3d) {
          eq = i;
          break;
        }
      }
      if (eq >= 0 && eq - first === name.length && header.startsWith(name, first)) {
        let vs = eq + 1;
        let ve = end;
        if (ve - vs >= 2 && header.charCodeAt(vs) === 0x22 && header.charCodeAt(ve - 1) === 0x22) {
          vs++;
          ve--;
        }
        range.start = vs;
        range.end = ve;
        return true;
      }
    }
    pos = end + 1;
  }
  return false;
}

/**
 * Envoy's `Address::Instance::asString()` form of an address given as `ip:port`, `[v6]:port` or
 * any other text: the IPv6 part is put in canonical `inet_ntop` form (`[2001:DB8::0001]:80` →
 * `[2001:db8::1]:80`); everything else is returned as written.
 */
export function envoyAddressString(address: string): string {
  if (address.charCodeAt(0) !== 0x5b) return address;
  const close = address.indexOf(']');
  if (close < 0) return address;
  const v6 = canonicalIpv6(address.slice(1, close));
  return v6 === null ? address : `[${v6}]${address.slice(close + 1)}`;
}

const hexOut: U64 = { hi: 0, lo: 0 };

/**
 * The value Envoy gives a generated affinity cookie: `Hex::uint64ToHex(HashUtil::xxHash64(remote
 * + local))`, 16 lowercase hex digits, where `remote` and `local` are the downstream connection's
 * addresses as `asString()` prints them (`1.2.3.4:5678`, `[::1]:443`). Every stream of one
 * connection gets the same cookie; a new connection from the same client usually gets another
 * (the client port differs).
 *
 * @param remoteAddress the client's address, `ip:port` or `[v6]:port`
 * @param localAddress the proxy's address the client connected to, same form
 * @returns 16 lowercase hex digits
 * @example generateCookieValue('1.2.3.4:5678', '5.6.7.8:80') // 16 hex digits
 */
export function generateCookieValue(remoteAddress: string, localAddress: string): string {
  xxHash64StringInto(envoyAddressString(remoteAddress) + envoyAddressString(localAddress), 0, 0, hexOut);
  return hex8(hexOut.hi) + hex8(hexOut.lo);
}

function hex8(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}

/**
 * The `Set-Cookie` header value Envoy emits for a generated cookie
 * (`Http::Utility::makeSetCookieValue(name, value, path, max_age, httponly = true, attributes)`):
 *
 * `name="value"` then `; Max-Age=<seconds>` unless the whole-second lifetime is 0 (a session
 * cookie), then `; Path=<path>` unless `path` is empty, then each attribute as `; name=value` (or
 * `; name` when its value is empty) in order, then `; HttpOnly`. The value is always quoted.
 *
 * @param name the cookie name
 * @param value the cookie value (from {@link generateCookieValue})
 * @param path the cookie path, `''` for none
 * @param ttlMs the lifetime in milliseconds; Envoy writes whole seconds (truncated)
 * @param attributes extra attributes, in order
 * @example formatSetCookie('session', 'abc', '/', 3_600_000, [{ name: 'SameSite', value: 'Lax' }])
 *   // 'session="abc"; Max-Age=3600; Path=/; SameSite=Lax; HttpOnly'
 * @throws UpstreamLbError when `ttlMs` is not a finite number
 */
export function formatSetCookie(
  name: string,
  value: string,
  path: string,
  ttlMs: number,
  attributes: readonly CookieAttribute[] = [],
): string {
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs)) {
    throw new UpstreamLbError('ttlMs', ttlMs, 'must be a finite number of milliseconds');
  }
  let s = `${name}="${value}"`;
  const seconds = Math.trunc(ttlMs / 1000);
  if (seconds !== 0) s += `; Max-Age=${seconds}`;
  if (path !== '') s += `; Path=${path}`;
  for (const a of attributes) s += a.value === '' ? `; ${a.name}` : `; ${a.name}=${a.value}`;
  return `${s}; HttpOnly`;
}

/**
 * An {@link AddCookieCallback} that does what Envoy does for a missing affinity cookie
 * (`generateCookie`): with both connection addresses known, it computes
 * {@link generateCookieValue}, hands the `Set-Cookie` header value ({@link formatSetCookie}) to
 * `emit` for the response, and returns the cookie value; without both addresses it returns `''`
 * (no cookie, no hash).
 *
 * @param connection the downstream connection: `sourceAddress` (client) and `localAddress`
 *   (proxy), as `ip:port` / `[v6]:port`
 * @param emit receives each `Set-Cookie` header value to add to the response
 * @example
 * const headers: string[] = [];
 * policy.hash(request, createAddCookie(request, (h) => headers.push(h)));
 */
export function createAddCookie(
  connection: { readonly sourceAddress?: string | null; readonly localAddress?: string | null },
  emit: (setCookie: string) => void,
): AddCookieCallback {
  return (name, path, ttlMs, attributes) => {
    const remote = connection.sourceAddress;
    const local = connection.localAddress;
    if (!remote || !local) return '';
    const value = generateCookieValue(remote, local);
    emit(formatSetCookie(name, value, path, ttlMs, attributes));
    return value;
  };
}
