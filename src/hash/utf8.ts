/**
 * A reusable UTF-8 encoding buffer for the string entry points of the hash functions.
 *
 * Envoy hashes the raw bytes of header values, cookies and addresses, and a JavaScript caller has
 * strings. The hash functions hash an ASCII string straight from its char codes. Any other string
 * is encoded here first. `TextEncoder.encode` allocates a new array per call, so the bytes go into
 * one module-level buffer that grows as needed. ASCII text is written by hand, and `encodeInto`
 * (which allocates only its small `{read, written}` result) handles the rest.
 *
 * The buffer is shared, so its contents are valid only until the next call. Nothing yields to other
 * code between encoding and hashing.
 */

/** The encoded bytes of the last {@link encodeUtf8Scratch} call. */
export interface Utf8Scratch {
  /** The bytes; only the first `n` (the length the encoder returned) are meaningful. */
  readonly bytes: Uint8Array;
}

// Larger scratch buffers are not kept: one long key must not pin its memory for the process
// lifetime. Bigger strings get a temporary buffer for that call.
const RETAINED_LIMIT = 64 * 1024;
const INITIAL_SIZE = 256;

let retainedBytes = new Uint8Array(INITIAL_SIZE);
const scratch: { bytes: Uint8Array } = { bytes: retainedBytes };

/**
 * The shared buffer that {@link encodeUtf8Scratch} fills. Read `bytes` after each call: it is
 * replaced when the buffer grows.
 */
export const utf8Scratch: Utf8Scratch = scratch;

let encoder: InstanceType<typeof TextEncoder> | undefined;

/** Points `scratch` at a buffer of at least `capacity` bytes. */
function reserve(capacity: number): Uint8Array {
  if (capacity <= retainedBytes.length) {
    scratch.bytes = retainedBytes;
    return retainedBytes;
  }
  if (capacity <= RETAINED_LIMIT) {
    let size = retainedBytes.length * 2;
    while (size < capacity) size *= 2;
    retainedBytes = new Uint8Array(size);
    scratch.bytes = retainedBytes;
    return retainedBytes;
  }
  const temporary = new Uint8Array(capacity);
  scratch.bytes = temporary;
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
  // UTF-16 to UTF-8 expands at most 3x: a BMP character is 1 unit and up to 3 bytes, and a
  // surrogate pair is 2 units and 4 bytes. With that capacity encodeInto encodes the whole string.
  bytes = reserve(n * 3);
  encoder ??= new TextEncoder();
  return encoder.encodeInto(text, bytes).written;
}
