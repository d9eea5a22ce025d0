import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import { PrioritySet } from '../../src/cluster/priority-set.js';
import { ScriptedRandom, SeededRandom } from '../../src/common/random.js';
import { Host } from '../../src/host/host.js';
import { roundRobin } from '../../src/policies/round-robin/index.js';
import { random } from '../../src/policies/random/index.js';

const ep = (address: string, healthStatus: 'HEALTHY' | 'UNHEALTHY' | 'DEGRADED' = 'HEALTHY') => ({ address, healthStatus });

describe('ZoneAwareLoadBalancer: priority, panic and host source', () => {
  it('draws the priority from hash % 100 + 1 against the loads (70/30 at P0 2-of-4 healthy, P1 2-of-4 healthy)', () => {
    const c = new Cluster({
      endpoints: [
        { endpoints: [ep('a:1'), ep('b:1'), ep('c:1', 'UNHEALTHY'), ep('d:1', 'UNHEALTHY')] },
        { priority: 1, endpoints: [ep('e:1'), ep('f:1'), ep('g:1', 'UNHEALTHY'), ep('h:1', 'UNHEALTHY')] },
      ],
    });
    // Random: the same draw picks priority and host. 69 -> h=70 -> P0; 70 -> h=71 -> P1.
    const lb = random(c.prioritySet, { random: new ScriptedRandom(['69', '70']) });
    expect(lb.priorityLoad()).toEqual({ healthy: [70, 30], degraded: [0, 0], panic: [false, false] });
    expect(lb.chooseHost()?.address).toBe('b:1'); // 69 % 2 = 1
    expect(lb.chooseHost()?.address).toBe('e:1'); // 70 % 2 = 0
  });
  it('uses all hosts of a priority in panic and counts lb_healthy_panic per pick', () => {
    const c = new Cluster({ endpoints: [{ endpoints: [ep('a:1'), ep('b:1', 'UNHEALTHY'), ep('c:1', 'UNHEALTHY')] }] });
    const lb = random(c.prioritySet, { random: new ScriptedRandom(['1', '2']) });
    expect(lb.priorityLoad().panic).toEqual([true]);
    expect([lb.chooseHost()?.address, lb.chooseHost()?.address]).toEqual(['b:1', 'c:1']);
    expect(lb.stats.lb_healthy_panic).toBe(2);
  });
  it('fail_traffic_on_panic returns no host in panic', () => {
    const c = new Cluster({ endpoints: [{ endpoints: [ep('a:1'), ep('b:1', 'UNHEALTHY'), ep('c:1', 'UNHEALTHY')] }] });
    const lb = roundRobin(c.prioritySet, { random: new SeededRandom(1), zoneAware: { failTrafficOnPanic: true } });
    expect(lb.chooseHost()).toBeNull();
    expect(lb.stats.lb_healthy_panic).toBe(1);
  });
  it('picks degraded hosts when the priority was chosen for its degraded availability', () => {
    const c = new Cluster({ endpoints: [{ endpoints: [ep('a:1', 'DEGRADED'), ep('b:1', 'DEGRADED')] }] });
    const lb = random(c.prioritySet, { random: new ScriptedRandom(['3']) });
    expect(lb.priorityLoad()).toEqual({ healthy: [0], degraded: [100], panic: [false] });
    expect(lb.chooseHost()?.address).toBe('b:1');
  });
  it("applies the context's determinePriorityLoad", () => {
    const c = new Cluster({ endpoints: [{ endpoints: [ep('a:1')] }, { priority: 1, endpoints: [ep('b:1')] }] });
    const lb = random(c.prioritySet, { random: new SeededRandom(3) });
    const ctx = { determinePriorityLoad: () => ({ healthy: [0, 100], degraded: [0, 0] }) };
    for (let i = 0; i < 10; i++) expect(lb.chooseHost(ctx)?.address).toBe('b:1');
  });
  it('follows P0 into and out of panic on picks without a context (health changed in place)', () => {
    const hosts = ['a:1', 'b:1', 'c:1', 'd:1'].map((address) => new Host({ address }));
    const ps = new PrioritySet();
    ps.updateHosts(0, hosts);
    const lb = random(ps, { random: new ScriptedRandom(['0', '1', '2', '3', '0', '1', '2', '3', '0', '1', '2', '3']) });
    for (const h of hosts.slice(1)) h.setEdsHealthStatus('UNHEALTHY');
    ps.refresh(0);
    // 1 of 4 healthy: 140 * 1 / 4 = 35 < 50, so P0 is in panic and picks from all its hosts.
    expect(lb.priorityLoad().panic).toEqual([true]);
    expect(Array.from({ length: 4 }, () => lb.chooseHost()?.address)).toEqual(['a:1', 'b:1', 'c:1', 'd:1']);
    for (const h of hosts.slice(1)) h.setEdsHealthStatus('HEALTHY');
    ps.refresh(0);
    expect(Array.from({ length: 4 }, () => lb.chooseHost()?.address)).toEqual(['a:1', 'b:1', 'c:1', 'd:1']);
    for (const h of hosts.slice(2)) h.setEdsHealthStatus('UNHEALTHY');
    ps.refresh(0);
    // 2 of 4 healthy: 70, no panic; the healthy hosts only.
    expect(Array.from({ length: 4 }, () => lb.chooseHost()?.address)).toEqual(['a:1', 'b:1', 'a:1', 'b:1']);
  });
  it('returns null when determinePriorityLoad names a priority that does not exist', () => {
    const c = new Cluster({ endpoints: [{ endpoints: [ep('a:1')] }] });
    const lb = random(c.prioritySet, { random: new SeededRandom(3) });
    expect(lb.chooseHost({ determinePriorityLoad: () => ({ healthy: [0, 100], degraded: [0, 0] }) })).toBeNull();
  });
});

describe('ZoneAwareLoadBalancer: retries', () => {
  it('retries with a fresh selection per attempt and returns the last candidate when all are rejected', () => {
    const c = new Cluster({ endpoints: [{ endpoints: [ep('a:1'), ep('b:1'), ep('c:1')] }] });
    const lb = roundRobin(c.prioritySet, { random: new ScriptedRandom([], '0') });
    const seen: string[] = [];
    const h = lb.chooseHost({
      hostSelectionRetryCount: 2,
      shouldSelectAnotherHost: (x) => {
        seen.push(x.address);
        return true;
      },
    });
    expect(seen).toEqual(['a:1', 'b:1', 'c:1']);
    expect(h?.address).toBe('c:1');
  });
  it('stops at the first accepted host', () => {
    const c = new Cluster({ endpoints: [{ endpoints: [ep('a:1'), ep('b:1'), ep('c:1')] }] });
    const lb = roundRobin(c.prioritySet, { random: new ScriptedRandom([], '0') });
    expect(lb.chooseHost({ hostSelectionRetryCount: 5, shouldSelectAnotherHost: (x) => x.address === 'a:1' })?.address).toBe('b:1');
  });
});

describe('ZoneAwareLoadBalancer: peek stash', () => {
  it('replays peeked draws FIFO in later picks, and refuses to peek beyond the healthy host count', () => {
    const c = new Cluster({ endpoints: [{ endpoints: [ep('a:1'), ep('b:1')] }] });
    const r = new ScriptedRandom(['1', '0', '7']);
    const lb = random(c.prioritySet, { random: r });
    expect(lb.peekAnotherHost()?.address).toBe('b:1');
    expect(lb.peekAnotherHost()?.address).toBe('a:1');
    expect(lb.peekAnotherHost()).toBeNull(); // 2 stashed draws >= 2 healthy hosts
    expect(r.drawCount).toBe(2);
    expect(lb.chooseHost()?.address).toBe('b:1');
    expect(lb.chooseHost()?.address).toBe('a:1');
    expect(r.drawCount).toBe(2);
    expect(lb.chooseHost()?.address).toBe('b:1'); // fresh draw 7
  });
  it('discards stashed draws on any host-set update', () => {
    const c = new Cluster({ endpoints: [{ endpoints: [ep('a:1'), ep('b:1')] }] });
    const r = new ScriptedRandom(['1', '0']);
    const lb = random(c.prioritySet, { random: r });
    lb.peekAnotherHost();
    c.setHealthStatus('a:1', 'HEALTHY');
    expect((lb as unknown as { stashedDraws: number }).stashedDraws).toBe(0);
    expect(lb.chooseHost()?.address).toBe('a:1'); // draw 0, not the stashed 1
  });
  it('discards stashed draws on an update that hands back the same host set', () => {
    const ps = new PrioritySet();
    ps.updateHosts(0, [new Host({ address: 'a:1' }), new Host({ address: 'b:1' })]);
    const r = new ScriptedRandom(['1', '0']);
    const lb = random(ps, { random: r });
    lb.peekAnotherHost();
    ps.notifyUnchanged(0);
    expect((lb as unknown as { stashedDraws: number }).stashedDraws).toBe(0);
    expect(lb.chooseHost()?.address).toBe('a:1');
  });
});

describe('ZoneAwareLoadBalancer: updates that hand back the same host set', () => {
  it('recomputes weighted priority health when a weight changed in place', () => {
    const a = new Host({ address: 'a:1' });
    const b = new Host({ address: 'b:1', weight: 3, healthStatus: 'UNHEALTHY' });
    const ps = new PrioritySet();
    ps.updateHosts(0, [a, b], { weightedPriorityHealth: true });
    ps.updateHosts(1, [new Host({ address: 'c:1' })]);
    const lb = random(ps, { random: new SeededRandom(1) });
    // P0 availability: 140 * 1 / 4 = 35.
    expect(lb.priorityLoad().healthy).toEqual([35, 65]);
    ps.notifyUnchanged(0);
    expect(lb.priorityLoad().healthy).toEqual([35, 65]);
    a.weight = 3;
    ps.notifyUnchanged(0);
    // 140 * 3 / 6 = 70.
    expect(lb.priorityLoad().healthy).toEqual([70, 30]);
  });
  it('keeps loads, panic and sources equal to a load balancer built afresh', () => {
    const hosts = [new Host({ address: 'a:1' }), new Host({ address: 'b:1', healthStatus: 'UNHEALTHY' }), new Host({ address: 'c:1', healthStatus: 'DEGRADED' })];
    const ps = new PrioritySet();
    ps.updateHosts(0, hosts);
    ps.updateHosts(1, [new Host({ address: 'd:1' })]);
    const lb = roundRobin(ps, { random: new SeededRandom(3) });
    ps.notifyUnchanged(1);
    ps.notifyUnchanged(0);
    const fresh = roundRobin(ps, { random: new SeededRandom(3) });
    expect(lb.priorityLoad()).toEqual(fresh.priorityLoad());
    expect(Array.from({ length: 12 }, () => lb.chooseHost()?.address)).toEqual(Array.from({ length: 12 }, () => fresh.chooseHost()?.address));
  });
});

describe('ZoneAwareLoadBalancer: locality-weighted choice', () => {
  it('chooses the locality by weight before the host (1:2 -> B, A, B, B, A, B)', () => {
    const c = new Cluster({
      endpoints: [
        { locality: { zone: 'A' }, weight: 1, endpoints: [ep('a:1')] },
        { locality: { zone: 'B' }, weight: 2, endpoints: [ep('b:1')] },
      ],
    });
    const lb = roundRobin(c.prioritySet, { random: new ScriptedRandom([], '0'), localityWeighted: true });
    expect(Array.from({ length: 6 }, () => lb.chooseHost()?.locality.zone)).toEqual(['B', 'A', 'B', 'B', 'A', 'B']);
  });
  it('draws one seed per priority at construction for the locality schedulers, before the round robin seed', () => {
    const c = new Cluster({ endpoints: [{ endpoints: [ep('a:1')] }, { priority: 1, endpoints: [ep('b:1')] }] });
    const r = new ScriptedRandom();
    roundRobin(c.prioritySet, { random: r, localityWeighted: true });
    expect(r.drawCount).toBe(3);
    const r2 = new ScriptedRandom();
    roundRobin(c.prioritySet, { random: r2 });
    expect(r2.drawCount).toBe(1);
  });
});

describe('ZoneAwareLoadBalancer: explain', () => {
  it('reports the hash, priority, panic, source and host of each attempt', () => {
    const c = new Cluster({ endpoints: [{ endpoints: [ep('a:1'), ep('b:1', 'UNHEALTHY'), ep('c:1', 'UNHEALTHY')] }] });
    const lb = random(c.prioritySet, { random: new ScriptedRandom(['4', '5']) });
    const e = lb.explain({ hostSelectionRetryCount: 1, shouldSelectAnotherHost: (h) => h.address === 'b:1' });
    expect(e.host?.address).toBe('c:1');
    expect(e.attempts.map((a) => [a.hash, a.priority, a.panic, a.source, a.host?.address, a.rejected])).toEqual([
      ['4', 0, true, 'all', 'b:1', true],
      ['5', 0, true, 'all', 'c:1', false],
    ]);
  });
  it('names the locality decision for zone-aware picks', () => {
    const ps = new PrioritySet();
    const a = new Host({ address: 'a:1' });
    ps.updateHosts(0, [a]);
    const lb = roundRobin(ps, { random: new SeededRandom(1) });
    const e = lb.explain();
    expect(e.attempts[0]).toMatchObject({ source: 'healthy', localityIndex: -1, localityDecision: 'none', availability: 'healthy' });
  });
});

describe('ZoneAwareLoadBalancer: options and lifecycle', () => {
  it('rejects invalid options with the option name and value', () => {
    const ps = new PrioritySet();
    expect(() => roundRobin(ps, { healthyPanicThreshold: 101 })).toThrow('healthyPanicThreshold: must be an integer in [0, 100], got 101');
    expect(() => roundRobin(ps, { zoneAware: { routingEnabled: -1 } })).toThrow('zoneAware.routingEnabled: must be an integer in [0, 100], got -1');
    expect(() => roundRobin(ps, { zoneAware: { minClusterSize: 1.5 } })).toThrow(
      'zoneAware.minClusterSize: must be an integer in [0, 9007199254740991], got 1.5',
    );
    expect(() => roundRobin(ps, { zoneAware: { forceLocalZoneMinSize: -3 } })).toThrow(
      'zoneAware.forceLocalZoneMinSize: must be an integer in [0, 4294967295], got -3',
    );
    const local = new PrioritySet();
    local.updateHosts(1, []);
    expect(() => roundRobin(ps, { localPrioritySet: local })).toThrow('localPrioritySet: the local cluster must have exactly one priority, got 2');
  });
  it('stops following the priority set after destroy()', () => {
    const c = new Cluster({ endpoints: [{ endpoints: [ep('a:1')] }] });
    const lb = roundRobin(c.prioritySet, { random: new SeededRandom(1) });
    lb.destroy();
    c.update({ endpoints: [{ endpoints: [ep('b:1')] }] });
    expect(lb.chooseHost()?.address).toBe('a:1');
  });
});
