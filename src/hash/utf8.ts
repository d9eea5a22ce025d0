/**
 * A reusable UTF-8 encoding buffer for the string entry points of the hash functions.
 *
 * Envoy hashes the raw bytes of header values, cookies and addresses. A JavaScript caller has
 * strings, so every string hash first needs the UTF-8 bytes. `TextEncoder.encode` allocates a new
 * array per call, and `encodeInto` allocates its `{read, written}` result, so the hot path writes
 * ASCII (almost every header value and address) by hand into one module-level buffer. Only
 * strings with a code unit at or above U+0080 go through `encodeInto`.
 *
 * The buffer is shared, so its contents are valid only until the next call. Nothing here yields
 * to other code between encoding and hashing.
 */

/** The encoded bytes of the last {@link encodeUtf8Scratch} call, with a little-endian reader. */
export interface Utf8Scratch {
  /** The bytes; only the first `n` (the length the encoder returned) are meaningful. */
  readonly bytes: Uint8Array;
  /** A view of `bytes.buffer`, so the hash cores can read 32-bit words in one load. */
  readonly view: DataView;
}

// Larger scratch buffers are not kept: one long key must not pin its memory for the process
// lifetime. Bigger strings get a temporary buffer for that call.
const RETAINED_LIMIT = 64 * 1024;
const INITIAL_SIZE = 256;

let retainedBytes = new Uint8Array(INITIAL_SIZE);
let retainedView = new DataView(retainedBytes.buffer);
const scratch: { bytes: Uint8Array; view: DataView } = { bytes: retainedBytes, view: retainedView };

/**
 * The shared buffer that {@link encodeUtf8Scratch} fills. Read `bytes` or `view` after each call:
 * both can be replaced when the buffer grows.
 */
export const utf8Scratch: Utf8Scratch = scratch;

let encoder: InstanceType<typeof TextEncoder> | undefined;

/** Points `scratch` at a buffer of at least `capacity` bytes. */
function reserve(capacity: number): Uint8Array {
  if (capacity <= retainedBytes.length) {
    if (scratch.bytes !== retainedBytes) {
      scratch.bytes = retainedBytes;
      scratch.view = retainedView;
    }
    return retainedBytes;
  }
  if (capacity <= RETAINED_LIMIT) {
    let size = retainedBytes.length * 2;
    while (size < capacity) size *= 2;
    retainedBytes = new Uint8Array(size);
    retainedView = new DataView(retainedBytes.buffer);
    scratch.bytes = retainedBytes;
    scratch.view = retainedView;
    return retainedBytes;
  }
  const temporary = new Uint8Array(capacity);
  scratch.bytes = temporary;
  scratch.view = new DataView(temporary.buffer);
  return temporary;
}

/**
 * Encodes `text` as UTF-8 into {@link utf8Scratch} and returns the number of bytes written.
 *
 * The result is the same as `new TextEncoder().encode(text)`, so a lone surrogate becomes
 * U+FFFD (`EF BF BD`). A string of ASCII characters only causes no allocation as long as it
 * fits the retained buffer (64 KiB).
 */
export function encodeUtf8Scratch(text: string): number {
  const n = text.length;
  let bytes = reserve(n);
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) break;
    bytes[i] = c;
  }
  if (i === n) return n;
  // UTF-16 to UTF-8 expands at most 3x: a BMP character is 1 unit and up to 3 bytes, and a surrogate
  // pair is 2 units and 4 bytes. With that capacity encodeInto always encodes the whole string.
  bytes = reserve(n * 3);
  encoder ??= new TextEncoder();
  return encoder.encodeInto(text, bytes).written;
}
