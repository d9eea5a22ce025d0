import { describe, expect, it } from 'vitest';
import { roundRobin } from '../../../src/policies/round-robin/index.js';
import { random as randomLb } from '../../../src/policies/random/index.js';
import { leastRequest } from '../../../src/policies/least-request/index.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { locality } from '../../../src/host/locality.js';
import { Host, type EdsHealthStatus } from '../../../src/host/host.js';
import type { ZoneAwareOptions } from '../../../src/lb/zone-aware.js';
import { ScriptedRandom } from '../../../src/common/random.js';
import { draws, picks } from '../round-robin/fixtures.js';

const P = (port: number) => `127.0.0.1:${port}`;
let localPort = 20_000;

/** Upstream hosts as [zone, port, health?]; the local cluster as zone sizes; the local Envoy in zone `me`. */
function setup(me: string, upstream: [string, number, EdsHealthStatus?, number?][], local: Record<string, number>, priority1: number[] = []) {
  const mine = locality({ zone: me });
  const ps = new PrioritySet({ localLocality: mine });
  ps.updateHosts(
    0,
    upstream.map(([zone, port, health, weight]) => new Host({ address: P(port), locality: locality({ zone }), healthStatus: health ?? 'HEALTHY', weight: weight ?? 1 })),
  );
  if (priority1.length > 0) ps.updateHosts(1, priority1.map((port) => new Host({ address: P(port) })));
  const localSet = new PrioritySet({ localLocality: mine });
  const localHosts: Host[] = [];
  for (const [zone, n] of Object.entries(local)) {
    for (let i = 0; i < n; i++) localHosts.push(new Host({ address: `10.9.9.9:${localPort++}`, locality: locality({ zone }) }));
  }
  localSet.updateHosts(0, localHosts);
  return { ps, localSet, localHosts };
}

const ZONES_2x3: [string, number][] = [
  ['A', 80],
  ['A', 81],
  ['A', 82],
  ['B', 90],
  ['B', 91],
  ['B', 92],
];

function rr(s: ReturnType<typeof setup>, zoneAware: ZoneAwareOptions, random = draws(), extra: Record<string, unknown> = {}) {
  return roundRobin(s.ps, { random, zoneAware, localPrioritySet: s.localSet, ...extra });
}

describe('zone-aware routing: states and their draws', () => {
  it('LocalityDirect when the local zone has at least the local share upstream: local hosts only, no extra draw', () => {
    const s = setup('A', ZONES_2x3, { A: 1, B: 1 });
    const random = draws();
    const lb = rr(s, {}, random);
    expect(picks(4, () => lb.chooseHost())).toEqual([P(80), P(81), P(82), P(80)]);
    expect(lb.stats.lb_zone_routing_all_directly).toBe(4);
    expect(random.drawCount).toBe(1 + 4); // seed + one hash per pick
  });

  it('LocalityResidual: one local sample draw (10,000 scale), then a residual draw only when crossing', () => {
    // local: A 3 of 4 (7500), upstream A 3 of 6 (5000): keep 5000 * 10000 / 7500 = 6666 locally
    const s = setup('A', ZONES_2x3, { A: 3, B: 1 });
    const random = draws(0, 0, 6665, 0, 6666, 0);
    const lb = rr(s, {}, random);
    expect(lb.chooseHost()?.address).toBe(P(80)); // 6665 < 6666: sampled local
    expect(lb.stats.lb_zone_routing_sampled).toBe(1);
    expect(lb.chooseHost()?.locality.zone).toBe('B'); // 6666: cross zone, residual draw 0 -> B
    expect(lb.stats.lb_zone_routing_cross_zone).toBe(1);
    expect(random.drawCount).toBe(1 + 2 + 3);
  });

  it('a cross-zone pick with no residual capacity counts lb_zone_no_capacity_left and draws rng() % localities', () => {
    // HEALTHY_HOSTS_WEIGHT basis. Local zone weights A 3334, B 3333, C 3333 (shares 3334/3333/3333);
    // upstream one host per zone (3333 each). A is below its local share, so Residual with
    // local_percent_to_route = 3333 * 10000 / 3334 = 9997, and no zone has residual capacity.
    const s = setup('A', [['A', 80], ['B', 90], ['C', 95]], {});
    s.localSet.updateHosts(
      0,
      (
        [
          ['A', 3334],
          ['B', 3333],
          ['C', 3333],
        ] as const
      ).map(([zone, weight], i) => new Host({ address: `10.8.0.${i}:1`, locality: locality({ zone }), weight })),
    );
    const random = draws(0, 0, 9996, 0, 9997, 5);
    const lb = rr(s, { minClusterSize: 1, localityBasis: 'HEALTHY_HOSTS_WEIGHT' }, random);
    expect(lb.chooseHost()?.address).toBe(P(80)); // 9996 < 9997: sampled local
    expect(lb.chooseHost()?.address).toBe(P(95)); // 9997: cross zone; no capacity: 5 % 3 = 2 -> C
    expect(lb.stats.lb_zone_no_capacity_left).toBe(1);
    expect(lb.stats.lb_zone_routing_cross_zone).toBe(1);
    expect(random.drawCount).toBe(1 + 2 + 3);
  });
});

describe('zone-aware routing: early exits and their stats', () => {
  it('fewer than 2 upstream localities: no zone routing, no stat', () => {
    const s = setup('A', [['A', 80], ['A', 81]], { A: 1, B: 1 });
    const lb = rr(s, { minClusterSize: 1 });
    expect(picks(2, () => lb.chooseHost())).toEqual([P(80), P(81)]);
    expect(lb.stats.lb_zone_routing_all_directly + lb.stats.lb_local_cluster_not_ok + lb.stats.lb_zone_cluster_too_small).toBe(0);
  });

  it('a local cluster with one locality: no zone routing (unless force_local_zone), no stat', () => {
    const s = setup('A', ZONES_2x3, { A: 2 });
    const lb = rr(s, {});
    lb.chooseHost();
    expect(lb.stats.lb_zone_routing_all_directly).toBe(0);
    expect(lb.stats.lb_local_cluster_not_ok).toBe(0);
    const forced = rr(setup('A', ZONES_2x3, { A: 2 }), { forceLocalZoneMinSize: 1 });
    expect(picks(3, () => forced.chooseHost())).toEqual([P(80), P(81), P(82)]);
    expect(forced.stats.lb_zone_routing_all_directly).toBe(3);
  });

  it('the local Envoy\'s zone has no local host: lb_local_cluster_not_ok once, at the regeneration', () => {
    const s = setup('C', ZONES_2x3, { A: 1, B: 1 });
    const lb = rr(s, {});
    expect(lb.stats.lb_local_cluster_not_ok).toBe(1);
    lb.chooseHost();
    expect(lb.stats.lb_local_cluster_not_ok).toBe(1);
  });

  it('fewer healthy upstream hosts than min_cluster_size (default 6): lb_zone_cluster_too_small', () => {
    const s = setup('A', ZONES_2x3.slice(0, 5), { A: 1, B: 1 });
    const lb = rr(s, {});
    expect(lb.stats.lb_zone_cluster_too_small).toBe(1);
    expect(picks(2, () => lb.chooseHost())).toEqual([P(80), P(81)]);
    expect(lb.stats.lb_zone_routing_all_directly).toBe(0);
    const six = rr(setup('A', ZONES_2x3, { A: 1, B: 1 }), {});
    six.chooseHost();
    expect(six.stats.lb_zone_routing_all_directly).toBe(1);
  });

  it('regenerates when the local cluster changes', () => {
    const s = setup('A', ZONES_2x3, { A: 1, B: 1 });
    const lb = rr(s, {}, draws(0, 0, 5_000, 0));
    const before = lb.stats.lb_recalculate_zone_structures;
    // local now A 3 of 4: Residual, 6666 kept local
    s.localSet.updateHosts(0, [...s.localHosts, new Host({ address: '10.9.8.1:1', locality: locality({ zone: 'A' }) }), new Host({ address: '10.9.8.2:1', locality: locality({ zone: 'A' }) })]);
    expect(lb.stats.lb_recalculate_zone_structures).toBe(before + 1);
    expect(lb.chooseHost()?.locality.zone).toBe('A');
    expect(lb.stats.lb_zone_routing_sampled).toBe(1);
  });
});

describe('zone-aware routing: settings', () => {
  it('routing_enabled below 100 draws from the runtime random source, never from the load balancer\'s', () => {
    const s = setup('A', ZONES_2x3, { A: 1, B: 1 });
    const runtimeRandom = new ScriptedRandom([49, 50], 0);
    const random = draws();
    const lb = rr(s, { routingEnabled: 50 }, random, { runtimeRandom });
    lb.chooseHost(); // 49 % 100 < 50: zone routing
    lb.chooseHost(); // 50: plain healthy hosts
    expect(lb.stats.lb_zone_routing_all_directly).toBe(1);
    expect(runtimeRandom.drawCount).toBe(2);
    expect(random.drawCount).toBe(3);
  });

  it('routing_enabled 100 (default) and 0 take no runtime draw', () => {
    for (const routingEnabled of [100, 0]) {
      const runtimeRandom = new ScriptedRandom([], 0);
      const lb = rr(setup('A', ZONES_2x3, { A: 1, B: 1 }), { routingEnabled }, draws(), { runtimeRandom });
      lb.chooseHost();
      expect(runtimeRandom.drawCount).toBe(0);
      expect(lb.stats.lb_zone_routing_all_directly).toBe(routingEnabled === 100 ? 1 : 0);
    }
  });

  it('a local cluster in panic: lb_local_cluster_not_ok per pick and plain healthy hosts, or no host with fail_traffic_on_panic', () => {
    const s = setup('A', ZONES_2x3, { A: 1, B: 1 });
    for (const h of s.localHosts) h.setEdsHealthStatus('UNHEALTHY');
    s.localSet.refresh();
    const lb = rr(s, {});
    const base = lb.stats.lb_local_cluster_not_ok;
    expect(picks(2, () => lb.chooseHost())).toEqual([P(80), P(81)]);
    expect(lb.stats.lb_local_cluster_not_ok).toBe(base + 2);
    const failing = rr(s, { failTrafficOnPanic: true });
    expect(failing.chooseHost()).toBeNull();
  });

  it('fail_traffic_on_panic returns no host while the chosen priority is in panic', () => {
    const s = setup('A', [['A', 80], ['A', 81, 'UNHEALTHY'], ['B', 90, 'UNHEALTHY'], ['B', 91, 'UNHEALTHY']], { A: 1, B: 1 });
    const lb = rr(s, { failTrafficOnPanic: true, minClusterSize: 1 });
    expect(lb.chooseHost()).toBeNull();
    expect(lb.stats.lb_healthy_panic).toBe(1);
    const plain = rr(s, { minClusterSize: 1 });
    expect(plain.chooseHost()).not.toBeNull();
  });

  it('force_local_zone.min_size forces LocalityDirect when the local zone has that many healthy hosts', () => {
    // local A 3 of 4 would give Residual; forcing with min_size 3 (A has 3 healthy) routes all to A
    const forced = rr(setup('A', ZONES_2x3, { A: 3, B: 1 }), { forceLocalZoneMinSize: 3 });
    expect(picks(3, () => forced.chooseHost())).toEqual([P(80), P(81), P(82)]);
    expect(forced.stats.lb_zone_routing_all_directly).toBe(3);
    const notEnough = rr(setup('A', ZONES_2x3, { A: 3, B: 1 }), { forceLocalZoneMinSize: 4 }, draws(0, 0, 9_999, 0));
    notEnough.chooseHost();
    expect(notEnough.stats.lb_zone_routing_cross_zone).toBe(1);
  });

  it('locality_basis HEALTHY_HOSTS_WEIGHT compares weight sums instead of host counts', () => {
    // by count: upstream A 3 of 6 vs local A 1 of 2 -> Direct; by weight: A 3 of 12 (2500) < 5000 -> Residual
    const hosts: [string, number, EdsHealthStatus?, number?][] = [
      ['A', 80, 'HEALTHY', 1],
      ['A', 81, 'HEALTHY', 1],
      ['A', 82, 'HEALTHY', 1],
      ['B', 90, 'HEALTHY', 3],
      ['B', 91, 'HEALTHY', 3],
      ['B', 92, 'HEALTHY', 3],
    ];
    const byCount = rr(setup('A', hosts, { A: 1, B: 1 }), {});
    byCount.chooseHost();
    expect(byCount.stats.lb_zone_routing_all_directly).toBe(1);
    const byWeight = rr(setup('A', hosts, { A: 1, B: 1 }), { localityBasis: 'HEALTHY_HOSTS_WEIGHT' }, draws(0, 0, 4_999, 0, 5_000, 0));
    expect(byWeight.chooseHost()?.locality.zone).toBe('A'); // 2500 * 10000 / 5000 = 5000: 4999 sampled local
    expect(byWeight.chooseHost()?.locality.zone).toBe('B');
    expect(byWeight.stats.lb_zone_routing_sampled).toBe(1);
    expect(byWeight.stats.lb_zone_routing_cross_zone).toBe(1);
  });

  it('applies to priority 0 only', () => {
    const s = setup('A', [['A', 80, 'UNHEALTHY'], ['A', 81, 'UNHEALTHY'], ['B', 90, 'UNHEALTHY'], ['B', 91, 'UNHEALTHY']], { A: 1, B: 1 }, [70, 71]);
    const lb = rr(s, { minClusterSize: 1 });
    expect(lb.priorityLoad().healthy).toEqual([0, 100]);
    expect(picks(2, () => lb.chooseHost())).toEqual([P(70), P(71)]);
    expect(lb.stats.lb_zone_routing_all_directly + lb.stats.lb_zone_routing_sampled + lb.stats.lb_zone_routing_cross_zone).toBe(0);
  });

  it('degraded picks take the chosen locality\'s degraded hosts, although the zone state comes from healthy lists', () => {
    // No healthy host: every healthy share is 0, so Residual with nothing kept local and no
    // capacity; each pick draws the local sample, then rng() % 2 picks the locality.
    const s = setup('A', [['A', 80, 'DEGRADED'], ['A', 81, 'DEGRADED'], ['B', 90, 'DEGRADED'], ['B', 91, 'DEGRADED']], { A: 1, B: 1 });
    const lb = rr(s, { minClusterSize: 0 }, draws(0, 0, 0, 1, 0, 0, 0, 0, 0, 1));
    expect(lb.priorityLoad().degraded).toEqual([100]);
    expect(picks(3, () => lb.chooseHost())).toEqual([P(90), P(80), P(91)]);
    expect(lb.stats.lb_zone_no_capacity_left).toBe(3);
  });

  it('works the same under random and least request: LocalityDirect keeps every pick in the local zone', () => {
    const a = setup('A', ZONES_2x3, { A: 1, B: 1 });
    const r = randomLb(a.ps, { random: new ScriptedRandom([0, 4, 5], 0), localPrioritySet: a.localSet });
    expect(picks(3, () => r.chooseHost())).toEqual([P(80), P(81), P(82)]);
    const b = setup('A', ZONES_2x3, { A: 1, B: 1 });
    const lr = leastRequest(b.ps, { random: draws(), localPrioritySet: b.localSet });
    for (let i = 0; i < 5; i++) expect(lr.chooseHost()?.locality.zone).toBe('A');
    expect(lr.stats.lb_zone_routing_all_directly).toBe(5);
  });
});
