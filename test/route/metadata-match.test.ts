import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MetadataMatchCriteria, mergeMetadataMatch } from '../../src/route/metadata-match.js';
import { compareUtf8 } from '../../src/common/strings.js';

describe('MetadataMatchCriteria.from', () => {
  it('sorts criteria by key bytewise, as Envoy sorts std::string names', () => {
    const c = MetadataMatchCriteria.from({ version: '1.0', stage: 'prod', Zeta: 1, '\u{1F600}': true, '\uE000': false });
    expect(c.sortedKeys).toEqual(['Zeta', 'stage', 'version', '\uE000', '\u{1F600}']);
    expect(c.get('stage')).toBe('prod');
    expect(c.size).toBe(5);
  });

  it('keeps __proto__ and constructor as ordinary keys', () => {
    const c = MetadataMatchCriteria.from(JSON.parse('{"__proto__": "a", "constructor": "b"}'));
    expect([...c.keys()]).toEqual(['__proto__', 'constructor']);
    expect(c.get('__proto__')).toBe('a');
    expect(c.has('toString')).toBe(false);
    expect(Object.getPrototypeOf(c.toJSON())).toBeNull();
    expect(Object.keys(c.toJSON())).toEqual(['__proto__', 'constructor']);
  });

  it('accepts a Map and iterates like a ReadonlyMap', () => {
    const c = MetadataMatchCriteria.from(new Map<string, unknown>([['b', [1, 'x']], ['a', { k: null }]]));
    expect([...c]).toEqual([
      ['a', { k: null }],
      ['b', [1, 'x']],
    ]);
    const seen: string[] = [];
    c.forEach((_v, k) => seen.push(k));
    expect(seen).toEqual(['a', 'b']);
    expect([...c.values()]).toEqual([{ k: null }, [1, 'x']]);
    expect(Object.isFrozen(c.get('b'))).toBe(true);
  });

  it('rejects values that are not JSON values, naming the key', () => {
    expect(() => MetadataMatchCriteria.from({ v: Number.NaN })).toThrow(/^metadata_match\.v: metadata numbers must be finite, got "NaN"$/);
    expect(() => MetadataMatchCriteria.from({ v: [1, () => 1] })).toThrow(/^metadata_match\.v\[1\]: metadata values must be JSON values, got "function"$/);
    expect(() => MetadataMatchCriteria.from('x' as never)).toThrow('metadata_match: must be an object of metadata keys to values, got "x"');
  });
});

describe('MetadataMatchCriteria.merge / filter', () => {
  it('merge lets the override win on equal keys, adds new keys and re-sorts', () => {
    const route = MetadataMatchCriteria.from({ stage: 'prod', version: '1.0' });
    const merged = route.merge({ version: '1.1', hardware: 'c64' });
    expect(merged.toJSON()).toEqual({ hardware: 'c64', stage: 'prod', version: '1.1' });
    expect([...merged.keys()]).toEqual(['hardware', 'stage', 'version']);
    expect(route.get('version')).toBe('1.0');
  });

  it('filter keeps the listed keys in order and returns null when none remains', () => {
    const c = MetadataMatchCriteria.from({ a: 1, b: 2, c: 3 });
    expect(c.filter(['c', 'a'])?.toJSON()).toEqual({ a: 1, c: 3 });
    expect(c.filter(['x'])).toBeNull();
    expect(MetadataMatchCriteria.EMPTY.filter(['a'])).toBeNull();
  });

  it('keys stay sorted for any input (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())), fc.dictionary(fc.string(), fc.string()), (a, b) => {
        const merged = MetadataMatchCriteria.from(a).merge(b);
        const keys = merged.sortedKeys;
        for (let i = 1; i < keys.length; i++) expect(compareUtf8(keys[i - 1], keys[i])).toBeLessThan(0);
        for (const k of Object.keys(b)) expect(merged.get(k)).toBe(b[k]);
        for (const k of Object.keys(a)) if (!(k in b)) expect(merged.get(k)).toBe(a[k]);
      }),
    );
  });
});

describe('mergeMetadataMatch(route, clusterEntry)', () => {
  it("uses the entry's criteria merged over the route's, the entry winning", () => {
    expect(mergeMetadataMatch({ stage: 'prod', version: '1.0' }, { version: '1.1' })?.toJSON()).toEqual({ stage: 'prod', version: '1.1' });
  });

  it("falls back to the route's criteria when the entry has none", () => {
    const route = MetadataMatchCriteria.from({ stage: 'prod' });
    expect(mergeMetadataMatch(route, null)).toBe(route);
    expect(mergeMetadataMatch(route, undefined)).toBe(route);
  });

  it("uses the entry's criteria alone when the route has none, and null when neither has any", () => {
    expect(mergeMetadataMatch(null, { version: '1.1' })?.toJSON()).toEqual({ version: '1.1' });
    expect(mergeMetadataMatch(null, null)).toBeNull();
  });

  it('an empty entry struct gives a copy of the route criteria (Envoy merges an empty struct)', () => {
    const m = mergeMetadataMatch({ stage: 'prod' }, {});
    expect(m?.toJSON()).toEqual({ stage: 'prod' });
    expect(mergeMetadataMatch(null, {})?.size).toBe(0);
  });
});
