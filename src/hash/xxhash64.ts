/**
 * XXH64, bit-exact with Envoy's `HashUtil::xxHash64` (source/common/common/hash.h), which calls
 * `XXH64(data, size, seed)` from the xxHash library. Envoy uses it for the header, cookie,
 * query-parameter and source-IP hash policies, for the generated cookie value, and for host hash
 * keys on the ring and the Maglev table.
 *
 * The fast paths compute on uint32 halves with `Math.imul`. BigInt would allocate on every 64-bit
 * operation, and a hash is computed on every request. Each 64-bit multiply by a constant prime is
 * written out in place: the low half is one `Math.imul`, and the high half is the high word of the
 * low-by-low product (four 16-bit partial products) plus the two cross products. Helper functions
 * that return a (hi, lo) pair through module state measured 1.5 to 2.5 times slower. Doing the high
 * word in float64 (multiply, then correct with the exact low half) was slower for short keys.
 *
 * There are two copies of the core, and they differ only in where the bytes come from. One reads a
 * `Uint8Array`. The other reads an ASCII string directly with `charCodeAt`, because an ASCII
 * string is its own UTF-8. That skips the UTF-8 encoding pass, which cost more than the hash for a
 * 20-byte key. It ORs every char code together. If any is above 0x7f, the string is not ASCII,
 * the result is discarded, and the string is encoded into the shared UTF-8 scratch buffer
 * (`utf8.ts`) and hashed with the byte core. So an ASCII key of any length is hashed without
 * allocating. Both copies are checked against a BigInt reference and xxhash-wasm in the tests.
 *
 * @module
 */
import type { U64 } from '../common/u64.js';
import { edgeSeedHalves, edgeToBigInt } from './bigint-edge.js';
import { encodeUtf8Scratch, utf8Scratch } from './utf8.js';

// The five XXH64 primes, as hexadecimal in the cores (halves and 16-bit limbs):
// P1 = 0x9e3779b185ebca87, P2 = 0xc2b2ae3d27d4eb4f, P3 = 0x165667b19e3779f9,
// P4 = 0x85ebca77c2b2ae63, P5 = 0x27d4eb2f165667c5.
// In the cores, `a0`/`a1` are the 16-bit limbs of a multiplicand's low half, `t`/`u` the partial
// sums of the high word. `kHi`/`kLo` hold the input word being mixed, and `hHi`/`hLo` the hash.
// Every half is kept as an int32 (`| 0`) so V8 stays in 32-bit integer registers. Only the final
// `>>> 0` turns the halves into uint32 numbers.

/** Throws unless `[start, end)` is a valid integer range of an array of length `length`. */
function checkRange(length: number, start: number, end: number): void {
  if (!(start >= 0 && start <= end && end <= length) || start % 1 !== 0 || end % 1 !== 0) {
    throw new RangeError(`hash: invalid byte range [${start}, ${end}) of length ${length}`);
  }
}

/**
 * XXH64 of `data[start..end)` with the 64-bit seed `seedHi * 2^32 + seedLo`, written into `out`.
 *
 * This is the allocation-free fast path. The seed halves are taken modulo 2^32, so any int32 or
 * uint32 bit pattern works. The result halves are uint32 numbers. `data` is only read.
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
export function xxHash64Bytes(
  data: Uint8Array,
  start: number,
  end: number,
  seedHi: number,
  seedLo: number,
  out: U64,
): U64 {
  checkRange(data.length, start, end);
  const sHi = seedHi | 0;
  const sLo = seedLo | 0;
  const len = end - start;
  let p = start;
  let hHi = 0;
  let hLo = 0;
  let kHi = 0;
  let kLo = 0;
  let a0 = 0;
  let a1 = 0;
  let t = 0;
  let u = 0;
  if (len >= 32) {
    // Four independent lanes over 32-byte stripes: v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed,
    // v4 = seed - P1.
    let v1Hi = 0;
    let v1Lo = 0;
    let v2Hi = 0;
    let v2Lo = 0;
    let v3Hi = sHi;
    let v3Lo = sLo;
    let v4Hi = 0;
    let v4Lo = 0;
    t = (sLo + 0xadc0b5d6) | 0;
    v1Hi = (sHi + 0x60ea27ee + ((t >>> 0) < 0xadc0b5d6 ? 1 : 0)) | 0;
    v1Lo = t;
    t = (sLo + 0x27d4eb4f) | 0;
    v2Hi = (sHi + 0xc2b2ae3d + ((t >>> 0) < 0x27d4eb4f ? 1 : 0)) | 0;
    v2Lo = t;
    t = (sLo + 0x7a143579) | 0;
    v4Hi = (sHi + 0x61c8864e + ((t >>> 0) < 0x7a143579 ? 1 : 0)) | 0;
    v4Lo = t;
    const limit = end - 32;
    do {
      // v1 = rotl(v1 + word * P2, 31) * P1
      kHi = data[p + 4] | (data[p + 5] << 8) | (data[p + 6] << 16) | (data[p + 7] << 24);
      kLo = data[p] | (data[p + 1] << 8) | (data[p + 2] << 16) | (data[p + 3] << 24);
      a0 = kLo & 0xffff;
      a1 = kLo >>> 16;
      t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
      u = Math.imul(a0, 0x27d4) + (t & 0xffff);
      t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(kLo, 0xc2b2ae3d);
      kHi = (t + Math.imul(kHi, 0x27d4eb4f) + (u >>> 16)) | 0;
      kLo = Math.imul(kLo, 0x27d4eb4f);
      t = (v1Lo + kLo) | 0;
      v1Hi = (v1Hi + kHi + ((t >>> 0) < (v1Lo >>> 0) ? 1 : 0)) | 0;
      v1Lo = t;
      t = (v1Hi << 31) | (v1Lo >>> 1);
      v1Lo = (v1Lo << 31) | (v1Hi >>> 1);
      v1Hi = t;
      a0 = v1Lo & 0xffff;
      a1 = v1Lo >>> 16;
      t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
      u = Math.imul(a0, 0x85eb) + (t & 0xffff);
      t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(v1Lo, 0x9e3779b1);
      v1Hi = (t + Math.imul(v1Hi, 0x85ebca87) + (u >>> 16)) | 0;
      v1Lo = Math.imul(v1Lo, 0x85ebca87);
      // v2 = rotl(v2 + word * P2, 31) * P1
      kHi = data[p + 12] | (data[p + 13] << 8) | (data[p + 14] << 16) | (data[p + 15] << 24);
      kLo = data[p + 8] | (data[p + 9] << 8) | (data[p + 10] << 16) | (data[p + 11] << 24);
      a0 = kLo & 0xffff;
      a1 = kLo >>> 16;
      t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
      u = Math.imul(a0, 0x27d4) + (t & 0xffff);
      t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(kLo, 0xc2b2ae3d);
      kHi = (t + Math.imul(kHi, 0x27d4eb4f) + (u >>> 16)) | 0;
      kLo = Math.imul(kLo, 0x27d4eb4f);
      t = (v2Lo + kLo) | 0;
      v2Hi = (v2Hi + kHi + ((t >>> 0) < (v2Lo >>> 0) ? 1 : 0)) | 0;
      v2Lo = t;
      t = (v2Hi << 31) | (v2Lo >>> 1);
      v2Lo = (v2Lo << 31) | (v2Hi >>> 1);
      v2Hi = t;
      a0 = v2Lo & 0xffff;
      a1 = v2Lo >>> 16;
      t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
      u = Math.imul(a0, 0x85eb) + (t & 0xffff);
      t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(v2Lo, 0x9e3779b1);
      v2Hi = (t + Math.imul(v2Hi, 0x85ebca87) + (u >>> 16)) | 0;
      v2Lo = Math.imul(v2Lo, 0x85ebca87);
      // v3 = rotl(v3 + word * P2, 31) * P1
      kHi = data[p + 20] | (data[p + 21] << 8) | (data[p + 22] << 16) | (data[p + 23] << 24);
      kLo = data[p + 16] | (data[p + 17] << 8) | (data[p + 18] << 16) | (data[p + 19] << 24);
      a0 = kLo & 0xffff;
      a1 = kLo >>> 16;
      t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
      u = Math.imul(a0, 0x27d4) + (t & 0xffff);
      t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(kLo, 0xc2b2ae3d);
      kHi = (t + Math.imul(kHi, 0x27d4eb4f) + (u >>> 16)) | 0;
      kLo = Math.imul(kLo, 0x27d4eb4f);
      t = (v3Lo + kLo) | 0;
      v3Hi = (v3Hi + kHi + ((t >>> 0) < (v3Lo >>> 0) ? 1 : 0)) | 0;
      v3Lo = t;
      t = (v3Hi << 31) | (v3Lo >>> 1);
      v3Lo = (v3Lo << 31) | (v3Hi >>> 1);
      v3Hi = t;
      a0 = v3Lo & 0xffff;
      a1 = v3Lo >>> 16;
      t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
      u = Math.imul(a0, 0x85eb) + (t & 0xffff);
      t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(v3Lo, 0x9e3779b1);
      v3Hi = (t + Math.imul(v3Hi, 0x85ebca87) + (u >>> 16)) | 0;
      v3Lo = Math.imul(v3Lo, 0x85ebca87);
      // v4 = rotl(v4 + word * P2, 31) * P1
      kHi = data[p + 28] | (data[p + 29] << 8) | (data[p + 30] << 16) | (data[p + 31] << 24);
      kLo = data[p + 24] | (data[p + 25] << 8) | (data[p + 26] << 16) | (data[p + 27] << 24);
      a0 = kLo & 0xffff;
      a1 = kLo >>> 16;
      t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
      u = Math.imul(a0, 0x27d4) + (t & 0xffff);
      t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(kLo, 0xc2b2ae3d);
      kHi = (t + Math.imul(kHi, 0x27d4eb4f) + (u >>> 16)) | 0;
      kLo = Math.imul(kLo, 0x27d4eb4f);
      t = (v4Lo + kLo) | 0;
      v4Hi = (v4Hi + kHi + ((t >>> 0) < (v4Lo >>> 0) ? 1 : 0)) | 0;
      v4Lo = t;
      t = (v4Hi << 31) | (v4Lo >>> 1);
      v4Lo = (v4Lo << 31) | (v4Hi >>> 1);
      v4Hi = t;
      a0 = v4Lo & 0xffff;
      a1 = v4Lo >>> 16;
      t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
      u = Math.imul(a0, 0x85eb) + (t & 0xffff);
      t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(v4Lo, 0x9e3779b1);
      v4Hi = (t + Math.imul(v4Hi, 0x85ebca87) + (u >>> 16)) | 0;
      v4Lo = Math.imul(v4Lo, 0x85ebca87);
      p += 32;
    } while (p <= limit);
    // h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)
    t = (v1Hi << 1) | (v1Lo >>> 31);
    hLo = (v1Lo << 1) | (v1Hi >>> 31);
    hHi = t;
    t = (v2Hi << 7) | (v2Lo >>> 25);
    kLo = (v2Lo << 7) | (v2Hi >>> 25);
    kHi = t;
    t = (hLo + kLo) | 0;
    hHi = (hHi + kHi + ((t >>> 0) < (hLo >>> 0) ? 1 : 0)) | 0;
    hLo = t;
    t = (v3Hi << 12) | (v3Lo >>> 20);
    kLo = (v3Lo << 12) | (v3Hi >>> 20);
    kHi = t;
    t = (hLo + kLo) | 0;
    hHi = (hHi + kHi + ((t >>> 0) < (hLo >>> 0) ? 1 : 0)) | 0;
    hLo = t;
    t = (v4Hi << 18) | (v4Lo >>> 14);
    kLo = (v4Lo << 18) | (v4Hi >>> 14);
    kHi = t;
    t = (hLo + kLo) | 0;
    hHi = (hHi + kHi + ((t >>> 0) < (hLo >>> 0) ? 1 : 0)) | 0;
    hLo = t;
    // h = (h ^ (rotl(v1 * P2, 31) * P1)) * P1 + P4
    a0 = v1Lo & 0xffff;
    a1 = v1Lo >>> 16;
    t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
    u = Math.imul(a0, 0x27d4) + (t & 0xffff);
    t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(v1Lo, 0xc2b2ae3d);
    kHi = (t + Math.imul(v1Hi, 0x27d4eb4f) + (u >>> 16)) | 0;
    kLo = Math.imul(v1Lo, 0x27d4eb4f);
    t = (kHi << 31) | (kLo >>> 1);
    kLo = (kLo << 31) | (kHi >>> 1);
    kHi = t;
    a0 = kLo & 0xffff;
    a1 = kLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(kLo, 0x9e3779b1);
    kHi = (t + Math.imul(kHi, 0x85ebca87) + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x85ebca87);
    hHi ^= kHi;
    hLo ^= kLo;
    a0 = hLo & 0xffff;
    a1 = hLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(hLo, 0x9e3779b1);
    hHi = (t + Math.imul(hHi, 0x85ebca87) + (u >>> 16)) | 0;
    hLo = Math.imul(hLo, 0x85ebca87);
    t = (hLo + 0xc2b2ae63) | 0;
    hHi = (hHi + 0x85ebca77 + ((t >>> 0) < 0xc2b2ae63 ? 1 : 0)) | 0;
    hLo = t;
    // h = (h ^ (rotl(v2 * P2, 31) * P1)) * P1 + P4
    a0 = v2Lo & 0xffff;
    a1 = v2Lo >>> 16;
    t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
    u = Math.imul(a0, 0x27d4) + (t & 0xffff);
    t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(v2Lo, 0xc2b2ae3d);
    kHi = (t + Math.imul(v2Hi, 0x27d4eb4f) + (u >>> 16)) | 0;
    kLo = Math.imul(v2Lo, 0x27d4eb4f);
    t = (kHi << 31) | (kLo >>> 1);
    kLo = (kLo << 31) | (kHi >>> 1);
    kHi = t;
    a0 = kLo & 0xffff;
    a1 = kLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(kLo, 0x9e3779b1);
    kHi = (t + Math.imul(kHi, 0x85ebca87) + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x85ebca87);
    hHi ^= kHi;
    hLo ^= kLo;
    a0 = hLo & 0xffff;
    a1 = hLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(hLo, 0x9e3779b1);
    hHi = (t + Math.imul(hHi, 0x85ebca87) + (u >>> 16)) | 0;
    hLo = Math.imul(hLo, 0x85ebca87);
    t = (hLo + 0xc2b2ae63) | 0;
    hHi = (hHi + 0x85ebca77 + ((t >>> 0) < 0xc2b2ae63 ? 1 : 0)) | 0;
    hLo = t;
    // h = (h ^ (rotl(v3 * P2, 31) * P1)) * P1 + P4
    a0 = v3Lo & 0xffff;
    a1 = v3Lo >>> 16;
    t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
    u = Math.imul(a0, 0x27d4) + (t & 0xffff);
    t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(v3Lo, 0xc2b2ae3d);
    kHi = (t + Math.imul(v3Hi, 0x27d4eb4f) + (u >>> 16)) | 0;
    kLo = Math.imul(v3Lo, 0x27d4eb4f);
    t = (kHi << 31) | (kLo >>> 1);
    kLo = (kLo << 31) | (kHi >>> 1);
    kHi = t;
    a0 = kLo & 0xffff;
    a1 = kLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(kLo, 0x9e3779b1);
    kHi = (t + Math.imul(kHi, 0x85ebca87) + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x85ebca87);
    hHi ^= kHi;
    hLo ^= kLo;
    a0 = hLo & 0xffff;
    a1 = hLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(hLo, 0x9e3779b1);
    hHi = (t + Math.imul(hHi, 0x85ebca87) + (u >>> 16)) | 0;
    hLo = Math.imul(hLo, 0x85ebca87);
    t = (hLo + 0xc2b2ae63) | 0;
    hHi = (hHi + 0x85ebca77 + ((t >>> 0) < 0xc2b2ae63 ? 1 : 0)) | 0;
    hLo = t;
    // h = (h ^ (rotl(v4 * P2, 31) * P1)) * P1 + P4
    a0 = v4Lo & 0xffff;
    a1 = v4Lo >>> 16;
    t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
    u = Math.imul(a0, 0x27d4) + (t & 0xffff);
    t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(v4Lo, 0xc2b2ae3d);
    kHi = (t + Math.imul(v4Hi, 0x27d4eb4f) + (u >>> 16)) | 0;
    kLo = Math.imul(v4Lo, 0x27d4eb4f);
    t = (kHi << 31) | (kLo >>> 1);
    kLo = (kLo << 31) | (kHi >>> 1);
    kHi = t;
    a0 = kLo & 0xffff;
    a1 = kLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(kLo, 0x9e3779b1);
    kHi = (t + Math.imul(kHi, 0x85ebca87) + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x85ebca87);
    hHi ^= kHi;
    hLo ^= kLo;
    a0 = hLo & 0xffff;
    a1 = hLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(hLo, 0x9e3779b1);
    hHi = (t + Math.imul(hHi, 0x85ebca87) + (u >>> 16)) | 0;
    hLo = Math.imul(hLo, 0x85ebca87);
    t = (hLo + 0xc2b2ae63) | 0;
    hHi = (hHi + 0x85ebca77 + ((t >>> 0) < 0xc2b2ae63 ? 1 : 0)) | 0;
    hLo = t;
  } else {
    // h = seed + P5
    t = (sLo + 0x165667c5) | 0;
    hHi = (sHi + 0x27d4eb2f + ((t >>> 0) < 0x165667c5 ? 1 : 0)) | 0;
    hLo = t;
  }
  // h += len (only a buffer over 4 GiB has a non-zero high half)
  kHi = len > 0xffffffff ? Math.floor(len / 4294967296) : 0;
  t = (hLo + len) | 0;
  hHi = (hHi + kHi + ((t >>> 0) < (hLo >>> 0) ? 1 : 0)) | 0;
  hLo = t;
  while (p + 8 <= end) {
    // h = rotl(h ^ (rotl(word * P2, 31) * P1), 27) * P1 + P4
    kHi = data[p + 4] | (data[p + 5] << 8) | (data[p + 6] << 16) | (data[p + 7] << 24);
    kLo = data[p] | (data[p + 1] << 8) | (data[p + 2] << 16) | (data[p + 3] << 24);
    a0 = kLo & 0xffff;
    a1 = kLo >>> 16;
    t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
    u = Math.imul(a0, 0x27d4) + (t & 0xffff);
    t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(kLo, 0xc2b2ae3d);
    kHi = (t + Math.imul(kHi, 0x27d4eb4f) + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x27d4eb4f);
    t = (kHi << 31) | (kLo >>> 1);
    kLo = (kLo << 31) | (kHi >>> 1);
    kHi = t;
    a0 = kLo & 0xffff;
    a1 = kLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(kLo, 0x9e3779b1);
    kHi = (t + Math.imul(kHi, 0x85ebca87) + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x85ebca87);
    hHi ^= kHi;
    hLo ^= kLo;
    t = (hHi << 27) | (hLo >>> 5);
    hLo = (hLo << 27) | (hHi >>> 5);
    hHi = t;
    a0 = hLo & 0xffff;
    a1 = hLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(hLo, 0x9e3779b1);
    hHi = (t + Math.imul(hHi, 0x85ebca87) + (u >>> 16)) | 0;
    hLo = Math.imul(hLo, 0x85ebca87);
    t = (hLo + 0xc2b2ae63) | 0;
    hHi = (hHi + 0x85ebca77 + ((t >>> 0) < 0xc2b2ae63 ? 1 : 0)) | 0;
    hLo = t;
    p += 8;
  }
  if (p + 4 <= end) {
    // h = rotl(h ^ (word32 * P1), 23) * P2 + P3
    kLo = data[p] | (data[p + 1] << 8) | (data[p + 2] << 16) | (data[p + 3] << 24);
    a0 = kLo & 0xffff;
    a1 = kLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(kLo, 0x9e3779b1);
    kHi = (t + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x85ebca87);
    hHi ^= kHi;
    hLo ^= kLo;
    t = (hHi << 23) | (hLo >>> 9);
    hLo = (hLo << 23) | (hHi >>> 9);
    hHi = t;
    a0 = hLo & 0xffff;
    a1 = hLo >>> 16;
    t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
    u = Math.imul(a0, 0x27d4) + (t & 0xffff);
    t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(hLo, 0xc2b2ae3d);
    hHi = (t + Math.imul(hHi, 0x27d4eb4f) + (u >>> 16)) | 0;
    hLo = Math.imul(hLo, 0x27d4eb4f);
    t = (hLo + 0x9e3779f9) | 0;
    hHi = (hHi + 0x165667b1 + ((t >>> 0) < 0x9e3779f9 ? 1 : 0)) | 0;
    hLo = t;
    p += 4;
  }
  while (p < end) {
    // h = rotl(h ^ (byte * P5), 11) * P1
    kLo = data[p];
    a0 = kLo & 0xffff;
    a1 = kLo >>> 16;
    t = Math.imul(a1, 0x67c5) + (Math.imul(a0, 0x67c5) >>> 16);
    u = Math.imul(a0, 0x1656) + (t & 0xffff);
    t = Math.imul(a1, 0x1656) + (t >>> 16) + Math.imul(kLo, 0x27d4eb2f);
    kHi = (t + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x165667c5);
    hHi ^= kHi;
    hLo ^= kLo;
    t = (hHi << 11) | (hLo >>> 21);
    hLo = (hLo << 11) | (hHi >>> 21);
    hHi = t;
    a0 = hLo & 0xffff;
    a1 = hLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(hLo, 0x9e3779b1);
    hHi = (t + Math.imul(hHi, 0x85ebca87) + (u >>> 16)) | 0;
    hLo = Math.imul(hLo, 0x85ebca87);
    p += 1;
  }
  // Avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32
  hLo ^= hHi >>> 1;
  a0 = hLo & 0xffff;
  a1 = hLo >>> 16;
  t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
  u = Math.imul(a0, 0x27d4) + (t & 0xffff);
  t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(hLo, 0xc2b2ae3d);
  hHi = (t + Math.imul(hHi, 0x27d4eb4f) + (u >>> 16)) | 0;
  hLo = Math.imul(hLo, 0x27d4eb4f);
  hLo ^= (hHi << 3) | (hLo >>> 29);
  hHi ^= hHi >>> 29;
  a0 = hLo & 0xffff;
  a1 = hLo >>> 16;
  t = Math.imul(a1, 0x79f9) + (Math.imul(a0, 0x79f9) >>> 16);
  u = Math.imul(a0, 0x9e37) + (t & 0xffff);
  t = Math.imul(a1, 0x9e37) + (t >>> 16) + Math.imul(hLo, 0x165667b1);
  hHi = (t + Math.imul(hHi, 0x9e3779f9) + (u >>> 16)) | 0;
  hLo = Math.imul(hLo, 0x9e3779f9);
  hLo ^= hHi;
  out.hi = hHi >>> 0;
  out.lo = hLo >>> 0;
  return out;
}

/**
 * XXH64 of `text` when every char code is below 0x80 (the UTF-8 bytes are then the char codes).
 * Returns false, leaving `out` untouched, when the string is not ASCII.
 */
function xxHash64Ascii(text: string, seedHi: number, seedLo: number, out: U64): boolean {
  const sHi = seedHi | 0;
  const sLo = seedLo | 0;
  const end = text.length;
  const len = end;
  let p = 0;
  // OR of every char code read: above 0x7f means the string is not ASCII.
  let seen = 0;
  let hHi = 0;
  let hLo = 0;
  let kHi = 0;
  let kLo = 0;
  let a0 = 0;
  let a1 = 0;
  let t = 0;
  let u = 0;
  if (len >= 32) {
    // Four independent lanes over 32-byte stripes: v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed,
    // v4 = seed - P1.
    let v1Hi = 0;
    let v1Lo = 0;
    let v2Hi = 0;
    let v2Lo = 0;
    let v3Hi = sHi;
    let v3Lo = sLo;
    let v4Hi = 0;
    let v4Lo = 0;
    t = (sLo + 0xadc0b5d6) | 0;
    v1Hi = (sHi + 0x60ea27ee + ((t >>> 0) < 0xadc0b5d6 ? 1 : 0)) | 0;
    v1Lo = t;
    t = (sLo + 0x27d4eb4f) | 0;
    v2Hi = (sHi + 0xc2b2ae3d + ((t >>> 0) < 0x27d4eb4f ? 1 : 0)) | 0;
    v2Lo = t;
    t = (sLo + 0x7a143579) | 0;
    v4Hi = (sHi + 0x61c8864e + ((t >>> 0) < 0x7a143579 ? 1 : 0)) | 0;
    v4Lo = t;
    const limit = end - 32;
    do {
      // v1 = rotl(v1 + word * P2, 31) * P1
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
      t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
      u = Math.imul(a0, 0x27d4) + (t & 0xffff);
      t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(kLo, 0xc2b2ae3d);
      kHi = (t + Math.imul(kHi, 0x27d4eb4f) + (u >>> 16)) | 0;
      kLo = Math.imul(kLo, 0x27d4eb4f);
      t = (v1Lo + kLo) | 0;
      v1Hi = (v1Hi + kHi + ((t >>> 0) < (v1Lo >>> 0) ? 1 : 0)) | 0;
      v1Lo = t;
      t = (v1Hi << 31) | (v1Lo >>> 1);
      v1Lo = (v1Lo << 31) | (v1Hi >>> 1);
      v1Hi = t;
      a0 = v1Lo & 0xffff;
      a1 = v1Lo >>> 16;
      t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
      u = Math.imul(a0, 0x85eb) + (t & 0xffff);
      t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(v1Lo, 0x9e3779b1);
      v1Hi = (t + Math.imul(v1Hi, 0x85ebca87) + (u >>> 16)) | 0;
      v1Lo = Math.imul(v1Lo, 0x85ebca87);
      // v2 = rotl(v2 + word * P2, 31) * P1
      a0 = text.charCodeAt(p + 12);
      a1 = text.charCodeAt(p + 13);
      t = text.charCodeAt(p + 14);
      u = text.charCodeAt(p + 15);
      seen |= a0 | a1 | t | u;
      kHi = a0 | (a1 << 8) | (t << 16) | (u << 24);
      a0 = text.charCodeAt(p + 8);
      a1 = text.charCodeAt(p + 9);
      t = text.charCodeAt(p + 10);
      u = text.charCodeAt(p + 11);
      seen |= a0 | a1 | t | u;
      kLo = a0 | (a1 << 8) | (t << 16) | (u << 24);
      a0 = kLo & 0xffff;
      a1 = kLo >>> 16;
      t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
      u = Math.imul(a0, 0x27d4) + (t & 0xffff);
      t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(kLo, 0xc2b2ae3d);
      kHi = (t + Math.imul(kHi, 0x27d4eb4f) + (u >>> 16)) | 0;
      kLo = Math.imul(kLo, 0x27d4eb4f);
      t = (v2Lo + kLo) | 0;
      v2Hi = (v2Hi + kHi + ((t >>> 0) < (v2Lo >>> 0) ? 1 : 0)) | 0;
      v2Lo = t;
      t = (v2Hi << 31) | (v2Lo >>> 1);
      v2Lo = (v2Lo << 31) | (v2Hi >>> 1);
      v2Hi = t;
      a0 = v2Lo & 0xffff;
      a1 = v2Lo >>> 16;
      t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
      u = Math.imul(a0, 0x85eb) + (t & 0xffff);
      t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(v2Lo, 0x9e3779b1);
      v2Hi = (t + Math.imul(v2Hi, 0x85ebca87) + (u >>> 16)) | 0;
      v2Lo = Math.imul(v2Lo, 0x85ebca87);
      // v3 = rotl(v3 + word * P2, 31) * P1
      a0 = text.charCodeAt(p + 20);
      a1 = text.charCodeAt(p + 21);
      t = text.charCodeAt(p + 22);
      u = text.charCodeAt(p + 23);
      seen |= a0 | a1 | t | u;
      kHi = a0 | (a1 << 8) | (t << 16) | (u << 24);
      a0 = text.charCodeAt(p + 16);
      a1 = text.charCodeAt(p + 17);
      t = text.charCodeAt(p + 18);
      u = text.charCodeAt(p + 19);
      seen |= a0 | a1 | t | u;
      kLo = a0 | (a1 << 8) | (t << 16) | (u << 24);
      a0 = kLo & 0xffff;
      a1 = kLo >>> 16;
      t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
      u = Math.imul(a0, 0x27d4) + (t & 0xffff);
      t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(kLo, 0xc2b2ae3d);
      kHi = (t + Math.imul(kHi, 0x27d4eb4f) + (u >>> 16)) | 0;
      kLo = Math.imul(kLo, 0x27d4eb4f);
      t = (v3Lo + kLo) | 0;
      v3Hi = (v3Hi + kHi + ((t >>> 0) < (v3Lo >>> 0) ? 1 : 0)) | 0;
      v3Lo = t;
      t = (v3Hi << 31) | (v3Lo >>> 1);
      v3Lo = (v3Lo << 31) | (v3Hi >>> 1);
      v3Hi = t;
      a0 = v3Lo & 0xffff;
      a1 = v3Lo >>> 16;
      t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
      u = Math.imul(a0, 0x85eb) + (t & 0xffff);
      t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(v3Lo, 0x9e3779b1);
      v3Hi = (t + Math.imul(v3Hi, 0x85ebca87) + (u >>> 16)) | 0;
      v3Lo = Math.imul(v3Lo, 0x85ebca87);
      // v4 = rotl(v4 + word * P2, 31) * P1
      a0 = text.charCodeAt(p + 28);
      a1 = text.charCodeAt(p + 29);
      t = text.charCodeAt(p + 30);
      u = text.charCodeAt(p + 31);
      seen |= a0 | a1 | t | u;
      kHi = a0 | (a1 << 8) | (t << 16) | (u << 24);
      a0 = text.charCodeAt(p + 24);
      a1 = text.charCodeAt(p + 25);
      t = text.charCodeAt(p + 26);
      u = text.charCodeAt(p + 27);
      seen |= a0 | a1 | t | u;
      kLo = a0 | (a1 << 8) | (t << 16) | (u << 24);
      a0 = kLo & 0xffff;
      a1 = kLo >>> 16;
      t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
      u = Math.imul(a0, 0x27d4) + (t & 0xffff);
      t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(kLo, 0xc2b2ae3d);
      kHi = (t + Math.imul(kHi, 0x27d4eb4f) + (u >>> 16)) | 0;
      kLo = Math.imul(kLo, 0x27d4eb4f);
      t = (v4Lo + kLo) | 0;
      v4Hi = (v4Hi + kHi + ((t >>> 0) < (v4Lo >>> 0) ? 1 : 0)) | 0;
      v4Lo = t;
      t = (v4Hi << 31) | (v4Lo >>> 1);
      v4Lo = (v4Lo << 31) | (v4Hi >>> 1);
      v4Hi = t;
      a0 = v4Lo & 0xffff;
      a1 = v4Lo >>> 16;
      t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
      u = Math.imul(a0, 0x85eb) + (t & 0xffff);
      t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(v4Lo, 0x9e3779b1);
      v4Hi = (t + Math.imul(v4Hi, 0x85ebca87) + (u >>> 16)) | 0;
      v4Lo = Math.imul(v4Lo, 0x85ebca87);
      p += 32;
    } while (p <= limit && seen < 0x80);
    // Not ASCII: stop here, the caller re-hashes the UTF-8 bytes. This bounds the wasted work.
    if (seen > 0x7f) return false;
    // h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)
    t = (v1Hi << 1) | (v1Lo >>> 31);
    hLo = (v1Lo << 1) | (v1Hi >>> 31);
    hHi = t;
    t = (v2Hi << 7) | (v2Lo >>> 25);
    kLo = (v2Lo << 7) | (v2Hi >>> 25);
    kHi = t;
    t = (hLo + kLo) | 0;
    hHi = (hHi + kHi + ((t >>> 0) < (hLo >>> 0) ? 1 : 0)) | 0;
    hLo = t;
    t = (v3Hi << 12) | (v3Lo >>> 20);
    kLo = (v3Lo << 12) | (v3Hi >>> 20);
    kHi = t;
    t = (hLo + kLo) | 0;
    hHi = (hHi + kHi + ((t >>> 0) < (hLo >>> 0) ? 1 : 0)) | 0;
    hLo = t;
    t = (v4Hi << 18) | (v4Lo >>> 14);
    kLo = (v4Lo << 18) | (v4Hi >>> 14);
    kHi = t;
    t = (hLo + kLo) | 0;
    hHi = (hHi + kHi + ((t >>> 0) < (hLo >>> 0) ? 1 : 0)) | 0;
    hLo = t;
    // h = (h ^ (rotl(v1 * P2, 31) * P1)) * P1 + P4
    a0 = v1Lo & 0xffff;
    a1 = v1Lo >>> 16;
    t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
    u = Math.imul(a0, 0x27d4) + (t & 0xffff);
    t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(v1Lo, 0xc2b2ae3d);
    kHi = (t + Math.imul(v1Hi, 0x27d4eb4f) + (u >>> 16)) | 0;
    kLo = Math.imul(v1Lo, 0x27d4eb4f);
    t = (kHi << 31) | (kLo >>> 1);
    kLo = (kLo << 31) | (kHi >>> 1);
    kHi = t;
    a0 = kLo & 0xffff;
    a1 = kLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(kLo, 0x9e3779b1);
    kHi = (t + Math.imul(kHi, 0x85ebca87) + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x85ebca87);
    hHi ^= kHi;
    hLo ^= kLo;
    a0 = hLo & 0xffff;
    a1 = hLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(hLo, 0x9e3779b1);
    hHi = (t + Math.imul(hHi, 0x85ebca87) + (u >>> 16)) | 0;
    hLo = Math.imul(hLo, 0x85ebca87);
    t = (hLo + 0xc2b2ae63) | 0;
    hHi = (hHi + 0x85ebca77 + ((t >>> 0) < 0xc2b2ae63 ? 1 : 0)) | 0;
    hLo = t;
    // h = (h ^ (rotl(v2 * P2, 31) * P1)) * P1 + P4
    a0 = v2Lo & 0xffff;
    a1 = v2Lo >>> 16;
    t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
    u = Math.imul(a0, 0x27d4) + (t & 0xffff);
    t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(v2Lo, 0xc2b2ae3d);
    kHi = (t + Math.imul(v2Hi, 0x27d4eb4f) + (u >>> 16)) | 0;
    kLo = Math.imul(v2Lo, 0x27d4eb4f);
    t = (kHi << 31) | (kLo >>> 1);
    kLo = (kLo << 31) | (kHi >>> 1);
    kHi = t;
    a0 = kLo & 0xffff;
    a1 = kLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(kLo, 0x9e3779b1);
    kHi = (t + Math.imul(kHi, 0x85ebca87) + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x85ebca87);
    hHi ^= kHi;
    hLo ^= kLo;
    a0 = hLo & 0xffff;
    a1 = hLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(hLo, 0x9e3779b1);
    hHi = (t + Math.imul(hHi, 0x85ebca87) + (u >>> 16)) | 0;
    hLo = Math.imul(hLo, 0x85ebca87);
    t = (hLo + 0xc2b2ae63) | 0;
    hHi = (hHi + 0x85ebca77 + ((t >>> 0) < 0xc2b2ae63 ? 1 : 0)) | 0;
    hLo = t;
    // h = (h ^ (rotl(v3 * P2, 31) * P1)) * P1 + P4
    a0 = v3Lo & 0xffff;
    a1 = v3Lo >>> 16;
    t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
    u = Math.imul(a0, 0x27d4) + (t & 0xffff);
    t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(v3Lo, 0xc2b2ae3d);
    kHi = (t + Math.imul(v3Hi, 0x27d4eb4f) + (u >>> 16)) | 0;
    kLo = Math.imul(v3Lo, 0x27d4eb4f);
    t = (kHi << 31) | (kLo >>> 1);
    kLo = (kLo << 31) | (kHi >>> 1);
    kHi = t;
    a0 = kLo & 0xffff;
    a1 = kLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(kLo, 0x9e3779b1);
    kHi = (t + Math.imul(kHi, 0x85ebca87) + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x85ebca87);
    hHi ^= kHi;
    hLo ^= kLo;
    a0 = hLo & 0xffff;
    a1 = hLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(hLo, 0x9e3779b1);
    hHi = (t + Math.imul(hHi, 0x85ebca87) + (u >>> 16)) | 0;
    hLo = Math.imul(hLo, 0x85ebca87);
    t = (hLo + 0xc2b2ae63) | 0;
    hHi = (hHi + 0x85ebca77 + ((t >>> 0) < 0xc2b2ae63 ? 1 : 0)) | 0;
    hLo = t;
    // h = (h ^ (rotl(v4 * P2, 31) * P1)) * P1 + P4
    a0 = v4Lo & 0xffff;
    a1 = v4Lo >>> 16;
    t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
    u = Math.imul(a0, 0x27d4) + (t & 0xffff);
    t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(v4Lo, 0xc2b2ae3d);
    kHi = (t + Math.imul(v4Hi, 0x27d4eb4f) + (u >>> 16)) | 0;
    kLo = Math.imul(v4Lo, 0x27d4eb4f);
    t = (kHi << 31) | (kLo >>> 1);
    kLo = (kLo << 31) | (kHi >>> 1);
    kHi = t;
    a0 = kLo & 0xffff;
    a1 = kLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(kLo, 0x9e3779b1);
    kHi = (t + Math.imul(kHi, 0x85ebca87) + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x85ebca87);
    hHi ^= kHi;
    hLo ^= kLo;
    a0 = hLo & 0xffff;
    a1 = hLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(hLo, 0x9e3779b1);
    hHi = (t + Math.imul(hHi, 0x85ebca87) + (u >>> 16)) | 0;
    hLo = Math.imul(hLo, 0x85ebca87);
    t = (hLo + 0xc2b2ae63) | 0;
    hHi = (hHi + 0x85ebca77 + ((t >>> 0) < 0xc2b2ae63 ? 1 : 0)) | 0;
    hLo = t;
  } else {
    // h = seed + P5
    t = (sLo + 0x165667c5) | 0;
    hHi = (sHi + 0x27d4eb2f + ((t >>> 0) < 0x165667c5 ? 1 : 0)) | 0;
    hLo = t;
  }
  // h += len (only a buffer over 4 GiB has a non-zero high half)
  kHi = len > 0xffffffff ? Math.floor(len / 4294967296) : 0;
  t = (hLo + len) | 0;
  hHi = (hHi + kHi + ((t >>> 0) < (hLo >>> 0) ? 1 : 0)) | 0;
  hLo = t;
  while (p + 8 <= end) {
    // h = rotl(h ^ (rotl(word * P2, 31) * P1), 27) * P1 + P4
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
    t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
    u = Math.imul(a0, 0x27d4) + (t & 0xffff);
    t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(kLo, 0xc2b2ae3d);
    kHi = (t + Math.imul(kHi, 0x27d4eb4f) + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x27d4eb4f);
    t = (kHi << 31) | (kLo >>> 1);
    kLo = (kLo << 31) | (kHi >>> 1);
    kHi = t;
    a0 = kLo & 0xffff;
    a1 = kLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(kLo, 0x9e3779b1);
    kHi = (t + Math.imul(kHi, 0x85ebca87) + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x85ebca87);
    hHi ^= kHi;
    hLo ^= kLo;
    t = (hHi << 27) | (hLo >>> 5);
    hLo = (hLo << 27) | (hHi >>> 5);
    hHi = t;
    a0 = hLo & 0xffff;
    a1 = hLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(hLo, 0x9e3779b1);
    hHi = (t + Math.imul(hHi, 0x85ebca87) + (u >>> 16)) | 0;
    hLo = Math.imul(hLo, 0x85ebca87);
    t = (hLo + 0xc2b2ae63) | 0;
    hHi = (hHi + 0x85ebca77 + ((t >>> 0) < 0xc2b2ae63 ? 1 : 0)) | 0;
    hLo = t;
    p += 8;
  }
  if (p + 4 <= end) {
    // h = rotl(h ^ (word32 * P1), 23) * P2 + P3
    a0 = text.charCodeAt(p);
    a1 = text.charCodeAt(p + 1);
    t = text.charCodeAt(p + 2);
    u = text.charCodeAt(p + 3);
    seen |= a0 | a1 | t | u;
    kLo = a0 | (a1 << 8) | (t << 16) | (u << 24);
    a0 = kLo & 0xffff;
    a1 = kLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(kLo, 0x9e3779b1);
    kHi = (t + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x85ebca87);
    hHi ^= kHi;
    hLo ^= kLo;
    t = (hHi << 23) | (hLo >>> 9);
    hLo = (hLo << 23) | (hHi >>> 9);
    hHi = t;
    a0 = hLo & 0xffff;
    a1 = hLo >>> 16;
    t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
    u = Math.imul(a0, 0x27d4) + (t & 0xffff);
    t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(hLo, 0xc2b2ae3d);
    hHi = (t + Math.imul(hHi, 0x27d4eb4f) + (u >>> 16)) | 0;
    hLo = Math.imul(hLo, 0x27d4eb4f);
    t = (hLo + 0x9e3779f9) | 0;
    hHi = (hHi + 0x165667b1 + ((t >>> 0) < 0x9e3779f9 ? 1 : 0)) | 0;
    hLo = t;
    p += 4;
  }
  while (p < end) {
    // h = rotl(h ^ (byte * P5), 11) * P1
    kLo = text.charCodeAt(p);
    seen |= kLo;
    a0 = kLo & 0xffff;
    a1 = kLo >>> 16;
    t = Math.imul(a1, 0x67c5) + (Math.imul(a0, 0x67c5) >>> 16);
    u = Math.imul(a0, 0x1656) + (t & 0xffff);
    t = Math.imul(a1, 0x1656) + (t >>> 16) + Math.imul(kLo, 0x27d4eb2f);
    kHi = (t + (u >>> 16)) | 0;
    kLo = Math.imul(kLo, 0x165667c5);
    hHi ^= kHi;
    hLo ^= kLo;
    t = (hHi << 11) | (hLo >>> 21);
    hLo = (hLo << 11) | (hHi >>> 21);
    hHi = t;
    a0 = hLo & 0xffff;
    a1 = hLo >>> 16;
    t = Math.imul(a1, 0xca87) + (Math.imul(a0, 0xca87) >>> 16);
    u = Math.imul(a0, 0x85eb) + (t & 0xffff);
    t = Math.imul(a1, 0x85eb) + (t >>> 16) + Math.imul(hLo, 0x9e3779b1);
    hHi = (t + Math.imul(hHi, 0x85ebca87) + (u >>> 16)) | 0;
    hLo = Math.imul(hLo, 0x85ebca87);
    p += 1;
  }
  // Avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32
  hLo ^= hHi >>> 1;
  a0 = hLo & 0xffff;
  a1 = hLo >>> 16;
  t = Math.imul(a1, 0xeb4f) + (Math.imul(a0, 0xeb4f) >>> 16);
  u = Math.imul(a0, 0x27d4) + (t & 0xffff);
  t = Math.imul(a1, 0x27d4) + (t >>> 16) + Math.imul(hLo, 0xc2b2ae3d);
  hHi = (t + Math.imul(hHi, 0x27d4eb4f) + (u >>> 16)) | 0;
  hLo = Math.imul(hLo, 0x27d4eb4f);
  hLo ^= (hHi << 3) | (hLo >>> 29);
  hHi ^= hHi >>> 29;
  a0 = hLo & 0xffff;
  a1 = hLo >>> 16;
  t = Math.imul(a1, 0x79f9) + (Math.imul(a0, 0x79f9) >>> 16);
  u = Math.imul(a0, 0x9e37) + (t & 0xffff);
  t = Math.imul(a1, 0x9e37) + (t >>> 16) + Math.imul(hLo, 0x165667b1);
  hHi = (t + Math.imul(hHi, 0x9e3779f9) + (u >>> 16)) | 0;
  hLo = Math.imul(hLo, 0x9e3779f9);
  hLo ^= hHi;
  if (seen > 0x7f) return false;
  out.hi = hHi >>> 0;
  out.lo = hLo >>> 0;
  return true;
}

/**
 * XXH64 of the UTF-8 bytes of `text`, the same result as hashing `new TextEncoder().encode(text)`.
 *
 * This mirrors `HashUtil::xxHash64(absl::string_view, seed)` applied to a header value or cookie.
 * An ASCII string is hashed straight from its char codes, with no allocation. Other strings are
 * first encoded into a reused module buffer.
 *
 * @param text the string to hash
 * @param seedHi high 32 bits of the seed
 * @param seedLo low 32 bits of the seed
 * @param out receives the hash
 * @returns `out`
 */
export function xxHash64StringInto(text: string, seedHi: number, seedLo: number, out: U64): U64 {
  if (xxHash64Ascii(text, seedHi, seedLo, out)) return out;
  const n = encodeUtf8Scratch(text);
  return xxHash64Bytes(utf8Scratch.bytes, 0, n, seedHi, seedLo, out);
}

/**
 * Envoy's chained hash of several strings, `HashUtil::xxHash64(absl::Span<absl::string_view>,
 * seed)` in source/common/common/hash.cc: `h = seed; for each s: h = XXH64(s, h)`. The header hash
 * policy uses it on all values of a header, after sorting them.
 *
 * An empty list returns the seed unchanged, as Envoy's loop does (it returns `seed` when the span
 * is empty). That is not XXH64 of zero bytes.
 *
 * @param values the strings, hashed in order (the caller sorts them when Envoy does)
 * @param seedHi high 32 bits of the initial seed
 * @param seedLo low 32 bits of the initial seed
 * @param out receives the hash
 * @returns `out`
 */
export function xxHash64ListInto(
  values: readonly string[],
  seedHi: number,
  seedLo: number,
  out: U64,
): U64 {
  let hi = seedHi >>> 0;
  let lo = seedLo >>> 0;
  for (let i = 0; i < values.length; i++) {
    xxHash64StringInto(values[i]!, hi, lo, out);
    hi = out.hi;
    lo = out.lo;
  }
  out.hi = hi;
  out.lo = lo;
  return out;
}

const edgeOut: U64 = { hi: 0, lo: 0 };

/**
 * XXH64 of a string (its UTF-8 bytes) or of bytes, as a `bigint`, for code outside the hot path.
 *
 * @param input a string (hashed as UTF-8) or bytes
 * @param seed the 64-bit seed (default 0, as in Envoy)
 * @returns the hash in [0, 2^64)
 * @throws RangeError when a bigint seed is negative or does not fit in 64 bits
 */
export function xxHash64(input: string | Uint8Array, seed?: bigint | U64): bigint {
  const s = edgeSeedHalves(seed, 0);
  if (typeof input === 'string') xxHash64StringInto(input, s.hi, s.lo, edgeOut);
  else xxHash64Bytes(input, 0, input.length, s.hi, s.lo, edgeOut);
  return edgeToBigInt(edgeOut);
}

/**
 * Envoy's chained list hash ({@link xxHash64ListInto}) as a `bigint`. An empty list returns the
 * seed.
 *
 * @param values the strings, hashed in order
 * @param seed the initial 64-bit seed (default 0, as in Envoy)
 * @returns the hash in [0, 2^64)
 * @throws RangeError when a bigint seed is negative or does not fit in 64 bits
 */
export function xxHash64List(values: readonly string[], seed?: bigint | U64): bigint {
  const s = edgeSeedHalves(seed, 0);
  return edgeToBigInt(xxHash64ListInto(values, s.hi, s.lo, edgeOut));
}
