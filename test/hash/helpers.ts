// Shared test helpers for the hash tests: the conformance vectors and deterministic inputs.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';

/** One `area: "hash"` vector of test/conformance/hashing.json (function form). */
export interface HashVector {
  id: string;
  source: string;
  call: {
    fn: 'xxHash64' | 'murmurHash2';
    args: { input?: string; inputs?: string[]; seed: string };
    expect: string;
  };
}

/** The `area: "hash"` vectors for one function, exactly as written in the JSON file. */
export function hashVectors(fn: HashVector['call']['fn']): HashVector[] {
  const url = new URL('../conformance/hashing.json', import.meta.url);
  const file = JSON.parse(readFileSync(url, 'utf8')) as { vectors: Array<{ area: string }> };
  return (file.vectors.filter((v) => v.area === 'hash') as unknown as HashVector[]).filter(
    (v) => v.call.fn === fn,
  );
}

export const U64_MASK = (1n << 64n) - 1n;

/** Arbitrary u64 seeds, biased towards edge values by fast-check. */
export const seedArb = fc.bigInt({ min: 0n, max: U64_MASK });

/** Bytes of every length 0..100, so every tail length of both algorithms is covered. */
export const bytesArb = fc.uint8Array({ minLength: 0, maxLength: 100 });

/** A small deterministic PRNG (mulberry32) for the exhaustive length sweeps. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random bytes of the given length from `next`. */
export function randomBytes(next: () => number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(next() * 256);
  return out;
}

/** A random u64 from `next`. */
export function randomSeed(next: () => number): bigint {
  const hi = BigInt(Math.floor(next() * 4294967296));
  const lo = BigInt(Math.floor(next() * 4294967296));
  return (hi << 32n) | lo;
}

/** Strings for the UTF-8 encoder: multi-byte, astral (surrogate pairs), lone surrogates. */
export const UNICODE_SAMPLES: readonly string[] = [
  'é',
  'héllo',
  '€uro',
  '日本語のヘッダー値',
  '😀',
  'a😀b',
  '👨‍👩‍👧‍👦 family',
  '\ud800',
  '\udc00x',
  'x\ud83d',
  '\u007f\u0080\u07ff\u0800\uffff',
  'ascii prefix that is longer than thirty-two bytes, then ü',
  `${'a'.repeat(300)}é`,
  `${'€'.repeat(90)}`,
];

/**
 * Single non-ASCII characters to plant in ASCII text. U+0100 is the dangerous one for a char-code
 * reader: without the ASCII check its high bit would silently land in the neighbouring byte.
 */
export const NON_ASCII_CHARS: readonly string[] = [
  '\u0080',
  'é',
  '\u0100',
  '\uffff',
  '😀',
  '\ud800',
];

/** Arbitrary strings: full Unicode code points (surrogate pairs), and raw UTF-16 units. */
export const unicodeArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({
    unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    maxLength: 60,
  }),
);
