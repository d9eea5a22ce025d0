/**
 * Demo section `maglev`: Envoy's Maglev table for two hosts weighted 1:2, computed by the library
 * from the Envoy config below, with the exact slot counts beside the ideal split.
 */
import { parse as parseYaml } from 'yaml';
import { clustersOf, loadCluster } from '../config/load.js';
import { SeededRandom } from '../common/random.js';
import type { Host } from '../host/host.js';
import type { MaglevLoadBalancer } from '../policies/maglev/maglev.js';
import { heading, pct, table } from './format.js';

/** The Maglev cluster of the demo, in Envoy's YAML. */
export const MAGLEV_CLUSTER_YAML = `
clusters:
- name: maglev_backend
  connect_timeout: 0.25s
  type: STATIC
  lb_policy: MAGLEV
  maglev_lb_config:
    table_size: 65537
  load_assignment:
    cluster_name: maglev_backend
    endpoints:
    - lb_endpoints:
      - endpoint: { address: { socket_address: { address: 10.1.0.1, port_value: 8080 } } }
        load_balancing_weight: 1
      - endpoint: { address: { socket_address: { address: 10.1.0.2, port_value: 8080 } } }
        load_balancing_weight: 2
`;

const PICKS = 100_000;

/** Runs the `maglev` demo, writing lines to `out`. */
export function maglevDemo(out: (line: string) => void): void {
  out(heading('Maglev: maglev_backend (weights 1:2, table_size 65537)'));
  const { lb, cluster } = loadCluster(clustersOf(parseYaml(MAGLEV_CLUSTER_YAML))[0], { random: new SeededRandom(2024) });
  const maglev = lb as MaglevLoadBalancer;
  const built = maglev.tableOf(0);
  if (built === null) throw new Error('maglev demo: no table');
  const slots = maglev.lastMaglevTable();
  const counts = new Map<Host, number>();
  for (const h of slots) counts.set(h, (counts.get(h) ?? 0) + 1);
  // Picks without a request hash use one random draw each as the hash.
  const picks = new Map<Host, number>();
  for (let i = 0; i < PICKS; i++) {
    const h = lb.chooseHost() as Host;
    picks.set(h, (picks.get(h) ?? 0) + 1);
  }
  const rows: (string | number)[][] = [['host', 'weight', 'slots', 'expected', 'share of slots', `share of ${PICKS.toLocaleString('en-US')} picks`]];
  for (const h of cluster.hosts()) {
    const n = counts.get(h) ?? 0;
    rows.push([h.address, h.weight, n, h.weight === 1 ? '~21,846' : '~43,691', pct(n / slots.length), pct((picks.get(h) ?? 0) / PICKS)]);
  }
  out(table(rows));
  out(
    `Gauges: min_entries_per_host ${lb.stats.min_entries_per_host}, max_entries_per_host ${lb.stats.max_entries_per_host}; ` +
      `the table holds ${built.table.constructor.name} host indices, ${built.byteLength.toLocaleString('en-US')} bytes.`,
  );
  out('A host of the largest weight claims a slot on every pass; the weight-1 host on every other');
  out('pass, so the split follows the weights to within a slot or two of 65,537 / 3.');
}
