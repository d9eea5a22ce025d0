import { describe, expect, it } from 'vitest';
import { buildHostSet } from '../../src/cluster/host-set.js';
import { Host, HealthFlag } from '../../src/host/host.js';
import { locality, localityKey } from '../../src/host/locality.js';

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
});
