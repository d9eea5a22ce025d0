/**
 * Demo section `ring-hash`: session affinity with Envoy's ring hash, computed by the library from
 * the Envoy config below. Requests are hashed by the routes' `hash_policy` (the source IP, or the
 * `User-Agent` header) and the hash reaches the load balancer as the context's hash key, as
 * Envoy's router passes it; a host failing its health checks gives its keys to other hosts.
 */
import { parse as parseYaml } from 'yaml';
import { clustersOf, loadCluster } from '../config/load.js';
import { ScriptedRandom } from '../common/random.js';
import { HashPolicy, type HashRequest } from '../hash/policy.js';
import type { Host } from '../host/host.js';
import type { LoadBalancer } from '../lb/load-balancer.js';
import { type Ring, RingHashLoadBalancer } from '../policies/ring-hash/ring-hash.js';
import { heading, pct, table } from './format.js';

/** The ring hash cluster of the demo, in Envoy's YAML, for `hosts` endpoints 10.0.0.1, 10.0.0.2, ... */
export function ringHashClusterYaml(hosts: number): string {
  const endpoints = Array.from(
    { length: hosts },
    (_, i) => `      - endpoint: { address: { socket_address: { address: 10.0.${(i + 1) >> 8}.${(i + 1) & 255}, port_value: 8080 } } }`,
  ).join('\n');
  return `
clusters:
- name: sticky_backend
  connect_timeout: 0.25s
  type: STATIC
  lb_policy: RING_HASH
  ring_hash_lb_config:
    minimum_ring_size: 1024
    hash_function: XX_HASH
  load_assignment:
    cluster_name: sticky_backend
    endpoints:
    - lb_endpoints:
${endpoints}
  health_checks:
  - timeout: 1s
    interval: 5s
    unhealthy_threshold: 2
    healthy_threshold: 1
    http_health_check: { path: /healthz }
`;
}

/** The two routes of the demo: affinity by source IP, and by `User-Agent`. */
export const RING_HASH_ROUTES_YAML = `
- match: { prefix: /api }
  route:
    cluster: sticky_backend
    hash_policy:
    - connection_properties: { source_ip: true }
- match: { prefix: /web }
  route:
    cluster: sticky_backend
    hash_policy:
    - header: { header_name: user-agent }
`;

const KEYS = 10_000;

interface RouteYaml {
  route: { hash_policy: unknown[] };
}
const [BY_SOURCE_IP, BY_USER_AGENT] = (parseYaml(RING_HASH_ROUTES_YAML) as RouteYaml[]).map((r) =>
  HashPolicy.fromConfig(r.route.hash_policy, 'route.hash_policy'),
);

function load(hosts: number): { lb: RingHashLoadBalancer; setHealth: (address: string, healthy: boolean) => void } {
  const { lb, cluster } = loadCluster(clustersOf(parseYaml(ringHashClusterYaml(hosts)))[0], { random: new ScriptedRandom() });
  return {
    lb: lb as RingHashLoadBalancer,
    setHealth: (address, healthy) => cluster.setHealthStatus(address, healthy ? 'HEALTHY' : 'UNHEALTHY'),
  };
}

/** The router's part: the route's hash policy gives the hash the load balancer sees. */
function pick(lb: LoadBalancer, policy: HashPolicy, request: HashRequest): Host {
  return lb.chooseHost({ hashKey: policy.hash(request) }) as Host;
}
const byIp = (lb: LoadBalancer, ip: string) => pick(lb, BY_SOURCE_IP, { sourceAddress: `${ip}:40000` });
const byAgent = (lb: LoadBalancer, ua: string) => pick(lb, BY_USER_AGENT, { headers: [['user-agent', ua]] });

/** Fails `victim` and reports how the keys moved, against the ring before the failure. */
function failover(
  out: (line: string) => void,
  lb: RingHashLoadBalancer,
  setHealth: (address: string, healthy: boolean) => void,
  victim: string,
): void {
  const keys = Array.from({ length: KEYS }, (_, i) => `192.168.${i >> 8}.${i & 255}`);
  const before = keys.map((k) => byIp(lb, k));
  const oldRing = lb.tableOf(0) as Ring;
  const oldEntries = oldRing.entries();
  const entriesBefore = oldRing.length;
  setHealth(victim, false);
  const after = keys.map((k) => byIp(lb, k));
  const newRing = lb.tableOf(0) as Ring;
  let fromVictim = 0;
  let toNextOnRing = 0;
  let betweenHealthy = 0;
  keys.forEach((k, i) => {
    if (before[i].address === victim) {
      fromVictim++;
      const h = BY_SOURCE_IP.hash({ sourceAddress: k }) as bigint;
      let e = oldRing.entryIndex(Uint32Array.of(Number(h >> 32n), Number(h & 0xffff_ffffn)), 0);
      while (oldEntries[e][0].address === victim) e = (e + 1) % oldEntries.length;
      if (oldEntries[e][0] === after[i]) toNextOnRing++;
    } else if (after[i] !== before[i]) {
      betweenHealthy++;
    }
  });
  const hostCount = oldRing.hosts.length;
  out(
    `${victim} fails its health checks (${hostCount} hosts -> ${hostCount - 1}): the ring goes from ` +
      `${entriesBefore} entries (${oldRing.minHashesPerHost}..${oldRing.maxHashesPerHost} per host) to ` +
      `${newRing.length} (${newRing.minHashesPerHost}..${newRing.maxHashesPerHost} per host).`,
  );
  out(
    table([
      ['of 10,000 source IPs', 'keys', 'share'],
      [`were on ${victim}, moved`, fromVictim, pct(fromVictim / KEYS)],
      ['  of which to the next host on the old ring', toNextOnRing, pct(toNextOnRing / KEYS)],
      ['were on a healthy host, moved anyway', betweenHealthy, pct(betweenHealthy / KEYS)],
      ['did not move', KEYS - fromVictim - betweenHealthy, pct((KEYS - fromVictim - betweenHealthy) / KEYS)],
    ]),
  );
}

/** Runs the `ring-hash` demo, writing lines to `out`. */
export function ringHashDemo(out: (line: string) => void): void {
  out(heading('Ring hash: sticky_backend (4 hosts, minimum_ring_size 1024)'));
  out('Routes (the hash policy of the matched route computes the request hash):');
  for (const line of RING_HASH_ROUTES_YAML.trim().split('\n')) out(`  ${line}`);
  const { lb, setHealth } = load(4);
  out(`Ring: ${lb.stats.size} entries, ${lb.stats.min_hashes_per_host}..${lb.stats.max_hashes_per_host} per host.`);

  out('');
  out('Hash on the source IP: each client lands on one host, every time.');
  const ips = ['203.0.113.7', '203.0.113.8', '198.51.100.23', '192.0.2.44', '192.0.2.45', '100.64.1.9'];
  const ipRows: (string | number)[][] = [['source IP', 'request hash (xxHash64 of the IP)', 'pick 1', 'pick 2', 'pick 3']];
  for (const ip of ips) {
    ipRows.push([ip, String(BY_SOURCE_IP.hash({ sourceAddress: ip })), byIp(lb, ip).address, byIp(lb, ip).address, byIp(lb, ip).address]);
  }
  out(table(ipRows));

  out('');
  out('Hash on User-Agent: the same client always lands on the same host.');
  const agents = [
    'curl/8.5.0',
    'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
    'Go-http-client/2.0',
    'python-requests/2.31.0',
    'okhttp/4.12.0',
  ];
  const uaRows: (string | number)[][] = [['User-Agent', 'host', 'again', 'again']];
  for (const ua of agents) uaRows.push([ua.length > 40 ? `${ua.slice(0, 37)}...` : ua, byAgent(lb, ua).address, byAgent(lb, ua).address, byAgent(lb, ua).address]);
  out(table(uaRows));

  out('');
  const victim = byAgent(lb, agents[0]).address;
  failover(out, lb, setHealth, victim);
  const during = byAgent(lb, agents[0]).address;
  setHealth(victim, true);
  out(`While ${victim} is down "${agents[0]}" lands on ${during}; healthy again, it is back on ${byAgent(lb, agents[0]).address}.`);
  out('With 4 hosts the rebuilt ring is not the old ring minus the failed host: Envoy gives the');
  out('lightest host ceil(minimum_ring_size * weight) entries, 256 of 1,024 for 4 hosts but 342 of');
  out('1,026 for 3, and the new entries take keys from their neighbours.');

  out('');
  out('The same cluster with 42 hosts keeps 25 entries per host when one fails, so only the failed');
  out("host's keys move (the fixed-entries-per-host ketama property):");
  const big = load(42);
  failover(out, big.lb, big.setHealth, '10.0.0.17:8080');
}
