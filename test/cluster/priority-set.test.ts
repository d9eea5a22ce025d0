import { describe, expect, it } from 'vitest';
import { PrioritySet } from '../../src/cluster/priority-set.js';
import { Host } from '../../src/host/host.js';

const hosts = (...a: string[]) => a.map((x) => new Host({ address: x }));

describe('PrioritySet', () => {
  it('creates host sets up to the highest priority used', () => {
    const ps = new PrioritySet();
    ps.updateHosts(2, hosts('a:1'));
    expect(ps.hostSets.map((s) => s.hosts.length)).toEqual([0, 0, 1]);
  });
  it('fires priority callbacks before member callbacks, with hosts added and removed by identity', () => {
    const ps = new PrioritySet();
    const [a, b, c] = hosts('a:1', 'b:1', 'c:1');
    ps.updateHosts(0, [a, b]);
    const log: string[] = [];
    ps.addPriorityUpdateCallback((p, added, removed) => log.push(`priority ${p} +${added.map(String)} -${removed.map(String)}`));
    ps.addMemberUpdateCallback((added, removed) => log.push(`member +${added.map(String)} -${removed.map(String)}`));
    ps.updateHosts(0, [b, c]);
    expect(log).toEqual(['priority 0 +c:1 -a:1', 'member +c:1 -a:1']);
  });
  it('batchUpdate runs member callbacks once with everything added and removed', () => {
    const ps = new PrioritySet();
    const [a, b] = hosts('a:1', 'b:1');
    const log: string[] = [];
    ps.addPriorityUpdateCallback((p) => log.push(`priority ${p}`));
    ps.addMemberUpdateCallback((added) => log.push(`member ${added.map(String).join(',')}`));
    ps.batchUpdate(() => {
      ps.updateHosts(0, [a]);
      ps.updateHosts(1, [b]);
    });
    expect(log).toEqual(['priority 0', 'priority 1', 'member a:1,b:1']);
  });
  it('refresh re-partitions from current health flags and notifies with nothing added or removed', () => {
    const ps = new PrioritySet();
    const [a, b] = hosts('a:1', 'b:1');
    ps.updateHosts(0, [a, b]);
    b.setEdsHealthStatus('UNHEALTHY');
    expect(ps.hostSets[0].healthyHosts.length).toBe(2);
    const log: string[] = [];
    ps.addPriorityUpdateCallback((p, added, removed) => log.push(`${p}:${added.length}:${removed.length}`));
    ps.refresh();
    expect(ps.hostSets[0].healthyHosts.map(String)).toEqual(['a:1']);
    expect(log).toEqual(['0:0:0']);
  });
  it('removes callbacks, finds hosts by address and lists all hosts', () => {
    const ps = new PrioritySet();
    let calls = 0;
    const handle = ps.addPriorityUpdateCallback(() => calls++);
    ps.updateHosts(0, hosts('a:1'));
    handle.remove();
    ps.updateHosts(1, hosts('b:1'));
    expect(calls).toBe(1);
    expect(ps.findHost('b:1')?.address).toBe('b:1');
    expect(ps.findHost('z:1')).toBeUndefined();
    expect(ps.allHosts().map(String)).toEqual(['a:1', 'b:1']);
  });
  it('rejects priorities outside [0, 128]', () => {
    const ps = new PrioritySet();
    expect(() => ps.updateHosts(129, [])).toThrow('priority: must be an integer in [0, 128], got 129');
    expect(() => ps.getOrCreateHostSet(-1)).toThrow('priority: must be an integer in [0, 128], got -1');
  });
});
