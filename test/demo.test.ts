/**
 * `npm run demo`: the priority scenario computed by the library matches the math it prints.
 */
import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo/index.js';

function capture(names?: string[]): string[] {
  const lines: string[] = [];
  runDemo((l) => lines.push(...l.split('\n')), names);
  return lines;
}

describe('demo: priority levels', () => {
  const lines = capture(['priority']);
  it('keeps all traffic at P0 with one of three hosts down (67% x 1.5 >= 100%) and spills with two down', () => {
    expect(lines).toContain('0 of 3 priority-0 hosts unhealthy: load P0/P1 = 100%/0%, panic = [false, false]');
    expect(lines).toContain('1 of 3 priority-0 hosts unhealthy: load P0/P1 = 100%/0%, panic = [false, false]');
    expect(lines).toContain('2 of 3 priority-0 hosts unhealthy: load P0/P1 = 50%/50%, panic = [false, false]');
    expect(lines).toContain('3 of 3 priority-0 hosts unhealthy: load P0/P1 = 0%/100%, panic = [false, false]');
  });
  it('prints each host share within 1 point of the expected share', () => {
    const rows = lines.filter((l) => /^172\.31\.31\.\d+:80\s/.test(l));
    expect(rows.length).toBe(20);
    for (const r of rows) {
      const [share, expected] = [...r.matchAll(/([\d.]+)%/g)].map((m) => Number(m[1]));
      expect(Math.abs(share - expected)).toBeLessThanOrEqual(1);
    }
  });
  it("prints Envoy's overprovisioning table: 72% keeps 100%, 71% spills 1%", () => {
    expect(lines.some((l) => /^72%\s+100%\s+100%\s+0%$/.test(l))).toBe(true);
    expect(lines.some((l) => /^71%\s+100%\s+99%\s+1%$/.test(l))).toBe(true);
  });
});
