/**
 * Query parameters as the `query_parameter` hash policy reads them: Envoy's
 * `Http::Utility::QueryParamsMulti::parseQueryString(path).getFirstValue(name)`
 * (source/common/http/utility.cc).
 *
 * `parseQueryString` calls `parseParameters(url, start, decode_params = false)`: values are NOT
 * percent-decoded (`?id=a%20b` hashes `a%20b`, and `+` stays `+`). Only the `parseAndDecode...`
 * variants decode, and the hash policy does not use them.
 *
 * @module
 */
import type { TextRange } from './cookie.js';

/**
 * Finds the first value of query parameter `name` in a `:path` value, as Envoy parses it:
 *
 * - the query starts after the first `?` (no `?`: no parameters); there is no fragment handling,
 *   so a `#` is part of the value;
 * - parameters are split at `&`; in each, the name runs to the first `=` and the value is the rest
 *   (`a=b=c` is `a` → `b=c`); a parameter without `=` has the value `''`;
 * - names compare exactly (case-sensitive, not decoded); the first occurrence wins.
 *
 * @returns true when present, with the value's range (possibly empty) in `range`
 */
export function findQueryParameter(path: string, name: string, range: TextRange): boolean {
  const q = path.indexOf('?');
  if (q < 0) return false;
  const n = path.length;
  let start = q + 1;
  while (start < n) {
    let end = path.indexOf('&', start);
    if (end < 0) end = n;
    let eq = -1;
    for (let i = start; i < end; i++) {
      if (path.charCodeAt(i) === 0x3d) {
        eq = i;
        break;
      }
    }
    const nameEnd = eq < 0 ? end : eq;
    if (nameEnd - start === name.length && path.startsWith(name, start)) {
      range.start = eq < 0 ? end : eq + 1;
      range.end = end;
      return true;
    }
    start = end + 1;
  }
  return false;
}

/**
 * The first value of query parameter `name` in `path` (not percent-decoded), or null when absent:
 * what Envoy's `query_parameter` hash policy hashes.
 *
 * @example queryParameterValue('/search?q=a%20b&q=c', 'q') // 'a%20b'
 */
export function queryParameterValue(path: string, name: string): string | null {
  const range: TextRange = { start: 0, end: 0 };
  return findQueryParameter(path, name, range) ? path.slice(range.start, range.end) : null;
}
