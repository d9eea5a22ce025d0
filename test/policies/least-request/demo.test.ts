/**
 * `npm run demo`, section least-request: the shares it prints come from the library and are
 * consistent with weighted least request.
 */
import { describe, expect, it } from 'vitest';
import { leastRequestDemo } from '../../../src/demo/least-request.js';

function capture(): string[] {
  const lines: string[] = [];
  leastRequestDemo((l) => lines.push(...l.split('\n')));
  return lines;
}

describe('demo: weighted least request (1:3:5, random durations)', () => {
  const lines = capture();
  const rows = lines.filter((l) => /^10\.0\.0\.\d:80\s/.test(l));

  it('prints one row per host with 300 and 30,000 requests accounted for', () => {
    expect(rows).toHaveLength(3);
    const counts = rows.map((r) => r.trim().split(/\s+/));
    // columns: host, weight, weight share, 300 req, share, Envoy, (share), 30,000 req, share
    expect(counts.map((c) => Number(c[3])).reduce((a, b) => a + b, 0)).toBe(300);
    expect(counts.map((c) => Number(c[7])).reduce((a, b) => a + b, 0)).toBe(30_000);
    expect(lines.some((l) => l.includes('~56') && l.includes('10.0.0.1:80'))).toBe(true);
  });

  it('orders shares by weight but pulls them toward equal, as active requests weigh in', () => {
    const shares = rows.map((r) => Number(r.trim().split(/\s+/)[7]) / 30_000);
    expect(shares[0]).toBeLessThan(shares[1]);
    expect(shares[1]).toBeLessThan(shares[2]);
    expect(shares[0]).toBeGreaterThan(1 / 9);
    expect(shares[2]).toBeLessThan(5 / 9);
  });

  it('explains the difference from pure weights', () => {
    expect(lines.join(' ')).toContain('(active requests + 1)');
  });
});
