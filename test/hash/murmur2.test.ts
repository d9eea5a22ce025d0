import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type U64, u64FromBigInt, u64ToBigInt } from '../../src/common/u64.js';
import {
  MURMUR_HASH2_DEFAULT_SEED,
  MURMUR_HASH2_DEFAULT_SEED_LO,
  murmurHash2,
  murmurHash2Bytes,
  murmurHash2StringInto,
} from '../../src/hash/murmur2.js';
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

// Reference: libstdc++ _Hash_bytes (64-bit) as Envoy copies it in MurmurHash::murmurHash2,
// written with BigInt, one statement per line of the C++.
const MUL = 0xc6a4a7935bd1e995n;
const shiftMix = (v: bigint): bigint => v ^ (v >> 47n);

function refMurmur(b: Uint8Array, seed: bigint): bigint {
  const len = b.length;
  const alignedEnd = len & ~7;
  let hash = (seed ^ (BigInt(len) * MUL)) & U64_MASK;
  for (let p = 0; p < alignedEnd; p += 8) {
    let word = 0n;
    for (let i = 7; i >= 0; i--) word = (word << 8n) | BigInt(b[p + i]!);
    const data = (shiftMix((word * MUL) & U64_MASK) * MUL) & U64_MASK;
    hash ^= data;
    hash = (hash * MUL) & U64_MASK;
  }
  if ((len & 7) !== 0) {
    // load_bytes(end, n): result = (result << 8) + p[n-1] ... p[0]
    let data = 0n;
    for (let n = (len & 7) - 1; n >= 0; n--) data = (data << 8n) + BigInt(b[alignedEnd + n]!);
    hash ^= data;
    hash = (hash * MUL) & U64_MASK;
  }
  hash = (shiftMix(hash) * MUL) & U64_MASK;
  hash = shiftMix(hash);
  return hash;
}

function fastBytes(b: Uint8Array, seed: bigint, start = 0, end = b.length): bigint {
  const s = u64FromBigInt(seed);
  return u64ToBigInt(murmurHash2Bytes(b, start, end, s.hi, s.lo, { hi: 0, lo: 0 }));
}

function fastString(text: string, seed: bigint): bigint {
  const s = u64FromBigInt(seed);
  return u64ToBigInt(murmurHash2StringInto(text, s.hi, s.lo, { hi: 0, lo: 0 }));
}

const encoder = new TextEncoder();

describe('murmurHash2: Envoy conformance vectors (area "hash")', () => {
  const vectors = hashVectors('murmurHash2');

  it('has the vectors', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(5);
  });

  it.each(vectors.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const seed = BigInt(v.call.args.seed);
    const expected = BigInt(v.call.expect);
    const input = v.call.args.input!;
    expect(murmurHash2(input, seed)).toBe(expected);
    expect(fastString(input, seed)).toBe(expected);
    expect(fastBytes(encoder.encode(input), seed)).toBe(expected);
    expect(refMurmur(encoder.encode(input), seed)).toBe(expected);
    if (seed === MURMUR_HASH2_DEFAULT_SEED) expect(murmurHash2(input)).toBe(expected);
  });
});

describe('murmurHash2: against a BigInt reference', () => {
  it('matches for every length 0..300 (every tail length 0..7)', () => {
    const next = prng(4242);
    for (let len = 0; len <= 300; len++) {
      for (let rep = 0; rep < 4; rep++) {
        const b = randomBytes(next, len);
        const seed = rep === 0 ? MURMUR_HASH2_DEFAULT_SEED : randomSeed(next);
        expect(fastBytes(b, seed)).toBe(refMurmur(b, seed));
        const ascii = b.map((x) => x & 0x7f);
        expect(fastString(String.fromCharCode(...ascii), seed)).toBe(refMurmur(ascii, seed));
      }
    }
  });

  it('matches for random bytes and seeds (property)', () => {
    fc.assert(
      fc.property(bytesArb, seedArb, (b, seed) => {
        expect(fastBytes(b, seed)).toBe(refMurmur(b, seed));
      }),
      { numRuns: 3000 },
    );
  });

  it('tail bytes with the high bit set are unsigned (load_bytes casts to unsigned char)', () => {
    for (let n = 1; n <= 15; n++) {
      const b = new Uint8Array(n).fill(0xff);
      expect(fastBytes(b, MURMUR_HASH2_DEFAULT_SEED)).toBe(refMurmur(b, MURMUR_HASH2_DEFAULT_SEED));
    }
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
          expect(got).toBe(refMurmur(b, seed));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('matches for long inputs', () => {
    const next = prng(17);
    for (const len of [1024, 1031, 70_003]) {
      const b = randomBytes(next, len);
      const seed = randomSeed(next);
      expect(fastBytes(b, seed)).toBe(refMurmur(b, seed));
    }
  });
});

describe('murmurHash2: strings are hashed as UTF-8', () => {
  it.each(UNICODE_SAMPLES.map((s) => [JSON.stringify(s).slice(0, 40), s] as const))(
    '%s',
    (_label, text) => {
      const bytes = encoder.encode(text);
      expect(fastString(text, MURMUR_HASH2_DEFAULT_SEED)).toBe(
        refMurmur(bytes, MURMUR_HASH2_DEFAULT_SEED),
      );
      expect(murmurHash2(text)).toBe(murmurHash2(bytes));
    },
  );

  it('detects one non-ASCII character at any position (every read site of the ASCII core)', () => {
    const next = prng(32);
    for (const odd of NON_ASCII_CHARS) {
      for (let len = 1; len <= 40; len++) {
        const ascii = Array.from(randomBytes(next, len), (b) => String.fromCharCode(b & 0x7f));
        for (let at = 0; at < len; at++) {
          const chars = ascii.slice();
          chars[at] = odd;
          const text = chars.join('');
          expect(fastString(text, 3n)).toBe(refMurmur(encoder.encode(text), 3n));
        }
      }
    }
  });

  it('equals hashing TextEncoder bytes for arbitrary Unicode (property)', () => {
    fc.assert(
      fc.property(unicodeArb, seedArb, (text, seed) => {
        expect(fastString(text, seed)).toBe(refMurmur(encoder.encode(text), seed));
      }),
      { numRuns: 2000 },
    );
  });

  it('handles strings larger than the retained scratch buffer', () => {
    const huge = `${'q'.repeat(80_000)}ß`;
    expect(fastString(huge, 1n)).toBe(refMurmur(encoder.encode(huge), 1n));
    expect(fastString('after', 1n)).toBe(refMurmur(encoder.encode('after'), 1n));
  });
});

describe('murmurHash2: fast-path contracts', () => {
  it('does not mutate the input and returns the out object', () => {
    fc.assert(
      fc.property(bytesArb, seedArb, (b, seed) => {
        const copy = b.slice();
        const out: U64 = { hi: 7, lo: 7 };
        const s = u64FromBigInt(seed);
        expect(murmurHash2Bytes(b, 0, b.length, s.hi, s.lo, out)).toBe(out);
        expect(b).toEqual(copy);
      }),
      { numRuns: 300 },
    );
    const out: U64 = { hi: 0, lo: 0 };
    expect(murmurHash2StringInto('key', 0, MURMUR_HASH2_DEFAULT_SEED_LO, out)).toBe(out);
  });

  it('the default seed constants agree', () => {
    expect(MURMUR_HASH2_DEFAULT_SEED).toBe(3339675911n);
    expect(BigInt(MURMUR_HASH2_DEFAULT_SEED_LO)).toBe(MURMUR_HASH2_DEFAULT_SEED);
    const out = murmurHash2StringInto('foo', 0, MURMUR_HASH2_DEFAULT_SEED_LO, { hi: 0, lo: 0 });
    expect(u64ToBigInt(out)).toBe(9631199822919835226n);
  });

  it('rejects invalid ranges', () => {
    const b = new Uint8Array(8);
    const out: U64 = { hi: 0, lo: 0 };
    expect(() => murmurHash2Bytes(b, 0, 9, 0, 0, out)).toThrow(RangeError);
    expect(() => murmurHash2Bytes(b, 5, 4, 0, 0, out)).toThrow(RangeError);
    expect(() => murmurHash2Bytes(b, 1.5, 4, 0, 0, out)).toThrow(RangeError);
  });

  it('the bigint convenience function equals the reference for any seed (property)', () => {
    fc.assert(
      fc.property(bytesArb, seedArb, (b, seed) => {
        const expected = refMurmur(b, seed);
        expect(murmurHash2(b, seed)).toBe(expected);
        expect(murmurHash2(b, u64FromBigInt(seed))).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('convenience seeds: bigint or U64, validated', () => {
    expect(murmurHash2('foo', { hi: 0, lo: 0xc70f6907 })).toBe(9631199822919835226n);
    expect(murmurHash2('foo', 0n)).toBe(refMurmur(encoder.encode('foo'), 0n));
    expect(() => murmurHash2('foo', -1n)).toThrow(RangeError);
    expect(() => murmurHash2('foo', 1n << 64n)).toThrow(RangeError);
  });
});
