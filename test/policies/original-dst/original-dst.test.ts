import { describe, expect, it } from 'vitest';
import { originalDst } from '../../../src/policies/original-dst/index.js';
import { canonicalDestination, requestHeader } from '../../../src/policies/original-dst/original-dst.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { ManualClock } from '../../../src/common/clock.js';
import { loadCluster } from '../../../src/config/load.js';

function make(options: Parameters<typeof originalDst>[1] = {}) {
  const clock = new ManualClock(0);
  const ps = new PrioritySet();
  const lb = originalDst(ps, { clock, ...options });
  return { clock, ps, lb };
}

describe('originalDst(): host creation', () => {
  it('chooseHost() without a context, or without a destination, returns null', () => {
    const { lb } = make();
    expect(lb.chooseHost()).toBeNull();
    expect(lb.chooseHost(null)).toBeNull();
    expect(lb.chooseHost({})).toBeNull();
  });

  it('creates a host for a new destination and adds it to priority 0 as a hosts-added update', () => {
    const { lb, ps, clock } = make();
    const added: string[] = [];
    ps.addMemberUpdateCallback((a) => added.push(...a.map(String)));
    clock.advance(7);
    const h = lb.chooseHost({ originalDestination: '10.0.0.1:8080' });
    expect(h?.address).toBe('10.0.0.1:8080');
    expect(h?.weight).toBe(1);
    expect(h?.coarseHealth()).toBe(0);
    expect(h?.createdAt).toBe(7);
    expect(ps.hostSets[0].hosts).toEqual([h]);
    expect(ps.hostSets[0].healthyHosts).toEqual([h]);
    expect(added).toEqual(['10.0.0.1:8080']);
    expect(lb.stats.original_dst_host_created).toBe(1);
  });

  it('returns the same host object for the same destination, in any textual form', () => {
    const { lb, ps } = make();
    const a = lb.chooseHost({ originalDestination: '[::1]:80' });
    const b = lb.chooseHost({ originalDestination: '[0:0:0::1]:80' });
    expect(a).toBe(b);
    expect(a?.address).toBe('[::1]:80');
    expect(ps.hostSets[0].hosts.length).toBe(1);
    expect(lb.stats.original_dst_host_created).toBe(1);
  });

  it('rejects destinations that are not ip:port (no host, nothing created)', () => {
    const { lb } = make();
    for (const bad of ['10.0.0.1', 'example.com:80', '10.0.0.1:65536', '10.0.0.01:80', '::1:80', '[::1]', '[::1]:x', '10.0.0.1:']) {
      expect(lb.chooseHost({ originalDestination: bad })).toBeNull();
    }
    expect(lb.stats.original_dst_host_created).toBe(0);
  });

  it('upstream_port_override replaces the destination port', () => {
    const { lb } = make({ upstreamPortOverride: 443 });
    const a = lb.chooseHost({ originalDestination: '10.10.11.11:80' });
    const b = lb.chooseHost({ originalDestination: '10.10.11.11:8080' });
    expect(a?.address).toBe('10.10.11.11:443');
    expect(b).toBe(a);
  });

  it('peekAnotherHost() returns null (no preconnecting), and retries do not apply', () => {
    const { lb } = make();
    expect(lb.peekAnotherHost()).toBeNull();
    const h = lb.chooseHost({ originalDestination: '10.0.0.2:1', hostSelectionRetryCount: 3, shouldSelectAnotherHost: () => true });
    expect(h?.address).toBe('10.0.0.2:1');
  });

  it('explain() reports the pick in one attempt', () => {
    const { lb } = make();
    const e = lb.explain({ originalDestination: '10.0.0.3:1' });
    expect(e.host?.address).toBe('10.0.0.3:1');
    expect(e.attempts).toHaveLength(1);
    expect(e.attempts[0]).toMatchObject({ priority: 0, source: 'all', host: e.host });
    expect(lb.explain({}).attempts[0]).toMatchObject({ priority: -1, source: 'none', host: null });
  });
});

describe('originalDst(): the override header', () => {
  it('with use_http_header, the header wins over the connection destination (first value only)', () => {
    const { lb } = make({ useHttpHeader: true });
    const h = lb.chooseHost({
      originalDestination: '10.0.0.1:80',
      request: { headers: [['X-Envoy-Original-Dst-Host', '127.0.0.1:5555'], ['x-envoy-original-dst-host', '127.0.0.1:6666']] },
    });
    expect(h?.address).toBe('127.0.0.1:5555');
  });

  it('an invalid header value counts original_dst_host_invalid and falls back to the connection destination', () => {
    const { lb } = make({ useHttpHeader: true });
    const h = lb.chooseHost({ originalDestination: '10.0.0.1:80', request: { headers: [['x-envoy-original-dst-host', 'not-an-address']] } });
    expect(h?.address).toBe('10.0.0.1:80');
    expect(lb.stats.original_dst_host_invalid).toBe(1);
    expect(lb.chooseHost({ request: { headers: [['x-envoy-original-dst-host', 'bad']] } })).toBeNull();
  });

  it('without use_http_header the header is ignored', () => {
    const { lb } = make();
    expect(lb.chooseHost({ request: { headers: [['x-envoy-original-dst-host', '127.0.0.1:1']] } })).toBeNull();
  });

  it('http_header_name names another header, matched case-insensitively', () => {
    const { lb } = make({ useHttpHeader: true, httpHeaderName: 'X-Dest' });
    expect(lb.chooseHost({ request: { headers: { 'x-dest': '127.0.0.1:9' } } })?.address).toBe('127.0.0.1:9');
    expect(lb.chooseHost({ request: { headers: [['x-envoy-original-dst-host', '127.0.0.1:10']] } })).toBeNull();
  });

  it('reads headers given as pairs, a Map, a plain object (lists allowed) or an object with get()', () => {
    const name = 'x-envoy-original-dst-host';
    expect(requestHeader({ headers: [['X-ENVOY-ORIGINAL-DST-HOST', 'a']] }, name)).toBe('a');
    expect(requestHeader({ headers: new Map([[name, ['b', 'c']]]) }, name)).toBe('b');
    expect(requestHeader({ headers: { [name]: ['d'] } }, name)).toBe('d');
    expect(requestHeader({ headers: { get: (n: string) => (n === name ? 'e' : null) } }, name)).toBe('e');
    expect(requestHeader({ headers: [] }, name)).toBeNull();
    expect(requestHeader(undefined, name)).toBeNull();
  });
});

describe('originalDst(): cleanup(now)', () => {
  it('keeps hosts picked since the previous run, removes the others one run later (Envoy cleanup timer)', () => {
    const { lb, ps, clock } = make({ cleanupIntervalMs: 1_000 });
    const removed: string[] = [];
    ps.addMemberUpdateCallback((_a, r) => removed.push(...r.map(String)));
    const a = lb.chooseHost({ originalDestination: '10.0.0.1:1' })!;
    const b = lb.chooseHost({ originalDestination: '10.0.0.2:1' })!;
    clock.advance(1_000);
    expect(lb.cleanup()).toEqual([]); // both were used (a new host starts used)
    lb.chooseHost({ originalDestination: '10.0.0.1:1' });
    clock.advance(1_000);
    expect(lb.cleanup()).toEqual([b]);
    expect(ps.hostSets[0].hosts).toEqual([a]);
    expect(removed).toEqual(['10.0.0.2:1']);
    expect(lb.stats.original_dst_host_removed).toBe(1);
    clock.advance(1_000);
    expect(lb.cleanup()).toEqual([a]);
    expect(ps.hostSets[0].hosts).toEqual([]);
  });

  it('runs only when due: one interval after construction, then one interval after each run', () => {
    const { lb, clock } = make({ cleanupIntervalMs: 5_000 });
    lb.chooseHost({ originalDestination: '10.0.0.1:1' });
    expect(lb.nextCleanupTime).toBe(5_000);
    expect(lb.cleanup(4_999)).toEqual([]);
    clock.set(6_000);
    lb.cleanup(); // clears the used mark
    expect(lb.nextCleanupTime).toBe(11_000);
    expect(lb.cleanup(10_999)).toEqual([]); // not due
    expect(lb.cleanup(11_000).map(String)).toEqual(['10.0.0.1:1']);
  });

  it('keeps an unpicked host that is still in use (active requests by default)', () => {
    const { lb } = make({ cleanupIntervalMs: 10 });
    const h = lb.chooseHost({ originalDestination: '10.0.0.1:1' })!;
    lb.cleanup(10);
    h.activeRequests = 1;
    expect(lb.cleanup(20)).toEqual([]);
    h.activeRequests = 0;
    expect(lb.cleanup(30)).toEqual([h]);
    const custom = make({ cleanupIntervalMs: 10, hostInUse: () => true });
    custom.lb.chooseHost({ originalDestination: '10.0.0.1:1' });
    custom.lb.cleanup(10);
    expect(custom.lb.cleanup(20)).toEqual([]);
  });

  it('a removed destination gets a new host when it comes back', () => {
    const { lb } = make({ cleanupIntervalMs: 10 });
    const first = lb.chooseHost({ originalDestination: '10.0.0.1:1' });
    lb.cleanup(10);
    lb.cleanup(20);
    const again = lb.chooseHost({ originalDestination: '10.0.0.1:1' });
    expect(again).not.toBe(first);
    expect(again?.address).toBe('10.0.0.1:1');
    expect(lb.stats.original_dst_host_created).toBe(2);
  });
});

describe('canonicalDestination(text, port)', () => {
  it('prints addresses as Envoy asString(), optionally with a new port', () => {
    expect(canonicalDestination('1.2.3.4:80')).toBe('1.2.3.4:80');
    expect(canonicalDestination('[2001:DB8:0:0:0:0:0:1]:443')).toBe('[2001:db8::1]:443');
    expect(canonicalDestination('[::ffff:1.2.3.4]:1')).toBe('[::ffff:1.2.3.4]:1');
    expect(canonicalDestination('1.2.3.4:80', 8443)).toBe('1.2.3.4:8443');
    expect(canonicalDestination('1.2.3.4:0065535')).toBe('1.2.3.4:65535');
    expect(canonicalDestination('256.0.0.1:80')).toBeNull();
  });
});

describe('CLUSTER_PROVIDED from Envoy config', () => {
  it('builds an original destination load balancer from original_dst_lb_config', () => {
    const { lb } = loadCluster(
      { name: 'od', type: 'ORIGINAL_DST', lb_policy: 'CLUSTER_PROVIDED', original_dst_lb_config: { use_http_header: true, http_header_name: 'x-dst', upstream_port_override: 8443 } },
      { clock: new ManualClock(0) },
    );
    expect(lb.chooseHost({ request: { headers: [['x-dst', '10.1.1.1:1']] } })?.address).toBe('10.1.1.1:8443');
  });

  it('accepts the legacy name ORIGINAL_DST_LB', () => {
    const { lb } = loadCluster({ lb_policy: 'ORIGINAL_DST_LB' });
    expect(lb.chooseHost({ originalDestination: '10.1.1.1:1' })?.address).toBe('10.1.1.1:1');
  });
});
