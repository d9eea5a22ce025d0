/**
 * BigInt conversions at the edge of the hash functions (their `bigint` convenience forms). On a
 * little-endian host (every mainstream engine) a BigUint64Array sharing its buffer with a
 * Uint32Array converts between a bigint and two uint32 halves with one allocation, the resulting
 * bigint; that measured about 4x faster than shifts and `BigInt()` calls, which allocate at every
 * step. Big-endian hosts use the generic conversions of u64.ts.
 */
import { type U64, u64FromBigInt, u64ToBigInt } from '../common/u64.js';

const edgeHalves = new Uint32Array(2);
const edgeBig = new BigUint64Array(edgeHalves.buffer);
const EDGE_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const MAX_U64 = 0xffff_ffff_ffff_ffffn;
const edgeSeed: U64 = { hi: 0, lo: 0 };

/**
 * An optional bigint or {@link U64} seed as halves (a shared object, valid until the next call).
 * @throws RangeError when a bigint seed is negative or does not fit in 64 bits
 */
export function edgeSeedHalves(seed: bigint | U64 | undefined, defaultLo: number): U64 {
  if (seed === undefined) {
    edgeSeed.hi = 0;
    edgeSeed.lo = defaultLo;
  } else if (typeof seed !== 'bigint') {
    edgeSeed.hi = seed.hi >>> 0;
    edgeSeed.lo = seed.lo >>> 0;
  } else if (EDGE_LITTLE_ENDIAN && seed >= 0n && seed <= MAX_U64) {
    edgeBig[0] = seed;
    edgeSeed.hi = edgeHalves[1]!;
    edgeSeed.lo = edgeHalves[0]!;
  } else {
    // Big-endian host, or an out-of-range seed, for which u64FromBigInt throws the RangeError.
    const s = u64FromBigInt(seed);
    edgeSeed.hi = s.hi;
    edgeSeed.lo = s.lo;
  }
  return edgeSeed;
}

/** Converts halves to a bigint. */
export function edgeToBigInt(value: U64): bigint {
  if (!EDGE_LITTLE_ENDIAN) return u64ToBigInt(value);
  edgeHalves[0] = value.lo;
  edgeHalves[1] = value.hi;
  return edgeBig[0]!;
}
