import { describe, expect, it } from 'vitest';
import { buildHostSet } from '../../../src/cluster/host-set.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { locality, localityKey } from '../../../src/host/locality.js';
import { h } from './helpers.js';

const za = locality({ zone: 'a' });
const zb = locality({ zone: 'b' });
const zc = locality({ zone: 'c' });

describe('buildHostSet(priority, {hosts, localities}) for subsets', () => {
  it('keeps every listed locality in the listed order, empty groups included', () => {
    const x = h(80, {}, { zone: 'c' });
    const y = h(81, {}, { zone: 'a', status: 'UNHEALTHY' });
    const set = buildHostSet(0, { hosts: [x, y], localities: [zb, zc, za] }, null);
    expect(set.hostsPerLocality.localities).toEqual([zb, zc, za]);
    expect(set.hostsPerLocality.lists).toEqual([[], [x], [y]]);
    expect(set.healthyHostsPerLocality.lists).toEqual([[], [x], []]);
    expect(set.healthyHosts).toEqual([x]);
    expect(set.hostsPerLocality.hasLocalLocality).toBe(false);
  });

  it('marks group 0 local when the first listed locality is the local one, even with no host there', () => {
    const set = buildHostSet(0, { hosts: [h(80, {}, { zone: 'b' })], localities: [za, zb] }, za);
    expect(set.hostsPerLocality.hasLocalLocality).toBe(true);
    expect(buildHostSet(0, { hosts: [], localities: [zb, za] }, za).hostsPerLocality.hasLocalLocality).toBe(false);
  });

  it('takes locality weights as an array aligned with the groups', () => {
    const set = buildHostSet(0, { hosts: [h(80, {}, { zone: 'a' })], localities: [za, zb], localityWeights: [25, 13] }, null);
    expect(set.localityWeights).toEqual([25, 13]);
    const short = buildHostSet(0, { hosts: [], localities: [za, zb], localityWeights: [7] }, null);
    expect(short.localityWeights).toEqual([7, 0]);
  });

  it('rejects a host whose locality is not listed', () => {
    expect(() => buildHostSet(0, { hosts: [h(80, {}, { zone: 'c' })], localities: [za, zb] }, null)).toThrow(
      'localities: must list the locality of every host (127.0.0.1:80 is not covered)',
    );
  });

  it('without localities groups hosts as before: local first, the rest sorted, weights by map', () => {
    const hosts = [h(80, {}, { zone: 'c' }), h(81, {}, { zone: 'a' }), h(82, {}, { zone: 'b' })];
    const set = buildHostSet(0, { hosts, localityWeights: new Map([[localityKey(zb), 3]]) }, zc);
    expect(set.hostsPerLocality.localities).toEqual([zc, za, zb]);
    expect(set.localityWeights).toEqual([0, 0, 3]);
  });
});

describe('PrioritySet.notifyUnchanged(priority)', () => {
  it('runs the priority callbacks then the member callbacks with nothing added or removed, keeping the host set', () => {
    const ps = new PrioritySet();
    ps.updateHosts(0, [h(80)]);
    const before = ps.hostSets[0];
    const calls: string[] = [];
    ps.addPriorityUpdateCallback((p, a, r) => calls.push(`priority ${p} +${a.length} -${r.length}`));
    ps.addMemberUpdateCallback((a, r) => calls.push(`member +${a.length} -${r.length}`));
    ps.notifyUnchanged(0);
    expect(calls).toEqual(['priority 0 +0 -0', 'member +0 -0']);
    expect(ps.hostSets[0]).toBe(before);
  });

  it('inside batchUpdate defers the member callback to the end of the batch', () => {
    const ps = new PrioritySet();
    const calls: string[] = [];
    ps.addPriorityUpdateCallback((p) => calls.push(`priority ${p}`));
    ps.addMemberUpdateCallback(() => calls.push('member'));
    ps.batchUpdate(() => {
      ps.notifyUnchanged(1);
      calls.push('end of batch');
    });
    expect(calls).toEqual(['priority 1', 'end of batch', 'member']);
    expect(ps.hostSets).toHaveLength(2);
  });
});
