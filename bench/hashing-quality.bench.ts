// Consistent hashing quality (no timings): for ring hash (Envoy's default sizes, and 160 entries
// per host) and Maglev (65,537 slots) at 10 to 10,000 hosts,
// - disruption: the share of 100,000 request hashes that change host when 1 of N equally weighted
//   hosts is removed (the table rebuilt as the load balancer rebuilds it), against the ideal 1/N;
// - balance: the relative standard deviation of the hosts' shares of 100,000 hashes, and of their
//   exact shares of the hash space (ring arcs, Maglev slots), which has no sampling noise.
// Prints tables after the timing run; bench/index.ts runs it.
import { Host } from '../src/host/host.js';
import { buildRing, type Ring } from '../src/policies/ring-hash/index.js';
import { buildMaglevTable, type MaglevTable } from '../src/policies/maglev/index.js';
import { afterRun, HOST_COUNTS } from './util.js';
import { benchHosts, queryHashes } from './hashing-fixtures.js';

const KEYS = 100_000;

interface Table {
  chooseHost(hash: Uint32Array, attempt: number): Host | null;
}

type Build = (hs: Host[]) => Table;

const KINDS: ReadonlyArray<{ name: string; build: Build }> = [
  { name: 'ring, Envoy defaults', build: (hs) => buildRing(hs.map((host) => ({ host, weight: 1 / hs.length }))) },
  {
    name: 'ring, 160 per host',
    build: (hs) => buildRing(hs.map((host) => ({ host, weight: 1 / hs.length })), { minimumRingSize: 160 * hs.length, maximumRingSize: 160 * hs.length }),
  },
  { name: 'Maglev, 65,537 slots', build: (hs) => buildMaglevTable(hs.map((host) => ({ host, weight: 1 / hs.length }))) },
];

function rsd(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return Math.sqrt(variance) / mean;
}

/** Exact share of the u64 hash space per host: ring arcs, or Maglev slot counts. */
function exactShares(table: Table, hs: Host[]): number[] {
  const share = new Map<Host, number>(hs.map((h) => [h, 0]));
  if ('hashHi' in table) {
    const ring = table as Ring;
    const n = ring.length;
    const pos = (i: number) => ring.hashHi[i] * 4_294_967_296 + ring.hashLo[i];
    for (let i = 0; i < n; i++) {
      const arc = i === 0 ? pos(0) + (2 ** 64 - pos(n - 1)) : pos(i) - pos(i - 1);
      const h = ring.hosts[ring.hostIndex[i]];
      share.set(h, (share.get(h) ?? 0) + arc / 2 ** 64);
    }
  } else {
    const t = table as MaglevTable;
    t.hosts.forEach((h, k) => share.set(h, t.entryCounts[k] / t.tableSize));
  }
  return hs.map((h) => share.get(h) ?? 0);
}

afterRun(() => {
  const hashes = queryHashes(KEYS, 1_234_567);
  const h = new Uint32Array(2);
  const rows: string[] = [];
  for (const n of HOST_COUNTS) {
    const hs = benchHosts(n);
    const removed = hs[Math.floor(n / 2)];
    const rest = hs.filter((x) => x !== removed);
    for (const kind of KINDS) {
      const before = kind.build(hs);
      const after = kind.build(rest);
      const counts = new Map<Host, number>(hs.map((x) => [x, 0]));
      let moved = 0;
      let movedOthers = 0;
      for (let i = 0; i < KEYS; i++) {
        h[0] = hashes[2 * i];
        h[1] = hashes[2 * i + 1];
        const a = before.chooseHost(h, 0) as Host;
        const b = after.chooseHost(h, 0) as Host;
        counts.set(a, (counts.get(a) ?? 0) + 1);
        if (a !== b) {
          moved++;
          if (a !== removed) movedOthers++;
        }
      }
      const sampled = rsd(hs.map((x) => (counts.get(x) ?? 0) / KEYS));
      const exact = rsd(exactShares(before, hs));
      rows.push(
        `| ${kind.name} | ${n} | ${((100 * moved) / KEYS).toFixed(2)}% | ${(100 / n).toFixed(2)}% | ${(moved / KEYS / (1 / n)).toFixed(2)} | ${((100 * movedOthers) / KEYS).toFixed(2)}% | ${(100 * sampled).toFixed(1)}% | ${(100 * exact).toFixed(1)}% |`,
      );
    }
  }
  console.log('\nconsistent hashing quality: remove 1 of N equal hosts; 100,000 request hashes');
  console.log('| table | N | keys moved | ideal 1/N | moved / ideal | moved between remaining hosts | RSD of shares (100k keys) | RSD of shares (exact) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  console.log(rows.join('\n'));
});
