/**
 * Demo: weighted least request. Three hosts weighted 1:3:5 serve requests with random durations;
 * the library picks each host and counts its active requests (incremented at the pick,
 * decremented when the request completes, in time order). The shares differ from the weights:
 * in weighted mode a host's weight is divided by (active requests + 1) whenever it is re-inserted
 * into the EDF schedule, so busy hosts are chosen less often.
 */
import { parse as parseYaml } from 'yaml';
import { clustersOf, loadCluster } from '../config/load.js';
import { SeededRandom } from '../common/random.js';
import type { Host } from '../host/host.js';
import type { LoadBalancer } from '../lb/load-balancer.js';
import { heading, pct, table } from './format.js';

/** The cluster of the demo, in Envoy's YAML. */
export const LEAST_REQUEST_CLUSTER_YAML = `
clusters:
- name: weighted-lr
  connect_timeout: 0.25s
  type: STATIC
  lb_policy: LEAST_REQUEST
  load_assignment:
    cluster_name: weighted-lr
    endpoints:
    - lb_endpoints:
      - endpoint: { address: { socket_address: { address: 10.0.0.1, port_value: 80 } } }
        load_balancing_weight: 1
      - endpoint: { address: { socket_address: { address: 10.0.0.2, port_value: 80 } } }
        load_balancing_weight: 3
      - endpoint: { address: { socket_address: { address: 10.0.0.3, port_value: 80 } } }
        load_balancing_weight: 5
`;

/** One request every 10 ms; durations uniform in [0, 200) ms: about 10 requests in flight. */
const ARRIVAL_MS = 10;
const MAX_DURATION_MS = 200;
/** Shares Envoy gave for 300 requests in the scenario this demo reproduces (10.0.0.1..3). */
const OBSERVED_300 = [56, 80, 164];

/** Runs `requests` requests through a fresh load balancer; returns picks per host address. */
function simulate(requests: number): { counts: Map<string, number>; hosts: readonly Host[] } {
  const { lb, cluster } = loadCluster(clustersOf(parseYaml(LEAST_REQUEST_CLUSTER_YAML))[0], { random: new SeededRandom(11) });
  const durations = new SeededRandom(12);
  // Pending completions ordered by end time (a binary heap of [end, host]).
  const heap: [number, Host][] = [];
  const push = (e: [number, Host]) => {
    heap.push(e);
    for (let i = heap.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (heap[p][0] <= heap[i][0]) break;
      [heap[p], heap[i]] = [heap[i], heap[p]];
      i = p;
    }
  };
  const pop = (): [number, Host] => {
    const top = heap[0];
    const last = heap.pop() as [number, Host];
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
        if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  };
  const counts = new Map<string, number>();
  for (let i = 0; i < requests; i++) {
    const now = i * ARRIVAL_MS;
    while (heap.length > 0 && heap[0][0] <= now) pop()[1].activeRequests--;
    const host = (lb as LoadBalancer).chooseHost();
    if (host === null) continue;
    host.activeRequests++;
    counts.set(host.address, (counts.get(host.address) ?? 0) + 1);
    push([now + (durations.nextU32() / 4_294_967_296) * MAX_DURATION_MS, host]);
  }
  return { counts, hosts: cluster.hosts() };
}

/** Runs the least request demo, writing lines to `out`. */
export function leastRequestDemo(out: (line: string) => void): void {
  out(heading('Weighted least request: three hosts weighted 1:3:5, requests with random durations'));
  out(`One request every ${ARRIVAL_MS} ms, each lasting a random 0-${MAX_DURATION_MS} ms (about ${MAX_DURATION_MS / 2 / ARRIVAL_MS} in flight).`);
  const small = simulate(300);
  const large = simulate(30_000);
  const totalWeight = small.hosts.reduce((s, h) => s + h.weight, 0);
  const observedTotal = OBSERVED_300.reduce((a, b) => a + b, 0);
  const rows: (string | number)[][] = [
    ['host', 'weight', 'weight share', '300 req', 'share', 'Envoy (300)', '30,000 req', 'share'],
  ];
  small.hosts.forEach((h, i) => {
    const a = small.counts.get(h.address) ?? 0;
    const b = large.counts.get(h.address) ?? 0;
    rows.push([h.address, h.weight, pct(h.weight / totalWeight), a, pct(a / 300), `~${OBSERVED_300[i]} (${pct(OBSERVED_300[i] / observedTotal)})`, b, pct(b / 30_000)]);
  });
  out(table(rows));
  out('');
  out('Why not 1:3:5: each time a host is re-inserted into the EDF schedule its weight is divided by');
  out('(active requests + 1); heavier hosts carry more requests in flight, so their effective weight');
  out('shrinks more and the shares move toward equal, as Envoy observed.');
}
