import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { clustersOf, loadCluster, nodeLocalityOf } from '../../src/config/load.js';
import { parseCluster } from '../../src/config/cluster-config.js';
import { SeededRandom } from '../../src/common/random.js';

// A front-proxy bootstrap as commonly written: STRICT_DNS names, health checks, HTTP/2 options.
const BOOTSTRAP = `
admin:
  address: { socket_address: { address: 0.0.0.0, port_value: 9901 } }
node:
  locality: { region: cn-north-1, zone: a }
static_resources:
  listeners:
  - name: listener_http
    address: { socket_address: { address: 0.0.0.0, port_value: 80 } }
  clusters:
  - name: webcluster1
    connect_timeout: 0.25s
    type: STRICT_DNS
    lb_policy: ROUND_ROBIN
    http2_protocol_options: {}
    dns_lookup_family: V4_ONLY
    load_assignment:
      cluster_name: webcluster1
      policy:
        overprovisioning_factor: 140
      endpoints:
      - locality: { region: cn-north-1 }
        priority: 0
        lb_endpoints:
        - endpoint: { address: { socket_address: { address: webservice1, port_value: 80 } } }
      - locality: { region: cn-north-2 }
        priority: 1
        lb_endpoints:
        - endpoint: { address: { socket_address: { address: webservice2, port_value: 80 } } }
    health_checks:
    - timeout: 5s
      interval: 10s
      unhealthy_threshold: 2
      healthy_threshold: 1
      http_health_check:
        path: /livez
        expected_statuses: { start: 200, end: 399 }
`;

describe('loadCluster', () => {
  it('loads a bootstrap YAML as written, reporting fields outside load balancing as ignored', () => {
    const doc = parseYaml(BOOTSTRAP);
    const [c] = clustersOf(doc);
    const loaded = loadCluster(c, { random: new SeededRandom(1) });
    expect(loaded.name).toBe('webcluster1');
    expect(loaded.spec.lbPolicy).toBe('ROUND_ROBIN');
    expect(loaded.ignoredFields).toEqual(['type', 'connect_timeout', 'health_checks', 'http2_protocol_options', 'dns_lookup_family']);
    expect(loaded.notices).toEqual([
      'load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.address: "webservice1:80" is not an IP address; used as given, without DNS resolution',
      'load_assignment.endpoints[1].lb_endpoints[0].endpoint.address.socket_address.address: "webservice2:80" is not an IP address; used as given, without DNS resolution',
    ]);
    expect(loaded.lb.chooseHost()?.address).toBe('webservice1:80');
    expect(nodeLocalityOf(doc)).toEqual({ region: 'cn-north-1', zone: 'a', subZone: '' });
  });
  it("applies Envoy's defaults: ROUND_ROBIN, panic threshold 50, factor 140, weight 1", () => {
    const spec = parseCluster({ name: 'x', load_assignment: { endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: '1.2.3.4', port_value: 1 } } } }] }] } });
    expect(spec.lbPolicy).toBe('ROUND_ROBIN');
    expect(spec.common.healthyPanicThreshold).toBe(50);
    expect(spec.common.localityWeighted).toBe(false);
    expect(spec.loadAssignment.overprovisioningFactor).toBeUndefined();
    const { cluster } = loadCluster({ name: 'x', load_assignment: { endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: '1.2.3.4', port_value: 1 } } } }] }] } });
    const set = cluster.prioritySet.hostSets[0];
    expect([set.overprovisioningFactor, set.hosts[0].weight]).toEqual([140, 1]);
  });
  it('converts Percent fields as Envoy does: max * (value / 100), truncated', () => {
    expect(parseCluster({ common_lb_config: { healthy_panic_threshold: { value: 57 } } }).common.healthyPanicThreshold).toBe(56);
    expect(parseCluster({ common_lb_config: { healthy_panic_threshold: { value: 49.9 } } }).common.healthyPanicThreshold).toBe(49);
    expect(parseCluster({ common_lb_config: { healthy_panic_threshold: {} } }).common.healthyPanicThreshold).toBe(0);
  });
  it('reads zone_aware_lb_config with its defaults and force_local_zone', () => {
    expect(parseCluster({ common_lb_config: { zone_aware_lb_config: {} } }).common.zoneAware).toEqual({
      routingEnabled: 100,
      minClusterSize: 6,
      failTrafficOnPanic: false,
      forceLocalZoneMinSize: null,
      localityBasis: 'HEALTHY_HOSTS_NUM',
    });
    expect(parseCluster({ common_lb_config: { zone_aware_lb_config: { force_local_zone: {} } } }).common.zoneAware.forceLocalZoneMinSize).toBe(1);
    expect(parseCluster({ common_lb_config: { zone_aware_lb_config: { force_locality_direct_routing: true } } }).common.zoneAware.forceLocalZoneMinSize).toBe(1);
    expect(parseCluster({ common_lb_config: { zone_aware_lb_config: { min_cluster_size: '3', routing_enabled: { value: 50 } } } }).common.zoneAware).toMatchObject({
      minClusterSize: 3,
      routingEnabled: 50,
    });
  });
  it('passes cleanup_interval to the policy in milliseconds', () => {
    expect(parseCluster({ lb_policy: 'CLUSTER_PROVIDED', cleanup_interval: '2.5s' }).common.cleanupIntervalMs).toBe(2500);
  });
  it('treats a field set to undefined (objects built in code) as absent', () => {
    expect(parseCluster({ name: 'x', lb_policy: undefined, common_lb_config: { healthy_panic_threshold: undefined } }).lbPolicy).toBe('ROUND_ROBIN');
  });
  it('accepts lb_policy by enum number', () => {
    expect(parseCluster({ lb_policy: 3 }).lbPolicy).toBe('RANDOM');
  });
  it('ignores another policy\'s lb_config, as Envoy does, and reports it', () => {
    const spec = parseCluster({ lb_policy: 'RANDOM', round_robin_lb_config: {} });
    expect(spec.ignoredFields).toContain('round_robin_lb_config');
  });
  it('keeps __proto__ and constructor metadata keys as data', () => {
    const json = JSON.parse(
      '{"load_assignment":{"endpoints":[{"lb_endpoints":[{"endpoint":{"address":{"socket_address":{"address":"1.2.3.4","port_value":1}}},"metadata":{"filter_metadata":{"envoy.lb":{"__proto__":"v","constructor":"c"}}}}]}]}}',
    );
    const { cluster } = loadCluster(json);
    const md = cluster.prioritySet.hostSets[0].hosts[0].metadata;
    expect([md.get('__proto__'), md.get('constructor')]).toEqual(['v', 'c']);
  });
  it('uses node.locality to put local hosts first and feeds a local cluster for zone-aware routing', () => {
    const up = {
      common_lb_config: { zone_aware_lb_config: { min_cluster_size: 2 } },
      load_assignment: {
        endpoints: ['A', 'B'].map((z, i) => ({
          locality: { zone: z },
          lb_endpoints: [{ endpoint: { address: { socket_address: { address: `10.0.0.${i}`, port_value: 80 } } } }],
        })),
      },
    };
    const local = { endpoints: ['A', 'B'].map((z, i) => ({ locality: { zone: z }, lb_endpoints: [{ endpoint: { address: { socket_address: { address: `10.1.0.${i}`, port_value: 80 } } } }] })) };
    const loaded = loadCluster(up, { node: { locality: { zone: 'B' } }, localCluster: local, random: new SeededRandom(3) });
    expect(loaded.cluster.prioritySet.hostSets[0].hostsPerLocality.localities[0].zone).toBe('B');
    expect(loaded.localCluster?.prioritySet.hostSets[0].hostsPerLocality.hasLocalLocality).toBe(true);
    for (let i = 0; i < 5; i++) expect(loaded.lb.chooseHost()?.locality.zone).toBe('B');
    expect(loaded.lb.stats.lb_zone_routing_all_directly).toBe(5);
  });
});

describe('clustersOf', () => {
  it('finds clusters in a bootstrap, a CDS response, a list or a single cluster', () => {
    expect(clustersOf({ static_resources: { clusters: [1, 2] } })).toEqual([1, 2]);
    expect(clustersOf({ resources: [3] })).toEqual([3]);
    expect(clustersOf({ clusters: [4] })).toEqual([4]);
    expect(clustersOf([5])).toEqual([5]);
    expect(clustersOf({ name: 'x' })).toEqual([{ name: 'x' }]);
  });
});
