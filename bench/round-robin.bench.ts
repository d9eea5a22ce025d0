// Round robin pick benchmarks: equal weights (rotation) and unequal weights (EDF) at 10 to 10,000
// hosts, beside npm's `weighted-round-robin` (nginx-style smooth weighted round robin, O(n) per
// pick) on the same hosts and weights. Registers benchmarks only; bench/index.ts runs them.
//
// Acceptance: our weighted pick at 1,000 hosts is at least 100x faster than weighted-round-robin.
import { bench, do_not_optimize, group, summary } from 'mitata';
// @ts-expect-error -- the package ships no type declarations
import WeightedPeers from 'weighted-round-robin';
import { SeededRandom } from '../src/common/random.js';
import { roundRobin } from '../src/policies/round-robin/index.js';
import { afterRun, bytesPerCall, HOST_COUNTS, makePrioritySet } from './util.js';

/** The part of `weighted-round-robin`'s `Peers` the benchmark uses. */
interface Peers {
  add(peer: { server: string; weight: number }): string;
  get(): { server: string } | null;
}
const PeersCtor = WeightedPeers as new () => Peers;

const weight = (i: number) => 1 + (i % 5);

for (const n of HOST_COUNTS) {
  const equal = roundRobin(makePrioritySet(n), { random: new SeededRandom(1) });
  const weighted = roundRobin(makePrioritySet(n, weight), { random: new SeededRandom(1) });
  const peers = new PeersCtor();
  for (let i = 0; i < n; i++) peers.add({ server: `10.0.${i >> 8}.${i & 255}:80`, weight: weight(i) });
  group(`round robin pick, ${n.toLocaleString('en-US')} hosts`, () => {
    summary(() => {
      bench('ours equal weights (rotation)', () => do_not_optimize(equal.chooseHost()));
      bench('ours weights 1..5 (EDF)', () => do_not_optimize(weighted.chooseHost()));
      bench('weighted-round-robin get(), weights 1..5', () => do_not_optimize(peers.get()));
    });
  });
}

// Build: what a host-set update costs (every host source rebuilt; EDF createWithPicks when weighted).
for (const n of HOST_COUNTS) {
  const equalSet = makePrioritySet(n);
  const weightedSet = makePrioritySet(n, weight);
  group(`round robin build, ${n.toLocaleString('en-US')} hosts`, () => {
    bench('ours equal weights', () => {
      const lb = roundRobin(equalSet, { random: new SeededRandom(1) });
      lb.destroy();
      return do_not_optimize(lb);
    });
    bench('ours weights 1..5 (EDF createWithPicks)', () => {
      const lb = roundRobin(weightedSet, { random: new SeededRandom(1) });
      lb.destroy();
      return do_not_optimize(lb);
    });
  });
}

afterRun(() => {
  console.log('\nround robin: bytes allocated per pick (heap delta over 10^6 picks)');
  console.log('| policy | hosts | bytes/pick |\n| --- | --- | --- |');
  for (const n of HOST_COUNTS) {
    const equal = roundRobin(makePrioritySet(n), { random: new SeededRandom(2) });
    const weighted = roundRobin(makePrioritySet(n, weight), { random: new SeededRandom(2) });
    console.log(`| round robin, equal weights | ${n} | ${bytesPerCall(() => equal.chooseHost()).toFixed(3)} |`);
    console.log(`| round robin, weights 1..5 | ${n} | ${bytesPerCall(() => weighted.chooseHost()).toFixed(3)} |`);
  }
});
