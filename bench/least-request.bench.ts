// Least request pick benchmarks: P2C (equal weights), P2C with distinct samples, weighted (EDF on
// weight / (active + 1)) and FULL_SCAN at 10 to 10,000 hosts, beside npm's `load-balancers`
// P2cBalancer on the same host counts. Registers benchmarks only; bench/index.ts runs them.
//
// Acceptance: our P2C pick at 1,000 hosts is no slower than P2cBalancer.pick().
import { bench, do_not_optimize, group, summary } from 'mitata';
import { P2cBalancer } from 'load-balancers';
import { SeededRandom } from '../src/common/random.js';
import { leastRequest } from '../src/policies/least-request/index.js';
import { afterRun, bytesPerCall, formatPaired, fresh, HOST_COUNTS, makePrioritySet, pairedRatio } from './util.js';

const weight = (i: number) => 1 + (i % 5);

for (const n of HOST_COUNTS) {
  const p2c = leastRequest(makePrioritySet(n), { random: new SeededRandom(1) });
  const distinct = leastRequest(makePrioritySet(n), { random: new SeededRandom(1), distinctChoices: true });
  const edf = leastRequest(makePrioritySet(n, weight), { random: new SeededRandom(1) });
  const peer = new P2cBalancer(n);
  group(`least request pick, ${n.toLocaleString('en-US')} hosts`, () => {
    summary(() => {
      bench('ours P2C (equal weights)', () => do_not_optimize(p2c.chooseHost()));
      bench('ours P2C distinctChoices', () => do_not_optimize(distinct.chooseHost()));
      bench('ours weighted (EDF, weights 1..5)', () => do_not_optimize(edf.chooseHost()));
      bench('load-balancers P2cBalancer.pick()', () => do_not_optimize(peer.pick()));
    });
  });
}

// FULL_SCAN is O(n) per pick (and draws once per tied host); measured apart from the summaries.
for (const n of HOST_COUNTS) {
  const scan = leastRequest(makePrioritySet(n), { random: new SeededRandom(1), selectionMethod: 'FULL_SCAN' });
  group(`least request FULL_SCAN pick, ${n.toLocaleString('en-US')} hosts`, () => {
    bench('ours FULL_SCAN (all hosts tied)', () => do_not_optimize(scan.chooseHost()));
  });
}

afterRun(() => {
  // The acceptance comparison, paired: interleaved rounds cancel the machine's speed changes that
  // make two separately measured medians disagree (see pairedRatio).
  console.log('\nleast request P2C vs load-balancers P2cBalancer.pick(), paired rounds (median of 300 ratios; below 1: ours faster)');
  for (const n of HOST_COUNTS) {
    const ours = leastRequest(makePrioritySet(n), { random: new SeededRandom(3) });
    const peer = new P2cBalancer(n);
    const p = pairedRatio(fresh(['lb'], 'return () => lb.chooseHost();', ours), fresh(['p'], 'return () => p.pick();', peer));
    console.log(formatPaired(`${n.toLocaleString('en-US')} hosts, ours / P2cBalancer`, p));
  }
  console.log('\nleast request: bytes allocated per pick (heap delta; 10^6 picks unless noted)');
  console.log('| policy | hosts | bytes/pick |\n| --- | --- | --- |');
  for (const n of HOST_COUNTS) {
    const p2c = leastRequest(makePrioritySet(n), { random: new SeededRandom(2) });
    const distinct = leastRequest(makePrioritySet(n), { random: new SeededRandom(2), distinctChoices: true });
    const edf = leastRequest(makePrioritySet(n, weight), { random: new SeededRandom(2) });
    console.log(`| least request P2C | ${n} | ${bytesPerCall(() => p2c.chooseHost()).toFixed(3)} |`);
    console.log(`| least request P2C distinctChoices | ${n} | ${bytesPerCall(() => distinct.chooseHost()).toFixed(3)} |`);
    console.log(`| least request weighted (EDF) | ${n} | ${bytesPerCall(() => edf.chooseHost()).toFixed(3)} |`);
  }
  for (const n of [10, 100] as const) {
    const scan = leastRequest(makePrioritySet(n), { random: new SeededRandom(2), selectionMethod: 'FULL_SCAN' });
    const calls = n === 10 ? 1_000_000 : 100_000;
    console.log(`| least request FULL_SCAN (${calls.toLocaleString('en-US')} picks) | ${n} | ${bytesPerCall(() => scan.chooseHost(), calls).toFixed(3)} |`);
  }
});
