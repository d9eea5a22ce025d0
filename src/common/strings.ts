/**
 * String ordering as Envoy orders `std::string`: by bytes of the UTF-8 encoding. For UTF-16
 * JavaScript strings that equals code point order, which differs from the `<` operator only when
 * a surrogate pair meets a BMP character at or above U+E000.
 */

/** Compares two strings by their UTF-8 bytes: negative, zero or positive. */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (0xD800-0xDFFF) stands for a code point above 0xFFFF, so it sorts after every
    // BMP character; otherwise code unit order is code point order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
