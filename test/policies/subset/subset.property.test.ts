import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Host } from '../../../src/host/host.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { Cluster, type LoadAssignmentInit } from '../../../src/cluster/cluster.js';
import { ScriptedRandom, SeededRandom } from '../../../src/common/random.js';
import { subset } from '../../../src/policies/subset/index.js';
import type { SubsetSelectorOptions } from '../../../src/policies/subset/options.js';
import type { SubsetLoadBalancer } from '../../../src/policies/subset/subset.js';
import { roundRobin } from '../../../src/policies/round-robin/index.js';
import type { MetadataValue } from '../../../src/host/metadata.js';
import { describeLoadBalancerContract } from '../../contract.js';
import { subsetMap } from './helpers.js';

describeLoadBalancerContract(
  'subset (every host in the DEFAULT_SUBSET fallback, no context)',
  (ps, random, o) =>
    subset(ps, {
      selectors: [{ keys: ['version'] }],
      fallbackPolicy: 'DEFAULT_SUBSET',
      random,
      healthyPanicThreshold: o.healthyPanicThreshold,
      child: (p, shared) => roundRobin(p, { ...shared, healthyPanicThreshold: o.healthyPanicThreshold }),
    }),
  { shares: 'weight' },
);

describeLoadBalancerContract(
  'subset (every host in the ANY_ENDPOINT fallback, unmatched criteria)',
  (ps, random, o) =>
    subset(ps, {
      selectors: [{ keys: ['version'] }],
      fallbackPolicy: 'ANY_ENDPOINT',
      random,
      healthyPanicThreshold: o.healthyPanicThreshold,
      child: (p, shared) => roundRobin(p, { ...shared, healthyPanicThreshold: o.healthyPanicThreshold }),
    }),
  { shares: 'weight', context: () => ({ metadataMatch: { version: 'none' } }) },
);

const KEYS = ['a', 'b', 'c'] as const;
const scalar = fc.constantFrom<MetadataValue>('x', 'y', '1', 1, 0, -0, true, null);
const value = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.record({ k: scalar }) },
);
const metadata = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 3 });
const selectorArb = fc.record({
  keys: fc.uniqueArray(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 3 }),
  singleHostPerSubset: fc.boolean(),
});
const config = fc.record({
  hosts: fc.array(fc.record({ metadata, healthy: fc.boolean() }), { minLength: 1, maxLength: 12 }),
  selectors: fc.array(selectorArb, { minLength: 1, maxLength: 3 }),
  listAsAny: fc.boolean(),
  seed: fc.integer(),
});

/** Protobuf value equality as the subset index applies it: kinds match, -0 is not 0, content compared. */
function sameValue(a: MetadataValue, b: MetadataValue): boolean {
  if (typeof a !== typeof b) return false;
  if (a === null || b === null) return a === b;
  if (typeof a !== 'object') return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const y = b as readonly MetadataValue[];
    return a.length === y.length && a.every((v, i) => sameValue(v, y[i]));
  }
  const x = a as Record<string, MetadataValue>;
  const y = b as Record<string, MetadataValue>;
  const kx = Object.keys(x).sort();
  const ky = Object.keys(y).sort();
  return kx.length === ky.length && kx.every((k, i) => k === ky[i] && sameValue(x[k], y[k]));
}

/** Envoy's extractSubsetMetadata, written out plainly (cartesian product over list elements with list_as_any). */
function expansions(keys: readonly string[], md: ReadonlyMap<string, MetadataValue>, listAsAny: boolean): [string, MetadataValue][][] {
  let all: [string, MetadataValue][][] = [];
  for (const key of [...keys].sort()) {
    if (!md.has(key)) return [];
    const v = md.get(key) as MetadataValue;
    const elements = listAsAny && Array.isArray(v) ? (v as MetadataValue[]) : null;
    if (elements === null) {
      all = all.length === 0 ? [[[key, v]]] : all.map((kvs) => [...kvs, [key, v]]);
    } else {
      all = all.length === 0 ? elements.map((e) => [[key, e]]) : all.flatMap((kvs) => elements.map((e): [string, MetadataValue][] => [...kvs, [key, e]]));
    }
  }
  return all;
}

/** True when -0 occurs anywhere in a metadata value. */
function hasNegativeZero(v: unknown): boolean {
  if (typeof v === 'number') return Object.is(v, -0);
  if (v !== null && typeof v === 'object') return Object.values(v as object).some(hasNegativeZero);
  return false;
}

function build(c: { hosts: { metadata: Record<string, MetadataValue>; healthy: boolean }[]; selectors: SubsetSelectorOptions[]; listAsAny: boolean; seed: number }) {
  const hosts = c.hosts.map(
    (x, i) => new Host({ address: `10.0.0.${i + 1}:80`, metadata: x.metadata, healthStatus: x.healthy ? 'HEALTHY' : 'UNHEALTHY' }),
  );
  const ps = new PrioritySet();
  ps.updateHosts(0, hosts);
  const lb = subset(ps, { selectors: c.selectors, listAsAny: c.listAsAny, random: new SeededRandom(c.seed) });
  return { hosts, lb };
}

function matches(host: Host, criteria: ReadonlyArray<readonly [string, MetadataValue]>, listAsAny: boolean): boolean {
  return criteria.every(([k, want]) => {
    if (!host.metadata.has(k)) return false;
    const have = host.metadata.get(k) as MetadataValue;
    if (listAsAny && Array.isArray(have)) return (have as MetadataValue[]).some((e) => sameValue(e, want));
    return sameValue(have, want);
  });
}

describe('subset properties', () => {
  it('a pick with criteria that match a subset returns only hosts whose metadata match', () => {
    fc.assert(
      fc.property(config, fc.nat(), fc.nat(), (c, hostPick, selPick) => {
        const { hosts, lb } = build(c);
        const host = hosts[hostPick % hosts.length];
        const sel = c.selectors[selPick % c.selectors.length];
        for (const kvs of expansions(sel.keys, host.metadata, c.listAsAny)) {
          const criteria = Object.fromEntries(kvs);
          for (let i = 0; i < 6; i++) {
            const picked = lb.chooseHost({ metadataMatch: criteria });
            expect(picked).not.toBeNull();
            expect(matches(picked as Host, kvs, c.listAsAny)).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the index finds the same subset as a brute-force scan of hosts and selectors', () => {
    const criteriaArb = fc.dictionary(fc.constantFrom(...KEYS), value, { minKeys: 1, maxKeys: 3 });
    fc.assert(
      fc.property(config, fc.array(criteriaArb, { minLength: 1, maxLength: 8 }), (c, queries) => {
        const { hosts, lb } = build(c);
        // Queries: random ones plus every expansion of every host, so hits are frequent.
        const all: Record<string, MetadataValue>[] = [...queries];
        for (const host of hosts) for (const s of c.selectors) for (const kvs of expansions(s.keys, host.metadata, c.listAsAny)) all.push(Object.fromEntries(kvs));
        for (const q of all) {
          const qKeys = Object.keys(q).sort();
          const expected: Host[] = [];
          let single = false;
          for (const host of hosts) {
            for (const s of c.selectors) {
              const hit = expansions(s.keys, host.metadata, c.listAsAny).some(
                (kvs) => kvs.length === qKeys.length && kvs.every(([k, v], i) => k === qKeys[i] && sameValue(v, q[k])),
              );
              if (hit) {
                if (!expected.includes(host)) expected.push(host);
              }
            }
          }
          const found = lb.findSubset(q);
          if (expected.length === 0) {
            expect(found).toBeNull();
            continue;
          }
          expect(found).not.toBeNull();
          single = (found as NonNullable<typeof found>).singleHostPerSubset;
          const got = (found as NonNullable<typeof found>).hosts;
          if (single) expect(got).toEqual([expected[0]]);
          else expect(got).toEqual(expected);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('updates applied in any order end in the same subsets as a fresh build', () => {
    const POOL = 8;
    type Ep = { slot: number; metadata: Record<string, MetadataValue>; priority: number; healthy: boolean };
    const endpointSpec = fc.record({ slot: fc.integer({ min: 0, max: POOL - 1 }), metadata, priority: fc.integer({ min: 0, max: 1 }), healthy: fc.boolean() });
    const initial = fc.uniqueArray(endpointSpec, { selector: (e) => e.slot, maxLength: POOL });
    // Each step changes a few endpoints: health, metadata, priority, presence, or the order.
    const op = fc.oneof(
      fc.record({ kind: fc.constant('health' as const), slot: fc.nat(POOL - 1) }),
      fc.record({ kind: fc.constant('metadata' as const), slot: fc.nat(POOL - 1), metadata }),
      fc.record({ kind: fc.constant('priority' as const), slot: fc.nat(POOL - 1) }),
      fc.record({ kind: fc.constant('toggle' as const), slot: fc.nat(POOL - 1), spec: endpointSpec }),
      fc.record({ kind: fc.constant('reverse' as const) }),
    );
    const apply = (eps: Ep[], ops: { kind: string; slot?: number; metadata?: Record<string, MetadataValue>; spec?: Ep }[]): Ep[] => {
      let out = eps.map((e) => ({ ...e }));
      for (const o of ops) {
        const i = out.findIndex((e) => e.slot === o.slot);
        if (o.kind === 'reverse') out.reverse();
        else if (o.kind === 'toggle') {
          if (i >= 0) out.splice(i, 1);
          else out.push({ ...(o.spec as Ep), slot: o.slot as number });
        } else if (i >= 0) {
          if (o.kind === 'health') out[i].healthy = !out[i].healthy;
          if (o.kind === 'metadata') out[i].metadata = o.metadata as Record<string, MetadataValue>;
          if (o.kind === 'priority') out[i].priority = 1 - out[i].priority;
        }
      }
      return out;
    };
    const toInit = (eps: Ep[]): LoadAssignmentInit => ({
      endpoints: [0, 1].map((p) => ({
        priority: p,
        endpoints: eps
          .filter((e) => e.priority === p)
          .map((e) => ({ address: `10.1.0.${e.slot + 1}:80`, metadata: e.metadata, healthStatus: e.healthy ? ('HEALTHY' as const) : ('UNHEALTHY' as const) })),
      })),
    });
    fc.assert(
      fc.property(
        fc.array(selectorArb, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        initial,
        fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        (selectors, listAsAny, first, stepOps) => {
          const steps: Ep[][] = [first];
          for (const ops of stepOps) steps.push(apply(steps[steps.length - 1], ops));
          // Envoy's list_as_any quirk (an empty list drops its key) can put a host of one selector
          // into another selector's subset, and which selector created that entry (single host or
          // not) then depends on the order of updates; pinned by its own test, excluded here.
          fc.pre(!listAsAny || !steps.some((eps) => eps.some((e) => Object.values(e.metadata).some((v) => Array.isArray(v) && v.length === 0))));
          // A change between 0 and -0 is no metadata change (protobuf equivalence, as Envoy's EDS
          // update compares), while the index keys -0 apart (as Envoy's hashed values): the
          // updated host stays in its old subset. Pinned by its own test, excluded here.
          fc.pre(!steps.some((eps) => eps.some((e) => hasNegativeZero(e.metadata))));
          // Every draw is 0 (Envoy's mocked generator), and no pick happens before the comparison, so
          // the subsets' children are in the same state in both load balancers.
          const make = (cluster: Cluster): SubsetLoadBalancer =>
            subset(cluster.prioritySet, { selectors, listAsAny, fallbackPolicy: 'ANY_ENDPOINT', random: new ScriptedRandom([], '0') });
          const live = new Cluster(toInit(steps[0]));
          const lb = make(live);
          for (const step of steps.slice(1)) live.update(toInit(step));
          const fresh = make(new Cluster(toInit(steps[steps.length - 1])));
          expect(subsetMap(lb, true)).toEqual(subsetMap(fresh, true));
          expect(lb.fallbackSubsets().any?.map(String)).toEqual(fresh.fallbackSubsets().any?.map(String));
          expect(lb.stats.lb_subsets_active).toBe(lb.subsets().length);
          // The same health partitions, localities and priorities: the same pick sequences.
          for (const s of fresh.subsets()) {
            const criteria = new Map(s.metadata);
            const n = 2 * s.hosts.length + 1;
            const seq = (x: SubsetLoadBalancer) => Array.from({ length: n }, () => x.chooseHost({ metadataMatch: criteria })?.address ?? null);
            expect(seq(lb)).toEqual(seq(fresh));
          }
          const miss = { metadataMatch: { zz: 'none' } };
          expect([1, 2, 3].map(() => lb.chooseHost(miss)?.address)).toEqual([1, 2, 3].map(() => fresh.chooseHost(miss)?.address));
        },
      ),
      { numRuns: 600 },
    );
  });
});
