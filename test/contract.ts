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
function makeHosts(spec: readonly { weight: number; healthy: boolean }[]): Host[] {
  return spec.map(
    (s) =>
      new Host({
        address: `10.0.${(nextPort >> 8) & 255}.${nextPort++ & 255}:8080`,
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
        const hosts = makeHosts(spec);
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
