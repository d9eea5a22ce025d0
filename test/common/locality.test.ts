import { describe, expect, it } from 'vitest';
import { effectiveLocalityWeight, effectiveLocalityWeights, LocalityScheduler } from '../../src/common/locality.js';

describe('effectiveLocalityWeight', () => {
  it('is weight * min(1, opf/100 * eligible / non-excluded hosts) in double math', () => {
    expect(effectiveLocalityWeight(20, 2, 1, 0, 140)).toBeCloseTo(14, 12);
    expect(effectiveLocalityWeight(10, 3, 3, 0, 140)).toBe(10);
    expect(effectiveLocalityWeight(1, 5, 2, 0, 140)).toBeCloseTo(0.56, 12);
    expect(effectiveLocalityWeight(1, 2, 1, 0, 100)).toBe(0.5);
  });
  it('ignores excluded hosts and is 0 when no countable host is left', () => {
    expect(effectiveLocalityWeight(1, 3, 1, 2, 140)).toBe(1);
    expect(effectiveLocalityWeight(1, 2, 0, 2, 140)).toBe(0);
    expect(effectiveLocalityWeight(0, 4, 4, 0, 140)).toBe(0);
  });
  it('effectiveLocalityWeights maps each locality', () => {
    expect(effectiveLocalityWeights([{ weight: 10, hosts: 3, eligible: 3 }, { weight: 20, hosts: 2, eligible: 1 }])).toEqual([
      10,
      20 * Math.min(1, 1.4 * 0.5),
    ]);
  });
});

describe('LocalityScheduler', () => {
  it('picks localities 1,0,1,1,0,1 for weights 1 and 2 with seed 0 (Envoy LocalityWrrTest)', () => {
    const s = new LocalityScheduler([1, 2], 0);
    expect(Array.from({ length: 6 }, () => s.pick())).toEqual([1, 0, 1, 1, 0, 1]);
  });
  it('skips localities with weight 0 and returns -1 when none has weight', () => {
    const s = new LocalityScheduler([0, 3, 0], 0);
    expect(s.size).toBe(1);
    expect([s.pick(), s.pick()]).toEqual([1, 1]);
    expect(new LocalityScheduler([0, 0], 5).pick()).toBe(-1);
  });
});
