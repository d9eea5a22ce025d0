import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runVector, type Vector } from '../../../src/conformance/runner.js';

const file = JSON.parse(readFileSync(new URL('../../conformance/subset.json', import.meta.url), 'utf8')) as { vectors: Vector[] };

describe('conformance: test/conformance/subset.json', () => {
  for (const v of file.vectors) {
    it(`${v.id} [${v.area}] replays Envoy's expectations`, () => {
      const r = runVector(v);
      expect(r, JSON.stringify(r)).toMatchObject({ status: 'passed' });
    });
  }
});
