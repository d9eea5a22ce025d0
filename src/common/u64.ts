/**
 * Unsigned 64-bit integers without BigInt.
 *
 * Envoy's hashes and random draws are `uint64_t`. JavaScript numbers hold 53 bits exactly, and
 * BigInt allocates on every operation, so hot paths carry a u64 as two uint32 halves. This module
 * holds the small set of exact operations the load balancers need; `bigint` and decimal-string
 * conversions exist for the API edge only.
 */

/** An unsigned 64-bit integer as two uint32 halves (`hi * 2^32 + lo`). */
export interface U64 {
  /** High 32 bits, an integer in [0, 2^32). */
  hi: number;
  /** Low 32 bits, an integer in [0, 2^32). */
  lo: number;
}

/** 2^32. */
export const TWO_POW_32 = 4_294_967_296;

const MAX_U64 = (1n << 64n) - 1n;

/** Creates a {@link U64} from its halves (each coerced to uint32). */
export function u64(hi: number, lo: number): U64 {
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

/**
 * Converts a `bigint` in [0, 2^64) to a {@link U64}.
 * @throws RangeError when the value is negative or does not fit in 64 bits.
 */
export function u64FromBigInt(value: bigint): U64 {
  if (value < 0n || value > MAX_U64) {
    throw new RangeError(`u64: value must be in [0, 2^64), got ${value}`);
  }
  return { hi: Number(value >> 32n), lo: Number(value & 0xffff_ffffn) };
}

/** Converts a {@link U64} to a `bigint`. */
export function u64ToBigInt(value: U64): bigint {
  return (BigInt(value.hi >>> 0) << 32n) | BigInt(value.lo >>> 0);
}

/**
 * Parses a decimal string (as the conformance vectors write u64 values) into a {@link U64}.
 * @throws RangeError when the text is not a decimal integer in [0, 2^64).
 */
export function u64FromDecimal(text: string): U64 {
  if (!/^[0-9]+$/.test(text)) {
    throw new RangeError(`u64: expected a decimal integer, got ${JSON.stringify(text)}`);
  }
  return u64FromBigInt(BigInt(text));
}

/** Formats a {@link U64} as a decimal string. */
export function u64ToDecimal(value: U64): string {
  return u64ToBigInt(value).toString();
}

/** Converts a non-negative safe integer to a {@link U64}. */
export function u64FromNumber(value: number): U64 {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`u64: expected a non-negative safe integer, got ${value}`);
  }
  return { hi: Math.floor(value / TWO_POW_32), lo: value % TWO_POW_32 };
}

/** Accepts a {@link U64}, a `bigint` or a non-negative safe integer and returns a {@link U64}. */
export function toU64(value: U64 | bigint | number): U64 {
  if (typeof value === 'bigint') return u64FromBigInt(value);
  if (typeof value === 'number') return u64FromNumber(value);
  return value;
}

/**
 * `(hi * 2^32 + lo) mod m`, exact, for an integer modulus 1 <= m < 2^32.
 *
 * For m below 2^26 one multiplication suffices: `(hi mod m) * (2^32 mod m) + lo` stays below
 * 2^53. Larger moduli fold the low half in two 16-bit steps so every intermediate stays below
 * 2^48.
 */
export function modU64(hi: number, lo: number, m: number): number {
  if (m < 67_108_864) {
    return ((hi % m) * (TWO_POW_32 % m) + lo) % m;
  }
  let r = hi % m;
  r = (r * 65_536 + (lo >>> 16)) % m;
  return (r * 65_536 + (lo & 0xffff)) % m;
}

/** Compares two u64 values given as halves: negative, zero or positive. */
export function compareU64(aHi: number, aLo: number, bHi: number, bLo: number): number {
  return aHi !== bHi ? aHi - bHi : aLo - bLo;
}

/** 64-bit left rotation by one bit, written into `out` (Envoy combines hash policies with it). */
export function rotl1U64(hi: number, lo: number, out: U64): U64 {
  const nhi = ((hi << 1) | (lo >>> 31)) >>> 0;
  const nlo = ((lo << 1) | (hi >>> 31)) >>> 0;
  out.hi = nhi;
  out.lo = nlo;
  return out;
}

/** Adds two u64 values modulo 2^64, written into `out`. */
export function addU64(aHi: number, aLo: number, bHi: number, bLo: number, out: U64): U64 {
  const lo = aLo + bLo;
  const carry = lo >= TWO_POW_32 ? 1 : 0;
  out.lo = lo >>> 0;
  out.hi = (aHi + bHi + carry) >>> 0;
  return out;
}

/** Multiplies two u64 values modulo 2^64, written into `out`. */
export function mulU64(aHi: number, aLo: number, bHi: number, bLo: number, out: U64): U64 {
  // 16-bit limbs keep each partial product below 2^32 so Math.imul-free arithmetic stays exact.
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const a2 = aHi & 0xffff;
  const a3 = aHi >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const b2 = bHi & 0xffff;
  const b3 = bHi >>> 16;
  let c0 = a0 * b0;
  let c1 = c0 >>> 16;
  c0 &= 0xffff;
  c1 += a1 * b0;
  let c2 = Math.floor(c1 / 65_536);
  c1 &= 0xffff;
  c1 += a0 * b1;
  c2 += Math.floor(c1 / 65_536);
  c1 &= 0xffff;
  c2 += a2 * b0;
  let c3 = Math.floor(c2 / 65_536);
  c2 &= 0xffff;
  c2 += a1 * b1;
  c3 += Math.floor(c2 / 65_536);
  c2 &= 0xffff;
  c2 += a0 * b2;
  c3 += Math.floor(c2 / 65_536);
  c2 &= 0xffff;
  c3 += a3 * b0 + a2 * b1 + a1 * b2 + a0 * b3;
  c3 &= 0xffff;
  out.lo = ((c1 << 16) | c0) >>> 0;
  out.hi = ((c3 << 16) | c2) >>> 0;
  return out;
}

/** Largest modulus {@link modU64At} reduces with multiplications only (2^21). */
export const FAST_MOD_LIMIT = 2_097_152;

/**
 * `modU64` of the u64 stored as `[hi, lo]` at `a[i]`, `a[i + 1]`. Hot paths keep u64 values in
 * typed arrays and call this form: a typed array and small integers cross a call without boxing,
 * whereas uint32 halves above 2^30 would be boxed as heap numbers.
 *
 * For `m <= 2^21` it avoids the floating-point remainder (`%` on values above 2^31 is a slow
 * `fmod` call): `x mod m = (hi * (2^32 mod m) + lo) mod m` with `hi * (2^32 mod m) + lo < 2^53`
 * exact in a double, and each reduction takes the quotient `floor(v * (1 / m))`, which is within
 * one of the true quotient, then corrects it once.
 */
export function modU64At(a: Uint32Array, i: number, m: number): number {
  const hi = a[i];
  const lo = a[i + 1];
  if (m <= FAST_MOD_LIMIT) {
    const inv = 1 / m;
    let p = TWO_POW_32 - Math.floor(TWO_POW_32 * inv) * m;
    if (p >= m) p -= m;
    else if (p < 0) p += m;
    const v = hi * p + lo;
    let r = v - Math.floor(v * inv) * m;
    if (r >= m) r -= m;
    else if (r < 0) r += m;
    // An int32 result indexes arrays without a double-to-index conversion.
    return r | 0;
  }
  let r = hi % m;
  r = (r * 65_536 + (lo >>> 16)) % m;
  return (r * 65_536 + (lo & 0xffff)) % m;
}

/**
 * `(u64 at a[i]) % 100`, Envoy's priority hash reduction, with constants folded: 2^32 mod 100 is
 * 96, so `v = hi * 96 + lo` stays below 2^39 and one multiply-and-correct step reduces it.
 */
export function mod100At(a: Uint32Array, i: number): number {
  const v = a[i] * 96 + a[i + 1];
  let r = v - Math.floor(v * 0.01) * 100;
  if (r >= 100) r -= 100;
  else if (r < 0) r += 100;
  return r | 0;
}
