// Subsets whose hosts did not change in an update: Envoy still updates each of them, which
// refreshes its child. A child that can tell that refresh changes nothing is not notified; these
// tests pin what such a refresh still does whenever it does something.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Health } from '../../../src/host/host.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { ScriptedRandom, SeededRandom } from '../../../src/common/random.js';
import { LbStats } from '../../../src/lb/stats.js';
import type { ZoneAwareLoadBalancer } from '../../../src/lb/zone-aware.js';
import { leastRequest } from '../../../src/policies/least-request/index.js';
import { random } from '../../../src/policies/random/index.js';
import { roundRobin } from '../../../src/policies/round-robin/index.js';
import { h, lbOf, picks, setOf } from './helpers.js';

/** A round robin child with an extra subscriber on its priority set: it is notified of every update. */
const alwaysNotified = (set: PrioritySet, shared: Parameters<typeof roundRobin>[1]) => {
  const lb = roundRobin(set, shared);
  set.addMemberUpdateCallback(() => {});
  return lb;
};

/** Hosts of v=a (80, 81) and v=b (82); the update below adds 83 to v=b only. */
const initial = () => [h(80, { v: 'a' }), h(81, { v: 'a' }), h(82, { v: 'b' })];

describe('subset: children of subsets an update leaves unchanged', () => {
  it('have their peek stash reset, as a refresh resets it', () => {
    const hosts = initial();
    const ps = setOf(...hosts);
    const children: ZoneAwareLoadBalancer[] = [];
    lbOf(ps, {
      selectors: [{ keys: ['v'] }],
      child: (set, shared) => {
        const lb = roundRobin(set, shared);
        children.push(lb);
        return lb;
      },
    });
    const a = children[0];
    expect(a.peekAnotherHost()?.address).toBeDefined();
    expect(a.stashedDraws).toBe(1);
    ps.updateHosts(0, [...hosts, h(83, { v: 'b' })]);
    expect(a.stashedDraws).toBe(0);
  });

  it('read a least-request bias given as a function again', () => {
    const hosts = initial();
    const ps = setOf(...hosts);
    let reads = 0;
    const bias = () => {
      reads++;
      return 1;
    };
    lbOf(ps, {
      selectors: [{ keys: ['v'] }],
      child: (set, shared) => leastRequest(set, { ...shared, activeRequestBias: bias, activeRequestBiasForcesWeighted: false }),
    });
    const before = reads;
    ps.updateHosts(0, [...hosts, h(83, { v: 'b' })]);
    // v=a (unchanged) and v=b (changed) each refresh once.
    expect(reads - before).toBe(2);
  });

  it('recompute zone routing structures when zone-aware', () => {
    const hosts = [h(80, { v: 'a' }, { zone: 'z1' }), h(81, { v: 'a' }, { zone: 'z2' }), h(82, { v: 'b' }, { zone: 'z1' })];
    const ps = setOf(...hosts);
    const local = new PrioritySet();
    local.updateHosts(0, [h(90, {}, { zone: 'z1' })]);
    const stats = new LbStats();
    lbOf(ps, { selectors: [{ keys: ['v'] }], stats, child: (set, shared) => roundRobin(set, { ...shared, localPrioritySet: local }) });
    const before = stats.lb_recalculate_zone_structures;
    ps.updateHosts(0, [...hosts, h(83, { v: 'b' }, { zone: 'z2' })]);
    // One per subset (v=a unchanged, v=b changed).
    expect(stats.lb_recalculate_zone_structures - before).toBe(2);
  });

  it('draw for their locality schedulers when locality-weighted', () => {
    const hosts = initial();
    const ps = setOf(...hosts);
    const r = new ScriptedRandom([], '0');
    lbOf(ps, { selectors: [{ keys: ['v'] }], random: r, child: (set, shared) => roundRobin(set, { ...shared, localityWeighted: true }) });
    const before = r.drawCount;
    ps.updateHosts(0, [...hosts, h(83, { v: 'b' })]);
    // Per subset: the finalize draw and the locality scheduler draw; v=b's new host adds none.
    expect(r.drawCount - before).toBe(4);
  });

  it('run every callback the child factory registered on the subset priority set', () => {
    const hosts = initial();
    const ps = setOf(...hosts);
    const seen: number[] = [];
    lbOf(ps, {
      selectors: [{ keys: ['v'] }],
      child: (set, shared) => {
        const lb = roundRobin(set, shared);
        set.addPriorityUpdateCallback((p) => seen.push(p));
        return lb;
      },
    });
    seen.length = 0;
    ps.updateHosts(0, [...hosts, h(83, { v: 'b' })]);
    expect(seen).toEqual([0, 0]);
  });

  it('rebuild their EDF schedulers when weights differ', () => {
    const hosts = [h(80, { v: 'a' }, { weight: 3 }), h(81, { v: 'a' }), h(82, { v: 'b' })];
    const ps = setOf(...hosts);
    const quiet = lbOf(ps, { selectors: [{ keys: ['v'] }] });
    const full = lbOf(ps, { selectors: [{ keys: ['v'] }], child: alwaysNotified });
    expect(picks(quiet, 3, { v: 'a' })).toEqual(picks(full, 3, { v: 'a' }));
    ps.updateHosts(0, [...hosts, h(83, { v: 'b' })]);
    expect(picks(quiet, 8, { v: 'a' })).toEqual(picks(full, 8, { v: 'a' }));
  });

  it('rebuild a priority whose weights were assigned before another priority refreshed', () => {
    const a = [h(80, { v: 'a' }), h(81, { v: 'a' })];
    const b = h(82, { v: 'b' });
    const ps = new PrioritySet();
    ps.updateHosts(0, [b]);
    ps.updateHosts(1, a);
    const quiet = lbOf(ps, { selectors: [{ keys: ['v'] }] });
    const full = lbOf(ps, { selectors: [{ keys: ['v'] }], child: alwaysNotified });
    a[0].weight = 3;
    // Priority 0 changes for v=b only; v=a refreshes its (empty) priority 0, then its priority 1.
    ps.updateHosts(0, [b, h(83, { v: 'b' })]);
    ps.updateHosts(1, a);
    expect(picks(quiet, 8, { v: 'a' })).toEqual(picks(full, 8, { v: 'a' }));
  });

  it('pick as children refreshed every update would (round robin, many updates)', () => {
    const hosts = initial();
    const ps = setOf(...hosts);
    const quiet = lbOf(ps, { selectors: [{ keys: ['v'] }] });
    const full = lbOf(ps, { selectors: [{ keys: ['v'] }], child: alwaysNotified });
    const extra = h(83, { v: 'b' });
    for (let i = 0; i < 6; i++) {
      ps.updateHosts(0, i % 2 === 0 ? [...hosts, extra] : hosts);
      expect(picks(quiet, 3, { v: 'a' })).toEqual(picks(full, 3, { v: 'a' }));
      expect(picks(quiet, 3, { v: 'b' })).toEqual(picks(full, 3, { v: 'b' }));
    }
  });
});

describe('subset: skipping unchanged children is unobservable (property)', () => {
  type Kind = 'round_robin' | 'least_request' | 'random' | 'round_robin_locality';
  const childOf = (kind: Kind, notifyAlways: boolean) => (set: PrioritySet, shared: Parameters<typeof roundRobin>[1]) => {
    const lb =
      kind === 'least_request'
        ? leastRequest(set, shared)
        : kind === 'random'
          ? random(set, shared)
          : roundRobin(set, { ...shared, localityWeighted: kind === 'round_robin_locality' });
    if (notifyAlways) set.addMemberUpdateCallback(() => {});
    return lb;
  };
  const POOL = 8;
  const op = fc.oneof(
    fc.record({ kind: fc.constant('toggle' as const), slot: fc.nat(POOL - 1) }),
    fc.record({ kind: fc.constant('health' as const), slot: fc.nat(POOL - 1) }),
    fc.record({ kind: fc.constant('weight' as const), slot: fc.nat(POOL - 1), weight: fc.integer({ min: 1, max: 3 }) }),
    fc.record({ kind: fc.constant('priority' as const), slot: fc.nat(POOL - 1) }),
    fc.record({ kind: fc.constant('picks' as const), v: fc.constantFrom('a', 'b', 'c', 'none'), n: fc.integer({ min: 1, max: 5 }) }),
  );

  it('picks, draws and stats equal those of children notified of every update', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Kind>('round_robin', 'least_request', 'random', 'round_robin_locality'),
        fc.array(fc.record({ v: fc.constantFrom('a', 'b', 'c'), weight: fc.integer({ min: 1, max: 3 }) }), { minLength: POOL, maxLength: POOL }),
        fc.array(op, { minLength: 1, maxLength: 25 }),
        fc.nat(),
        (kind, specs, ops, seed) => {
          const hosts = specs.map((s, i) => h(80 + i, { v: s.v }, { zone: i % 2 === 0 ? 'z1' : 'z2', weight: s.weight }));
          const present = hosts.map(() => true);
          const priorityOf = hosts.map(() => 0);
          const ps = new PrioritySet();
          const push = () => {
            for (const p of [0, 1]) ps.updateHosts(p, hosts.filter((_, i) => present[i] && priorityOf[i] === p));
          };
          push();
          const build = (always: boolean) => {
            const stats = new LbStats();
            const r = new SeededRandom(seed);
            const lb = lbOf(ps, { selectors: [{ keys: ['v'] }], fallbackPolicy: 'ANY_ENDPOINT', random: r, stats, child: childOf(kind, always) });
            return { lb, stats, r };
          };
          const quiet = build(false);
          const full = build(true);
          for (const o of ops) {
            if (o.kind === 'picks') {
              const criteria: Record<string, string> = o.v === 'none' ? { zz: 'none' } : { v: o.v };
              expect(picks(quiet.lb, o.n, criteria)).toEqual(picks(full.lb, o.n, criteria));
              continue;
            }
            if (o.kind === 'toggle') present[o.slot] = !present[o.slot];
            else if (o.kind === 'health') hosts[o.slot].setEdsHealthStatus(hosts[o.slot].coarseHealth() === Health.Healthy ? 'UNHEALTHY' : 'HEALTHY');
            else if (o.kind === 'weight') hosts[o.slot].weight = o.weight;
            else priorityOf[o.slot] = 1 - priorityOf[o.slot];
            push();
          }
          expect(picks(quiet.lb, 6, { v: 'a' })).toEqual(picks(full.lb, 6, { v: 'a' }));
          expect(quiet.stats).toEqual(full.stats);
        },
      ),
      { numRuns: 300 },
    );
  });
});
