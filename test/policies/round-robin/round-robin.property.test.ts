import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { roundRobin } from '../../../src/policies/round-robin/index.js';
import { SeededRandom } from '../../../src/common/random.js';
import { u64ToBigInt } from '../../../src/common/u64.js';
import { describeLoadBalancerContract } from '../../contract.js';
import { makeHosts, setOf } from './fixtures.js';

describeLoadBalancerContract('roundRobin', (ps, random, o) => roundRobin(ps, { random, ...o }), { shares: 'weight' });

describe('roundRobin: rotation properties', () => {
  it('with equal weights, n consecutive picks visit every healthy host exactly once, starting at seed mod n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), fc.integer({ min: 1, max: 5 }), (n, seed, weight) => {
        const hosts = makeHosts(Array.from({ length: n }, (_, i) => ({ port: 1000 + i, weight })));
        const random = new SeededRandom(seed);
        const first = { hi: 0, lo: 0 };
        new SeededRandom(seed).nextU64(first);
        const lb = roundRobin(setOf(hosts), { random });
        const start = Number(u64ToBigInt(first) % BigInt(n));
        for (let i = 0; i < 2 * n; i++) expect(lb.chooseHost()).toBe(hosts[(start + i) % n]);
      }),
    );
  });

  it('with unequal weights, every window of sum(weights) picks is within one pick of each weight', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 8 }), fc.integer(), (weights, seed) => {
        const hosts = makeHosts(weights.map((w, i) => ({ port: 1000 + i, weight: w })));
        const lb = roundRobin(setOf(hosts), { random: new SeededRandom(seed) });
        const total = weights.reduce((a, b) => a + b, 0);
        for (let round = 0; round < 3; round++) {
          const counts = new Map<unknown, number>();
          for (let i = 0; i < total; i++) {
            const h = lb.chooseHost();
            counts.set(h, (counts.get(h) ?? 0) + 1);
          }
          hosts.forEach((h, i) => expect(Math.abs((counts.get(h) ?? 0) - weights[i])).toBeLessThanOrEqual(1));
        }
      }),
    );
  });
});
