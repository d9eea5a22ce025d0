// Subset load balancer benchmarks. Registers benchmarks only; bench/index.ts runs them.
//
// - pick: the child round robin's own pick against a pick through the subset layer (criteria as
//   MetadataMatchCriteria, as a plain object, and a miss served by the ANY_ENDPOINT fallback), at
//   1,500 hosts.
// - build and update at 150 / 1,500 / 15,000 hosts with 3 selectors. An update replaces the
//   priority's host list (one host in or out), which re-evaluates every host as Envoy does.
// - after the run: bytes allocated per pick, and heap bytes per subset.
//
// Acceptance: the subset layer adds at most 2x the child's pick time at 1,500 hosts; update time
// grows no faster than linearly from 1,500 to 15,000 hosts.
import { bench, do_not_optimize, group, summary } from 'mitata';
import { Host } from '../src/host/host.js';
import { PrioritySet } from '../src/cluster/priority-set.js';
import { SeededRandom } from '../src/common/random.js';
import { roundRobin } from '../src/policies/round-robin/index.js';
import { subset } from '../src/policies/subset/index.js';
import { MetadataMatchCriteria } from '../src/route/metadata-match.js';
import type { LoadBalancerContext } from '../src/lb/context.js';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterRun, bytesPerCall, formatPaired, pairedRatio } from './util.js';
import { BOUNDED_SELECTORS, build, flippingUpdate, makeHosts, SELECTORS, SIZES } from './subset-fixtures.js';

/** Lower decile of the process CPU time (ms) of `fn` over `runs` calls: robust on a busy machine. */
function cpuLow(fn: () => void, runs: number): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    fn();
    const d = process.cpuUsage(c);
    t.push((d.user + d.system) / 1000);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(runs / 10)];
}

// ---- update scaling, CPU time, measured first (before the timed runs fill the heap) ------------
const updateRows: string[] = [];
{
  let previous: { bare: number; growing: number; bounded: number } | null = null;
  for (const n of SIZES) {
    const hosts = makeHosts(n);
    const runs = n >= 15_000 ? 100 : 400;
    const measure = (lbSelectors: typeof SELECTORS | null): number => {
      const { lb: lbx, update } = flippingUpdate(n, lbSelectors, 3);
      for (let i = 0; i < 20; i++) update();
      const v = cpuLow(update, runs);
      lbx?.destroy();
      return v;
    };
    const bare = measure(null);
    const growing = measure(SELECTORS) - bare;
    const bounded = measure(BOUNDED_SELECTORS) - bare;
    const buildMs = cpuLow(() => {
      const ps = new PrioritySet();
      ps.updateHosts(0, hosts);
      build(ps, 5).destroy();
    }, n >= 15_000 ? 8 : 40);
    // Ratios of differences below 0.05 ms are noise; they are left out.
    const x = (a: number, b: number | undefined) => (b === undefined || a < 0.05 || b < 0.05 ? '' : ` x${(a / b).toFixed(1)}`);
    const p = previous;
    updateRows.push(
      `  ${n.toLocaleString('en-US').padStart(6)} hosts: host set alone ${bare.toFixed(2)}${x(bare, p?.bare)}` +
        ` | ${10 + 30 + Math.floor(n / 10)} subsets: total ${(bare + growing).toFixed(2)}${x(bare + growing, p ? p.bare + p.growing : undefined)}, layer ${growing.toFixed(2)}${x(growing, p?.growing)}` +
        ` | 55 subsets: total ${(bare + bounded).toFixed(2)}${x(bare + bounded, p ? p.bare + p.bounded : undefined)}, layer ${bounded.toFixed(2)}${x(bounded, p?.bounded)}` +
        ` | build ${buildMs.toFixed(1)}`,
    );
    previous = { bare, growing, bounded };
  }
}

// ---- update growth 1,500 -> 15,000 hosts, sizes interleaved in a fresh process per shape -------
// Each shape runs in its own process (bench/subset-update-worker.ts), so no other set-up shares its
// heap, with the young generation fixed at 16 MB (V8 otherwise sizes it from the process's
// history). Within the process the sizes alternate in rounds and the growth is the median of the
// per-round ratios (x10 = linear). Three processes per shape; then one with more sizes, whose
// time per host shows where the growth comes from.
interface SizeResult {
  hosts: number;
  us: number;
  ratio: number;
  q1: number;
  q3: number;
}
const growthRows: string[] = [];
const curveRows: string[] = [];
{
  const worker = join(dirname(fileURLToPath(import.meta.url)), 'subset-update-worker.ts');
  const run = (shape: string, sizes: number[]): SizeResult[] => {
    const args = [...process.execArgv, '--min-semi-space-size=16', '--max-semi-space-size=16', worker, shape, ...sizes.map(String)];
    const out = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`update worker failed: ${out.stderr}`);
    return JSON.parse(out.stdout) as SizeResult[];
  };
  const names: Record<string, string> = { none: 'host set alone', growing: 'subset lb, n/10 + 40 subsets', bounded: 'subset lb, 55 subsets' };
  for (const shape of ['none', 'bounded', 'growing']) {
    const runs = [0, 1, 2].map(() => run(shape, [1_500, 15_000]));
    const cells = runs.map(([a, b]) => `x${b.ratio.toFixed(2)} (${b.q1.toFixed(2)}-${b.q3.toFixed(2)}; ${(a.us / 1000).toFixed(2)} -> ${(b.us / 1000).toFixed(2)} ms)`);
    growthRows.push(`  ${names[shape].padEnd(30)} ${cells.join(' | ')}`);
  }
  const sizes = [1_500, 5_000, 15_000, 50_000];
  for (const shape of ['none', 'bounded', 'growing']) {
    const r = run(shape, sizes);
    curveRows.push(`  ${names[shape].padEnd(30)} ${r.map((x) => `${x.hosts.toLocaleString('en-US')}: ${((x.us * 1000) / x.hosts).toFixed(0)} ns`).join(' | ')}`);
  }
}

// ---- pick at 1,500 hosts ----------------------------------------------------------------------
const pickHosts = makeHosts(1_500);
const pickSet = new PrioritySet();
pickSet.updateHosts(0, pickHosts);
const lb = build(pickSet, 1);
const criteria = MetadataMatchCriteria.from({ stage: 'prod', version: 'v3' });
const ctxCriteria: LoadBalancerContext = { metadataMatch: criteria };
const ctxPlain: LoadBalancerContext = { metadataMatch: { version: 'v3', stage: 'prod' } };
const ctxMiss: LoadBalancerContext = { metadataMatch: { version: 'v99' } };
// The child of the {stage: prod, version: v3} subset runs over the same hosts as this round robin.
const subsetHosts = pickHosts.filter((h) => h.metadata.get('version') === 'v3' && h.metadata.get('stage') === 'prod');
const childSet = new PrioritySet();
childSet.updateHosts(0, subsetHosts);
const childRr = roundRobin(childSet, { random: new SeededRandom(2) });
const wholeRr = roundRobin(pickSet, { random: new SeededRandom(3) });
for (let i = 0; i < 50_000; i++) {
  lb.chooseHost(ctxCriteria);
  lb.chooseHost(ctxPlain);
  lb.chooseHost(ctxMiss);
  childRr.chooseHost(ctxCriteria);
  wholeRr.chooseHost(ctxCriteria);
}

group('subset pick, 1,500 hosts, 3 selectors', () => {
  summary(() => {
    bench('child round robin alone (50-host subset)', () => do_not_optimize(childRr.chooseHost(ctxCriteria)));
    bench('round robin over all 1,500 hosts', () => do_not_optimize(wholeRr.chooseHost(ctxCriteria)));
    bench('subset, MetadataMatchCriteria {stage, version}', () => do_not_optimize(lb.chooseHost(ctxCriteria)));
    bench('subset, plain object {stage, version}', () => do_not_optimize(lb.chooseHost(ctxPlain)));
    bench('subset, miss -> ANY_ENDPOINT fallback', () => do_not_optimize(lb.chooseHost(ctxMiss)));
  });
});

// ---- build and update -------------------------------------------------------------------------
for (const n of SIZES) {
  const hosts = makeHosts(n);
  group(`subset build, ${n.toLocaleString('en-US')} hosts, 3 selectors`, () => {
    bench('build', function* () {
      yield {
        [0]() {
          const ps = new PrioritySet();
          ps.updateHosts(0, hosts);
          return ps;
        },
        bench(ps: PrioritySet) {
          const built = build(ps, 7);
          built.destroy();
          return do_not_optimize(built);
        },
      };
    });
  });
  const bare = flippingUpdate(n, null, 9);
  const growing = flippingUpdate(n, SELECTORS, 9);
  const bounded = flippingUpdate(n, BOUNDED_SELECTORS, 9);
  group(`subset update, ${n.toLocaleString('en-US')} hosts, 3 selectors`, () => {
    bench('host set update alone (no load balancer)', () => do_not_optimize(bare.update()));
    bench(`+ subset lb, ${10 + 30 + Math.floor(n / 10)} subsets (version | stage,version | shard)`, () => do_not_optimize(growing.update()));
    bench('+ subset lb, 55 subsets (version | stage,version | rack,stage)', () => do_not_optimize(bounded.update()));
  });
}

afterRun(() => {
  console.log('\nsubset: update time growth from 1,500 to 15,000 hosts, CPU time, sizes interleaved; three fresh processes per shape');
  console.log('  (median of 40 per-round ratios, quartiles, median time per update at each size; x10 = linear)');
  for (const r of growthRows) console.log(r);
  console.log('\nsubset: CPU time per update divided by the host count, sizes interleaved in one fresh process per shape');
  for (const r of curveRows) console.log(r);
  console.log('\nsubset: CPU time per update, lower decile (ms), measured before the timed runs in a fresh heap;');
  console.log('  "layer" = host set update with the subset load balancer minus the host set update alone');
  for (const r of updateRows) console.log(r);

  console.log('\nsubset: CPU time per pick, lower decile of 40 batches of 100,000 picks (1,500 hosts)');
  const perPick = (f: () => unknown) =>
    (cpuLow(() => {
      for (let i = 0; i < 100_000; i++) f();
    }, 40) *
      1e6) /
    100_000;
  const child = perPick(() => childRr.chooseHost(ctxCriteria));
  for (const [name, f] of [
    ['child round robin alone', () => childRr.chooseHost(ctxCriteria)],
    ['subset, MetadataMatchCriteria', () => lb.chooseHost(ctxCriteria)],
    ['subset, plain object', () => lb.chooseHost(ctxPlain)],
    ['subset, miss -> ANY_ENDPOINT fallback', () => lb.chooseHost(ctxMiss)],
  ] as const) {
    const ns = name === 'child round robin alone' ? child : perPick(f);
    console.log(`  ${name.padEnd(40)} ${ns.toFixed(1)} ns/pick; layer ${(ns - child).toFixed(1)} ns = ${((ns - child) / child).toFixed(2)}x the child`);
  }

  console.log('\nsubset: pick through the subset layer against the child alone, paired rounds (1,500 hosts)');
  const paired = pairedRatio(() => lb.chooseHost(ctxCriteria), () => childRr.chooseHost(ctxCriteria));
  console.log(`  ${formatPaired('subset (MetadataMatchCriteria) / child', paired)}; layer = ${(paired.median - 1).toFixed(2)}x the child`);

  console.log('\nsubset: bytes allocated per pick (1,500 hosts)');
  const rows: [string, number][] = [
    ['child round robin alone', bytesPerCall(() => childRr.chooseHost(ctxCriteria))],
    ['subset, MetadataMatchCriteria', bytesPerCall(() => lb.chooseHost(ctxCriteria))],
    ['subset, plain object', bytesPerCall(() => lb.chooseHost(ctxPlain))],
    ['subset, miss -> ANY_ENDPOINT fallback', bytesPerCall(() => lb.chooseHost(ctxMiss))],
  ];
  for (const [name, b] of rows) console.log(`  ${name.padEnd(40)} ${b.toFixed(3)} B/pick`);

  const gc = (globalThis as { gc?: () => void }).gc;
  console.log('\nsubset: heap bytes per subset (round robin children; each subset holds 2 hosts)');
  for (const subsets of [1_000, 5_000]) {
    const hosts: Host[] = [];
    for (let i = 0; i < subsets * 2; i++) {
      hosts.push(new Host({ address: `10.9.${(i >> 8) & 255}.${i & 255}:${8000 + (i >> 16)}`, metadata: { shard: `s${i >> 1}` } }));
    }
    const set = new PrioritySet();
    set.updateHosts(0, hosts);
    if (gc) gc();
    const before = process.memoryUsage().heapUsed;
    const many = subset(set, { selectors: [{ keys: ['shard'] }], random: new SeededRandom(5) });
    if (gc) gc();
    const after = process.memoryUsage().heapUsed;
    const count = many.stats.lb_subsets_active;
    const single = subset(set, { selectors: [{ keys: ['shard'], singleHostPerSubset: true }], random: new SeededRandom(5) });
    if (gc) gc();
    const afterSingle = process.memoryUsage().heapUsed;
    console.log(
      `  ${count.toLocaleString('en-US')} subsets: ${Math.round((after - before) / count).toLocaleString('en-US')} B per subset` +
        `; single_host_per_subset: ${Math.round((afterSingle - after) / count).toLocaleString('en-US')} B per subset`,
    );
    do_not_optimize([many, single]);
  }
});
