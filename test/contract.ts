/**
 * The contract every load balancer of the library must honour. Each policy's property test calls
 * `describeLoadBalancerContract(name, build, options)`.
 *
 * - the same seed gives the same pick sequence;
 * - picks come only from the eligible hosts (healthy hosts when the priority is not in panic);
 * - no hosts (or no eligible host with panic disabled) gives null;
 * - long-run shares match the expected shares within a stated statistical bound.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Host } from '../src/host/host.js';
import { PrioritySet } from '../src/cluster/priority-set.js';
import { SeededRandom, type RandomSource } from '../src/common/random.js';
import type { LoadBalancer } from '../src/lb/load-balancer.js';
import type { LoadBalancerContext } from '../src/lb/context.js';

/** Builds the load balancer under test. */
export type BuildLb = (prioritySet: PrioritySet, random: RandomSource, options: { healthyPanicThreshold: number }) => LoadBalancer;

/** What the contract expects of the policy's long-run shares. */
export interface ContractOptions {
  /**
   * Expected share of each healthy host: by `weight` (weighted policies), `equal` (policies that
   * ignore weights) or `none` to skip the share check.
   */
  shares: 'weight' | 'equal' | 'none';
  /**
   * Extra absolute tolerance on each share beyond the 5-sigma binomial bound (for policies whose
   * shares are only approximately proportional, such as ring hash). @defaultValue 0
   */
  slack?: number;
  /** Context for each pick (e.g. a hash for hashing policies). @defaultValue none */
  context?: (i: number) => LoadBalancerContext | null;
}

let nextPort = 1;
/** Hosts with fresh addresses, or with the addresses `10.1.0.1`, `10.1.0.2`... when `fixed`. */
function makeHosts(spec: readonly { weight: number; healthy: boolean }[], fixed = false): Host[] {
  return spec.map(
    (s, i) =>
      new Host({
        address: fixed ? `10.1.0.${i + 1}:8080` : `10.0.${(nextPort >> 8) & 255}.${nextPort++ & 255}:8080`,
        weight: s.weight,
        healthStatus: s.healthy ? 'HEALTHY' : 'UNHEALTHY',
      }),
  );
}

function setOf(hosts: Host[]): PrioritySet {
  const ps = new PrioritySet();
  ps.updateHosts(0, hosts);
  return ps;
}

const hostSpecs = fc.array(fc.record({ weight: fc.integer({ min: 1, max: 5 }), healthy: fc.boolean() }), { minLength: 1, maxLength: 12 });

/** Registers the contract tests for one policy. */
export function describeLoadBalancerContract(name: string, build: BuildLb, options: ContractOptions): void {
  const ctx = options.context ?? (() => null);
  describe(`${name}: load balancer contract`, () => {
    it('gives the same picks for the same seed', () => {
      fc.assert(
        fc.property(hostSpecs, fc.integer(), (spec, seed) => {
          const hosts = makeHosts(spec);
          const a = build(setOf(hosts), new SeededRandom(seed), { healthyPanicThreshold: 50 });
          const b = build(setOf(hosts), new SeededRandom(seed), { healthyPanicThreshold: 50 });
          for (let i = 0; i < 50; i++) {
            expect(a.chooseHost(ctx(i))).toBe(b.chooseHost(ctx(i)));
          }
        }),
        { numRuns: 60 },
      );
    });

    it('the built-in generator read in place and the same generator behind an interface give the same picks', () => {
      // A wrapped SeededRandom is not recognised as the built-in generator, so every pick takes the
      // general path (draws through nextU64); the unwrapped one lets policies read its batch in
      // place. Interleaved peeks, contexts, load changes and health flips switch the fixed-source
      // shortcut on and off; 400 steps cross several batch boundaries.
      const step = fc.oneof(
        fc.constant({ op: 'pick' as const }),
        fc.constant({ op: 'pickWithContext' as const }),
        fc.constant({ op: 'peek' as const }),
        fc.record({ op: fc.constant('load' as const), host: fc.nat(), active: fc.integer({ min: 0, max: 4 }) }),
        fc.record({ op: fc.constant('health' as const), host: fc.nat() }),
      );
      fc.assert(
        fc.property(hostSpecs, fc.integer(), fc.array(step, { minLength: 50, maxLength: 400 }), (spec, seed, steps) => {
          const hostsA = makeHosts(spec);
          // Same addresses (hashing policies place hosts by address), separate objects.
          const hostsB = hostsA.map((h) => new Host({ address: h.address, weight: h.weight, healthStatus: h.edsHealthStatus() }));
          const psA = setOf(hostsA);
          const psB = setOf(hostsB);
          const inner = new SeededRandom(seed);
          const wrapped: RandomSource = { nextU64: (out) => inner.nextU64(out) };
          const a = build(psA, new SeededRandom(seed), { healthyPanicThreshold: 50 });
          const b = build(psB, wrapped, { healthyPanicThreshold: 50 });
          const index = (h: Host | null, hosts: Host[]) => (h === null ? -1 : hosts.indexOf(h));
          const healthy = spec.map((s) => s.healthy);
          for (let i = 0; i < steps.length; i++) {
            const s = steps[i];
            if (s.op === 'pick') {
              expect(index(a.chooseHost(ctx(i)), hostsA)).toBe(index(b.chooseHost(ctx(i)), hostsB));
            } else if (s.op === 'pickWithContext') {
              const c = { ...(ctx(i) ?? {}) };
              expect(index(a.chooseHost(c), hostsA)).toBe(index(b.chooseHost(c), hostsB));
            } else if (s.op === 'peek') {
              expect(index(a.peekAnotherHost(ctx(i)), hostsA)).toBe(index(b.peekAnotherHost(ctx(i)), hostsB));
            } else if (s.op === 'load') {
              hostsA[s.host % hostsA.length].activeRequests = s.active;
              hostsB[s.host % hostsB.length].activeRequests = s.active;
            } else {
              const k = s.host % healthy.length;
              healthy[k] = !healthy[k];
              for (const hs of [hostsA, hostsB]) hs[k].setEdsHealthStatus(healthy[k] ? 'HEALTHY' : 'UNHEALTHY');
              psA.updateHosts(0, hostsA);
              psB.updateHosts(0, hostsB);
            }
          }
        }),
        { numRuns: 60 },
      );
    });

    it('picks only eligible hosts: healthy ones outside panic, any host in panic', () => {
      fc.assert(
        fc.property(hostSpecs, fc.integer(), (spec, seed) => {
          const hosts = makeHosts(spec);
          const ps = setOf(hosts);
          const lb = build(ps, new SeededRandom(seed), { healthyPanicThreshold: 50 });
          const healthy = hosts.filter((h) => h.coarseHealth() === 0);
          const panic = lb.priorityLoad().panic[0];
          const eligible = new Set(panic ? hosts : healthy);
          for (let i = 0; i < 40; i++) {
            const h = lb.chooseHost(ctx(i));
            if (eligible.size === 0) expect(h).toBeNull();
            else expect(h !== null && eligible.has(h)).toBe(true);
          }
        }),
        { numRuns: 80 },
      );
    });

    it('returns null without hosts, and without healthy hosts when panic is disabled', () => {
      const empty = build(new PrioritySet(), new SeededRandom(1), { healthyPanicThreshold: 50 });
      expect(empty.chooseHost(ctx(0))).toBeNull();
      const emptyP0 = new PrioritySet();
      emptyP0.updateHosts(0, []);
      expect(build(emptyP0, new SeededRandom(1), { healthyPanicThreshold: 50 }).chooseHost(ctx(0))).toBeNull();
      const down = setOf(makeHosts([{ weight: 1, healthy: false }, { weight: 2, healthy: false }]));
      const lb = build(down, new SeededRandom(1), { healthyPanicThreshold: 0 });
      for (let i = 0; i < 10; i++) expect(lb.chooseHost(ctx(i))).toBeNull();
    });

    if (options.shares !== 'none') {
      it(`long-run shares follow ${options.shares === 'weight' ? 'host weights' : 'equal shares'} (5-sigma bound)`, () => {
        const spec = [
          { weight: 1, healthy: true },
          { weight: 2, healthy: true },
          { weight: 3, healthy: true },
          { weight: 4, healthy: true },
        ];
        // Fixed addresses: hashing policies place hosts by address, so the figures do not depend
        // on how many hosts earlier tests created.
        const hosts = makeHosts(spec, true);
        const lb = build(setOf(hosts), new SeededRandom(42), { healthyPanicThreshold: 50 });
        const n = 40_000;
        const counts = new Map<Host, number>();
        for (let i = 0; i < n; i++) {
          const h = lb.chooseHost(ctx(i));
          expect(h).not.toBeNull();
          counts.set(h as Host, (counts.get(h as Host) ?? 0) + 1);
        }
        const total = spec.reduce((s, x) => s + x.weight, 0);
        for (const h of hosts) {
          const p = options.shares === 'weight' ? h.weight / total : 1 / hosts.length;
          const bound = 5 * Math.sqrt((p * (1 - p)) / n) + (options.slack ?? 0);
          expect(Math.abs((counts.get(h) ?? 0) / n - p)).toBeLessThanOrEqual(bound);
        }
      });
    }
  });
}
