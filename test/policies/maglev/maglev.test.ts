import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Host } from '../../../src/host/host.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { xxHash64 } from '../../../src/hash/xxhash64.js';
import { hashKeyOf } from '../../../src/lb/thread-aware.js';
import { buildMaglevTable, compareUtf8, maglev } from '../../../src/policies/maglev/index.js';

const MASK = (1n << 64n) - 1n;

function hosts(n: number, init: (i: number) => Partial<ConstructorParameters<typeof Host>[0]> = () => ({})): Host[] {
  return Array.from({ length: n }, (_, i) => new Host({ address: `127.0.0.1:${90 + i}`, ...init(i) }));
}
function hashOf(h: bigint): Uint32Array {
  return Uint32Array.of(Number(h >> 32n), Number(h & 0xffff_ffffn));
}

/**
 * Envoy's `OriginalMaglevTable` fill written plainly with BigInt hashes and the explicit
 * permutation `(offset + skip * next) % M`; host order and ties as in our build.
 */
function referenceTable(entries: { host: Host; weight: number }[], m: number, useHostname = false): Host[] {
  const sorted = entries
    .map((e) => ({ ...e, key: hashKeyOf(e.host, useHostname) }))
    .sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)) || a.host.id - b.host.id || a.weight - b.weight)
    .map((e) => ({
      ...e,
      offset: xxHash64(e.key) % BigInt(m),
      skip: (xxHash64(e.key, 1n) % BigInt(m - 1)) + 1n,
      next: 0n,
      target: 0,
    }));
  const maxW = Math.max(0, ...entries.map((e) => e.weight));
  const table: (Host | null)[] = new Array(m).fill(null);
  let filled = 0;
  for (let iteration = 1; filled < m; iteration++) {
    for (const e of sorted) {
      if (filled >= m) break;
      if (iteration * e.weight < e.target) continue;
      e.target += maxW;
      let c = Number((e.offset + e.skip * e.next) % BigInt(m));
      while (table[c] !== null) {
        e.next++;
        c = Number((e.offset + e.skip * e.next) % BigInt(m));
      }
      table[c] = e.host;
      e.next++;
      filled++;
    }
  }
  return table as Host[];
}

describe('buildMaglevTable(weights, options)', () => {
  it("matches Envoy's Basic table: 6 equal hosts, size 7 -> hosts 2, 4, 0, 1, 5, 0, 3", () => {
    const hs = hosts(6);
    const t = buildMaglevTable(
      hs.map((host) => ({ host, weight: 1 / 6 })),
      { tableSize: 7 },
    );
    expect(t.entries()).toEqual([2, 4, 0, 1, 5, 0, 3].map((i) => hs[i]));
    expect([t.minEntriesPerHost, t.maxEntriesPerHost]).toEqual([1, 2]);
  });

  it('equals a plain BigInt implementation of the paper listing with weights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 25 }),
        fc.constantFrom(7, 17, 101, 251, 1009),
        fc.integer({ min: 0, max: 1e6 }),
        (ws, m, salt) => {
          const hs = ws.map((w, i) => new Host({ address: `10.${salt % 200}.${i}.${salt % 251}:${80 + i}`, weight: w }));
          const sum = ws.reduce((a, b) => a + b, 0);
          const entries = hs.map((host) => ({ host, weight: host.weight / sum }));
          expect(buildMaglevTable(entries, { tableSize: m }).entries()).toEqual(referenceTable(entries, m));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives every host at least one slot, even when its weight share is far below 1/M', () => {
    const hs = hosts(40);
    const entries = hs.map((host, i) => ({ host, weight: i === 0 ? 0.99 : 0.01 / 39 }));
    const t = buildMaglevTable(entries, { tableSize: 251 });
    expect(Math.min(...t.entryCounts)).toBe(1);
    expect(t.entries()).toEqual(referenceTable(entries, 251));
  });

  it('uses the hostname or hash_key as the key, sorted by UTF-8 bytes', () => {
    const hs = hosts(5, (i) => ({ hostname: ['é', 'z', 'a', '\u{1F600}', '\uFFFD'][i] }));
    const entries = hs.map((host) => ({ host, weight: 0.2 }));
    const t = buildMaglevTable(entries, { tableSize: 17, useHostnameForHashing: true });
    expect(t.hosts.map((h) => h.hostname)).toEqual(['a', 'z', 'é', '\uFFFD', '\u{1F600}']);
    expect(t.entries()).toEqual(referenceTable(entries, 17, true));
  });

  it('is one degenerate entry for a single host: every hash, every attempt; gauges 1/1', () => {
    const [h] = hosts(1);
    const t = buildMaglevTable([{ host: h, weight: 1 }], { tableSize: 17 });
    expect(t.degenerate).toBe(true);
    for (let i = 0n; i < 40n; i++) expect(t.chooseHost(hashOf(i * 0x1234567n), Number(i % 3n))).toBe(h);
    expect([t.minEntriesPerHost, t.maxEntriesPerHost, t.byteLength, ...t.entryCounts]).toEqual([1, 1, 0, 17]);
    expect(t.entries()).toEqual(new Array(17).fill(h));
  });

  it('is empty for no hosts: chooseHost gives null', () => {
    const t = buildMaglevTable([], { tableSize: 7 });
    expect(t.chooseHost(hashOf(3n), 0)).toBeNull();
    expect(t.entries()).toEqual([]);
  });

  it('stores host indices in one byte per slot up to 255 hosts, two up to 65,535', () => {
    const t255 = buildMaglevTable(
      hosts(255).map((host) => ({ host, weight: 1 / 255 })),
      { tableSize: 1009 },
    );
    expect(t255.table).toBeInstanceOf(Uint8Array);
    expect(t255.byteLength / t255.tableSize).toBe(1);
    const many = Array.from({ length: 65_535 }, (_, i) => new Host({ address: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}:80` }));
    const big = buildMaglevTable(
      many.map((host) => ({ host, weight: 1 / 65_535 })),
      { tableSize: 65_537 },
    );
    expect(big.table).toBeInstanceOf(Uint16Array);
    expect(big.byteLength / big.tableSize).toBe(2);
    expect(Math.min(...big.entryCounts)).toBe(1);
  });
});

describe('MaglevTable.chooseHost(hash, attempt)', () => {
  const hs = hosts(6);
  const t = buildMaglevTable(
    hs.map((host) => ({ host, weight: 1 / 6 })),
    { tableSize: 7 },
  );
  const table = t.entries();

  it('reads table[hash % M] from the full 64-bit hash', () => {
    for (const h of [0n, 6n, 7n, MASK, 1n << 32n, (1n << 63n) + 5n, 0xdead_beef_cafe_f00dn]) {
      expect(t.chooseHost(hashOf(h), 0)).toBe(table[Number(h % 7n)]);
      expect(t.slotOf(hashOf(h), 0)).toBe(Number(h % 7n));
    }
  });

  it('computes hash % M exactly for any 64-bit hash and table size, up to 5,000,011', () => {
    for (const m of [2, 3, 65_537, 1_000_003, 5_000_011]) {
      const big = buildMaglevTable(
        hosts(300).map((host) => ({ host, weight: 1 / 300 })),
        { tableSize: m },
      );
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: MASK }), (x) => {
          expect(big.chooseHost(hashOf(x), 0)).toBe(big.hosts[big.table[Number(x % BigInt(m))]]);
        }),
        { numRuns: 300, examples: [[0n], [MASK], [BigInt(m) - 1n], [(MASK / BigInt(m)) * BigInt(m)], [(1n << 32n) * BigInt(m) - 1n]] },
      );
    }
  });

  it('reads the hash at an offset of a larger array, as from a copy', () => {
    const many = Uint32Array.of(1, 2, 0xdead_beef, 0xcafe_f00d, 7, 8);
    for (const at of [0, 2, 4]) {
      for (const attempt of [0, 3]) expect(t.chooseHost(many, attempt, at)).toBe(t.chooseHost(many.slice(at, at + 2), attempt));
    }
  });

  it('XORs the hash with 2^64 - attempt on retries', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MASK }), fc.integer({ min: 1, max: 0xffff_ffff }), (h, attempt) => {
        const mutated = h ^ ((1n << 64n) - BigInt(attempt));
        expect(t.chooseHost(hashOf(h), attempt)).toBe(table[Number(mutated % 7n)]);
      }),
    );
  });
});

describe('compareUtf8(a, b)', () => {
  it('orders strings as their UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(Math.sign(compareUtf8(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
      { numRuns: 500 },
    );
    expect(compareUtf8('\uFFFF', '\u{10000}')).toBeLessThan(0);
    expect(compareUtf8('ab', 'abc')).toBeLessThan(0);
  });
});

describe('maglev(prioritySet, options)', () => {
  it('reports the entry gauges and the last non-empty table', () => {
    const ps = new PrioritySet();
    const hs = hosts(2, (i) => ({ weight: i + 1 }));
    ps.updateHosts(0, hs);
    const lb = maglev(ps, { tableSize: 65_537 });
    const counts = [hs[0], hs[1]].map((h) => lb.lastMaglevTable().filter((x) => x === h).length);
    expect(counts[0] + counts[1]).toBe(65_537);
    expect([lb.stats.min_entries_per_host, lb.stats.max_entries_per_host]).toEqual([Math.min(...counts), Math.max(...counts)]);
    expect(maglev(new PrioritySet()).lastMaglevTable()).toEqual([]);
  });
});
