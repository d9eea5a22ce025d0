import { describe, expect, it } from 'vitest';
import { Mt19937 } from '../../../src/policies/common/mt19937.js';

describe('Mt19937', () => {
  it('gives 4123659995 as the 10,000th output for the default seed 5489 (C++ [rand.predef])', () => {
    const rng = new Mt19937();
    let x = 0;
    for (let i = 0; i < 10_000; i++) x = rng.next();
    expect(x).toBe(4_123_659_995);
  });

  it('starts with the reference outputs for seed 5489 and reseeds to the same sequence', () => {
    const rng = new Mt19937(5489);
    const first = [rng.next(), rng.next(), rng.next()];
    expect(first).toEqual([3_499_211_612, 581_869_302, 3_890_346_734]);
    rng.seed(5489);
    expect([rng.next(), rng.next(), rng.next()]).toEqual(first);
  });

  it('reduces the seed modulo 2^32', () => {
    const a = new Mt19937(2 ** 32 + 7);
    const b = new Mt19937(7);
    expect(a.next()).toBe(b.next());
  });

  it("shuffles 5 indices as Envoy's bounded-load tests state (seeds 2, 6 and 7)", () => {
    const order = (seed: number) => {
      const rng = new Mt19937(seed);
      const idx = [0, 1, 2, 3, 4];
      const out: number[] = [];
      for (let i = 0; i < 5; i++) {
        const j = rng.uniform(5 - i);
        [idx[i], idx[i + j]] = [idx[i + j], idx[i]];
        out.push(idx[i]);
      }
      return out;
    };
    expect(order(2)).toEqual([2, 1, 0, 4, 3]);
    expect(order(6)).toEqual([4, 0, 2, 3, 1]);
    expect(order(7)).toEqual([0, 1, 4, 3, 2]);
  });

  it('uniform(k) stays in [0, k) and uniform(1) is 0', () => {
    const rng = new Mt19937(99);
    for (let i = 0; i < 1000; i++) {
      const k = 1 + (i % 37);
      const x = rng.uniform(k);
      expect(x >= 0 && x < k && Number.isInteger(x)).toBe(true);
    }
    expect(rng.uniform(1)).toBe(0);
  });
});
