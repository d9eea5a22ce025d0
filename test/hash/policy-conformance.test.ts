// The `hash` and `hash-policy` vectors of test/conformance/hashing.json, run through the
// conformance runner with the call handlers of src/conformance/calls/hash.ts and hash-policy.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HASH_CALLS } from '../../src/conformance/calls/hash.js';
import { HASH_POLICY_CALLS } from '../../src/conformance/calls/hash-policy.js';
import { type Vector, runVectors } from '../../src/conformance/runner.js';

const file = JSON.parse(readFileSync(new URL('../conformance/hashing.json', import.meta.url), 'utf8')) as {
  vectors: Vector[];
};
const vectors = file.vectors.filter((v) => v.area === 'hash' || v.area === 'hash-policy');

describe('conformance: areas hash and hash-policy', () => {
  it('covers 10 hash and 18 hash-policy vectors', () => {
    expect(vectors.filter((v) => v.area === 'hash')).toHaveLength(10);
    expect(vectors.filter((v) => v.area === 'hash-policy')).toHaveLength(18);
  });

  for (const result of runVectors(vectors)) {
    it(`${result.id} passes`, () => {
      expect(result).toEqual({ id: result.id, area: result.area, status: 'passed' });
    });
  }
});

describe('hash call handlers', () => {
  it('xxHash64 hashes one input, or chains a list through the seed', () => {
    expect(HASH_CALLS.xxHash64({ input: 'foo', seed: '0' })).toBe('3728699739546630719');
    expect(HASH_CALLS.xxHash64({ input: 'foo' })).toBe('3728699739546630719');
    expect(HASH_CALLS.xxHash64({ inputs: ['foo', 'bar'], seed: '0' })).toBe('17745830980996999794');
    expect(HASH_CALLS.xxHash64({ inputs: [], seed: '42' })).toBe('42');
  });

  it('murmurHash2 defaults to Envoy seed 0xc70f6907', () => {
    expect(HASH_CALLS.murmurHash2({ input: 'foo' })).toBe('9631199822919835226');
    expect(HASH_CALLS.murmurHash2({ input: 'foo', seed: '3339675911' })).toBe('9631199822919835226');
  });

  it('rejects malformed arguments', () => {
    expect(() => HASH_CALLS.xxHash64({ input: 5 })).toThrow('input: must be a string, got 5');
    expect(() => HASH_CALLS.xxHash64({ inputs: 'a' })).toThrow('inputs: must be a list of strings, got "a"');
    expect(() => HASH_CALLS.xxHash64({ input: 'a', seed: 1 })).toThrow('seed: must be a u64 decimal string, got 1');
    expect(() => HASH_CALLS.xxHash64({ input: 'a', seed: '-1' })).toThrow(RangeError);
  });

  it('hashPolicy maps the request fields and returns the hash as a decimal string or null', () => {
    const call = HASH_POLICY_CALLS.hashPolicy;
    expect(call({ hash_policy: [{ filter_state: { key: 'k' } }], request: { filter_state: { k: '18446744073709551615' } } })).toEqual({
      hash: '18446744073709551615',
    });
    expect(call({ hash_policy: [{ header: { header_name: 'x' } }], request: { headers: [] } })).toEqual({ hash: null });
    expect(call({ hash_policy: [{ connection_properties: { source_ip: true } }], request: { source_ip: '192.168.1.1' } })).toEqual({
      hash: '4727775843391247014',
    });
  });
});
