import { describe, expect, it } from 'vitest';
import { Host } from '../../../src/host/host.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { ScriptedRandom } from '../../../src/common/random.js';
import { xxHash64 } from '../../../src/hash/xxhash64.js';
import { murmurHash2 } from '../../../src/hash/murmur2.js';
import { buildRing, ringHash, type Ring } from '../../../src/policies/ring-hash/index.js';

const MASK = (1n << 64n) - 1n;

function hosts(n: number, init: (i: number) => Partial<ConstructorParameters<typeof Host>[0]> = () => ({})): Host[] {
  return Array.from({ length: n }, (_, i) => new Host({ address: `127.0.0.1:${90 + i}`, ...init(i) }));
}
function equal(hs: Host[]): { host: Host; weight: number }[] {
  return hs.map((host) => ({ host, weight: 1 / hs.length }));
}
function hashOf(h: bigint): Uint32Array {
  return Uint32Array.of(Number(h >> 32n), Number(h & 0xffff_ffffn));
}
function ringHashes(ring: Ring): bigint[] {
  return ring.entries().map(([, u]) => (BigInt(u.hi) << 32n) | BigInt(u.lo));
}

/** Envoy's ketama search (signed lowp/midp/highp), written over a sorted list of hashes. */
function ketamaIndex(hashes: readonly bigint[], h: bigint, attempt: number): number {
  if (hashes.length === 0) return -1;
  let lowp = 0;
  let highp = hashes.length;
  let midp = 0;
  for (;;) {
    midp = Math.trunc((lowp + highp) / 2);
    if (midp === hashes.length) {
      midp = 0;
      break;
    }
    const midval = hashes[midp];
    const midval1 = midp === 0 ? 0n : hashes[midp - 1];
    if (h <= midval && h > midval1) break;
    if (midval < h) lowp = midp + 1;
    else highp = midp - 1;
    if (lowp > highp) {
      midp = 0;
      break;
    }
  }
  return attempt > 0 ? (midp + attempt) % hashes.length : midp;
}

describe('buildRing(weights, options)', () => {
  it("places entry i of a host at xxHash64(key + '_' + i), sorted by hash", () => {
    const hs = hosts(3);
    const ring = buildRing(equal(hs), { minimumRingSize: 12, maximumRingSize: 12 });
    const expected = hs
      .flatMap((h) => [0, 1, 2, 3].map((i) => [xxHash64(`${h.address}_${i}`), h] as const))
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
    expect(ringHashes(ring)).toEqual(expected.map((e) => e[0]));
    expect(ring.entries().map(([h]) => h)).toEqual(expected.map((e) => e[1]));
  });

  it('hashes with MurmurHash2 (seed 0xc70f6907) for MURMUR_HASH_2', () => {
    const [h] = hosts(1);
    const ring = buildRing([{ host: h, weight: 1 }], { minimumRingSize: 3, hashFunction: 'MURMUR_HASH_2' });
    expect(ringHashes(ring)).toEqual([0, 1, 2].map((i) => murmurHash2(`${h.address}_${i}`)).sort((a, b) => (a < b ? -1 : 1)));
  });

  it('writes the decimal suffix correctly past 9, 99 and 999 (one host, 1,200 entries)', () => {
    const [h] = hosts(1);
    const ring = buildRing([{ host: h, weight: 1 }], { minimumRingSize: 1200 });
    const expected = Array.from({ length: 1200 }, (_, i) => xxHash64(`${h.address}_${i}`)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(ringHashes(ring)).toEqual(expected);
  });

  it('sorts large rings (radix path, > 65,536 entries) exactly, ties on the high half by the low half', () => {
    const hs = hosts(100);
    const ring = buildRing(
      hs.map((host) => ({ host, weight: 1 })),
      { minimumRingSize: 700 },
    );
    expect(ring.length).toBe(70_000);
    const expected = hs
      .flatMap((h) => Array.from({ length: 700 }, (_, i) => ({ hash: xxHash64(`${h.address}_${i}`), host: h })))
      .sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : a.host.id - b.host.id));
    expect(ringHashes(ring)).toEqual(expected.map((e) => e.hash));
    expect(ring.entries().map(([h]) => h)).toEqual(expected.map((e) => e.host));
  });

  it('orders equal hashes by host id in large rings (hosts sharing a hash_key)', () => {
    const hs = hosts(40, (i) => ({ metadata: { hash_key: `k${i % 2}` } }));
    const ring = buildRing(
      hs.map((host) => ({ host, weight: 1 })),
      { minimumRingSize: 2000 },
    );
    const list = ring.entries();
    for (let i = 1; i < list.length; i++) {
      const [ha, a] = list[i - 1];
      const [hb, b] = list[i];
      const order = a.hi - b.hi || a.lo - b.lo || ha.id - hb.id;
      expect(order).toBeLessThan(0);
    }
  });

  it('hashes a non-ASCII hash_key as UTF-8', () => {
    const h = new Host({ address: '1.1.1.1:1', metadata: { hash_key: 'ключ-🔑' } });
    const ring = buildRing([{ host: h, weight: 1 }], { minimumRingSize: 2 });
    expect(ringHashes(ring)).toEqual(['ключ-🔑_0', 'ключ-🔑_1'].map((k) => xxHash64(k)).sort((a, b) => (a < b ? -1 : 1)));
  });

  it("gives fractional shares to the hosts whose running sum crosses an integer (Envoy's 4 hosts, scale 6 example)", () => {
    const hs = hosts(4);
    const ring = buildRing(equal(hs), { minimumRingSize: 6, maximumRingSize: 6 });
    expect(Array.from(ring.entriesPerHost())).toEqual([2, 1, 2, 1]);
    expect([ring.size, ring.minHashesPerHost, ring.maxHashesPerHost]).toEqual([6, 1, 2]);
  });

  it('scales so the lightest host gets a whole number of entries, capped by the maximum', () => {
    const hs = hosts(2);
    const ring = buildRing(
      [
        { host: hs[0], weight: 0.25 },
        { host: hs[1], weight: 0.75 },
      ],
      { minimumRingSize: 10 },
    );
    // ceil(0.25 * 10) / 0.25 = 12
    expect([ring.size, ring.length, ...ring.entriesPerHost()]).toEqual([12, 12, 3, 9]);
    const capped = buildRing(
      [
        { host: hs[0], weight: 0.25 },
        { host: hs[1], weight: 0.75 },
      ],
      { minimumRingSize: 10, maximumRingSize: 11 },
    );
    expect([capped.size, ...capped.entriesPerHost()]).toEqual([11, 3, 8]);
  });

  it('stores at most 12 bytes per entry, host indices in the narrowest typed array', () => {
    const small = buildRing(equal(hosts(10)), { minimumRingSize: 1000 });
    expect(small.hostIndex).toBeInstanceOf(Uint8Array);
    expect(small.byteLength / small.length).toBe(9);
    const mid = buildRing(equal(hosts(300)));
    expect(mid.hostIndex).toBeInstanceOf(Uint16Array);
    expect(mid.byteLength / mid.length).toBe(10);
  });

  it('is empty for no hosts: chooseHost gives null, the gauges report 0', () => {
    const ring = buildRing([]);
    expect(ring.chooseHost(hashOf(5n), 0)).toBeNull();
    expect([ring.length, ring.size, ring.minHashesPerHost, ring.maxHashesPerHost]).toEqual([0, 0, 0, 0]);
    expect(ring.entryIndex(hashOf(5n), 0)).toBe(-1);
  });

  it('has no entries with minimum_ring_size 0, so every pick is null', () => {
    const ring = buildRing(equal(hosts(3)), { minimumRingSize: 0 });
    expect([ring.length, ring.size]).toEqual([0, 0]);
    expect(ring.chooseHost(hashOf(1n), 0)).toBeNull();
  });
});

describe('Ring.chooseHost(hash, attempt)', () => {
  const hs = hosts(6);
  const ring = buildRing(equal(hs), { minimumRingSize: 12 });
  const hashes = ringHashes(ring);

  it('takes the first entry at or after the hash and wraps past the last', () => {
    expect(ring.entryIndex(hashOf(0n), 0)).toBe(0);
    expect(ring.entryIndex(hashOf(hashes[3]), 0)).toBe(3);
    expect(ring.entryIndex(hashOf(hashes[3] + 1n), 0)).toBe(4);
    expect(ring.entryIndex(hashOf(MASK), 0)).toBe(0);
    expect(ring.chooseHost(hashOf(hashes[5]), 0)).toBe(ring.entries()[5][0]);
  });

  it("equals Envoy's ketama binary search for edge and pseudo-random hashes and attempts", () => {
    const probes = [0n, 1n, MASK, ...hashes, ...hashes.map((h) => h + 1n), ...hashes.map((h) => h - 1n)];
    let x = 0x243f6a8885a308d3n;
    for (let i = 0; i < 2000; i++) {
      x = (x * 6364136223846793005n + 1442695040888963407n) & MASK;
      probes.push(x);
    }
    for (const h of probes) {
      for (const attempt of [0, 1, 5, 13]) expect(ring.entryIndex(hashOf(h & MASK), attempt)).toBe(ketamaIndex(hashes, h & MASK, attempt));
    }
  });

  it('gives the first of equal hashes, as the ketama search does (hosts sharing a hash_key)', () => {
    const twins = hosts(3, (i) => ({ metadata: { hash_key: i < 2 ? 'same' : 'other' } }));
    const r = buildRing(equal(twins), { minimumRingSize: 9 });
    const hs2 = ringHashes(r);
    expect(new Set(hs2).size).toBeLessThan(hs2.length);
    for (const h of hs2) expect(r.entryIndex(hashOf(h), 0)).toBe(ketamaIndex(hs2, h, 0));
    // The lower host id comes first among equal hashes.
    const first = r.chooseHost(hashOf(xxHash64('same_0')), 0);
    expect(first).toBe(twins[0]);
  });

  it('reads the hash at an offset of a larger array, as from a copy', () => {
    const many = Uint32Array.of(1, 2, 0xdead_beef, 0xcafe_f00d, 0xffff_ffff, 8);
    for (const at of [0, 2, 4]) {
      for (const attempt of [0, 3]) expect(ring.chooseHost(many, attempt, at)).toBe(ring.chooseHost(many.slice(at, at + 2), attempt));
    }
  });

  it('moves attempt entries further round the ring, wrapping (retries may repeat a host)', () => {
    const base = ring.entryIndex(hashOf(0n), 0);
    for (let attempt = 1; attempt <= 13; attempt++) {
      expect(ring.chooseHost(hashOf(0n), attempt)).toBe(ring.entries()[(base + attempt) % 12][0]);
    }
  });
});

describe('ringHash(prioritySet, options)', () => {
  it('rebuilds from healthy hosts on a health change and reports the ring gauges', () => {
    const ps = new PrioritySet();
    const hs = hosts(4);
    ps.updateHosts(0, hs);
    const lb = ringHash(ps, { minimumRingSize: 8, random: new ScriptedRandom() });
    expect([lb.stats.size, lb.stats.min_hashes_per_host, lb.stats.max_hashes_per_host]).toEqual([8, 2, 2]);
    expect(lb.lastRing().length).toBe(8);
    hs[0].healthFlags = 0x004;
    ps.refresh();
    expect(lb.lastRing().every(([h]) => h !== hs[0])).toBe(true);
    expect(lb.stats.size).toBe(9);
  });

  it('keeps the gauges of the last non-empty ring when a later priority is empty', () => {
    const ps = new PrioritySet();
    ps.updateHosts(0, hosts(2));
    ps.updateHosts(1, []);
    const lb = ringHash(ps, { minimumRingSize: 4 });
    expect(lb.stats.size).toBe(4);
    expect(lb.lastRing().length).toBe(4);
    expect(ringHash(new PrioritySet()).lastRing()).toEqual([]);
  });

  it('wraps the ring with bounded load when hashBalanceFactor is set', () => {
    const ps = new PrioritySet();
    const hs = hosts(3);
    ps.updateHosts(0, hs);
    const lb = ringHash(ps, { minimumRingSize: 30, hashBalanceFactor: 100 });
    const h = lb.chooseHost({ hashKey: 42n }) as Host;
    h.activeRequests = 5;
    const other = lb.chooseHost({ hashKey: 42n });
    expect(other).not.toBe(h);
    expect(hs).toContain(other);
  });
});
