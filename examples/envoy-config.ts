/**
 * Envoy YAML in, picks out: a cluster definition as Envoy reads it, including fields that do not
 * matter to load balancing (reported as ignored).
 * Run: npx tsx examples/envoy-config.ts
 */
import { parse } from 'yaml';
import { clustersOf, loadCluster, SeededRandom } from '../src/index.js';

const YAML = `
clusters:
- name: backend
  connect_timeout: 0.25s
  type: STATIC
  lb_policy: ROUND_ROBIN
  common_lb_config:
    healthy_panic_threshold: { value: 40 }
  load_assignment:
    cluster_name: backend
    endpoints:
    - lb_endpoints:
      - endpoint: { address: { socket_address: { address: 10.0.0.1, port_value: 8080 } } }
        load_balancing_weight: 3
      - endpoint: { address: { socket_address: { address: 10.0.0.2, port_value: 8080 } } }
        load_balancing_weight: 1
`;

export function main(): string[] {
  const { lb, ignoredFields } = loadCluster(clustersOf(parse(YAML))[0], { random: new SeededRandom(1) });
  const counts = new Map<string, number>();
  for (let i = 0; i < 400; i++) {
    const a = lb.chooseHost()?.address ?? 'none';
    counts.set(a, (counts.get(a) ?? 0) + 1);
  }
  return [`ignored: ${ignoredFields.join(', ')}`, ...[...counts].sort().map(([a, n]) => `${a}: ${n}`)];
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(main().join('\n'));
