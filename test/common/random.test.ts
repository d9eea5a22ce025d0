import { describe, expect, it } from 'vitest';
import { ScriptedRandom, SeededRandom, entropySeed } from '../../src/common/random.js';
import { u64ToDecimal } from '../../src/common/u64.js';

describe('SeededRandom', () => {
  it('gives the same draws for the same seed and different draws for different seeds', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    const c = new SeededRandom(8);
    const out = { hi: 0, lo: 0 };
    const seq = (r: SeededRandom) => Array.from({ length: 20 }, () => u64ToDecimal(r.nextU64(out)));
    const sa = seq(a);
    expect(seq(b)).toEqual(sa);
    expect(seq(c)).not.toEqual(sa);
  });
  it('produces uint32 halves spread over the whole range', () => {
    const r = new SeededRandom('spread');
    const out = { hi: 0, lo: 0 };
    let high = 0;
    for (let i = 0; i < 10_000; i++) {
      r.nextU64(out);
      expect(out.hi >>> 0).toBe(out.hi);
      expect(out.lo >>> 0).toBe(out.lo);
      if (out.hi >= 2 ** 31) high++;
    }
    expect(high).toBeGreaterThan(4_700);
    expect(high).toBeLessThan(5_300);
  });
});

describe('ScriptedRandom', () => {
  it('replays the script, then returns the default forever, counting draws', () => {
    const r = new ScriptedRandom(['1', 2n, 3], '18446744073709551615');
    const out = { hi: 0, lo: 0 };
    const got = Array.from({ length: 5 }, () => u64ToDecimal(r.nextU64(out)));
    expect(got).toEqual(['1', '2', '3', '18446744073709551615', '18446744073709551615']);
    expect(r.drawCount).toBe(5);
    expect(r.remaining).toBe(0);
  });
  it('defaults to 0 as Envoy\'s mocked generator does', () => {
    const r = new ScriptedRandom();
    expect(r.nextU64({ hi: 9, lo: 9 })).toEqual({ hi: 0, lo: 0 });
  });
});

describe('entropySeed', () => {
  it('returns a different seed on each call', () => {
    expect(entropySeed()).not.toBe(entropySeed());
  });
});
