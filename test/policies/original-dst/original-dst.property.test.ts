import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { originalDst } from '../../../src/policies/original-dst/index.js';
import { canonicalDestination } from '../../../src/policies/original-dst/original-dst.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { ManualClock } from '../../../src/common/clock.js';

// The shared load balancer contract presumes a host set to choose among; an original destination
// load balancer has none (it returns whatever the request names, healthy or not), so these
// properties replace it.

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const port = fc.nat(65_535);
const destination = fc.tuple(ipv4, port).map(([ip, p]) => `${ip}:${p}`);
const ops = fc.array(fc.oneof(destination.map((d) => ({ pick: d })), fc.constant({ cleanup: true })), { maxLength: 60 });

describe('originalDst: properties', () => {
  it('a pick returns the host at exactly the requested address; one host per address; the priority set mirrors the host map', () => {
    fc.assert(
      fc.property(ops, (steps) => {
        const clock = new ManualClock(0);
        const ps = new PrioritySet();
        const lb = originalDst(ps, { clock, cleanupIntervalMs: 1 });
        for (const s of steps) {
          if ('pick' in s) {
            const h = lb.chooseHost({ originalDestination: s.pick });
            expect(h?.address).toBe(canonicalDestination(s.pick));
            expect(lb.chooseHost({ originalDestination: s.pick })).toBe(h);
          } else {
            clock.advance(1);
            lb.cleanup();
          }
          const inSet = ps.hostSets.length === 0 ? [] : ps.hostSets[0].hosts;
          const addresses = inSet.map(String);
          expect(new Set(addresses).size).toBe(addresses.length);
          expect(new Set(lb.hosts())).toEqual(new Set(inSet));
        }
      }),
    );
  });

  it('a host survives exactly until the second cleanup run without a pick', () => {
    fc.assert(
      fc.property(destination, fc.integer({ min: 1, max: 5 }), (dst, idleRuns) => {
        const clock = new ManualClock(0);
        const lb = originalDst(new PrioritySet(), { clock, cleanupIntervalMs: 10 });
        const h = lb.chooseHost({ originalDestination: dst });
        let removedAt = -1;
        for (let run = 1; run <= idleRuns + 1; run++) {
          clock.advance(10);
          if (lb.cleanup().includes(h!)) {
            removedAt = run;
            break;
          }
        }
        expect(removedAt).toBe(2);
      }),
    );
  });

  it('the same operations give the same hosts and the same removals (no hidden randomness)', () => {
    fc.assert(
      fc.property(ops, (steps) => {
        const run = () => {
          const clock = new ManualClock(0);
          const lb = originalDst(new PrioritySet(), { clock, cleanupIntervalMs: 1 });
          const log: string[] = [];
          for (const s of steps) {
            if ('pick' in s) log.push(String(lb.chooseHost({ originalDestination: s.pick })));
            else {
              clock.advance(1);
              log.push(lb.cleanup().map(String).join(','));
            }
          }
          return log;
        };
        expect(run()).toEqual(run());
      }),
    );
  });
});
