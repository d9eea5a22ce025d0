// Original destination pick benchmarks: a destination already known (the common case: a map
// lookup) at 10 to 10,000 known destinations. Registers benchmarks only; bench/index.ts runs them.
import { bench, do_not_optimize, group } from 'mitata';
import { PrioritySet } from '../src/cluster/priority-set.js';
import { ManualClock } from '../src/common/clock.js';
import { originalDst } from '../src/policies/original-dst/index.js';
import type { LoadBalancerContext } from '../src/lb/context.js';
import { afterRun, bytesPerCall, HOST_COUNTS } from './util.js';

function setup(n: number) {
  const lb = originalDst(new PrioritySet(), { clock: new ManualClock(0), useHttpHeader: true });
  const contexts: LoadBalancerContext[] = [];
  for (let i = 0; i < n; i++) contexts.push({ originalDestination: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:8080` });
  for (const c of contexts) lb.chooseHost(c);
  const header: LoadBalancerContext = { request: { headers: [['x-envoy-original-dst-host', '10.0.0.1:8080']] } };
  return { lb, contexts, header };
}

for (const n of HOST_COUNTS) {
  const { lb, contexts, header } = setup(n);
  let i = 0;
  group(`original destination pick, ${n.toLocaleString('en-US')} known destinations`, () => {
    bench('ours, connection destination (known)', () => do_not_optimize(lb.chooseHost(contexts[(i = (i + 1) % n)])));
    bench('ours, x-envoy-original-dst-host header (known)', () => do_not_optimize(lb.chooseHost(header)));
  });
}

afterRun(() => {
  console.log('\noriginal destination: bytes allocated per pick (heap delta over 10^6 picks)');
  console.log('| policy | known destinations | bytes/pick |\n| --- | --- | --- |');
  for (const n of [10, 1_000] as const) {
    const { lb, contexts, header } = setup(n);
    let i = 0;
    console.log(`| original destination, connection destination | ${n} | ${bytesPerCall(() => lb.chooseHost(contexts[(i = (i + 1) % n)])).toFixed(3)} |`);
    console.log(`| original destination, header | ${n} | ${bytesPerCall(() => lb.chooseHost(header)).toFixed(3)} |`);
  }
});
