// Measures one subset update configuration in a fresh process, for bench/subset.bench.ts:
//   node --import tsx bench/subset-update-worker.ts <hosts> <none|growing|bounded>
// Prints the median CPU time (user + system) of one update in microseconds: the priority's host list gains or loses
// one host (given with hostsAdded/hostsRemoved, as the Cluster computes them), with no load
// balancer (`none`) or a subset load balancer whose subsets grow with the hosts or stay at 55.
import { BOUNDED_SELECTORS, flippingUpdate, SELECTORS } from './subset-fixtures.js';

const n = Number(process.argv[2]);
const shape = process.argv[3];
if (shape !== 'none' && shape !== 'growing' && shape !== 'bounded') throw new Error(`unknown shape ${shape}`);
const { update } = flippingUpdate(n, shape === 'none' ? null : shape === 'growing' ? SELECTORS : BOUNDED_SELECTORS);
// Blocks of about the same duration at every size (collections fall inside them in proportion).
const perBlock = Math.max(10, Math.round(150_000 / n));
for (let i = 0; i < 5 * perBlock; i++) update();
const blocks: number[] = [];
for (let b = 0; b < 30; b++) {
  const c = process.cpuUsage();
  for (let i = 0; i < perBlock; i++) update();
  const d = process.cpuUsage(c);
  blocks.push((d.user + d.system) / perBlock);
}
blocks.sort((a, b) => a - b);
console.log(blocks[15].toFixed(1));
