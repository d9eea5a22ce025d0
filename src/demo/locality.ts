/**
 * Demo: locality-weighted round robin. Two localities with weights 10 and 20 share traffic 1:2;
 * when one of cn-north-2's two hosts becomes unhealthy its effective weight drops to
 * 20 x min(1, 1.4 x 1/2) = 14 (overprovisioning factor 140), so the split becomes 10:14 = 1:1.4.
 * Every number is computed by the library from the Envoy config below.
 */
import { parse as parseYaml } from 'yaml';
import { clustersOf, loadCluster } from '../config/load.js';
import { SeededRandom } from '../common/random.js';
import { effectiveLocalityWeight } from '../common/locality.js';
import type { Cluster } from '../cluster/cluster.js';
import type { LoadBalancer } from '../lb/load-balancer.js';
import { heading, pct, table } from './format.js';

/** The cluster of the demo, in Envoy's YAML. */
export const LOCALITY_CLUSTER_YAML = `
clusters:
- name: localities
  connect_timeout: 0.25s
  type: STATIC
  lb_policy: ROUND_ROBIN
  common_lb_config:
    locality_weighted_lb_config: {}
  load_assignment:
    cluster_name: localities
    policy:
      overprovisioning_factor: 140
    endpoints:
    - locality: { region: cn-north-1 }
      load_balancing_weight: 10
      lb_endpoints:
      - endpoint: { address: { socket_address: { address: 10.1.0.1, port_value: 80 } } }
      - endpoint: { address: { socket_address: { address: 10.1.0.2, port_value: 80 } } }
      - endpoint: { address: { socket_address: { address: 10.1.0.3, port_value: 80 } } }
    - locality: { region: cn-north-2 }
      load_balancing_weight: 20
      lb_endpoints:
      - endpoint: { address: { socket_address: { address: 10.2.0.1, port_value: 80 } } }
      - endpoint: { address: { socket_address: { address: 10.2.0.2, port_value: 80 } } }
`;

const PICKS = 30_000;

/** Effective weight of each locality of priority 0, from the host set as the load balancer sees it. */
function effectiveWeights(cluster: Cluster): Map<string, number> {
  const set = cluster.prioritySet.hostSets[0];
  const out = new Map<string, number>();
  set.hostsPerLocality.localities.forEach((l, i) => {
    const excluded = set.excludedHostsPerLocality.lists[i]?.length ?? 0;
    out.set(
      l.region,
      effectiveLocalityWeight(set.localityWeights[i], set.hostsPerLocality.lists[i].length, set.healthyHostsPerLocality.lists[i].length, excluded, set.overprovisioningFactor),
    );
  });
  return out;
}

function report(out: (line: string) => void, lb: LoadBalancer, cluster: Cluster, title: string): void {
  const weights = effectiveWeights(cluster);
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  const byRegion = new Map<string, number>();
  const byHost = new Map<string, number>();
  for (let i = 0; i < PICKS; i++) {
    const h = lb.chooseHost();
    if (h === null) continue;
    byRegion.set(h.locality.region, (byRegion.get(h.locality.region) ?? 0) + 1);
    byHost.set(h.address, (byHost.get(h.address) ?? 0) + 1);
  }
  out('');
  out(title);
  const rows: (string | number)[][] = [['locality', 'effective weight', 'picks', 'share', 'expected']];
  for (const [region, w] of weights) {
    const n = byRegion.get(region) ?? 0;
    rows.push([region, w.toFixed(1), n, pct(n / PICKS), pct(w / total)]);
  }
  out(table(rows));
  const [a, b] = [...weights.values()];
  const [na, nb] = [...weights.keys()].map((r) => byRegion.get(r) ?? 0);
  out(`ratio cn-north-1 : cn-north-2 = 1 : ${(nb / na).toFixed(2)} (expected 1 : ${(b / a).toFixed(2)})`);
  const hostRows: (string | number)[][] = [['host', 'health', 'picks', 'share']];
  for (const h of cluster.hosts()) {
    const n = byHost.get(h.address) ?? 0;
    hostRows.push([h.address, h.edsHealthStatus().toLowerCase(), n, pct(n / PICKS)]);
  }
  out(table(hostRows));
}

/** Runs the locality demo, writing lines to `out`. */
export function localityDemo(out: (line: string) => void): void {
  out(heading('Locality-weighted round robin: cn-north-1 (weight 10, 3 hosts) vs cn-north-2 (weight 20, 2 hosts)'));
  const { lb, cluster } = loadCluster(clustersOf(parseYaml(LOCALITY_CLUSTER_YAML))[0], { random: new SeededRandom(2024) });
  report(out, lb, cluster, `All hosts healthy, ${PICKS.toLocaleString('en-US')} picks: expected 1:2`);
  cluster.setHealthStatus('10.2.0.2:80', 'UNHEALTHY');
  report(
    out,
    lb,
    cluster,
    'One cn-north-2 host unhealthy: cn-north-2 weighs 20 x min(1, 1.4 x 1/2) = 14 against 10: expected 1:1.4',
  );
  out('');
  out('The overprovisioning factor lets a locality keep its full weight until fewer than 1/1.4 = 71% of its');
  out('hosts are healthy; below that its weight shrinks in proportion.');
}
