// Measures subset update time at several sizes in one fresh process, for bench/subset.bench.ts:
//   node --import tsx bench/subset-update-worker.ts <none|growing|bounded> <hosts> <hosts>...
// An update: the priority's host list gains or loses one host (given with hostsAdded/hostsRemoved,
// as the Cluster computes them), with no load balancer (`none`) or a subset load balancer whose
// subsets grow with the hosts or stay at 55.
//
// The sizes are measured in interleaved rounds: each round runs a block of updates at every size
// (blocks of about the same duration), taking the CPU time (user + system) per update. Changes of
// machine speed, which on a shared VM move a figure by up to 2x within one process, then reach
// every size of a round alike; the growth from the first size is the median of the per-round
// ratios. Prints one JSON line: per size, the median time per update (µs) and the median,
// lower and upper quartile of the per-round ratio to the first size.
import { BOUNDED_SELECTORS, flippingUpdate, SELECTORS } from './subset-fixtures.js';

const shape = process.argv[2];
if (shape !== 'none' && shape !== 'growing' && shape !== 'bounded') throw new Error(`unknown shape ${shape}`);
const sizes = process.argv.slice(3).map(Number);
if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('give two or more host counts');
const selectors = shape === 'none' ? null : shape === 'growing' ? SELECTORS : BOUNDED_SELECTORS;
const updates = sizes.map((n) => flippingUpdate(n, selectors).update);
const perBlock = sizes.map((n) => Math.max(2, Math.round(150_000 / n)));

function block(j: number): number {
  const update = updates[j];
  const c = process.cpuUsage();
  for (let i = 0; i < perBlock[j]; i++) update();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / perBlock[j];
}

for (let r = 0; r < 5; r++) for (let j = 0; j < sizes.length; j++) block(j);
const ROUNDS = 40;
const times: number[][] = sizes.map(() => []);
for (let r = 0; r < ROUNDS; r++) for (let j = 0; j < sizes.length; j++) times[j].push(block(j));

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];
const result = sizes.map((n, j) => {
  const ratios = times[j].map((t, r) => t / times[0][r]);
  return { hosts: n, us: quantile(times[j], 0.5), ratio: quantile(ratios, 0.5), q1: quantile(ratios, 0.25), q3: quantile(ratios, 0.75) };
});
console.log(JSON.stringify(result));
