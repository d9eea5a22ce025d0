/**
 * Demo: subset load balancing with routes that select subsets by metadata, computed by the
 * library from the Envoy config below (seven endpoints e1-e7 tagged with stage, version, type and
 * xlarge; four selectors; a DEFAULT_SUBSET fallback; header routes and a 90/10 weighted split).
 */
import { parse as parseYaml } from 'yaml';
import { clustersOf, loadCluster } from '../config/load.js';
import { SeededRandom } from '../common/random.js';
import type { Host } from '../host/host.js';
import type { MetadataValue } from '../host/metadata.js';
import { parseRouteAction, type RouteActionSpec } from '../route/route-action.js';
import type { MetadataMatchCriteria } from '../route/metadata-match.js';
import type { SubsetLoadBalancer } from '../policies/subset/subset.js';
import { heading, pct, table } from './format.js';

/** The demo's Envoy config: a route table and the cluster `webcluster1`. */
export const SUBSET_CONFIG_YAML = `
routes:
- name: pre-release
  match: { prefix: /, headers: [{ name: x-custom-version, exact_match: pre-release }] }
  route:
    cluster: webcluster1
    metadata_match: { filter_metadata: { envoy.lb: { version: "1.2-pre", stage: dev } } }
- name: hardware-test
  match: { prefix: /, headers: [{ name: x-hardware-test, exact_match: memory }] }
  route:
    cluster: webcluster1
    metadata_match: { filter_metadata: { envoy.lb: { type: bigmem, stage: prod } } }
- name: default
  match: { prefix: / }
  route:
    metadata_match: { filter_metadata: { envoy.lb: { stage: prod } } }
    weighted_clusters:
      clusters:
      - name: webcluster1
        weight: 90
        metadata_match: { filter_metadata: { envoy.lb: { version: "1.0" } } }
      - name: webcluster1
        weight: 10
        metadata_match: { filter_metadata: { envoy.lb: { version: "1.1" } } }
clusters:
- name: webcluster1
  type: STATIC
  connect_timeout: 0.5s
  lb_policy: ROUND_ROBIN
  lb_subset_config:
    fallback_policy: DEFAULT_SUBSET
    default_subset: { stage: prod, version: "1.0", type: std }
    subset_selectors:
    - keys: [stage, type]
    - keys: [stage, version]
    - keys: [version]
    - keys: [xlarge, version]
  load_assignment:
    cluster_name: webcluster1
    endpoints:
    - lb_endpoints:
      - endpoint: { address: { socket_address: { address: 172.31.33.11, port_value: 80 } } }
        metadata: { filter_metadata: { envoy.lb: { stage: prod, version: "1.0", type: std, xlarge: true } } }
      - endpoint: { address: { socket_address: { address: 172.31.33.12, port_value: 80 } } }
        metadata: { filter_metadata: { envoy.lb: { stage: prod, version: "1.0", type: std } } }
      - endpoint: { address: { socket_address: { address: 172.31.33.13, port_value: 80 } } }
        metadata: { filter_metadata: { envoy.lb: { stage: prod, version: "1.1", type: std } } }
      - endpoint: { address: { socket_address: { address: 172.31.33.14, port_value: 80 } } }
        metadata: { filter_metadata: { envoy.lb: { stage: prod, version: "1.1", type: std } } }
      - endpoint: { address: { socket_address: { address: 172.31.33.15, port_value: 80 } } }
        metadata: { filter_metadata: { envoy.lb: { stage: prod, version: "1.0", type: bigmem } } }
      - endpoint: { address: { socket_address: { address: 172.31.33.16, port_value: 80 } } }
        metadata: { filter_metadata: { envoy.lb: { stage: prod, version: "1.1", type: bigmem } } }
      - endpoint: { address: { socket_address: { address: 172.31.33.17, port_value: 80 } } }
        metadata: { filter_metadata: { envoy.lb: { stage: dev, version: "1.2-pre", type: std } } }
  health_checks:
  - { timeout: 5s, interval: 10s, unhealthy_threshold: 2, healthy_threshold: 1, http_health_check: { path: /livez } }
`;

const REQUESTS = 10_000;

interface DemoRoute {
  name: string;
  header: readonly [string, string] | null;
  action: RouteActionSpec;
}

/** Runs the subset demo, writing lines to `out`. */
export function subsetDemo(out: (line: string) => void): void {
  const doc = parseYaml(SUBSET_CONFIG_YAML) as { routes: { name: string; match: { headers?: { name: string; exact_match: string }[] }; route: unknown }[] };
  const { lb: loaded, cluster } = loadCluster(clustersOf(doc)[0], { random: new SeededRandom(2024) });
  const lb = loaded as SubsetLoadBalancer;
  const name = new Map<string, string>(cluster.hosts().map((h, i) => [h.address, `e${i + 1}`]));
  const label = (h: Host | null) => (h === null ? '(none)' : (name.get(h.address) ?? h.address));
  const routes: DemoRoute[] = doc.routes.map((r) => {
    const hdr = r.match.headers?.[0];
    return { name: r.name, header: hdr ? [hdr.name, hdr.exact_match] : null, action: parseRouteAction(r.route, `routes.${r.name}.route`) };
  });

  out(heading('Subset load balancing: webcluster1 (4 selectors, DEFAULT_SUBSET fallback)'));
  const rows: (string | number)[][] = [['#', 'subset', 'hosts']];
  lb.subsets().forEach((s, i) => rows.push([i + 1, describe(s.metadata), s.hosts.map(label).join(', ')]));
  rows.push(['-', `default: ${describe([...lb.spec.defaultSubset])}`, (lb.fallbackSubsets().default ?? []).map(label).join(', ')]);
  out(table(rows));
  out(`${lb.subsets().length} subsets (e3 is version 1.1, so {version=1.0, xlarge=true} holds e1 alone).`);

  const routeRandom = new SeededRandom(7);
  const send = (headers: Record<string, string>): { host: Host | null; criteria: MetadataMatchCriteria | null } => {
    const route = routes.find((r) => r.header === null || headers[r.header[0]] === r.header[1]) as DemoRoute;
    const criteria = route.action.weightedClusters ? route.action.weightedClusters.pick(routeRandom).metadataMatch : route.action.metadataMatch;
    return { host: lb.chooseHost({ metadataMatch: criteria }), criteria };
  };

  for (const [title, headers] of [
    ['x-custom-version: pre-release', { 'x-custom-version': 'pre-release' }],
    ['x-hardware-test: memory', { 'x-hardware-test': 'memory' }],
  ] as const) {
    const counts = new Map<string, number>();
    const first: string[] = [];
    let criteria = '';
    for (let i = 0; i < REQUESTS; i++) {
      const r = send(headers);
      const k = label(r.host);
      counts.set(k, (counts.get(k) ?? 0) + 1);
      if (i < 6) first.push(k);
      criteria = r.criteria ? describe([...r.criteria]) : '(none)';
    }
    out('');
    out(`${REQUESTS.toLocaleString('en-US')} requests with ${title} -> criteria ${criteria}`);
    out(`  first picks: ${first.join(' ')}`);
    out(`  per host: ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }

  const byHost = new Map<string, number>();
  const byVersion = new Map<string, number>();
  for (let i = 0; i < REQUESTS; i++) {
    const r = send({});
    const k = label(r.host);
    byHost.set(k, (byHost.get(k) ?? 0) + 1);
    const v = String(r.host?.metadata.get('version') ?? '(none)');
    byVersion.set(v, (byVersion.get(v) ?? 0) + 1);
  }
  out('');
  out(`${REQUESTS.toLocaleString('en-US')} requests without those headers -> weighted_clusters 90/10 on version 1.0/1.1, stage prod`);
  const v10 = byVersion.get('1.0') ?? 0;
  const v11 = byVersion.get('1.1') ?? 0;
  out(
    table([
      ['version', 'hosts', 'requests', 'share', 'configured', 'observed through Envoy'],
      ['1.0', 'e1, e2, e5', v10, pct(v10 / REQUESTS), '90%', '~9:1'],
      ['1.1', 'e3, e4, e6', v11, pct(v11 / REQUESTS), '10%', ''],
    ]),
  );
  out(`  ratio ${(v10 / Math.max(1, v11)).toFixed(2)}:1; per host: ${[...byHost].sort().map(([k, n]) => `${k} ${n}`).join(', ')}`);
  out(`  stats: lb_subsets_selected ${lb.stats.lb_subsets_selected}, lb_subsets_fallback ${lb.stats.lb_subsets_fallback}`);
}

function describe(metadata: ReadonlyArray<readonly [string, MetadataValue]>): string {
  return `{${metadata.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ')}}`;
}
