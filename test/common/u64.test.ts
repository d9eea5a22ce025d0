import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addU64,
  compareU64,
  modU64,
  modU64At,
  mulU64,
  rotl1U64,
  toU64,
  u64,
  u64FromBigInt,
  u64FromDecimal,
  u64FromNumber,
  u64ToBigInt,
  u64ToDecimal,
} from '../../src/common/u64.js';

const MASK = (1n << 64n) - 1n;
const big = fc.bigInt({ min: 0n, max: MASK });

describe('u64 conversions', () => {
  it('u64FromBigInt/u64ToBigInt round-trip every value', () => {
    fc.assert(
      fc.property(big, (b) => {
        expect(u64ToBigInt(u64FromBigInt(b))).toBe(b);
      }),
    );
  });
  it('u64FromDecimal parses the vectors\' decimal strings, including 2^64 - 1', () => {
    expect(u64FromDecimal('18446744073709551615')).toEqual({ hi: 0xffff_ffff, lo: 0xffff_ffff });
    expect(u64ToDecimal(u64(1, 2))).toBe(String((1n << 32n) + 2n));
  });
  it('rejects values outside [0, 2^64) with a typed message', () => {
    expect(() => u64FromBigInt(-1n)).toThrow('u64: value must be in [0, 2^64), got -1');
    expect(() => u64FromBigInt(1n << 64n)).toThrow('u64: value must be in [0, 2^64), got 18446744073709551616');
    expect(() => u64FromDecimal('12a')).toThrow('u64: expected a decimal integer, got "12a"');
    expect(() => u64FromNumber(-3)).toThrow('u64: expected a non-negative safe integer, got -3');
  });
  it('toU64 accepts bigint, safe integers and u64 objects', () => {
    expect(toU64(5n)).toEqual({ hi: 0, lo: 5 });
    expect(toU64(2 ** 40)).toEqual({ hi: 256, lo: 0 });
    const v = { hi: 1, lo: 1 };
    expect(toU64(v)).toBe(v);
  });
});

describe('u64 arithmetic is exact against BigInt', () => {
  it('modU64 and modU64At equal BigInt % for every modulus below 2^32', () => {
    fc.assert(
      fc.property(big, fc.integer({ min: 1, max: 0xffff_ffff }), (b, m) => {
        const v = u64FromBigInt(b);
        const want = Number(b % BigInt(m));
        expect(modU64(v.hi, v.lo, m)).toBe(want);
        expect(modU64At(new Uint32Array([v.hi, v.lo]), 0, m)).toBe(want);
      }),
      { numRuns: 2000 },
    );
  });
  it('modU64 is exact at the small/large modulus boundary (2^26) and at 2^32 - 1', () => {
    for (const m of [67_108_863, 67_108_864, 67_108_865, 4_294_967_295]) {
      const b = MASK;
      expect(modU64(0xffff_ffff, 0xffff_ffff, m)).toBe(Number(b % BigInt(m)));
    }
  });
  it('addU64, mulU64 and rotl1U64 wrap modulo 2^64', () => {
    fc.assert(
      fc.property(big, big, (a, b) => {
        const x = u64FromBigInt(a);
        const y = u64FromBigInt(b);
        const out = { hi: 0, lo: 0 };
        expect(u64ToBigInt(addU64(x.hi, x.lo, y.hi, y.lo, out))).toBe((a + b) & MASK);
        expect(u64ToBigInt(mulU64(x.hi, x.lo, y.hi, y.lo, out))).toBe((a * b) & MASK);
        expect(u64ToBigInt(rotl1U64(x.hi, x.lo, out))).toBe(((a << 1n) | (a >> 63n)) & MASK);
        expect(Math.sign(compareU64(x.hi, x.lo, y.hi, y.lo))).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
      { numRuns: 1000 },
    );
  });
});
