// Maglev benchmarks: table build at 10 to 10,000 hosts (65,537 slots), picks with a precomputed
// hash and from a string key (xxHash64 included), beside the bare floor `Uint32Array[h % 65537]`.
// Registers benchmarks only; bench/index.ts runs them.
//
// Acceptance: Maglev pick with a precomputed hash within 3x of the bare baseline; build at 1,000
// hosts within 3x of the native reference (../shared/native, run back to back); zero bytes per
// pick; at most 2 bytes per slot up to 65,535 hosts.
import { bench, do_not_optimize, group, summary } from 'mitata';
import { PrioritySet } from '../src/cluster/priority-set.js';
import { type U64 } from '../src/common/u64.js';
import { xxHash64StringInto } from '../src/hash/xxhash64.js';
import { buildMaglevTable, maglev, type MaglevTable } from '../src/policies/maglev/index.js';
import { afterRun, bytesPerCall, formatPaired, fresh, HOST_COUNTS, pairedRatio } from './util.js';
import { benchHosts, equalWeights, queryHashes, sessionKeys } from './hashing-fixtures.js';
import { Host } from '../src/host/host.js';

const M = 65_537;
const QUERIES = 65_536;

const hashes = queryHashes(QUERIES);
const keys = sessionKeys(QUERIES);
const h = new Uint32Array(2);
const out: U64 = { hi: 0, lo: 0 };

// pickHash and pickKey mirror those of the other hashing benchmark file on purpose: one shared
// copy would see both table classes when every file runs in one process (`npm run bench`), and
// its calls would turn polymorphic.
function pickHash(t: MaglevTable, i: number): Host | null {
  const j = (i & (QUERIES - 1)) << 1;
  h[0] = hashes[j];
  h[1] = hashes[j + 1];
  return t.chooseHost(h, 0);
}
function pickKey(t: MaglevTable, i: number): Host | null {
  xxHash64StringInto(keys[i & (QUERIES - 1)], 0, 0, out);
  h[0] = out.hi;
  h[1] = out.lo;
  return t.chooseHost(h, 0);
}

// The two acceptance benchmarks are compiled per table, whole (see fresh): one closure source
// registered for every host count would share V8's type feedback across the tables, so the call
// inside it turns polymorphic from the second group on, and the baseline's `%` can degrade to a
// floating-point remainder.

/** `bare[h % M]` over the query hashes (high halves), compiled afresh. */
function barePick(bare: Uint32Array): () => number {
  return fresh(['bare', 'hashes', 'Q', 'M', 'keep'], 'let j = 0; return () => keep(bare[hashes[(j++ & (Q - 1)) << 1] % M]);', bare, hashes, QUERIES, M, do_not_optimize);
}

/** `table.chooseHost` with the query hashes read in place, compiled afresh. */
function precomputedPick(table: MaglevTable): () => Host | null {
  return fresh(['t', 'hashes', 'Q', 'keep'], 'let i = 0; return () => keep(t.chooseHost(hashes, 0, (i++ & (Q - 1)) << 1));', table, hashes, QUERIES, do_not_optimize);
}

const tables = new Map<number, MaglevTable>();
for (const n of HOST_COUNTS) {
  const entries = equalWeights(benchHosts(n));
  const table = buildMaglevTable(entries, { tableSize: M });
  tables.set(n, table);
  // The bare floor: a Uint32Array table indexed by a 32-bit hash modulo M.
  const bare = new Uint32Array(M);
  for (let s = 0; s < M; s++) bare[s] = table.table[s];
  // Weights 1..5 (1 + i % 5) as the native reference's weighted case; they sum to 3,000 for 1,000 hosts.
  const weighted = n === 1_000 ? benchHosts(n, (i) => 1 + (i % 5)).map((host) => ({ host, weight: host.weight / 3_000 })) : null;

  group(`Maglev build, ${n.toLocaleString('en-US')} hosts, ${M.toLocaleString('en-US')} slots`, () => {
    bench('ours buildMaglevTable (equal weights)', () => do_not_optimize(buildMaglevTable(entries, { tableSize: M })));
    if (weighted !== null) bench('ours buildMaglevTable (weights 1..5)', () => do_not_optimize(buildMaglevTable(weighted, { tableSize: M })));
  });

  group(`Maglev pick, ${n.toLocaleString('en-US')} hosts`, () => {
    summary(() => {
      let i = 0;
      bench('bare Uint32Array[h % 65537]', barePick(bare));
      bench('ours, precomputed hash read in place (u64 % M)', precomputedPick(table));
      bench('ours, precomputed hash copied to [hi, lo] first', () => do_not_optimize(pickHash(table, i++)));
      bench('ours, string key (xxHash64 + lookup)', () => do_not_optimize(pickKey(table, i++)));
    });
  });
}

{
  const ps = new PrioritySet();
  ps.updateHosts(0, benchHosts(1_000));
  const lb = maglev(ps);
  const ctx = { hashKey: { hi: 0, lo: 0 } };
  // Warmed before mitata starts (measured cold, this group read 100 to 340 ns instead of ~40 ns).
  for (let k = 0; k < 200_000; k++) {
    ctx.hashKey.hi = hashes[(k & (QUERIES - 1)) << 1];
    ctx.hashKey.lo = hashes[((k & (QUERIES - 1)) << 1) + 1];
    lb.chooseHost(ctx);
  }
  group('Maglev load balancer chooseHost, 1,000 hosts', () => {
    let i = 0;
    bench('ours chooseHost({hashKey: U64})', () => {
      const j = (i++ & (QUERIES - 1)) << 1;
      ctx.hashKey.hi = hashes[j];
      ctx.hashKey.lo = hashes[j + 1];
      return do_not_optimize(lb.chooseHost(ctx));
    });
  });
}

afterRun(() => {
  // The acceptance ratio, paired: at 3 to 10 ns per call, two medians measured seconds apart differ
  // by tens of percent on a shared VM; interleaved rounds cancel that out.
  console.log('\nMaglev pick with a precomputed hash vs bare Uint32Array[h % 65537], paired rounds (median of 300 ratios)');
  for (const n of HOST_COUNTS) {
    const t = tables.get(n) as MaglevTable;
    const bare = new Uint32Array(M);
    for (let s = 0; s < M; s++) bare[s] = t.table[s];
    const p = pairedRatio(precomputedPick(t), barePick(bare));
    console.log(formatPaired(`${n.toLocaleString('en-US')} hosts, ours / bare`, p));
  }
  console.log('\nMaglev: memory and allocation (65,537 slots)');
  console.log('| hosts | slot array | bytes/slot | entries per host | bytes/pick (hash) | bytes/pick (key) |\n| --- | --- | --- | --- | --- | --- |');
  for (const n of HOST_COUNTS) {
    const t = tables.get(n) as MaglevTable;
    let i = 0;
    console.log(
      `| ${n} | ${t.table.constructor.name} | ${(t.byteLength / M).toFixed(2)} | ${t.minEntriesPerHost}..${t.maxEntriesPerHost} | ${bytesPerCall(() => pickHash(t, i++), 200_000).toFixed(3)} | ${bytesPerCall(() => pickKey(t, i++), 200_000).toFixed(3)} |`,
    );
  }
  const ps = new PrioritySet();
  const hosts = benchHosts(1_000);
  ps.updateHosts(0, hosts);
  const lb = maglev(ps);
  const bounded = maglev(ps, { hashBalanceFactor: 150 });
  const ctx = { hashKey: { hi: 0, lo: 0 } };
  let i = 0;
  const viaLb = (x: typeof lb) => () => {
    const j = (i++ & (QUERIES - 1)) << 1;
    ctx.hashKey.hi = hashes[j];
    ctx.hashKey.lo = hashes[j + 1];
    return x.chooseHost(ctx);
  };
  console.log(`maglev chooseHost({hashKey}) 1,000 hosts: ${bytesPerCall(viaLb(lb), 200_000).toFixed(3)} bytes/pick`);
  console.log(`maglev + bounded load 150, no load: ${bytesPerCall(viaLb(bounded), 200_000).toFixed(3)} bytes/pick`);
  // Every host over its slots: each pick reseeds the shuffle and probes all 1,000 hosts.
  for (const x of hosts) x.activeRequests = 10;
  console.log(`maglev + bounded load 150, every host overloaded (O(hosts) probe): ${bytesPerCall(viaLb(bounded), 20_000).toFixed(3)} bytes/pick`);
  for (const x of hosts) x.activeRequests = 0;
  console.log(`maglev chooseHost() (random draw as hash): ${bytesPerCall(() => lb.chooseHost(), 200_000).toFixed(3)} bytes/pick`);
});
