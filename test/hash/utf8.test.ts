import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeUtf8Scratch, utf8Scratch } from '../../src/hash/utf8.js';
import { UNICODE_SAMPLES, unicodeArb } from './helpers.js';

const encoder = new TextEncoder();

function encoded(text: string): Uint8Array {
  const n = encodeUtf8Scratch(text);
  return utf8Scratch.bytes.slice(0, n);
}

describe('encodeUtf8Scratch', () => {
  it('writes the same bytes as TextEncoder', () => {
    for (const s of ['', 'a', 'plain ascii', ...UNICODE_SAMPLES]) {
      expect(encoded(s)).toEqual(encoder.encode(s));
    }
  });

  it('writes the same bytes as TextEncoder (property)', () => {
    fc.assert(
      fc.property(unicodeArb, (s) => {
        expect(encoded(s)).toEqual(encoder.encode(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('reuses the retained buffer for ASCII (no new buffer per call)', () => {
    encodeUtf8Scratch('warm up');
    const before = utf8Scratch.bytes;
    for (let i = 0; i < 100; i++) encodeUtf8Scratch(`key-${i}`);
    expect(utf8Scratch.bytes).toBe(before);
  });

  it('grows for long strings, and does not retain buffers above 64 KiB', () => {
    encodeUtf8Scratch('x'.repeat(10_000));
    const grown = utf8Scratch.bytes;
    expect(grown.length).toBeGreaterThanOrEqual(10_000);
    expect(encodeUtf8Scratch('y'.repeat(200_000))).toBe(200_000);
    expect(utf8Scratch.bytes.length).toBeGreaterThanOrEqual(200_000);
    encodeUtf8Scratch('short');
    expect(utf8Scratch.bytes).toBe(grown);
    expect(encoded('é'.repeat(40_000))).toEqual(encoder.encode('é'.repeat(40_000)));
  });
});
