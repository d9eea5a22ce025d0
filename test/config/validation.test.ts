import { describe, expect, it } from 'vitest';
import { parseCluster } from '../../src/config/cluster-config.js';
import { ConfigError, UnsupportedConfigError } from '../../src/errors.js';

const sa = (address: string, port_value: unknown = 80) => ({ endpoint: { address: { socket_address: { address, port_value } } } });
const cluster = (extra: Record<string, unknown> = {}, endpoints: unknown[] = [{ lb_endpoints: [sa('10.0.0.1')] }]) => ({
  name: 'c',
  load_assignment: { cluster_name: 'c', endpoints },
  ...extra,
});

/** [description, config, exact message] */
const cases: Array<[string, unknown, string]> = [
  ['endpoint weight 0', cluster({}, [{ lb_endpoints: [{ ...sa('10.0.0.1'), load_balancing_weight: 0 }] }]), 'load_assignment.endpoints[0].lb_endpoints[0].load_balancing_weight: must be >= 1, got 0'],
  [
    'second locality\'s endpoint weight 0',
    cluster({}, [{ lb_endpoints: [sa('10.0.0.1')] }, { lb_endpoints: [{ ...sa('10.0.0.2'), load_balancing_weight: 0 }] }]),
    'load_assignment.endpoints[1].lb_endpoints[0].load_balancing_weight: must be >= 1, got 0',
  ],
  ['endpoint weight above uint32', cluster({}, [{ lb_endpoints: [{ ...sa('10.0.0.1'), load_balancing_weight: 4294967296 }] }]), 'load_assignment.endpoints[0].lb_endpoints[0].load_balancing_weight: must be <= 4294967295, got 4294967296'],
  ['fractional weight', cluster({}, [{ lb_endpoints: [{ ...sa('10.0.0.1'), load_balancing_weight: 1.5 }] }]), 'load_assignment.endpoints[0].lb_endpoints[0].load_balancing_weight: must be an integer, got 1.5'],
  [
    'endpoint weights of a locality above uint32',
    cluster({}, [{ lb_endpoints: [{ ...sa('10.0.0.1'), load_balancing_weight: 4294967295 }, { ...sa('10.0.0.2'), load_balancing_weight: 1 }] }]),
    'load_assignment.endpoints[0].lb_endpoints[1].load_balancing_weight: makes the endpoint weights of the locality sum above 4294967295, got 1',
  ],
  ['locality weight 0', cluster({}, [{ load_balancing_weight: 0, lb_endpoints: [sa('10.0.0.1')] }]), 'load_assignment.endpoints[0].load_balancing_weight: must be >= 1, got 0'],
  [
    'locality weights of a priority above uint32',
    cluster({}, [
      { locality: { zone: 'a' }, load_balancing_weight: 4294967295, lb_endpoints: [sa('10.0.0.1')] },
      { locality: { zone: 'b' }, load_balancing_weight: 2, lb_endpoints: [sa('10.0.0.2')] },
    ]),
    'load_assignment.endpoints[1].load_balancing_weight: makes the locality weights of priority 0 sum above 4294967295, got 2',
  ],
  ['priority above 128', cluster({}, [{ priority: 129, lb_endpoints: [sa('10.0.0.1')] }]), 'load_assignment.endpoints[0].priority: must be <= 128, got 129'],
  ['negative priority', cluster({}, [{ priority: -1, lb_endpoints: [sa('10.0.0.1')] }]), 'load_assignment.endpoints[0].priority: must be >= 0, got -1'],
  ['overprovisioning factor 0', cluster({ load_assignment: { endpoints: [], policy: { overprovisioning_factor: 0 } } }), 'load_assignment.policy.overprovisioning_factor: must be >= 1, got 0'],
  ['port out of range', cluster({}, [{ lb_endpoints: [sa('10.0.0.1', 65536)] }]), 'load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port_value: must be <= 65535, got 65536'],
  ['missing port', cluster({}, [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: '10.0.0.1' } } } }] }]), 'load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port_value: is required, got undefined'],
  ['missing endpoint', cluster({}, [{ lb_endpoints: [{ health_status: 'HEALTHY' }] }]), 'load_assignment.endpoints[0].lb_endpoints[0].endpoint: is required, got undefined'],
  ['named port', cluster({}, [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: 'x', named_port: 'http' } } } }] }]), 'load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.named_port: cannot be resolved without DNS SRV; use port_value, got "http"'],
  ['pipe address', cluster({}, [{ lb_endpoints: [{ endpoint: { address: { pipe: { path: '/tmp/s' } } } }] }]), 'load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.pipe: is not supported by upstream-lb, got {"path":"/tmp/s"}'],
  ['bad health status', cluster({}, [{ lb_endpoints: [{ ...sa('10.0.0.1'), health_status: 'SICK' }] }]), 'load_assignment.endpoints[0].lb_endpoints[0].health_status: must be one of UNKNOWN, HEALTHY, UNHEALTHY, DRAINING, TIMEOUT, DEGRADED, got "SICK"'],
  ['envoy.lb not an object', cluster({}, [{ lb_endpoints: [{ ...sa('10.0.0.1'), metadata: { filter_metadata: { 'envoy.lb': 3 } } }] }]), 'load_assignment.endpoints[0].lb_endpoints[0].metadata.filter_metadata["envoy.lb"]: must be an object, got 3'],
  ['unknown endpoint field', cluster({}, [{ lb_endpoints: [{ ...sa('10.0.0.1'), wieght: 3 }] }]), 'load_assignment.endpoints[0].lb_endpoints[0].wieght: is not a known field here, got 3'],
  ['lb_endpoints not a list', cluster({}, [{ lb_endpoints: {} }]), 'load_assignment.endpoints[0].lb_endpoints: must be a list, got {}'],
  ['unknown lb_policy', cluster({ lb_policy: 'FASTEST' }), 'lb_policy: must be one of ROUND_ROBIN, LEAST_REQUEST, RING_HASH, RANDOM, MAGLEV, CLUSTER_PROVIDED, got "FASTEST"'],
  ['typed load_balancing_policy', cluster({ load_balancing_policy: { policies: [] } }), 'load_balancing_policy: typed load_balancing_policy is not supported; use lb_policy, got {"policies":[]}'],
  ['panic threshold above 100', cluster({ common_lb_config: { healthy_panic_threshold: { value: 120 } } }), 'common_lb_config.healthy_panic_threshold.value: must be in [0, 100], got 120'],
  ['panic threshold not a number', cluster({ common_lb_config: { healthy_panic_threshold: { value: 'x' } } }), 'common_lb_config.healthy_panic_threshold.value: must be a number, got "x"'],
  [
    'zone-aware and locality-weighted together',
    cluster({ common_lb_config: { zone_aware_lb_config: {}, locality_weighted_lb_config: {} } }),
    'common_lb_config.locality_weighted_lb_config: cannot be set together with zone_aware_lb_config (locality_config_specifier is a oneof), got {}',
  ],
  ['routing_enabled above 100', cluster({ common_lb_config: { zone_aware_lb_config: { routing_enabled: { value: 101 } } } }), 'common_lb_config.zone_aware_lb_config.routing_enabled.value: must be in [0, 100], got 101'],
  ['min_cluster_size negative', cluster({ common_lb_config: { zone_aware_lb_config: { min_cluster_size: -1 } } }), 'common_lb_config.zone_aware_lb_config.min_cluster_size: must be >= 0, got -1'],
  ['hash_balance_factor below 100', cluster({ common_lb_config: { consistent_hashing_lb_config: { hash_balance_factor: 99 } } }), 'common_lb_config.consistent_hashing_lb_config.hash_balance_factor: must be >= 100, got 99'],
  ['unknown common_lb_config field', cluster({ common_lb_config: { panic: 1 } }), 'common_lb_config.panic: is not a known field here, got 1'],
  ['two lb_config fields', cluster({ round_robin_lb_config: {}, maglev_lb_config: {} }), 'maglev_lb_config: cannot be set together with round_robin_lb_config (one lb_config only), got {}'],
  ['bad slow start window', cluster({ round_robin_lb_config: { slow_start_config: { slow_start_window: '10 seconds' } } }), 'round_robin_lb_config.slow_start_config.slow_start_window: must be a duration such as "1.5s", got "10 seconds"'],
  ['negative slow start window', cluster({ round_robin_lb_config: { slow_start_config: { slow_start_window: '-1s' } } }), 'round_robin_lb_config.slow_start_config.slow_start_window: must not be negative, got "-1s"'],
  ['min_weight_percent above 100', cluster({ round_robin_lb_config: { slow_start_config: { min_weight_percent: { value: 150 } } } }), 'round_robin_lb_config.slow_start_config.min_weight_percent.value: must be in [0, 100], got 150'],
  ['unknown top-level field', cluster({ conect_timeout: '1s' }), 'conect_timeout: is not a known field here, got "1s"'],
  ['legacy hosts list', cluster({ hosts: [] }), 'hosts: is not supported by upstream-lb, got []'],
  ['override_host_status', cluster({ common_lb_config: { override_host_status: { statuses: [1] } } }), 'common_lb_config.override_host_status: is not supported by upstream-lb, got {"statuses":[1]}'],
  ['cluster not an object', 7, '(root): must be an object, got 7'],
  ['cleanup_interval of 0', cluster({ cleanup_interval: '0s' }), 'cleanup_interval: must be > 0, got "0s"'],
  ['cleanup_interval malformed', cluster({ cleanup_interval: 5 }), 'cleanup_interval: must be a duration such as "1.5s", got 5'],
];

describe('config validation: every rule names the field path and the value', () => {
  it.each(cases)('%s', (_desc, config, message) => {
    let error: unknown;
    try {
      parseCluster(config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(message);
    expect(error instanceof ConfigError || error instanceof UnsupportedConfigError).toBe(true);
  });
});
