/**
 * Demo: Envoy's priority levels with an overprovisioning factor and a panic threshold, computed by
 * the library from the Envoy config below (cluster `webcluster1`).
 */
import { parse as parseYaml } from 'yaml';
import { loadCluster } from '../config/load.js';
import { clustersOf } from '../config/load.js';
import { SeededRandom } from '../common/random.js';
import { priorityLoad } from '../common/priority.js';
import { countPicks, expectedShares } from './shares.js';
import { heading, pct, table } from './format.js';

/** The cluster of the demo, in Envoy's YAML. */
export const PRIORITY_CLUSTER_YAML = `
clusters:
- name: webcluster1
  connect_timeout: 0.25s
  type: STRICT_DNS
  lb_policy: ROUND_ROBIN
  http2_protocol_options: {}
  common_lb_config:
    healthy_panic_threshold: { value: 49 }
  load_assignment:
    cluster_name: webcluster1
    policy:
      overprovisioning_factor: 150
    endpoints:
    - locality: { region: cn-north-1 }
      priority: 0
      lb_endpoints:
      - endpoint: { address: { socket_address: { address: 172.31.31.11, port_value: 80 } } }
      - endpoint: { address: { socket_address: { address: 172.31.31.12, port_value: 80 } } }
      - endpoint: { address: { socket_address: { address: 172.31.31.13, port_value: 80 } } }
    - locality: { region: cn-north-2 }
      priority: 1
      lb_endpoints:
      - endpoint: { address: { socket_address: { address: 172.31.31.21, port_value: 80 } } }
      - endpoint: { address: { socket_address: { address: 172.31.31.22, port_value: 80 } } }
  health_checks:
  - timeout: 5s
    interval: 10s
    unhealthy_threshold: 2
    healthy_threshold: 1
    http_health_check: { path: /livez }
`;

const PICKS = 10_000;

/** Runs the priority demo, writing lines to `out`. */
export function priorityDemo(out: (line: string) => void): void {
  out(heading('Priority levels: webcluster1 (overprovisioning 150, panic threshold 49)'));
  const doc = parseYaml(PRIORITY_CLUSTER_YAML);
  const { lb, cluster, ignoredFields } = loadCluster(clustersOf(doc)[0], { random: new SeededRandom(2024) });
  out(`Ignored (not load balancing): ${ignoredFields.join(', ')}`);
  const p0 = ['172.31.31.11:80', '172.31.31.12:80', '172.31.31.13:80'];
  for (let down = 0; down <= p0.length; down++) {
    if (down > 0) cluster.setHealthStatus(p0[down - 1], 'UNHEALTHY');
    const loads = lb.priorityLoad();
    const expected = expectedShares(lb);
    const counts = countPicks(lb, PICKS);
    out('');
    out(
      `${down} of 3 priority-0 hosts unhealthy: load P0/P1 = ${loads.healthy[0]}%/${loads.healthy[1]}%` +
        `, panic = [${loads.panic.join(', ')}]`,
    );
    const rows: (string | number)[][] = [['host', 'priority', 'health', 'picks', 'share', 'expected']];
    for (const h of cluster.hosts()) {
      const p = cluster.prioritySet.hostSets.findIndex((s) => s.hosts.includes(h));
      const n = counts.get(h.address) ?? 0;
      rows.push([h.address, p, h.edsHealthStatus().toLowerCase(), n, pct(n / PICKS), pct(expected.get(h.address) ?? 0)]);
    }
    out(table(rows));
  }
  out('');
  out('One host down: 2/3 healthy x 1.5 = 100% availability, so P0 keeps all traffic.');
  out('Two hosts down: 1/3 x 1.5 = 50%, so P1 takes the rest; three down: P0 gets nothing.');

  out(heading("Envoy's overprovisioning table (factor 140), computed by priorityLoad()"));
  const rows: (string | number)[][] = [['P0 healthy', 'P1 healthy', 'P0 load', 'P1 load']];
  for (const healthy of [100, 72, 71, 50, 25, 0]) {
    const r = priorityLoad([
      { hosts: 100, healthy, degraded: 0, excluded: 0 },
      { hosts: 100, healthy: 100, degraded: 0, excluded: 0 },
    ]);
    rows.push([`${healthy}%`, '100%', `${r.healthy[0]}%`, `${r.healthy[1]}%`]);
  }
  out(table(rows));
  out('72% healthy keeps 100% of the load (72 x 1.4 = 100.8); 71% spills 1% to priority 1.');
}
