import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { random } from '../../../src/policies/random/index.js';
import { SeededRandom } from '../../../src/common/random.js';
import { type U64, u64ToBigInt } from '../../../src/common/u64.js';
import { describeLoadBalancerContract } from '../../contract.js';
import { makeHosts, setOf } from '../round-robin/fixtures.js';

describeLoadBalancerContract('random', (ps, r, o) => random(ps, { random: r, ...o }), { shares: 'equal' });

describe('random: draw properties', () => {
  it('each pick is healthy[draw % n] for the one draw it takes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer(), (n, seed) => {
        const hosts = makeHosts(Array.from({ length: n }, (_, i) => ({ port: 1000 + i, weight: 1 + (i % 3) })));
        const inner = new SeededRandom(seed);
        const recorded: bigint[] = [];
        const source = {
          nextU64(out: U64) {
            inner.nextU64(out);
            recorded.push(u64ToBigInt(out));
            return out;
          },
        };
        const lb = random(setOf(hosts), { random: source });
        for (let i = 0; i < 10; i++) {
          recorded.length = 0;
          const h = lb.chooseHost();
          expect(recorded.length).toBe(1);
          expect(h).toBe(hosts[Number(recorded[0] % BigInt(n))]);
        }
      }),
    );
  });
});
