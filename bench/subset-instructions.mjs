// Instructions and simulated cache misses per subset update, counted by valgrind's cachegrind:
// separates the work an update does (instructions) from what the memory hierarchy adds to its time.
//
//   npm run build && node bench/subset-instructions.mjs
//
// For each shape and size, two processes run the same set-up and warm-up, then K and 3K updates;
// the difference of their counts is the cost of 2K steady-state updates (set-up, warm-up and
// compilation cancel out). V8 runs single-threaded (no concurrent compiler or collector threads),
// with fixed hash and random seeds (hash tables then collide the same way in every run) and a
// 256 MB young generation, so no collection falls among the counted updates: collections
// come in lumps that a window of a few dozen updates catches or misses, and their time is part of
// the timed benchmark anyway. The last-level cache is simulated at 2 MB (this machine's per-core
// L2; a shared L3 serves the rest). Takes several minutes; needs valgrind on the PATH. Not part of
// `npm run bench`.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === 'child') {
  // child <hosts> <shape> <warm-up updates> <measured updates>
  const { Host, PrioritySet, SeededRandom, subset } = await import('../dist/index.js');
  const [n, shape, warm, k] = [Number(process.argv[3]), process.argv[4], Number(process.argv[5]), Number(process.argv[6])];
  // The hosts and selectors of bench/subset-fixtures.ts.
  const STAGES = ['prod', 'canary', 'dev'];
  const makeHosts = (count, offset = 0, shardsOf = count) => {
    const shards = Math.max(1, Math.floor(shardsOf / 10));
    const out = [];
    for (let j = 0; j < count; j++) {
      const i = j + offset;
      const metadata = { version: `v${i % 10}`, stage: STAGES[i % 3], rack: `r${i % 5}`, shard: `s${i % shards}` };
      out.push(new Host({ address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:80`, metadata }));
    }
    return out;
  };
  const selectors = {
    growing: [{ keys: ['version'] }, { keys: ['stage', 'version'] }, { keys: ['shard'] }],
    bounded: [{ keys: ['version'] }, { keys: ['stage', 'version'] }, { keys: ['rack', 'stage'] }],
  };
  const hosts = makeHosts(n);
  const extra = makeHosts(1, n, n)[0];
  const withExtra = [...hosts, extra];
  const ps = new PrioritySet();
  ps.updateHosts(0, hosts);
  if (shape !== 'none') subset(ps, { selectors: selectors[shape], fallbackPolicy: 'ANY_ENDPOINT', random: new SeededRandom(11) });
  let added = false;
  const update = () => {
    added = !added;
    ps.updateHosts(0, added ? withExtra : hosts, added ? { hostsAdded: [extra], hostsRemoved: [] } : { hostsAdded: [], hostsRemoved: [extra] });
  };
  for (let i = 0; i < warm + k; i++) update();
} else {
  if (spawnSync('valgrind', ['--version']).status !== 0) throw new Error('valgrind is not on the PATH');
  const count = (n, shape, warm, k) =>
    new Promise((resolve, reject) => {
      const out = join(tmpdir(), `upstream-lb-cg-${process.pid}-${shape}-${n}-${k}`);
      const args = ['--tool=cachegrind', '--cache-sim=yes', '--LL=2097152,16,64', `--cachegrind-out-file=${out}`, process.execPath];
      args.push('--single-threaded', '--hash-seed=1', '--random-seed=1', '--min-semi-space-size=256', '--max-semi-space-size=256', self, 'child', String(n), shape, String(warm), String(k));
      const p = spawn('valgrind', args, { stdio: ['ignore', 'ignore', 'ignore'] });
      p.on('exit', (code) => {
        if (code !== 0) return reject(new Error(`valgrind exited with ${code}`));
        // The summary line of the output file: totals per event, in the order of its "events:" line.
        const text = readFileSync(out, 'utf8');
        rmSync(out);
        const events = /^events: (.*)$/m.exec(text)[1].split(' ');
        const totals = /^summary: (.*)$/m.exec(text)[1].split(' ').map(Number);
        const get = (e) => totals[events.indexOf(e)];
        resolve({ ir: get('Ir'), d1: get('D1mr') + get('D1mw'), ll: get('DLmr') + get('DLmw') });
      });
    });
  // Two processes at a time (one per core).
  const perUpdate = async (n, shape) => {
    const [warm, k] = n >= 10_000 ? [100, 40] : [1_000, 300];
    const [a, b] = await Promise.all([count(n, shape, warm, k), count(n, shape, warm, 3 * k)]);
    const d = 2 * k;
    return { ir: (b.ir - a.ir) / d, d1: (b.d1 - a.d1) / d, ll: (b.ll - a.ll) / d };
  };
  console.log('subset update, per update: instructions, D1 misses, misses of a simulated 2 MB last-level cache');
  for (const shape of ['none', 'bounded', 'growing']) {
    const small = await perUpdate(1_500, shape);
    const big = await perUpdate(15_000, shape);
    const f = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${(x / 1e3).toFixed(1)}k`);
    const cell = (key) => `${f(small[key])} -> ${f(big[key])} x${(big[key] / small[key]).toFixed(2)}`;
    console.log(`  ${shape.padEnd(8)} instructions ${cell('ir')} | D1 misses ${cell('d1')} | LL misses ${cell('ll')}`);
  }
}
