import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runVector, type Vector } from '../../../src/conformance/runner.js';

function vectors(file: string, pick: (v: Vector) => boolean): Vector[] {
  const all = (JSON.parse(readFileSync(new URL(`../../conformance/${file}`, import.meta.url), 'utf8')) as { vectors: Vector[] }).vectors;
  return all.filter(pick);
}

describe('ring hash conformance vectors (Envoy ring_hash_lb_test.cc)', () => {
  const list = [...vectors('hashing.json', (v) => v.area === 'ring-hash'), ...vectors('subset.json', (v) => v.id === 'ring-bad-size-bounds')];
  it('has the vectors', () => expect(list.length).toBe(32));
  it.each(list.map((v) => [v.id, v] as const))('%s passes', (_id, v) => {
    expect(runVector(v)).toEqual({ id: v.id, area: v.area, status: 'passed' });
  });
});
