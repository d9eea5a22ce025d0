/**
 * Small allocation-free text helpers for the hash policies: hashing a slice of a string without
 * creating the slice, and ASCII case-insensitive header-name comparison.
 *
 * @module
 */
import type { U64 } from '../common/u64.js';
import { xxHash64Bytes, xxHash64StringInto } from './xxhash64.js';

// Slices up to this many characters are copied into a retained buffer; longer ones are sliced.
const RETAINED_LIMIT = 16 * 1024;
let rangeBytes = new Uint8Array(256);

/**
 * XXH64 (seed 0) of `text.slice(start, end)` as UTF-8, written into `out`, without creating the
 * slice when the range is ASCII. Envoy hashes `string_view`s into the request (a cookie value, a
 * query parameter, the IP part of an address); this is the same, in JavaScript.
 *
 * `start`/`end` must not split a surrogate pair (callers cut at ASCII delimiters).
 */
export function xxHash64RangeInto(text: string, start: number, end: number, out: U64): U64 {
  if (start === 0 && end === text.length) return xxHash64StringInto(text, 0, 0, out);
  const len = end - start;
  if (len > RETAINED_LIMIT) return xxHash64StringInto(text.slice(start, end), 0, 0, out);
  if (len > rangeBytes.length) {
    let size = rangeBytes.length * 2;
    while (size < len) size *= 2;
    rangeBytes = new Uint8Array(size);
  }
  const bytes = rangeBytes;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(start + i);
    if (c >= 0x80) return xxHash64StringInto(text.slice(start, end), 0, 0, out);
    bytes[i] = c;
  }
  return xxHash64Bytes(bytes, 0, len, 0, 0, out);
}

/**
 * True when `name` equals `lower` ignoring ASCII case. `lower` is already lower-cased (Envoy's
 * `LowerCaseString` lowers ASCII letters only).
 */
export function equalsLowerAscii(name: string, lower: string): boolean {
  const n = lower.length;
  if (name.length !== n) return false;
  for (let i = 0; i < n; i++) {
    let c = name.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** Envoy's `absl::AsciiStrToLower`: lowers A-Z only. */
export function asciiLower(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : text;
}

/** True when `text` contains NUL, CR or LF (Envoy's non-strict `HTTP_HEADER_NAME/VALUE` rule). */
export function hasNulCrLf(text: string): boolean {
  return /[\0\r\n]/.test(text);
}
