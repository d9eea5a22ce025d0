import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { leastRequest } from '../../../src/policies/least-request/index.js';
import { SeededRandom } from '../../../src/common/random.js';
import { type U64, u64ToBigInt } from '../../../src/common/u64.js';
import { describeLoadBalancerContract } from '../../contract.js';
import { makeHosts, setOf } from '../round-robin/fixtures.js';

describeLoadBalancerContract('leastRequest', (ps, random, o) => leastRequest(ps, { random, ...o }), { shares: 'weight' });
describeLoadBalancerContract('leastRequest FULL_SCAN', (ps, random, o) => leastRequest(ps, { random, selectionMethod: 'FULL_SCAN', ...o }), {
  shares: 'weight',
});
describeLoadBalancerContract('leastRequest distinctChoices', (ps, random, o) => leastRequest(ps, { random, distinctChoices: true, ...o }), {
  shares: 'weight',
});
describeLoadBalancerContract('leastRequest bias 0.5', (ps, random, o) => leastRequest(ps, { random, activeRequestBias: 0.5, ...o }), {
  shares: 'weight',
});

const actives = fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 10 });

describe('leastRequest: least-loaded properties', () => {
  it('FULL_SCAN always returns a host with the fewest active requests', () => {
    fc.assert(
      fc.property(actives, fc.integer(), (active, seed) => {
        const hosts = makeHosts(active.map((a, i) => ({ port: 80 + i, active: a })));
        const lb = leastRequest(setOf(hosts), { random: new SeededRandom(seed), selectionMethod: 'FULL_SCAN' });
        const min = Math.min(...active);
        for (let i = 0; i < 5; i++) expect(lb.chooseHost()!.activeRequests).toBe(min);
      }),
    );
  });

  it('distinctChoices with choiceCount >= hosts returns a least-loaded host', () => {
    fc.assert(
      fc.property(actives, fc.integer(), (active, seed) => {
        const hosts = makeHosts(active.map((a, i) => ({ port: 80 + i, active: a })));
        const lb = leastRequest(setOf(hosts), { random: new SeededRandom(seed), choiceCount: Math.max(2, hosts.length), distinctChoices: true });
        const min = Math.min(...active);
        for (let i = 0; i < 5; i++) expect(lb.chooseHost()!.activeRequests).toBe(min);
      }),
    );
  });

  it('N_CHOICES returns the least loaded of hosts[draw % n] over its draws, the earliest on ties', () => {
    fc.assert(
      fc.property(actives, fc.integer({ min: 2, max: 5 }), fc.integer(), (active, k, seed) => {
        const hosts = makeHosts(active.map((a, i) => ({ port: 80 + i, active: a })));
        const inner = new SeededRandom(seed);
        const recorded: bigint[] = [];
        const random = {
          nextU64(out: U64) {
            inner.nextU64(out);
            recorded.push(u64ToBigInt(out));
            return out;
          },
        };
        const lb = leastRequest(setOf(hosts), { random, choiceCount: k });
        for (let i = 0; i < 5; i++) {
          recorded.length = 0;
          const got = lb.chooseHost();
          expect(recorded.length).toBe(k + 1); // priority hash, then k samples
          let expected = hosts[Number(recorded[1] % BigInt(hosts.length))];
          for (const d of recorded.slice(2)) {
            const s = hosts[Number(d % BigInt(hosts.length))];
            if (s.activeRequests < expected.activeRequests) expected = s;
          }
          expect(got).toBe(expected);
        }
      }),
    );
  });

  it('with one host much busier, P2C picks it only when both samples hit it (about 1/n^2)', () => {
    const n = 4;
    const hosts = makeHosts(Array.from({ length: n }, (_, i) => ({ port: 80 + i, active: i === 0 ? 100 : 0 })));
    const lb = leastRequest(setOf(hosts), { random: new SeededRandom(3) });
    const picks = 40_000;
    let busy = 0;
    for (let i = 0; i < picks; i++) if (lb.chooseHost() === hosts[0]) busy++;
    const p = 1 / (n * n);
    expect(Math.abs(busy / picks - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / picks));
    const distinct = leastRequest(setOf(hosts), { random: new SeededRandom(3), distinctChoices: true });
    for (let i = 0; i < 1_000; i++) expect(distinct.chooseHost()).not.toBe(hosts[0]);
  });
});

describe('leastRequest: N_CHOICES with draws read in place', () => {
  it('equals the general path (same generator behind an interface) for any choice_count, host count and load', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 5 })), { minLength: 100, maxLength: 600 }),
        (choiceCount, n, seed, loads) => {
          const ports = Array.from({ length: n }, (_, i) => 80 + i);
          const a = makeHosts(ports);
          const b = makeHosts(ports);
          const inner = new SeededRandom(seed);
          const inPlace = leastRequest(setOf(a), { random: new SeededRandom(seed), choiceCount });
          const general = leastRequest(setOf(b), { random: { nextU64: (out: U64) => inner.nextU64(out) }, choiceCount });
          for (const [host, active] of loads) {
            a[host % n].activeRequests = active;
            b[host % n].activeRequests = active;
            expect(a.indexOf(inPlace.chooseHost() as (typeof a)[number])).toBe(b.indexOf(general.chooseHost() as (typeof b)[number]));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
