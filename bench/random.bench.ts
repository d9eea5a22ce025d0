// Random pick benchmarks at 10 to 10,000 hosts, beside npm's `load-balancers` RandomBalancer on
// the same host counts. Registers benchmarks only; bench/index.ts runs them.
import { bench, do_not_optimize, group, summary } from 'mitata';
import { RandomBalancer } from 'load-balancers';
import { SeededRandom } from '../src/common/random.js';
import { random } from '../src/policies/random/index.js';
import { afterRun, bytesPerCall, HOST_COUNTS, makePrioritySet } from './util.js';

for (const n of HOST_COUNTS) {
  const ours = random(makePrioritySet(n), { random: new SeededRandom(1) });
  const peer = new RandomBalancer(n);
  // Warm both before mitata starts: the first benchmark of a process is otherwise measured while
  // still being compiled (about 150 ns instead of 30 to 45 ns).
  for (let i = 0; i < 200_000; i++) {
    ours.chooseHost();
    peer.pick();
  }
  group(`random pick, ${n.toLocaleString('en-US')} hosts`, () => {
    summary(() => {
      bench('ours random (one u64 draw: priority and host)', () => do_not_optimize(ours.chooseHost()));
      bench('load-balancers RandomBalancer.pick()', () => do_not_optimize(peer.pick()));
    });
  });
}

afterRun(() => {
  console.log('\nrandom: bytes allocated per pick (heap delta over 10^6 picks)');
  console.log('| policy | hosts | bytes/pick |\n| --- | --- | --- |');
  for (const n of HOST_COUNTS) {
    const ours = random(makePrioritySet(n), { random: new SeededRandom(2) });
    console.log(`| random | ${n} | ${bytesPerCall(() => ours.chooseHost()).toFixed(3)} |`);
  }
});
