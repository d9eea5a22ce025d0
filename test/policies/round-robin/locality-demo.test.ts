/**
 * `npm run demo`, section locality: the shares it prints match the effective locality weights
 * (1:2, then 1:1.4 with one cn-north-2 host unhealthy).
 */
import { describe, expect, it } from 'vitest';
import { localityDemo } from '../../../src/demo/locality.js';

function capture(): string[] {
  const lines: string[] = [];
  localityDemo((l) => lines.push(...l.split('\n')));
  return lines;
}

describe('demo: locality-weighted round robin', () => {
  const lines = capture();

  it('prints 1:2 with every host healthy and 1:1.4 with one cn-north-2 host down', () => {
    expect(lines).toContain('ratio cn-north-1 : cn-north-2 = 1 : 2.00 (expected 1 : 2.00)');
    expect(lines).toContain('ratio cn-north-1 : cn-north-2 = 1 : 1.40 (expected 1 : 1.40)');
  });

  it('prints the effective weights 10 and 20, then 10 and 14', () => {
    const weights = lines.filter((l) => /^cn-north-\d\s/.test(l)).map((l) => l.trim().split(/\s+/)[1]);
    expect(weights).toEqual(['10.0', '20.0', '10.0', '14.0']);
  });

  it('sends nothing to the unhealthy host', () => {
    expect(lines.some((l) => /^10\.2\.0\.2:80\s+unhealthy\s+0\s+0\.0%$/.test(l))).toBe(true);
  });
});
