import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Host } from '../../../src/host/host.js';
import { mulU64, type U64 } from '../../../src/common/u64.js';
import { buildRing, ringHash } from '../../../src/policies/ring-hash/index.js';
import { describeLoadBalancerContract } from '../../contract.js';

/** Hash of pick i: i * 0x9e3779b97f4a7c15 mod 2^64, spread evenly over the u64 range. */
function spreadHash(i: number): U64 {
  return mulU64(0, i, 0x9e3779b9, 0x7f4a7c15, { hi: 0, lo: 0 });
}

describeLoadBalancerContract('ringHash', (ps, random, o) => ringHash(ps, { random, ...o }), {
  shares: 'weight',
  slack: 0.05,
  context: (i) => ({ hashKey: spreadHash(i) }),
});

describeLoadBalancerContract('ringHash without a request hash (random draws)', (ps, random, o) => ringHash(ps, { random, ...o }), {
  shares: 'weight',
  slack: 0.05,
});

const hostArb = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.tuple(fc.constant(n), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: n, maxLength: n }), fc.integer({ min: 0, max: 1_000_000 })),
);
const hashArb = fc.tuple(fc.nat({ max: 0xffff_ffff }), fc.nat({ max: 0xffff_ffff }));

function makeHosts(n: number, salt: number): Host[] {
  return Array.from({ length: n }, (_, i) => new Host({ address: `10.${salt % 250}.${i >> 8}.${i & 255}:${1000 + (salt % 50_000)}` }));
}

describe('ring hash properties', () => {
  it('a pick is a pure function of (ring, hash, attempt): repeated and rebuilt rings agree', () => {
    fc.assert(
      fc.property(hostArb, fc.array(fc.tuple(hashArb, fc.nat({ max: 20 })), { minLength: 1, maxLength: 30 }), ([n, ws, salt], picks) => {
        const hs = makeHosts(n, salt);
        const sum = ws.reduce((a, b) => a + b, 0);
        const entries = hs.map((host, i) => ({ host, weight: ws[i] / sum }));
        const a = buildRing(entries, { minimumRingSize: 64 });
        const b = buildRing(entries, { minimumRingSize: 64 });
        for (const [[hi, lo], attempt] of picks) {
          const h = Uint32Array.of(hi, lo);
          const first = a.chooseHost(h, attempt);
          expect(a.chooseHost(h, attempt)).toBe(first);
          expect(b.chooseHost(h, attempt)).toBe(first);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('hosts in any order give the same ring when each host has a fixed entry count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 1e6 }), fc.nat(), (n, k, salt, seed) => {
        const hs = makeHosts(n, salt);
        const shuffled = fc.sample(fc.shuffledSubarray(hs, { minLength: n, maxLength: n }), { seed, numRuns: 1 })[0];
        // Weight 1.0 per host: scale = minimumRingSize, so every host gets exactly k entries.
        const a = buildRing(
          hs.map((host) => ({ host, weight: 1 })),
          { minimumRingSize: k },
        );
        const b = buildRing(
          shuffled.map((host) => ({ host, weight: 1 })),
          { minimumRingSize: k },
        );
        expect(a.length).toBe(n * k);
        expect(b.entries()).toEqual(a.entries());
      }),
      { numRuns: 100 },
    );
  });

  it("removing one of N hosts moves only that host's keys, each to the next other host on the ring", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.nat(),
        fc.array(hashArb, { minLength: 50, maxLength: 200 }),
        (n, k, salt, which, hashes) => {
          const hs = makeHosts(n, salt);
          const removed = hs[which % n];
          const before = buildRing(
            hs.map((host) => ({ host, weight: 1 })),
            { minimumRingSize: k },
          );
          const after = buildRing(
            hs.filter((h) => h !== removed).map((host) => ({ host, weight: 1 })),
            { minimumRingSize: k },
          );
          const entries = before.entries();
          for (const [hi, lo] of hashes) {
            const h = Uint32Array.of(hi, lo);
            const old = before.chooseHost(h, 0);
            const now = after.chooseHost(h, 0);
            if (old !== removed) {
              expect(now).toBe(old);
            } else {
              let i = before.entryIndex(h, 0);
              while (entries[i][0] === removed) i = (i + 1) % entries.length;
              expect(now).toBe(entries[i][0]);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
