import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { roundRobin } from '../../../src/policies/round-robin/index.js';
import { random } from '../../../src/policies/random/index.js';
import { leastRequest } from '../../../src/policies/least-request/index.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { Host } from '../../../src/host/host.js';
import { locality } from '../../../src/host/locality.js';
import { SeededRandom } from '../../../src/common/random.js';
import { describeLoadBalancerContract } from '../../contract.js';

/** A local cluster in zone A with hosts in A and B (the contract's hosts carry no zone: routing exits early). */
function localCluster(): PrioritySet {
  const me = locality({ zone: 'A' });
  const ps = new PrioritySet({ localLocality: me });
  ps.updateHosts(0, [new Host({ address: '10.1.0.1:1', locality: me }), new Host({ address: '10.1.0.2:1', locality: locality({ zone: 'B' }) })]);
  return ps;
}

describeLoadBalancerContract('roundRobin with a local cluster', (ps, r, o) => roundRobin(ps, { random: r, localPrioritySet: localCluster(), ...o }), {
  shares: 'weight',
});
describeLoadBalancerContract('random with a local cluster', (ps, r, o) => random(ps, { random: r, localPrioritySet: localCluster(), ...o }), {
  shares: 'equal',
});
describeLoadBalancerContract('leastRequest with a local cluster', (ps, r, o) => leastRequest(ps, { random: r, localPrioritySet: localCluster(), ...o }), {
  shares: 'weight',
});

const zones = ['A', 'B', 'C', 'D'];

describe('zone-aware routing properties', () => {
  it('long-run zone shares follow the residual plan: local share kept, the rest by residual capacity', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 4, maxLength: 4 }),
        fc.integer(),
        (up, local, seed) => {
          fc.pre(up[0] > 0 && local[0] > 0 && up.reduce((a, b) => a + b, 0) >= 2 && up.filter((x) => x > 0).length >= 2);
          const me = locality({ zone: 'A' });
          const ps = new PrioritySet({ localLocality: me });
          const upHosts: Host[] = [];
          zones.forEach((z, zi) => {
            for (let i = 0; i < up[zi]; i++) upHosts.push(new Host({ address: `10.0.${zi}.${i}:80`, locality: locality({ zone: z }) }));
          });
          ps.updateHosts(0, upHosts);
          const lps = new PrioritySet({ localLocality: me });
          const lHosts: Host[] = [];
          zones.forEach((z, zi) => {
            for (let i = 0; i < local[zi]; i++) lHosts.push(new Host({ address: `10.1.${zi}.${i}:80`, locality: locality({ zone: z }) }));
          });
          lps.updateHosts(0, lHosts);
          const lb = roundRobin(ps, { random: new SeededRandom(seed), localPrioritySet: lps, zoneAware: { minClusterSize: 1 } });
          // expected shares, Envoy's integer percentages (10,000 scale)
          const totalUp = up.reduce((a, b) => a + b, 0);
          const totalLocal = local.reduce((a, b) => a + b, 0);
          const upPct = up.map((n) => Math.floor((10_000 * n) / totalUp));
          const localPct = local.map((n, i) => (up[i] > 0 ? Math.floor((10_000 * n) / totalLocal) : 0));
          const expected = new Array<number>(4).fill(0);
          if (upPct[0] >= localPct[0]) {
            expected[0] = 1;
          } else {
            const keep = Math.floor((upPct[0] * 10_000) / localPct[0]) / 10_000;
            const residual = upPct.map((u, i) => (i === 0 ? 0 : Math.max(0, u - localPct[i])));
            const sum = residual.reduce((a, b) => a + b, 0);
            // No residual capacity sends cross-zone picks to a uniform locality: a unit test covers it.
            if (sum === 0) return;
            expected[0] = keep;
            residual.forEach((r, i) => {
              if (i > 0) expected[i] = ((1 - keep) * r) / sum;
            });
          }
          const n = 4_000;
          const counts = new Array<number>(4).fill(0);
          for (let i = 0; i < n; i++) counts[zones.indexOf(lb.chooseHost()!.locality.zone)]++;
          expected.forEach((p, i) => {
            const bound = 5 * Math.sqrt((p * (1 - p)) / n) + 0.002;
            expect(Math.abs(counts[i] / n - p)).toBeLessThanOrEqual(bound);
          });
        },
      ),
      { numRuns: 40 },
    );
  });
});
