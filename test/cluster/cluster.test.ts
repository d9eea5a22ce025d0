import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import { ManualClock } from '../../src/common/clock.js';

describe('Cluster.update', () => {
  it('keeps a host\'s identity, active requests and slow-start time across updates, taking the new attributes', () => {
    const c = new Cluster({ endpoints: [{ endpoints: [{ address: 'a:1' }, { address: 'b:1' }] }] });
    const a = c.host('a:1')!;
    a.activeRequests = 3;
    a.lastHcPassTime = 5;
    c.update({ endpoints: [{ endpoints: [{ address: 'a:1', weight: 4, hostname: 'x', metadata: { v: 1 }, healthStatus: 'DEGRADED' }] }] });
    const a2 = c.host('a:1')!;
    expect(a2).toBe(a);
    expect([a2.activeRequests, a2.lastHcPassTime, a2.weight, a2.hostname, a2.metadata.get('v'), a2.edsHealthStatus()]).toEqual([3, 5, 4, 'x', 1, 'DEGRADED']);
    expect(c.host('b:1')).toBeUndefined();
  });
  it('updates only priorities that changed', () => {
    const c = new Cluster({ endpoints: [{ endpoints: [{ address: 'a:1' }] }, { priority: 1, endpoints: [{ address: 'b:1' }] }] });
    const log: number[] = [];
    c.prioritySet.addPriorityUpdateCallback((p) => log.push(p));
    c.update({ endpoints: [{ endpoints: [{ address: 'a:1' }] }, { priority: 1, endpoints: [{ address: 'b:1', weight: 2 }] }] });
    expect(log).toEqual([1]);
    c.update({ endpoints: [{ endpoints: [{ address: 'a:1' }] }, { priority: 1, endpoints: [{ address: 'b:1', weight: 2 }] }] });
    expect(log).toEqual([1]);
    c.update({ endpoints: [{ endpoints: [{ address: 'a:1' }] }] });
    expect(log).toEqual([1, 1]);
    expect(c.prioritySet.hostSets[1].hosts.length).toBe(0);
  });
  it('moves a host between priorities keeping its object', () => {
    const c = new Cluster({ endpoints: [{ endpoints: [{ address: 'a:1' }] }] });
    const a = c.host('a:1');
    c.update({ endpoints: [{ priority: 1, endpoints: [{ address: 'a:1' }] }] });
    expect(c.prioritySet.hostSets[1].hosts[0]).toBe(a);
    expect(c.prioritySet.hostSets[0].hosts.length).toBe(0);
  });
  it('creates new hosts at the clock\'s time and applies locality weights and policy', () => {
    const clock = new ManualClock(0);
    const c = new Cluster(undefined, { clock });
    clock.advance(250);
    c.update({
      endpoints: [{ locality: { zone: 'A' }, weight: 7, endpoints: [{ address: 'a:1' }] }],
      overprovisioningFactor: 200,
      weightedPriorityHealth: true,
    });
    const s = c.prioritySet.hostSets[0];
    expect(c.host('a:1')!.createdAt).toBe(250);
    expect([s.localityWeights[0], s.overprovisioningFactor, s.weightedPriorityHealth]).toEqual([7, 200, true]);
  });
  it('setHealthStatus applies as an update of the host\'s priority only', () => {
    const c = new Cluster({ endpoints: [{ endpoints: [{ address: 'a:1' }] }, { priority: 1, endpoints: [{ address: 'b:1' }] }] });
    const log: number[] = [];
    c.prioritySet.addPriorityUpdateCallback((p) => log.push(p));
    c.setHealthStatus('b:1', 'UNHEALTHY');
    expect(log).toEqual([1]);
    expect(c.prioritySet.hostSets[1].healthyHosts.length).toBe(0);
    expect(() => c.setHealthStatus('z:1', 'HEALTHY')).toThrow('address: is not a host of this cluster, got "z:1"');
  });
  it('rejects an address listed twice', () => {
    expect(() => new Cluster({ endpoints: [{ endpoints: [{ address: 'a:1' }, { address: 'a:1' }] }] })).toThrow(
      'endpoints[0].lb_endpoints[1].address: is listed twice in the load assignment, got "a:1"',
    );
  });
  it('keeps an empty priority named in the assignment', () => {
    const c = new Cluster({ endpoints: [{ endpoints: [{ address: 'a:1' }] }, { priority: 1, endpoints: [] }] });
    expect(c.prioritySet.hostSets.length).toBe(2);
  });
});
