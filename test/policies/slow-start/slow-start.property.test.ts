import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveSlowStart, SlowStart } from '../../../src/policies/common/slow-start.js';
import { roundRobin } from '../../../src/policies/round-robin/index.js';
import { leastRequest } from '../../../src/policies/least-request/index.js';
import { ManualClock } from '../../../src/common/clock.js';
import { describeLoadBalancerContract } from '../../contract.js';
import { makeHosts } from '../round-robin/fixtures.js';

// Every host enters slow start at construction, so all share one time factor and the long-run
// shares stay proportional to the weights.
describeLoadBalancerContract(
  'roundRobin with slow start',
  (ps, random, o) => roundRobin(ps, { random, clock: new ManualClock(0), slowStart: { windowMs: 60_000 }, ...o }),
  { shares: 'weight' },
);
describeLoadBalancerContract(
  'leastRequest with slow start',
  (ps, random, o) => leastRequest(ps, { random, clock: new ManualClock(0), slowStart: { windowMs: 60_000, aggression: 2 }, ...o }),
  { shares: 'weight' },
);

describe('slow start factor properties', () => {
  it('the scaled weight stays in [w * min, w] and never decreases with time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600_000 }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 20 }),
        (windowMs, aggression, minWeightPercent, steps) => {
          const clock = new ManualClock(0);
          const ss = new SlowStart(resolveSlowStart({ windowMs, aggression, minWeightPercent }), clock);
          const [h] = makeHosts([80]);
          h.lastHcPassTime = 0;
          let prev = 0;
          for (const dt of steps) {
            clock.advance(dt);
            const w = ss.apply(7, h);
            expect(w).toBeGreaterThanOrEqual(prev);
            expect(w).toBeLessThanOrEqual(7);
            expect(w).toBeGreaterThanOrEqual(Math.min(7, (7 * minWeightPercent) / 100) - 1e-12);
            prev = w;
          }
        },
      ),
    );
  });
});
