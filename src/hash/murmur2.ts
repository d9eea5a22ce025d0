/**
 * Envoy's `MurmurHash::murmurHash2(key, seed = STD_HASH_SEED)` (source/common/common/hash.{h,cc},
 * named `murmurHash2_64` in older releases). It is a copy of libstdc++'s 64-bit `_Hash_bytes`
 * (the `std::hash<std::string>` of GCC), which is MurmurHash64A with m = 0xc6a4a7935bd1e995 and
 * r = 47:
 *
 * ```text
 * h = seed ^ (len * m)
 * for each 8-byte little-endian word w: h = (h ^ (shift_mix(w * m) * m)) * m
 * if len % 8 != 0: h = (h ^ tail as a little-endian integer) * m
 * h = shift_mix(shift_mix(h) * m)        where shift_mix(v) = v ^ (v >> 47)
 * ```
 *
 * Envoy uses it as the ring hash's `MURMUR_HASH_2` hash function. Newer Envoy byte-swaps the
 * words on big-endian hosts, so the result is defined as the little-endian reading everywhere.
 * That is what this code computes.
 *
 * The representation and the performance choices are the same as in `xxhash64.ts`, which explains
 * them: uint32 halves, inlined multiplies, and a byte core plus an ASCII string core. Non-ASCII
 * strings fall back to the UTF-8 scratch buffer.
 *
 * @module
 */
import type { U64 } from '../common/u64.js';
import { edgeSeedHalves, edgeToBigInt } from './bigint-edge.js';
import { encodeUtf8Scratch, utf8Scratch } from './utf8.js';

/** Envoy's default seed, `MurmurHash::STD_HASH_SEED` = 0xc70f6907 (a `uint64_t`). */
export const MURMUR_HASH2_DEFAULT_SEED = 0xc70f6907n;

/**
 * The low half of {@link MURMUR_HASH2_DEFAULT_SEED}, for the fast paths. Its high half is 0:
 * `murmurHash2StringInto(key, 0, MURMUR_HASH2_DEFAULT_SEED_LO, out)`.
 */
export const MURMUR_HASH2_DEFAULT_SEED_LO = 0xc70f6907;

// m = 0xc6a4a7935bd1e995 appears in the cores as halves (0xc6a4a793, 0x5bd1e995) and as the
// 16-bit limbs of its low half (0x5bd1, 0xe995). shift_mix on halves: v >> 47 is `hi >>> 15` in
// the low half, and zero in the high half.

/** Throws unless `[start, end)` is a valid integer range of an array of length `length`. */
function checkRange(length: number, start: number, end: number): void {
  if (!(start >= 0 && start <= end && end <= length) || start % 1 !== 0 || end % 1 !== 0) {
    throw new RangeError(`hash: invalid byte range [${start}, ${end}) of length ${length}`);
  }
}

/**
 * Envoy's 64-bit MurmurHash2 of `data[start..end)` with the seed `seedHi * 2^32 + seedLo`,
 * written into `out`.
 *
 * This is the allocation-free fast path. The seed halves are taken modulo 2^32. The result halves
 * are uint32 numbers. `data` is only read. Envoy's default seed is
 * `(0, MURMUR_HASH2_DEFAULT_SEED_LO)`.
 *
 * @param data the bytes to hash
 * @param start first byte index (inclusive)
 * @param end last byte index (exclusive); `0 <= start <= end <= data.length`
 * @param seedHi high 32 bits of the seed
 * @param seedLo low 32 bits of the seed
 * @param out receives the hash
 * @returns `out`
 * @throws RangeError when `[start, end)` is not an integer range inside `data`
 */
export function murmurHash2Bytes(
  data: Uint8Array,
  start: number,
  end: number,
  seedHi: number,
  seedLo: number,
  out: U64,
): U64 {
  checkRange(data.length, start, end);
  const len = end - start;
  let p = start;
  let hHi = 0;
  let hLo = 0;
  let kHi = len > 0xffffffff ? Math.floor(len / 4294967296) : 0;
  let kLo = len | 0;
  let a0 = 0;
  let a1 = 0;
  let t = 0;
  let u = 0;
  // h = seed ^ (len * m)
  a0 = kLo & 0xffff;
  a1 = kLo >>> 16;
  t = Math.imul(a1, 0xe995) + (Math.imul(a0, 0xe995) >>> 16);
  u = Math.imul(a0, 0x5bd1) + (t & 0xffff);
  t = Math.imul(a1, 0x5bd1) + (t >>> 16) + Math.imul(kLo, 0xc6a4a793);
  kHi = (t + Math.imul(kHi, 0x5bd1e995) + (u >>> 16)) | 0;
  kLo = Math.imul(kLo, 0x5bd1e995);
  hHi = seedHi ^ kHi;
  hLo = seedLo ^ kLo;
  const alignedEnd = end - (len & 7);
  while (p < alignedEnd) {
    // h = (h ^ (shift_mix(word * m) * m)) * m, with shift_mix(v) = v ^ (v >> 47)
    kHi = data[p + 4] | (data[p + 5] << 8) | (data[p + 6] << 16) | (data[p + 7] << 24);
    kLo = data[p] | (data[p + 1] << 8) | (data[p + 2] << 16) | (data[p + 3] << 24);
    a0 = kLo & 0xffff;
    a1 = kLo >>> 16;
    t = Math.imul(a1, 0xe995) + (Math.imul(a0, 0xe995) >>> 16);
    u = Math.imul(a0, 0x5bd1) + (t & 0xffff);
    t = Math.imul(a1, 0x5bd1) + (t >>> 16) + Math.imul(kLo, 0xc6a4a793);
    kHi = (t + Math.imul(kHi, 0x5bd1e995) + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x5bd1e995);
    kLo ^= kHi >>> 15;
    a0 = kLo & 0xffff;
    a1 = kLo >>> 16;
    t = Math.imul(a1, 0xe995) + (Math.imul(a0, 0xe995) >>> 16);
    u = Math.imul(a0, 0x5bd1) + (t & 0xffff);
    t = Math.imul(a1, 0x5bd1) + (t >>> 16) + Math.imul(kLo, 0xc6a4a793);
    kHi = (t + Math.imul(kHi, 0x5bd1e995) + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x5bd1e995);
    hHi ^= kHi;
    hLo ^= kLo;
    a0 = hLo & 0xffff;
    a1 = hLo >>> 16;
    t = Math.imul(a1, 0xe995) + (Math.imul(a0, 0xe995) >>> 16);
    u = Math.imul(a0, 0x5bd1) + (t & 0xffff);
    t = Math.imul(a1, 0x5bd1) + (t >>> 16) + Math.imul(hLo, 0xc6a4a793);
    hHi = (t + Math.imul(hHi, 0x5bd1e995) + (u >>> 16)) | 0;
    hLo = Math.imul(hLo, 0x5bd1e995);
    p += 8;
  }
  if (p < end) {
    // The 1..7 tail bytes as one little-endian integer (libstdc++ load_bytes);
    // h = (h ^ tail) * m.
    kHi = 0;
    kLo = 0;
    let shift = 0;
    for (; p < end && shift < 32; p++, shift += 8) {
      kLo |= data[p] << shift;
    }
    for (shift = 0; p < end; p++, shift += 8) {
      kHi |= data[p] << shift;
    }
    hHi ^= kHi;
    hLo ^= kLo;
    a0 = hLo & 0xffff;
    a1 = hLo >>> 16;
    t = Math.imul(a1, 0xe995) + (Math.imul(a0, 0xe995) >>> 16);
    u = Math.imul(a0, 0x5bd1) + (t & 0xffff);
    t = Math.imul(a1, 0x5bd1) + (t >>> 16) + Math.imul(hLo, 0xc6a4a793);
    hHi = (t + Math.imul(hHi, 0x5bd1e995) + (u >>> 16)) | 0;
    hLo = Math.imul(hLo, 0x5bd1e995);
  }
  // h = shift_mix(shift_mix(h) * m)
  hLo ^= hHi >>> 15;
  a0 = hLo & 0xffff;
  a1 = hLo >>> 16;
  t = Math.imul(a1, 0xe995) + (Math.imul(a0, 0xe995) >>> 16);
  u = Math.imul(a0, 0x5bd1) + (t & 0xffff);
  t = Math.imul(a1, 0x5bd1) + (t >>> 16) + Math.imul(hLo, 0xc6a4a793);
  hHi = (t + Math.imul(hHi, 0x5bd1e995) + (u >>> 16)) | 0;
  hLo = Math.imul(hLo, 0x5bd1e995);
  hLo ^= hHi >>> 15;
  out.hi = hHi >>> 0;
  out.lo = hLo >>> 0;
  return out;
}

/**
 * The 64-bit MurmurHash2 of `text` when every char code is below 0x80 (the UTF-8 bytes are then the
 * char codes). Returns false, leaving `out` untouched, when the string is not ASCII.
 */
function murmurHash2Ascii(text: string, seedHi: number, seedLo: number, out: U64): boolean {
  const end = text.length;
  const len = end;
  let p = 0;
  // OR of every char code read: above 0x7f means the string is not ASCII.
  let seen = 0;
  let hHi = 0;
  let hLo = 0;
  let kHi = len > 0xffffffff ? Math.floor(len / 4294967296) : 0;
  let kLo = len | 0;
  let a0 = 0;
  let a1 = 0;
  let t = 0;
  let u = 0;
  // h = seed ^ (len * m)
  a0 = kLo & 0xffff;
  a1 = kLo >>> 16;
  t = Math.imul(a1, 0xe995) + (Math.imul(a0, 0xe995) >>> 16);
  u = Math.imul(a0, 0x5bd1) + (t & 0xffff);
  t = Math.imul(a1, 0x5bd1) + (t >>> 16) + Math.imul(kLo, 0xc6a4a793);
  kHi = (t + Math.imul(kHi, 0x5bd1e995) + (u >>> 16)) | 0;
  kLo = Math.imul(kLo, 0x5bd1e995);
  hHi = seedHi ^ kHi;
  hLo = seedLo ^ kLo;
  const alignedEnd = end - (len & 7);
  while (p < alignedEnd && seen < 0x80) {
    // h = (h ^ (shift_mix(word * m) * m)) * m, with shift_mix(v) = v ^ (v >> 47)
    a0 = text.charCodeAt(p + 4);
    a1 = text.charCodeAt(p + 5);
    t = text.charCodeAt(p + 6);
    u = text.charCodeAt(p + 7);
    seen |= a0 | a1 | t | u;
    kHi = a0 | (a1 << 8) | (t << 16) | (u << 24);
    a0 = text.charCodeAt(p);
    a1 = text.charCodeAt(p + 1);
    t = text.charCodeAt(p + 2);
    u = text.charCodeAt(p + 3);
    seen |= a0 | a1 | t | u;
    kLo = a0 | (a1 << 8) | (t << 16) | (u << 24);
    a0 = kLo & 0xffff;
    a1 = kLo >>> 16;
    t = Math.imul(a1, 0xe995) + (Math.imul(a0, 0xe995) >>> 16);
    u = Math.imul(a0, 0x5bd1) + (t & 0xffff);
    t = Math.imul(a1, 0x5bd1) + (t >>> 16) + Math.imul(kLo, 0xc6a4a793);
    kHi = (t + Math.imul(kHi, 0x5bd1e995) + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x5bd1e995);
    kLo ^= kHi >>> 15;
    a0 = kLo & 0xffff;
    a1 = kLo >>> 16;
    t = Math.imul(a1, 0xe995) + (Math.imul(a0, 0xe995) >>> 16);
    u = Math.imul(a0, 0x5bd1) + (t & 0xffff);
    t = Math.imul(a1, 0x5bd1) + (t >>> 16) + Math.imul(kLo, 0xc6a4a793);
    kHi = (t + Math.imul(kHi, 0x5bd1e995) + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x5bd1e995);
    hHi ^= kHi;
    hLo ^= kLo;
    a0 = hLo & 0xffff;
    a1 = hLo >>> 16;
    t = Math.imul(a1, 0xe995) + (Math.imul(a0, 0xe995) >>> 16);
    u = Math.imul(a0, 0x5bd1) + (t & 0xffff);
    t = Math.imul(a1, 0x5bd1) + (t >>> 16) + Math.imul(hLo, 0xc6a4a793);
    hHi = (t + Math.imul(hHi, 0x5bd1e995) + (u >>> 16)) | 0;
    hLo = Math.imul(hLo, 0x5bd1e995);
    p += 8;
  }
  // Not ASCII: stop here, the caller re-hashes the UTF-8 bytes. This bounds the wasted work.
  if (seen > 0x7f) return false;
  if (p < end) {
    // The 1..7 tail bytes as one little-endian integer (libstdc++ load_bytes);
    // h = (h ^ tail) * m.
    kHi = 0;
    kLo = 0;
    let shift = 0;
    for (; p < end && shift < 32; p++, shift += 8) {
      t = text.charCodeAt(p);
      seen |= t;
      kLo |= t << shift;
    }
    for (shift = 0; p < end; p++, shift += 8) {
      t = text.charCodeAt(p);
      seen |= t;
      kHi |= t << shift;
    }
    hHi ^= kHi;
    hLo ^= kLo;
    a0 = hLo & 0xffff;
    a1 = hLo >>> 16;
    t = Math.imul(a1, 0xe995) + (Math.imul(a0, 0xe995) >>> 16);
    u = Math.imul(a0, 0x5bd1) + (t & 0xffff);
    t = Math.imul(a1, 0x5bd1) + (t >>> 16) + Math.imul(hLo, 0xc6a4a793);
    hHi = (t + Math.imul(hHi, 0x5bd1e995) + (u >>> 16)) | 0;
    hLo = Math.imul(hLo, 0x5bd1e995);
  }
  // h = shift_mix(shift_mix(h) * m)
  hLo ^= hHi >>> 15;
  a0 = hLo & 0xffff;
  a1 = hLo >>> 16;
  t = Math.imul(a1, 0xe995) + (Math.imul(a0, 0xe995) >>> 16);
  u = Math.imul(a0, 0x5bd1) + (t & 0xffff);
  t = Math.imul(a1, 0x5bd1) + (t >>> 16) + Math.imul(hLo, 0xc6a4a793);
  hHi = (t + Math.imul(hHi, 0x5bd1e995) + (u >>> 16)) | 0;
  hLo = Math.imul(hLo, 0x5bd1e995);
  hLo ^= hHi >>> 15;
  if (seen > 0x7f) return false;
  out.hi = hHi >>> 0;
  out.lo = hLo >>> 0;
  return true;
}

/**
 * Envoy's 64-bit MurmurHash2 of the UTF-8 bytes of `text`, the same result as hashing
 * `new TextEncoder().encode(text)`. An ASCII string is hashed from its char codes with no
 * allocation.
 *
 * @param text the string to hash
 * @param seedHi high 32 bits of the seed (0 for Envoy's default)
 * @param seedLo low 32 bits of the seed ({@link MURMUR_HASH2_DEFAULT_SEED_LO} for Envoy's default)
 * @param out receives the hash
 * @returns `out`
 */
export function murmurHash2StringInto(
  text: string,
  seedHi: number,
  seedLo: number,
  out: U64,
): U64 {
  if (murmurHash2Ascii(text, seedHi, seedLo, out)) return out;
  const n = encodeUtf8Scratch(text);
  return murmurHash2Bytes(utf8Scratch.bytes, 0, n, seedHi, seedLo, out);
}

const edgeOut: U64 = { hi: 0, lo: 0 };

/**
 * Envoy's `MurmurHash::murmurHash2` of a string (its UTF-8 bytes) or of bytes, as a `bigint`, for
 * code outside the hot path.
 *
 * @param input a string (hashed as UTF-8) or bytes
 * @param seed the 64-bit seed (default {@link MURMUR_HASH2_DEFAULT_SEED}, as in Envoy)
 * @returns the hash in [0, 2^64)
 * @throws RangeError when a bigint seed is negative or does not fit in 64 bits
 */
export function murmurHash2(input: string | Uint8Array, seed?: bigint | U64): bigint {
  const s = edgeSeedHalves(seed, MURMUR_HASH2_DEFAULT_SEED_LO);
  if (typeof input === 'string') murmurHash2StringInto(input, s.hi, s.lo, edgeOut);
  else murmurHash2Bytes(input, 0, input.length, s.hi, s.lo, edgeOut);
  return edgeToBigInt(edgeOut);
}
