import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lbMetadata, lbMetadataEquals, metadataValueEquals, metadataValueKey, normalizeMetadataValue } from '../../src/host/metadata.js';

describe('envoy.lb metadata', () => {
  it('treats __proto__ and constructor as ordinary keys', () => {
    const md = lbMetadata(JSON.parse('{"__proto__": "x", "constructor": {"prototype": 1}, "toString": true}'));
    expect(md.get('__proto__')).toBe('x');
    expect(md.get('constructor')).toEqual(normalizeMetadataValue({ prototype: 1 }));
    expect(md.get('toString')).toBe(true);
    expect(({} as Record<string, unknown>).x).toBeUndefined(); // no prototype pollution
  });
  it('keeps __proto__ as an own key inside nested structs', () => {
    const v = normalizeMetadataValue(JSON.parse('{"a": {"__proto__": {"polluted": true}}}')) as Record<string, Record<string, unknown>>;
    expect(Object.keys(v.a)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(v.a)).toBeNull();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('compares values as protobuf Values: kinds must match exactly', () => {
    expect(metadataValueEquals('1', 1)).toBe(false);
    expect(metadataValueEquals(1, 1.0)).toBe(true);
    expect(metadataValueEquals(true, 'true')).toBe(false);
    expect(metadataValueEquals(null, null)).toBe(true);
    expect(metadataValueEquals(['a', 1], ['a', 1])).toBe(true);
    expect(metadataValueEquals(['a', 1], [1, 'a'])).toBe(false);
    expect(metadataValueEquals(normalizeMetadataValue({ a: 1, b: [true] }), normalizeMetadataValue({ b: [true], a: 1 }))).toBe(true);
    expect(metadataValueEquals(normalizeMetadataValue({ a: 1 }), normalizeMetadataValue({ a: 1, b: 2 }))).toBe(false);
  });
  it('rejects non-JSON values with the path', () => {
    expect(() => lbMetadata({ a: Number.NaN })).toThrow('a: metadata numbers must be finite, got NaN');
    expect(() => lbMetadata({ a: { b: () => 1 } })).toThrow('a.b: metadata values must be JSON values, got function');
  });
  it('lbMetadataEquals compares key sets and values', () => {
    expect(lbMetadataEquals(lbMetadata({ a: 1, b: 'x' }), lbMetadata({ b: 'x', a: 1 }))).toBe(true);
    expect(lbMetadataEquals(lbMetadata({ a: 1 }), lbMetadata({ a: '1' }))).toBe(false);
    expect(lbMetadataEquals(lbMetadata({ a: 1 }), lbMetadata({ b: 1 }))).toBe(false);
  });
  it('property: equal values have equal keys (keys index values in maps)', () => {
    const json = fc.jsonValue();
    fc.assert(
      fc.property(json, json, (x, y) => {
        const a = normalizeMetadataValue(x);
        const b = normalizeMetadataValue(y);
        if (metadataValueEquals(a, b)) expect(metadataValueKey(a)).toBe(metadataValueKey(b));
        else expect(metadataValueKey(a)).not.toBe(metadataValueKey(b));
        expect(metadataValueEquals(a, normalizeMetadataValue(x))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
