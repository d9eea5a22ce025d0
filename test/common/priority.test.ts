import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  choosePriority,
  computePriorityLoads,
  computeTotalPanicLoads,
  distributeLoad,
  isInPanic,
  normalizedTotalAvailability,
  priorityAvailability,
  priorityLoad,
  type PriorityCounts,
} from '../../src/common/priority.js';
import { u64FromBigInt } from '../../src/common/u64.js';

const counts = (hosts: number, healthy: number, degraded = 0, excluded = 0, opf = 140): PriorityCounts => ({
  hosts,
  healthy,
  degraded,
  excluded,
  overprovisioningFactor: opf,
});

describe('priorityAvailability', () => {
  it('is min(100, opf * healthy / hosts) in integer math', () => {
    expect(priorityAvailability(counts(3, 2, 0, 0, 150))).toEqual({ healthy: 100, degraded: 0 });
    expect(priorityAvailability(counts(3, 1, 0, 0, 150))).toEqual({ healthy: 50, degraded: 0 });
    expect(priorityAvailability(counts(100, 71))).toEqual({ healthy: 99, degraded: 0 });
    expect(priorityAvailability(counts(7, 1))).toEqual({ healthy: 20, degraded: 0 }); // 140/7 = 20
    expect(priorityAvailability(counts(3, 1))).toEqual({ healthy: 46, degraded: 0 }); // 140/3 = 46.67 truncated
  });
  it('leaves excluded hosts out of the denominator and gives 0 when every host is excluded', () => {
    expect(priorityAvailability(counts(4, 1, 0, 3))).toEqual({ healthy: 100, degraded: 0 });
    expect(priorityAvailability(counts(4, 0, 0, 4))).toEqual({ healthy: 0, degraded: 0 });
  });
  it('uses weight sums with weighted_priority_health', () => {
    // healthy weight 6 of 10 at factor 100 -> 60
    expect(priorityAvailability({ ...counts(4, 2, 0, 0, 100), weightSums: [6, 0, 10, 0] })).toEqual({ healthy: 60, degraded: 0 });
  });
  it('stays exact when opf * weight exceeds 2^53', () => {
    const w = 2 ** 52;
    expect(priorityAvailability({ ...counts(2, 1, 0, 0, 4_294_967_295), weightSums: [w, 0, 2 * w + 1, 0] }).healthy).toBe(100);
  });
});

describe('distributeLoad and computePriorityLoads', () => {
  it('gives the rounding remainder to the first priority with healthy availability', () => {
    // 5% and 65% healthy (x1.4 -> 7 and 91, total 98): 7*100/98 = 7, 91*100/98 = 92, remainder 1 -> P0
    const h: number[] = [];
    const d: number[] = [];
    expect(computePriorityLoads([7, 91], [0, 0], h, d)).toBe(true);
    expect(h).toEqual([8, 92]);
    expect(d).toEqual([0, 0]);
  });
  it('gives degraded load only what healthy load left, remainder to the first degraded priority when none is healthy', () => {
    const h: number[] = [];
    const d: number[] = [];
    computePriorityLoads([0, 0], [28, 56], h, d);
    expect(h).toEqual([0, 0]);
    expect(d).toEqual([34, 66]);
  });
  it('writes nothing and returns false when nothing is available', () => {
    const h = [70, 30];
    const d = [0, 0];
    expect(computePriorityLoads([0, 0], [0, 0], h, d)).toBe(false);
    expect(h).toEqual([70, 30]);
  });
  it('distributeLoad reports the first available priority and the remainder', () => {
    const load: number[] = [];
    expect(distributeLoad(load, [0, 40, 30], 100, 70)).toEqual({ first: 1, remaining: 1 });
    expect(load).toEqual([0, 57, 42]);
  });
  it('normalizedTotalAvailability caps at 100', () => {
    expect(normalizedTotalAvailability([100, 100], [50, 0])).toBe(100);
    expect(normalizedTotalAvailability([20, 10], [5, 0])).toBe(35);
  });
});

describe('panic', () => {
  it('isInPanic compares healthy + degraded percentage (double math) with the threshold', () => {
    expect(isInPanic(100, 0, 49, 0, 50)).toBe(true);
    expect(isInPanic(100, 0, 50, 0, 50)).toBe(false);
    expect(isInPanic(100, 0, 25, 25, 50)).toBe(false);
    expect(isInPanic(3, 0, 1, 0, 34)).toBe(true); // 33.33 < 34
    expect(isInPanic(4, 4, 0, 0, 50)).toBe(true); // no countable host: 0%
  });
  it('a threshold of 0 never panics', () => {
    expect(isInPanic(10, 0, 0, 0, 0)).toBe(false);
  });
  it('total panic splits by host count including excluded hosts, remainder to the first non-empty priority', () => {
    const h: number[] = [];
    const d: number[] = [9, 9, 9];
    expect(computeTotalPanicLoads([5, 5, 5], h, d)).toBe(true);
    expect(h).toEqual([34, 33, 33]);
    expect(d).toEqual([0, 0, 0]);
    const h2: number[] = [];
    computeTotalPanicLoads([0, 3, 3], h2, []);
    expect(h2).toEqual([0, 50, 50]);
  });
  it('total panic with no hosts at all points P0 at 100', () => {
    const h = [0, 0];
    expect(computeTotalPanicLoads([0, 0], h, [0, 0])).toBe(false);
    expect(h[0]).toBe(100);
  });
});

describe('choosePriority', () => {
  it('uses hash % 100 + 1 against cumulative healthy then degraded loads', () => {
    const pick = (hash: bigint, healthy: number[], degraded: number[]) => {
      const v = u64FromBigInt(hash);
      const packed = choosePriority(v.hi, v.lo, healthy, degraded);
      return [packed >>> 1, packed & 1];
    };
    expect(pick(69n, [70, 30], [0, 0])).toEqual([0, 0]); // h = 70
    expect(pick(70n, [70, 30], [0, 0])).toEqual([1, 0]); // h = 71
    expect(pick(99n, [40, 10], [30, 20])).toEqual([1, 1]); // h = 100 -> degraded P1
    expect(pick(18446744073709551615n, [16, 84], [0, 0])).toEqual([0, 0]); // (2^64 - 1) % 100 = 15, h = 16
    expect(pick(18446744073709551615n, [15, 85], [0, 0])).toEqual([1, 0]);
  });
  it('falls back to priority 0 healthy when the loads do not reach h (Envoy\'s IS_ENVOY_BUG path)', () => {
    expect(choosePriority(0, 99, [0, 0], [0, 0])).toBe(0);
  });
});

describe('priorityLoad', () => {
  it('reproduces Envoy\'s documented overprovisioning table', () => {
    const row = (p0: number) => priorityLoad([counts(100, p0), counts(100, 100)]).healthy;
    expect(row(100)).toEqual([100, 0]);
    expect(row(72)).toEqual([100, 0]);
    expect(row(71)).toEqual([99, 1]);
    expect(row(50)).toEqual([70, 30]);
    expect(row(25)).toEqual([35, 65]);
    expect(row(0)).toEqual([0, 100]);
  });
  it('enters total panic when every priority is below the threshold', () => {
    const r = priorityLoad([counts(100, 25), counts(100, 25), counts(100, 20)]);
    expect(r.totalPanic).toBe(true);
    expect(r.healthy).toEqual([34, 33, 33]);
    expect(r.panic).toEqual([true, true, true]);
  });
  it('with panic disabled and nothing available, points P0 at 100 and flags no panic', () => {
    const r = priorityLoad([counts(2, 0), counts(2, 0)], { healthyPanicThreshold: 0 });
    expect(r.healthy[0]).toBe(100);
    expect(r.panic).toEqual([false, false]);
  });
  it('caps the threshold at 100', () => {
    // Every host healthy but availability 1 (factor 1): 100% < 250 would panic, 100% < 100 does not.
    expect(priorityLoad([counts(10, 10, 0, 0, 1)], { healthyPanicThreshold: 250 }).panic).toEqual([false]);
    expect(priorityLoad([counts(10, 9, 0, 0, 1)], { healthyPanicThreshold: 250 }).panic).toEqual([true]);
  });
  it('matches Envoy when a factor below 100 truncates availability to 0 without panic: loads stay 0', () => {
    // 1 of 2 healthy at factor 1: availability floor(1 * 1 / 2) = 0, 50% healthy is not below 1%.
    const r = priorityLoad([counts(2, 1, 0, 0, 1)], { healthyPanicThreshold: 1 });
    expect(r.healthy).toEqual([0]);
    expect(r.panic).toEqual([false]);
  });
});

const priorityArb = fc
  .record({
    hosts: fc.integer({ min: 0, max: 40 }),
    healthyFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    degradedFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    excludedFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    opf: fc.integer({ min: 100, max: 300 }),
  })
  .map(({ hosts, healthyFrac, degradedFrac, excludedFrac, opf }): PriorityCounts => {
    const healthy = Math.floor(hosts * healthyFrac);
    const degraded = Math.floor((hosts - healthy) * degradedFrac);
    const excluded = Math.floor((hosts - healthy - degraded) * excludedFrac);
    return { hosts, healthy, degraded, excluded, overprovisioningFactor: opf };
  });

describe('priorityLoad properties', () => {
  it('loads sum to 100 whenever any host exists (overprovisioning factor >= 100)', () => {
    fc.assert(
      fc.property(fc.array(priorityArb, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 100 }), (ps, threshold) => {
        fc.pre(ps.some((p) => p.hosts > 0));
        const r = priorityLoad(ps, { healthyPanicThreshold: threshold });
        const sum = r.healthy.reduce((a, b) => a + b, 0) + r.degraded.reduce((a, b) => a + b, 0);
        expect(sum).toBe(100);
        for (const x of [...r.healthy, ...r.degraded]) expect(x).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });
  it('panic flags follow the threshold rule: never when total availability is 100, else healthy+degraded % < threshold', () => {
    fc.assert(
      fc.property(fc.array(priorityArb, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 100 }), (ps, threshold) => {
        const r = priorityLoad(ps, { healthyPanicThreshold: threshold });
        const nta = normalizedTotalAvailability(r.healthAvailability, r.degradedAvailability);
        ps.forEach((p, i) => {
          const n = p.hosts - p.excluded;
          const pct = n === 0 ? 0 : (100 * p.healthy) / n + (100 * p.degraded) / n;
          expect(r.panic[i]).toBe(nta === 100 ? false : pct < threshold);
        });
        if (r.totalPanic) expect(r.panic.every(Boolean)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
  it('adding a healthy host never lowers its priority\'s availability', () => {
    fc.assert(
      fc.property(priorityArb, (p) => {
        const before = priorityAvailability(p).healthy;
        const after = priorityAvailability({ ...p, hosts: p.hosts + 1, healthy: p.healthy + 1 }).healthy;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 3000 },
    );
  });
});
