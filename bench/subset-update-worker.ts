// Measures one subset update configuration in a fresh process, for bench/subset.bench.ts:
//   node --import tsx bench/subset-update-worker.ts <hosts> <none|growing|bounded>
// Prints the median CPU time (user + system) of one update in microseconds: the priority's host list gains or loses
// one host (given with hostsAdded/hostsRemoved, as the Cluster computes them), with no load
// balancer (`none`) or a subset load balancer whose subsets grow with the hosts or stay at 55.
import { PrioritySet } from '../src/cluster/priority-set.js';
import { BOUNDED_SELECTORS, build, makeHosts, SELECTORS } from './subset-fixtures.js';

const n = Number(process.argv[2]);
const shape = process.argv[3];
const hosts = makeHosts(n);
const extra = makeHosts(1, n, n)[0];
const withExtra = [...hosts, extra];
const ps = new PrioritySet();
ps.updateHosts(0, hosts);
if (shape === 'growing') build(ps, 11, SELECTORS);
else if (shape === 'bounded') build(ps, 11, BOUNDED_SELECTORS);
else if (shape !== 'none') throw new Error(`unknown shape ${shape}`);
let added = false;
const update = () => {
  added = !added;
  ps.updateHosts(0, added ? withExtra : hosts, added ? { hostsAdded: [extra], hostsRemoved: [] } : { hostsAdded: [], hostsRemoved: [extra] });
};
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
