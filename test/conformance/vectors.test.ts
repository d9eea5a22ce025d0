/**
 * Every Envoy conformance vector in test/conformance/*.json, each as its own test.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runVector, type Vector } from '../../src/conformance/runner.js';

const dir = join(__dirname);
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

for (const file of files) {
  const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { schema: string; vectors: Vector[] };
  describe(`conformance: ${file}`, () => {
    it('uses format upstream-lb-conformance/1 with unique ids', () => {
      expect(doc.schema).toBe('upstream-lb-conformance/1');
      expect(new Set(doc.vectors.map((v) => v.id)).size).toBe(doc.vectors.length);
    });
    for (const v of doc.vectors) {
      it(`${v.id} [${v.area}]`, () => {
        const r = runVector(v);
        expect(r, r.status === 'failed' ? `${r.where}: ${r.message ?? ''}` : '').toMatchObject({ status: 'passed' });
      });
    }
  });
}
