import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BATCH_DRAWS, BATCH_WORDS, defaultRefill, refillJs, wasmRefill, xoshiroModuleBytes } from '../../src/common/xoshiro256.js';
import { SeededRandom } from '../../src/common/random.js';

const M = (1n << 64n) - 1n;
const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (64n - k))) & M;

/** xoshiro256** on bigints, straight from the published algorithm. */
function referenceBatch(state: bigint[]): bigint[] {
  const s = state;
  const out: bigint[] = [];
  for (let i = 0; i < BATCH_DRAWS; i++) {
    out.push((rotl((s[1] * 5n) & M, 7n) * 9n) & M);
    const t = (s[1] << 17n) & M;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45n);
  }
  return out;
}

const toWords = (s: bigint[]) => Uint32Array.from(s.flatMap((v) => [Number(v & 0xffffffffn), Number(v >> 32n)]));
const fromWords = (w: Uint32Array) => [0, 1, 2, 3].map((i) => (BigInt(w[2 * i + 1]) << 32n) | BigInt(w[2 * i]));
const u64 = fc.bigInt({ min: 0n, max: M });

describe('xoshiro256** batches', () => {
  it('the WebAssembly module loads here, and is the default', () => {
    expect(wasmRefill()).not.toBeNull();
    expect(defaultRefill()).not.toBe(refillJs);
    // A tiny module (well under the 4 KB browsers compile synchronously on the main thread).
    expect(xoshiroModuleBytes().length).toBeLessThan(256);
  });

  for (const [name, refill] of [['JavaScript', refillJs], ['WebAssembly', wasmRefill()!]] as const) {
    it(`${name}: outputs and next state equal the bigint reference, [hi, lo] per draw`, () => {
      fc.assert(
        fc.property(fc.tuple(u64, u64, u64, u64), (seed) => {
          const state = toWords(seed);
          const out = new Uint32Array(BATCH_WORDS);
          refill(state, out);
          const ref = [...seed];
          const expected = referenceBatch(ref);
          for (let i = 0; i < BATCH_DRAWS; i++) {
            const got = (BigInt(out[2 * i]) << 32n) | BigInt(out[2 * i + 1]);
            if (got !== expected[i]) return false;
          }
          expect(fromWords(state)).toEqual(ref);
          return true;
        }),
        { numRuns: 200 },
      );
    });
  }

  it('without WebAssembly, or when compiling it is refused, there is no WebAssembly batch (the JavaScript one is used)', () => {
    const g = globalThis as { WebAssembly?: unknown };
    const saved = g.WebAssembly;
    try {
      g.WebAssembly = undefined;
      expect(wasmRefill()).toBeNull();
      g.WebAssembly = {
        Module: class {
          constructor() {
            throw new Error('refused by policy');
          }
        },
        Instance: class {},
      };
      expect(wasmRefill()).toBeNull();
    } finally {
      g.WebAssembly = saved;
    }
    expect(wasmRefill()).not.toBeNull();
  });

  it('the published first output for state {1, 2, 3, 4} is 11520', () => {
    const out = new Uint32Array(BATCH_WORDS);
    refillJs(toWords([1n, 2n, 3n, 4n]), out);
    expect(out[0]).toBe(0);
    expect(out[1]).toBe(11520);
  });

  it('SeededRandom gives the same draws with either implementation, across many batches', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.boolean(), { minLength: 1, maxLength: 1500 }), (seed, ops) => {
        const a = new SeededRandom(seed);
        const b = SeededRandom.withRefill(seed, refillJs);
        const x = { hi: 0, lo: 0 };
        const y = { hi: 0, lo: 0 };
        for (const u64Draw of ops) {
          if (u64Draw) {
            a.nextU64(x);
            b.nextU64(y);
            if (x.hi !== y.hi || x.lo !== y.lo) return false;
          } else if (a.nextU32() !== b.nextU32()) return false;
        }
        return true;
      }),
      { numRuns: 100 },
    );
  });
});
