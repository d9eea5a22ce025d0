import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Host } from '../../src/host/host.js';
import { locality } from '../../src/host/locality.js';
import { PrioritySet } from '../../src/cluster/priority-set.js';
import { buildHostSet } from '../../src/cluster/host-set.js';
import { ScriptedRandom } from '../../src/common/random.js';
import { ConfigError, UpstreamLbError } from '../../src/errors.js';
import { xxHash64 } from '../../src/hash/xxhash64.js';
import { generateCookieValue } from '../../src/hash/cookie.js';
import { LbStats } from '../../src/lb/stats.js';
import {
  compileLbHashPolicy,
  type HashingTable,
  hashKeyOf,
  hostIndexArray,
  NormalizedHostWeights,
  normalizeWeights,
  type RequestHashPolicy,
  resolveThreadAwareOptions,
  sumActiveRequests,
  ThreadAwareLoadBalancer,
} from '../../src/lb/thread-aware.js';

/** A table that returns `hosts[(lo + attempt) % n]`, recording each build. */
class ModTable implements HashingTable {
  constructor(readonly weights: NormalizedHostWeights) {}
  chooseHost(hash: Uint32Array, attempt: number): Host | null {
    const n = this.weights.size;
    return n === 0 ? null : this.weights.hosts[(hash[1] + attempt) % n];
  }
}

function hosts(n: number, base = 0, init: Partial<ConstructorParameters<typeof Host>[0]> = {}): Host[] {
  return Array.from({ length: n }, (_, i) => new Host({ address: `10.0.0.${base + i}:80`, ...init }));
}

function frame(ps: PrioritySet, random = new ScriptedRandom([], 0), extra: Parameters<typeof resolveThreadAwareOptions>[0] = {}) {
  const builds: NormalizedHostWeights[] = [];
  const lb = new ThreadAwareLoadBalancer(
    ps,
    (w) => {
      builds.push(w);
      return new ModTable(w);
    },
    resolveThreadAwareOptions({ random, ...extra }),
  );
  return { lb, builds, random };
}

describe('hashKeyOf(host, useHostname)', () => {
  it('uses the address, the hostname with useHostname, and a non-empty string hash_key over both', () => {
    const plain = new Host({ address: '127.0.0.1:90', hostname: 'h' });
    expect(hashKeyOf(plain, false)).toBe('127.0.0.1:90');
    expect(hashKeyOf(plain, true)).toBe('h');
    const keyed = new Host({ address: '127.0.0.1:90', hostname: 'h', metadata: { hash_key: 'k' } });
    expect(hashKeyOf(keyed, false)).toBe('k');
    expect(hashKeyOf(keyed, true)).toBe('k');
  });

  it('ignores an empty or non-string hash_key (Envoy reads string values only)', () => {
    expect(hashKeyOf(new Host({ address: '[::1]:90', metadata: { hash_key: 7 } }), false)).toBe('[::1]:90');
    expect(hashKeyOf(new Host({ address: '[::1]:90', metadata: { hash_key: '' } }), false)).toBe('[::1]:90');
  });
});

describe('normalizeWeights(hostSet, inPanic, localityWeighted)', () => {
  const a = locality({ zone: 'A' });
  const b = locality({ zone: 'B' });
  const hs = [
    new Host({ address: '1.0.0.1:80', weight: 1, locality: a }),
    new Host({ address: '1.0.0.2:80', weight: 2, locality: a, healthStatus: 'UNHEALTHY' }),
    new Host({ address: '1.0.0.3:80', weight: 1, locality: b }),
    new Host({ address: '1.0.0.4:80', weight: 3, locality: b }),
  ];
  const set = buildHostSet(0, { hosts: hs, localityWeights: (l) => (l.zone === 'A' ? 1 : 3) }, null);

  it('divides each healthy host weight by the healthy weight sum outside panic', () => {
    const w = normalizeWeights(set, false, false);
    expect(w.hosts).toEqual([hs[0], hs[2], hs[3]]);
    expect(Array.from(w.weights)).toEqual([1 / 5, 1 / 5, 3 / 5]);
    expect([w.min, w.max]).toEqual([1 / 5, 3 / 5]);
  });

  it('uses every host (unhealthy included) in panic', () => {
    const w = normalizeWeights(set, true, false);
    expect(w.hosts).toEqual(hs);
    expect(Array.from(w.weights)).toEqual([1 / 7, 2 / 7, 1 / 7, 3 / 7]);
  });

  it('scales by the locality share with locality weighting, in Envoy operation order', () => {
    const w = normalizeWeights(set, false, true);
    expect(w.hosts).toEqual([hs[0], hs[2], hs[3]]);
    expect(Array.from(w.weights)).toEqual([(1 * (1 / 4)) / 1, (1 * (3 / 4)) / 4, (3 * (3 / 4)) / 4]);
  });

  it('skips localities of weight 0 and returns nothing when every locality weight is 0', () => {
    const zeroA = buildHostSet(0, { hosts: hs, localityWeights: (l) => (l.zone === 'B' ? 2 : 0) }, null);
    expect(normalizeWeights(zeroA, false, true).hosts).toEqual([hs[2], hs[3]]);
    const none = buildHostSet(0, { hosts: hs }, null);
    const w = normalizeWeights(none, false, true);
    expect(w.size).toBe(0);
    expect([w.min, w.max]).toEqual([1, 0]);
  });
});

describe('NormalizedHostWeights', () => {
  it('rejects a weight count that differs from the host count, and negative or NaN weights', () => {
    const [h] = hosts(1);
    expect(() => new NormalizedHostWeights([h], new Float64Array(2))).toThrow('weights: must have one weight per host (1), got 2');
    expect(() => NormalizedHostWeights.from([{ host: h, weight: -1 }])).toThrow('weights[0]: must be a finite number >= 0, got -1');
    expect(() => NormalizedHostWeights.from([{ host: h, weight: Number.NaN }])).toThrow(UpstreamLbError);
  });

  it('round-trips entries through toArray()', () => {
    const hs = hosts(2);
    const entries = [
      { host: hs[0], weight: 0.25 },
      { host: hs[1], weight: 0.75 },
    ];
    expect(NormalizedHostWeights.from(entries).toArray()).toEqual(entries);
  });
});

describe('hostIndexArray(hostCount, length)', () => {
  it('picks Uint8Array up to 255 hosts, Uint16Array up to 65,535, then Uint32Array', () => {
    expect(hostIndexArray(255, 3)).toBeInstanceOf(Uint8Array);
    expect(hostIndexArray(256, 3)).toBeInstanceOf(Uint16Array);
    expect(hostIndexArray(65_535, 3)).toBeInstanceOf(Uint16Array);
    expect(hostIndexArray(65_536, 3)).toBeInstanceOf(Uint32Array);
  });
});

describe('resolveThreadAwareOptions(options)', () => {
  it('rejects a panic threshold outside [0, 100] and a balance factor in (0, 100)', () => {
    expect(() => resolveThreadAwareOptions({ healthyPanicThreshold: 101 })).toThrow('healthyPanicThreshold: must be an integer in [0, 100], got 101');
    expect(() => resolveThreadAwareOptions({ hashBalanceFactor: 99 })).toThrow(
      'hashBalanceFactor: must be 0 (off) or an integer in [100, 4294967295], got 99',
    );
    expect(resolveThreadAwareOptions({ hashBalanceFactor: 100 }).hashBalanceFactor).toBe(100);
    expect(resolveThreadAwareOptions({}).healthyPanicThreshold).toBe(50);
  });
});

describe('ThreadAwareLoadBalancer', () => {
  it('draws nothing at construction or on host updates (vector note U5)', () => {
    const ps = new PrioritySet();
    ps.updateHosts(0, hosts(3));
    const { random } = frame(ps);
    ps.updateHosts(0, hosts(4));
    ps.updateHosts(1, hosts(2, 10));
    ps.refresh();
    expect(random.drawCount).toBe(0);
  });

  it('uses context.hashKey (U64 or bigint) without drawing, and one draw without a hash', () => {
    const ps = new PrioritySet();
    const hs = hosts(5);
    ps.updateHosts(0, hs);
    const { lb, random } = frame(ps, new ScriptedRandom([3n], 0));
    expect(lb.chooseHost({ hashKey: { hi: 0, lo: 2 } })).toBe(hs[2]);
    expect(lb.chooseHost({ hashKey: (7n << 32n) | 4n })).toBe(hs[4]);
    expect(random.drawCount).toBe(0);
    expect(lb.chooseHost()).toBe(hs[3]);
    expect(lb.chooseHost({ hostSelectionRetryCount: 0 })).toBe(hs[0]);
    expect(random.drawCount).toBe(2);
  });

  it('chooses the priority from hash % 100 + 1 against the loads', () => {
    const ps = new PrioritySet();
    const p0 = hosts(2, 0);
    p0[1].healthFlags = 0x004; // unhealthy: P0 availability 70%
    const p1 = hosts(1, 10);
    ps.updateHosts(0, p0);
    ps.updateHosts(1, p1);
    const { lb } = frame(ps);
    expect(lb.priorityLoad().healthy).toEqual([70, 30]);
    expect(lb.chooseHost({ hashKey: { hi: 0, lo: 69 } })).toBe(p0[0]);
    expect(lb.chooseHost({ hashKey: { hi: 0, lo: 70 } })).toBe(p1[0]);
    // 2^32 % 100 = 96: hi = 1, lo = 0 is 96 % 100 + 1 = 97 -> P1.
    expect(lb.chooseHost({ hashKey: { hi: 1, lo: 0 } })).toBe(p1[0]);
  });

  it('reduces the full 64-bit hash modulo 100 for the priority (checked against BigInt)', () => {
    const ps = new PrioritySet();
    const p0 = hosts(2, 0);
    p0[1].healthFlags = 0x004;
    const p1 = hosts(1, 10);
    ps.updateHosts(0, p0);
    ps.updateHosts(1, p1);
    const { lb } = frame(ps);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (h) => {
        expect(lb.chooseHost({ hashKey: h })).toBe((h % 100n) + 1n <= 70n ? p0[0] : p1[0]);
      }),
      { numRuns: 500 },
    );
  });

  it('counts lb_healthy_panic once per pick in a panicking priority and builds from all hosts', () => {
    const ps = new PrioritySet();
    const hs = hosts(3, 0, { healthStatus: 'UNHEALTHY' });
    ps.updateHosts(0, hs);
    const { lb, builds } = frame(ps);
    expect(builds[0].hosts).toEqual(hs);
    lb.chooseHost({ hashKey: 1n, hostSelectionRetryCount: 3, shouldSelectAnotherHost: () => true });
    expect(lb.stats.lb_healthy_panic).toBe(1);
  });

  it('retries with attempt 1..count while rejected and returns the last host tried', () => {
    const ps = new PrioritySet();
    const hs = hosts(4);
    ps.updateHosts(0, hs);
    const { lb } = frame(ps);
    const seen: Host[] = [];
    const host = lb.chooseHost({
      hashKey: 0n,
      hostSelectionRetryCount: 2,
      shouldSelectAnotherHost: (h) => {
        seen.push(h);
        return true;
      },
    });
    expect(seen).toEqual([hs[0], hs[1], hs[2]]);
    expect(host).toBe(hs[2]);
    expect(lb.chooseHost({ hashKey: 0n, hostSelectionRetryCount: 2, shouldSelectAnotherHost: (h) => h === hs[0] })).toBe(hs[1]);
  });

  it('returns null without hosts and never peeks', () => {
    const { lb } = frame(new PrioritySet());
    expect(lb.chooseHost({ hashKey: 5n })).toBeNull();
    expect(lb.chooseHost()).toBeNull();
    const ps = new PrioritySet();
    ps.updateHosts(0, hosts(2));
    expect(frame(ps).lb.peekAnotherHost({ hashKey: 1n })).toBeNull();
  });

  it('rebuilds once per batch of updates, after loads and panic are recomputed', () => {
    const ps = new PrioritySet();
    ps.updateHosts(0, hosts(2));
    ps.updateHosts(1, hosts(2, 10));
    const { builds } = frame(ps);
    expect(builds.length).toBe(2);
    ps.refresh();
    expect(builds.length).toBe(4);
    ps.updateHosts(0, hosts(3, 20));
    expect(builds.length).toBe(6);
    expect(builds[4].hosts.map((h) => h.address)).toEqual(['10.0.0.20:80', '10.0.0.21:80', '10.0.0.22:80']);
  });

  it('keeps the last table built with at least one host for the gauges and inspection', () => {
    const ps = new PrioritySet();
    ps.updateHosts(0, hosts(2));
    ps.updateHosts(1, []);
    const { lb } = frame(ps);
    expect((lb.lastTable() as ModTable).weights.size).toBe(2);
    expect(lb.tableOf(1)).not.toBeNull();
    expect(lb.tableOf(5)).toBeNull();
  });

  it('explain() reports the hash, priority, panic, source and each attempt', () => {
    const ps = new PrioritySet();
    const hs = hosts(3);
    ps.updateHosts(0, hs);
    const { lb } = frame(ps);
    const e = lb.explain({ hashKey: 1n, hostSelectionRetryCount: 1, shouldSelectAnotherHost: (h) => h === hs[1] });
    expect(e.host).toBe(hs[2]);
    expect(e.attempts.map((a) => [a.hash, a.priority, a.panic, a.source, a.host, a.rejected])).toEqual([
      ['1', 0, false, 'healthy', hs[1], true],
      ['1', 0, false, 'healthy', hs[2], false],
    ]);
    const none = frame(new PrioritySet()).lb.explain({ hashKey: 3n });
    expect(none.host).toBeNull();
  });

  it('takes the hash from the hash policy when the context carries a request; no hash means one draw', () => {
    const ps = new PrioritySet();
    const hs = hosts(5);
    ps.updateHosts(0, hs);
    const requests: unknown[] = [];
    const policy: RequestHashPolicy = {
      generateHash(request, out, index) {
        requests.push(request.path);
        if (request.path === 'none') return false;
        out[index] = 0;
        out[index + 1] = 3;
        return true;
      },
    };
    const { lb, random } = frame(ps, new ScriptedRandom([1n], 0), { hashPolicy: policy });
    expect(lb.chooseHost({ request: { path: 'r' }, hashKey: 0n })).toBe(hs[3]);
    expect(lb.chooseHost({ hashKey: 4n })).toBe(hs[4]);
    expect(random.drawCount).toBe(0);
    expect(lb.chooseHost({ request: { path: 'none' }, hashKey: 4n })).toBe(hs[1]);
    expect(random.drawCount).toBe(1);
    expect(requests).toEqual(['r', 'none']);
  });

  it('stops following the priority set after destroy()', () => {
    const ps = new PrioritySet();
    ps.updateHosts(0, hosts(2));
    const { lb, builds } = frame(ps);
    lb.destroy();
    ps.updateHosts(0, hosts(3));
    expect(builds.length).toBe(1);
  });

  it('shares a given stats object', () => {
    const stats = new LbStats();
    const ps = new PrioritySet();
    ps.updateHosts(0, hosts(1, 0, { healthStatus: 'UNHEALTHY' }));
    const { lb } = frame(ps, new ScriptedRandom([], 0), { stats });
    lb.chooseHost();
    expect(stats.lb_healthy_panic).toBe(1);
  });
});

describe('compileLbHashPolicy(json, path) in the frame', () => {
  it('hashes the request with the compiled policy: one header value is xxHash64(value)', () => {
    const ps = new PrioritySet();
    const hs = hosts(7);
    ps.updateHosts(0, hs);
    const policy = compileLbHashPolicy([{ header: { header_name: 'x-user' } }], 'hash_policy');
    const { lb } = frame(ps, new ScriptedRandom([], 0), { hashPolicy: policy });
    const h = xxHash64('alice');
    expect(lb.chooseHost({ request: { headers: [['x-user', 'alice']] } })).toBe(hs[Number(h & 0xffff_ffffn) % 7]);
  });

  it("generates the affinity cookie from the connection addresses, as Envoy's generateCookie", () => {
    const ps = new PrioritySet();
    const hs = hosts(5);
    ps.updateHosts(0, hs);
    const policy = compileLbHashPolicy([{ cookie: { name: 'session', ttl: '3600s', path: '/' } }], 'hash_policy');
    const emitted: string[] = [];
    const random = new ScriptedRandom([], 0);
    const { lb } = frame(ps, random, { hashPolicy: policy, onSetCookie: (header) => emitted.push(header) });
    const value = generateCookieValue('1.2.3.4:5678', '5.6.7.8:80');
    const host = lb.chooseHost({ request: { headers: [], sourceAddress: '1.2.3.4:5678', localAddress: '5.6.7.8:80' } });
    expect(host).toBe(hs[Number(xxHash64(value) & 0xffff_ffffn) % 5]);
    expect(emitted).toEqual([`session="${value}"; Max-Age=3600; Path=/; HttpOnly`]);
    expect(random.drawCount).toBe(0);
    // Without both addresses there is no cookie and no hash: one random draw.
    lb.chooseHost({ request: { headers: [] } });
    expect(random.drawCount).toBe(1);
  });

  it('rejects an invalid list with a ConfigError naming the entry', () => {
    expect(() => compileLbHashPolicy([{ terminal: true }], 'hash_policy')).toThrow(ConfigError);
  });
});

describe('sumActiveRequests(prioritySet)', () => {
  it('adds active requests over every host of every priority', () => {
    const ps = new PrioritySet();
    const a = hosts(2);
    const b = hosts(1, 10);
    a[0].activeRequests = 3;
    b[0].activeRequests = 4;
    ps.updateHosts(0, a);
    ps.updateHosts(2, b);
    expect(sumActiveRequests(ps)).toBe(7);
  });
});
