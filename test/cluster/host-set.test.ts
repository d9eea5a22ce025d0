import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildHostSet } from '../../src/cluster/host-set.js';
import { Host, HealthFlag } from '../../src/host/host.js';
import { compareLocality, type Locality, locality, localityEquals, localityKey } from '../../src/host/locality.js';

const zone = (z: string, region = '') => locality({ region, zone: z });
const h = (address: string, z: string, status: 'HEALTHY' | 'UNHEALTHY' | 'DEGRADED' | 'DRAINING' = 'HEALTHY') =>
  new Host({ address, locality: zone(z), healthStatus: status });

describe('buildHostSet', () => {
  it('partitions hosts into healthy, degraded and excluded lists in host order; excluded is independent', () => {
    const hosts = [h('a:1', 'A'), h('b:1', 'A', 'DEGRADED'), h('c:1', 'B', 'UNHEALTHY'), h('d:1', 'B', 'DRAINING'), h('e:1', 'B')];
    hosts[4].setHealthFlag(HealthFlag.PENDING_ACTIVE_HC); // excluded, still healthy
    const s = buildHostSet(0, { hosts }, null);
    expect(s.hosts.map(String)).toEqual(['a:1', 'b:1', 'c:1', 'd:1', 'e:1']);
    expect(s.healthyHosts.map(String)).toEqual(['a:1', 'e:1']);
    expect(s.degradedHosts.map(String)).toEqual(['b:1']);
    expect(s.excludedHosts.map(String)).toEqual(['d:1', 'e:1']);
  });
  it('groups by locality value, sorted by (region, zone, sub_zone) without a local locality', () => {
    const s = buildHostSet(0, { hosts: [h('a:1', 'C'), h('b:1', 'A'), h('c:1', 'C'), h('d:1', 'B')] }, null);
    expect(s.hostsPerLocality.localities.map((l) => l.zone)).toEqual(['A', 'B', 'C']);
    expect(s.hostsPerLocality.lists.map((l) => l.map(String))).toEqual([['b:1'], ['d:1'], ['a:1', 'c:1']]);
    expect(s.hostsPerLocality.hasLocalLocality).toBe(false);
  });
  it('puts the local locality first when it has a host, and keeps filtered lists aligned (possibly empty)', () => {
    const s = buildHostSet(0, { hosts: [h('a:1', 'A'), h('b:1', 'B', 'UNHEALTHY'), h('c:1', 'C')] }, zone('B'));
    expect(s.hostsPerLocality.localities.map((l) => l.zone)).toEqual(['B', 'A', 'C']);
    expect(s.hostsPerLocality.hasLocalLocality).toBe(true);
    expect(s.healthyHostsPerLocality.lists.map((l) => l.map(String))).toEqual([[], ['a:1'], ['c:1']]);
    expect(s.healthyHostsPerLocality.hasLocalLocality).toBe(true);
    const none = buildHostSet(0, { hosts: [h('a:1', 'A')] }, zone('Z'));
    expect(none.hostsPerLocality.hasLocalLocality).toBe(false);
  });
  it('aligns locality weights with the groups (0 when a locality has none)', () => {
    const weights = new Map([[localityKey(zone('A')), 10]]);
    const s = buildHostSet(0, { hosts: [h('a:1', 'B'), h('b:1', 'A')], localityWeights: weights }, null);
    expect(s.localityWeights).toEqual([10, 0]);
    const byFn = buildHostSet(0, { hosts: [h('a:1', 'B')], localityWeights: (l) => (l.zone === 'B' ? 3 : undefined) }, null);
    expect(byFn.localityWeights).toEqual([3]);
  });
  it('defaults the overprovisioning factor to 140 and weighted_priority_health to false', () => {
    const s = buildHostSet(2, { hosts: [] }, null);
    expect([s.priority, s.overprovisioningFactor, s.weightedPriorityHealth]).toEqual([2, 140, false]);
  });
  it('groups hosts whose locality objects differ but are equal by value', () => {
    const a1 = zone('A');
    const a2 = locality({ zone: 'A' });
    const s = buildHostSet(0, { hosts: [h('a:1', 'B'), new Host({ address: 'b:1', locality: a1 }), new Host({ address: 'c:1', locality: a2 })] }, null);
    expect(s.hostsPerLocality.localities.map((l) => l.zone)).toEqual(['A', 'B']);
    expect(s.hostsPerLocality.lists.map((l) => l.map(String))).toEqual([['b:1', 'c:1'], ['a:1']]);
  });
  it('equals a partition computed host by host (random hosts, localities, health and exclusion)', () => {
    const zones: Locality[] = ['A', 'B', 'C', 'D'].map((z) => zone(z));
    const flags = [0, HealthFlag.FAILED_ACTIVE_HC, HealthFlag.DEGRADED_EDS_HEALTH, HealthFlag.PENDING_ACTIVE_HC, HealthFlag.EDS_STATUS_DRAINING];
    const arb = fc.record({
      hosts: fc.array(fc.record({ z: fc.integer({ min: 0, max: 3 }), copy: fc.boolean(), flag: fc.constantFrom(...flags), flag2: fc.constantFrom(...flags) }), { maxLength: 40 }),
      local: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
    });
    fc.assert(
      fc.property(arb, ({ hosts: spec, local }) => {
        const hosts = spec.map((x, i) => {
          // Some hosts get a locality object of their own, equal by value to a shared one.
          const l = x.copy ? locality({ zone: zones[x.z].zone }) : zones[x.z];
          const host = new Host({ address: `10.0.0.${i}:80`, locality: l });
          host.setHealthFlag(x.flag);
          host.setHealthFlag(x.flag2);
          return host;
        });
        const localLocality = local === null ? null : zone(['A', 'B', 'C', 'D', 'Z'][local]);
        const set = buildHostSet(0, { hosts }, localLocality);
        // Reference: distinct localities by value, local first when present, the rest sorted.
        const distinct: Locality[] = [];
        for (const x of hosts) if (!distinct.some((l) => localityEquals(l, x.locality))) distinct.push(x.locality);
        const localFound = localLocality === null ? undefined : distinct.find((l) => localityEquals(l, localLocality));
        const ordered = [...(localFound ? [localFound] : []), ...distinct.filter((l) => l !== localFound).sort(compareLocality)];
        const healthy = (x: Host) => x.coarseHealth() === 0;
        const degraded = (x: Host) => x.coarseHealth() === 1;
        const excluded = (x: Host) => x.isExcluded();
        const per = (pick: (x: Host) => boolean) => ordered.map((l) => hosts.filter((x) => localityEquals(x.locality, l) && pick(x)));
        expect(set.hosts).toEqual(hosts);
        expect(set.healthyHosts).toEqual(hosts.filter(healthy));
        expect(set.degradedHosts).toEqual(hosts.filter(degraded));
        expect(set.excludedHosts).toEqual(hosts.filter(excluded));
        expect(set.hostsPerLocality.localities.map(localityKey)).toEqual(ordered.map(localityKey));
        expect(set.hostsPerLocality.lists).toEqual(per(() => true));
        expect(set.healthyHostsPerLocality.lists).toEqual(per(healthy));
        expect(set.degradedHostsPerLocality.lists).toEqual(per(degraded));
        expect(set.excludedHostsPerLocality.lists).toEqual(per(excluded));
        for (const v of [set.hostsPerLocality, set.healthyHostsPerLocality, set.degradedHostsPerLocality, set.excludedHostsPerLocality]) {
          expect(v.hasLocalLocality).toBe(localFound !== undefined);
        }
      }),
      { numRuns: 300 },
    );
  });
});
