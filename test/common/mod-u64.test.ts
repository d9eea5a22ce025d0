import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FAST_MOD_LIMIT, mod100At, modU64, modU64At } from '../../src/common/u64.js';

const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const exact = (hi: number, lo: number, m: number) => Number(((BigInt(hi) << 32n) | BigInt(lo)) % BigInt(m));

describe('modU64At(a, i, m)', () => {
  it('equals the exact u64 remainder for moduli up to 2^21 and beyond', () => {
    fc.assert(
      fc.property(u32, u32, fc.oneof(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1, max: FAST_MOD_LIMIT + 5 }), fc.integer({ min: 1, max: 0xffff_ffff })), (hi, lo, m) => {
        const a = new Uint32Array([7, hi, lo]);
        expect(modU64At(a, 1, m)).toBe(exact(hi, lo, m));
        expect(modU64(hi, lo, m)).toBe(exact(hi, lo, m));
      }),
      { numRuns: 20_000 },
    );
  });

  it('is exact at the extremes: 0, 2^64 - 1, and moduli 1, 2, 2^21 - 1, 2^21, 2^21 + 1', () => {
    for (const [hi, lo] of [
      [0, 0],
      [0xffff_ffff, 0xffff_ffff],
      [0xffff_ffff, 0],
      [0, 0xffff_ffff],
      [0x8000_0000, 1],
    ]) {
      for (const m of [1, 2, 3, 100, 65_536, FAST_MOD_LIMIT - 1, FAST_MOD_LIMIT, FAST_MOD_LIMIT + 1, 0xffff_ffff]) {
        expect(modU64At(new Uint32Array([hi, lo]), 0, m)).toBe(exact(hi, lo, m));
      }
    }
  });
});


describe('mod100At(a, i)', () => {
  it("equals the exact u64 remainder by 100 (Envoy's priority hash reduction)", () => {
    fc.assert(
      fc.property(u32, u32, (hi, lo) => {
        expect(mod100At(new Uint32Array([hi, lo]), 0)).toBe(exact(hi, lo, 100));
      }),
      { numRuns: 20_000 },
    );
    expect(mod100At(new Uint32Array([0xffff_ffff, 0xffff_ffff]), 0)).toBe(15);
  });
});
