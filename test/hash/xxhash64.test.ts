import fc from 'fast-check';
import xxhashWasm from 'xxhash-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type U64, u64FromBigInt, u64ToBigInt } from '../../src/common/u64.js';
import {
  xxHash64,
  xxHash64Bytes,
  xxHash64List,
  xxHash64ListInto,
  xxHash64StringInto,
} from '../../src/hash/xxhash64.js';
import { encodeUtf8Scratch, utf8Scratch } from '../../src/hash/utf8.js';
import {
  NON_ASCII_CHARS,
  U64_MASK,
  UNICODE_SAMPLES,
  bytesArb,
  hashVectors,
  prng,
  randomBytes,
  randomSeed,
  seedArb,
  unicodeArb,
} from './helpers.js';

// Reference XXH64, written directly from the xxHash specification with BigInt, no shortcuts.
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;

function rotl(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & U64_MASK;
}

function readLe(b: Uint8Array, at: number, n: number): bigint {
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[at + i]!);
  return v;
}

function refRound(acc: bigint, input: bigint): bigint {
  acc = (acc + input * P2) & U64_MASK;
  acc = rotl(acc, 31n);
  return (acc * P1) & U64_MASK;
}

function refMerge(acc: bigint, v: bigint): bigint {
  acc ^= refRound(0n, v);
  return (acc * P1 + P4) & U64_MASK;
}

function refXxh64(b: Uint8Array, seed: bigint): bigint {
  const len = b.length;
  let p = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (seed + P1 + P2) & U64_MASK;
    let v2 = (seed + P2) & U64_MASK;
    let v3 = seed;
    let v4 = (seed - P1) & U64_MASK;
    while (p + 32 <= len) {
      v1 = refRound(v1, readLe(b, p, 8));
      v2 = refRound(v2, readLe(b, p + 8, 8));
      v3 = refRound(v3, readLe(b, p + 16, 8));
      v4 = refRound(v4, readLe(b, p + 24, 8));
      p += 32;
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & U64_MASK;
    h = refMerge(h, v1);
    h = refMerge(h, v2);
    h = refMerge(h, v3);
    h = refMerge(h, v4);
  } else {
    h = (seed + P5) & U64_MASK;
  }
  h = (h + BigInt(len)) & U64_MASK;
  for (; p + 8 <= len; p += 8) {
    h ^= refRound(0n, readLe(b, p, 8));
    h = (rotl(h, 27n) * P1 + P4) & U64_MASK;
  }
  if (p + 4 <= len) {
    h ^= (readLe(b, p, 4) * P1) & U64_MASK;
    h = (rotl(h, 23n) * P2 + P3) & U64_MASK;
    p += 4;
  }
  for (; p < len; p++) {
    h ^= (BigInt(b[p]!) * P5) & U64_MASK;
    h = (rotl(h, 11n) * P1) & U64_MASK;
  }
  h ^= h >> 33n;
  h = (h * P2) & U64_MASK;
  h ^= h >> 29n;
  h = (h * P3) & U64_MASK;
  h ^= h >> 32n;
  return h;
}

function fastBytes(b: Uint8Array, seed: bigint, start = 0, end = b.length): bigint {
  const s = u64FromBigInt(seed);
  return u64ToBigInt(xxHash64Bytes(b, start, end, s.hi, s.lo, { hi: 0, lo: 0 }));
}

function fastString(text: string, seed: bigint): bigint {
  const s = u64FromBigInt(seed);
  return u64ToBigInt(xxHash64StringInto(text, s.hi, s.lo, { hi: 0, lo: 0 }));
}

const encoder = new TextEncoder();
let wasm: Awaited<ReturnType<typeof xxhashWasm>>;

beforeAll(async () => {
  wasm = await xxhashWasm();
});

describe('xxHash64: Envoy conformance vectors (area "hash")', () => {
  const vectors = hashVectors('xxHash64');

  it('has the vectors', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(5);
  });

  it.each(vectors.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const seed = BigInt(v.call.args.seed);
    const expected = BigInt(v.call.expect);
    if (v.call.args.inputs !== undefined) {
      expect(xxHash64List(v.call.args.inputs, seed)).toBe(expected);
      const s = u64FromBigInt(seed);
      const out = xxHash64ListInto(v.call.args.inputs, s.hi, s.lo, { hi: 0, lo: 0 });
      expect(u64ToBigInt(out)).toBe(expected);
    } else {
      const input = v.call.args.input!;
      expect(xxHash64(input, seed)).toBe(expected);
      expect(fastString(input, seed)).toBe(expected);
      expect(fastBytes(encoder.encode(input), seed)).toBe(expected);
    }
  });
});

describe('xxHash64: against a BigInt reference', () => {
  it('matches for every length 0..300 (all tail lengths, one and several stripes)', () => {
    const next = prng(12345);
    for (let len = 0; len <= 300; len++) {
      for (let rep = 0; rep < 4; rep++) {
        const b = randomBytes(next, len);
        const seed = rep === 0 ? 0n : randomSeed(next);
        const expected = refXxh64(b, seed);
        expect(fastBytes(b, seed)).toBe(expected);
        // The ASCII string core (charCodeAt reader) gets the same sweep: an ASCII string is its
        // own UTF-8.
        const ascii = b.map((x) => x & 0x7f);
        expect(fastString(String.fromCharCode(...ascii), seed)).toBe(refXxh64(ascii, seed));
      }
    }
  });

  it('matches for random bytes and seeds (property)', () => {
    fc.assert(
      fc.property(bytesArb, seedArb, (b, seed) => {
        expect(fastBytes(b, seed)).toBe(refXxh64(b, seed));
      }),
      { numRuns: 3000 },
    );
  });

  it('hashes a sub-range without reading outside it (property)', () => {
    fc.assert(
      fc.property(
        bytesArb,
        fc.uint8Array({ maxLength: 9 }),
        fc.uint8Array({ maxLength: 9 }),
        seedArb,
        (b, before, after, seed) => {
          const all = new Uint8Array(before.length + b.length + after.length);
          all.set(before, 0);
          all.set(b, before.length);
          all.set(after, before.length + b.length);
          const got = fastBytes(all, seed, before.length, before.length + b.length);
          expect(got).toBe(refXxh64(b, seed));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('works on a view into a larger buffer (byteOffset != 0)', () => {
    const next = prng(7);
    const big = randomBytes(next, 200);
    for (let off = 0; off < 16; off++) {
      const view = new Uint8Array(big.buffer, off, 100 + off);
      expect(fastBytes(view, 99n)).toBe(refXxh64(big.slice(off, off + 100 + off), 99n));
    }
  });

  it('accepts int32 (negative) seed halves as the same bit patterns', () => {
    const b = encoder.encode('seed halves');
    const a = xxHash64Bytes(b, 0, b.length, 0xdeadbeef, 0x80000001, { hi: 0, lo: 0 });
    const c = xxHash64Bytes(b, 0, b.length, 0xdeadbeef | 0, 0x80000001 | 0, { hi: 0, lo: 0 });
    expect(c).toEqual(a);
    expect(u64ToBigInt(a)).toBe(refXxh64(b, 0xdeadbeef80000001n));
  });
});

describe('xxHash64: against xxhash-wasm', () => {
  it('matches h64Raw for random bytes and seeds (property)', () => {
    fc.assert(
      fc.property(bytesArb, seedArb, (b, seed) => {
        expect(fastBytes(b, seed)).toBe(wasm.h64Raw(b, seed));
      }),
      { numRuns: 3000 },
    );
  });

  it('matches h64Raw for long inputs (many stripes)', () => {
    const next = prng(99);
    for (const len of [1024, 1031, 4096 + 17, 70_000]) {
      const b = randomBytes(next, len);
      const seed = randomSeed(next);
      expect(fastBytes(b, seed)).toBe(wasm.h64Raw(b, seed));
    }
  });

  it('matches h64 for strings (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), seedArb, (text, seed) => {
        expect(fastString(text, seed)).toBe(wasm.h64(text, seed));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('xxHash64: strings are hashed as UTF-8', () => {
  it.each(UNICODE_SAMPLES.map((s) => [JSON.stringify(s).slice(0, 40), s] as const))(
    '%s',
    (_label, text) => {
      const bytes = encoder.encode(text);
      expect(fastString(text, 0n)).toBe(refXxh64(bytes, 0n));
      expect(xxHash64(text)).toBe(xxHash64(bytes));
    },
  );

  it('detects one non-ASCII character at any position (every read site of the ASCII core)', () => {
    const next = prng(31);
    for (const odd of NON_ASCII_CHARS) {
      for (let len = 1; len <= 72; len++) {
        const ascii = Array.from(randomBytes(next, len), (b) => String.fromCharCode(b & 0x7f));
        for (let at = 0; at < len; at++) {
          const chars = ascii.slice();
          chars[at] = odd;
          const text = chars.join('');
          expect(fastString(text, 3n)).toBe(refXxh64(encoder.encode(text), 3n));
        }
      }
    }
  });

  it('equals hashing TextEncoder bytes for arbitrary Unicode (property)', () => {
    fc.assert(
      fc.property(unicodeArb, seedArb, (text, seed) => {
        expect(fastString(text, seed)).toBe(refXxh64(encoder.encode(text), seed));
      }),
      { numRuns: 2000 },
    );
  });

  it('handles strings larger than the retained scratch buffer, then small ones again', () => {
    const huge = 'k'.repeat(100_000);
    const hugeUnicode = `${'ü'.repeat(30_000)}😀`;
    expect(fastString(huge, 5n)).toBe(wasm.h64Raw(encoder.encode(huge), 5n));
    expect(fastString('small', 5n)).toBe(refXxh64(encoder.encode('small'), 5n));
    expect(fastString(hugeUnicode, 5n)).toBe(wasm.h64Raw(encoder.encode(hugeUnicode), 5n));
    const mid = 'm'.repeat(5000);
    expect(fastString(mid, 0n)).toBe(refXxh64(encoder.encode(mid), 0n));
    expect(fastString('small', 5n)).toBe(refXxh64(encoder.encode('small'), 5n));
  });
});

describe('xxHash64: chained list hash (HashUtil::xxHash64 over a span)', () => {
  it('returns the seed for an empty list, as Envoy does', () => {
    expect(xxHash64List([])).toBe(0n);
    expect(xxHash64List([], 0xfedcba9876543210n)).toBe(0xfedcba9876543210n);
    const out = xxHash64ListInto([], 0x12345678, 0x9abcdef0, { hi: 1, lo: 1 });
    expect(out).toEqual({ hi: 0x12345678, lo: 0x9abcdef0 });
  });

  it('chains the seed through each element (property)', () => {
    fc.assert(
      fc.property(fc.array(unicodeArb, { maxLength: 6 }), seedArb, (values, seed) => {
        let h = seed;
        for (const v of values) h = refXxh64(encoder.encode(v), h);
        expect(xxHash64List(values, seed)).toBe(h);
      }),
      { numRuns: 500 },
    );
  });

  it('a one-element list equals the plain hash', () => {
    expect(xxHash64List(['foo'], 42n)).toBe(xxHash64('foo', 42n));
  });
});

describe('xxHash64: fast-path contracts', () => {
  it('does not mutate the input and returns the out object', () => {
    fc.assert(
      fc.property(bytesArb, seedArb, (b, seed) => {
        const copy = b.slice();
        const out: U64 = { hi: 7, lo: 7 };
        const s = u64FromBigInt(seed);
        expect(xxHash64Bytes(b, 0, b.length, s.hi, s.lo, out)).toBe(out);
        expect(b).toEqual(copy);
      }),
      { numRuns: 300 },
    );
    const out: U64 = { hi: 0, lo: 0 };
    expect(xxHash64StringInto('header-value', 0, 0, out)).toBe(out);
    expect(xxHash64ListInto(['a', 'b'], 0, 0, out)).toBe(out);
    const values = ['b', 'a'];
    xxHash64ListInto(values, 0, 0, out);
    expect(values).toEqual(['b', 'a']);
  });

  it('hashes ASCII without touching the UTF-8 scratch buffer (no encoding, no allocation)', () => {
    encodeUtf8Scratch('reset to the retained buffer');
    const before = utf8Scratch.bytes;
    const long = 'a'.repeat(100_000);
    xxHash64StringInto(long, 0, 0, { hi: 0, lo: 0 });
    expect(utf8Scratch.bytes).toBe(before);
    xxHash64StringInto(`${long}é`, 0, 0, { hi: 0, lo: 0 });
    expect(utf8Scratch.bytes).not.toBe(before);
  });

  it('writes uint32 halves', () => {
    const out = xxHash64StringInto('foo', 0, 0, { hi: 0, lo: 0 });
    expect(out.hi).toBeGreaterThanOrEqual(0);
    expect(out.lo).toBeGreaterThanOrEqual(0);
    expect(out.hi).toBeLessThan(2 ** 32);
    expect(out.lo).toBeLessThan(2 ** 32);
    expect(u64ToBigInt(out)).toBe(3728699739546630719n);
  });

  it('rejects invalid ranges', () => {
    const b = new Uint8Array(8);
    const out: U64 = { hi: 0, lo: 0 };
    expect(() => xxHash64Bytes(b, 0, 9, 0, 0, out)).toThrow(RangeError);
    expect(() => xxHash64Bytes(b, 5, 4, 0, 0, out)).toThrow(RangeError);
    expect(() => xxHash64Bytes(b, -1, 4, 0, 0, out)).toThrow(RangeError);
    expect(() => xxHash64Bytes(b, 0.5, 4, 0, 0, out)).toThrow(RangeError);
    expect(() => xxHash64Bytes(b, 0, Number.NaN, 0, 0, out)).toThrow(RangeError);
    expect(u64ToBigInt(xxHash64Bytes(b, 3, 3, 0, 0, out))).toBe(refXxh64(new Uint8Array(0), 0n));
  });

  it('bigint convenience functions equal the reference for any seed (property)', () => {
    fc.assert(
      fc.property(bytesArb, seedArb, (b, seed) => {
        const expected = refXxh64(b, seed);
        expect(xxHash64(b, seed)).toBe(expected);
        expect(xxHash64(b, u64FromBigInt(seed))).toBe(expected);
        const ascii = String.fromCharCode(...b.map((x) => x & 0x7f));
        expect(xxHash64List([ascii], seed)).toBe(refXxh64(b.map((x) => x & 0x7f), seed));
      }),
      { numRuns: 1000 },
    );
  });

  it('convenience seeds: bigint or U64, validated', () => {
    expect(xxHash64('foo', { hi: 0, lo: 0 })).toBe(3728699739546630719n);
    expect(xxHash64('foo', 0x0123456789abcdefn)).toBe(
      xxHash64('foo', { hi: 0x01234567, lo: 0x89abcdef }),
    );
    expect(() => xxHash64('foo', -1n)).toThrow(RangeError);
    expect(() => xxHash64('foo', 1n << 64n)).toThrow(RangeError);
    expect(xxHash64('foo', U64_MASK)).toBe(refXxh64(encoder.encode('foo'), U64_MASK));
  });
});
