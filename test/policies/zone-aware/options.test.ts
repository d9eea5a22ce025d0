import { describe, expect, it } from 'vitest';
import { roundRobin } from '../../../src/policies/round-robin/index.js';
import { leastRequest } from '../../../src/policies/least-request/index.js';
import { loadCluster } from '../../../src/config/load.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { makeHosts, setOf } from '../round-robin/fixtures.js';

const build = (zoneAware: unknown, extra: Record<string, unknown> = {}) => () =>
  roundRobin(new PrioritySet(), { zoneAware, ...extra } as never);

describe('zoneAware options (zone_aware_lb_config): validation (exact messages)', () => {
  it('zoneAware must be an object', () => {
    expect(build(7)).toThrow('zoneAware: must be an object, got 7');
  });

  it('routingEnabled (routing_enabled) is an integer percent', () => {
    expect(build({ routingEnabled: -1 })).toThrow('zoneAware.routingEnabled: must be an integer in [0, 100], got -1');
    expect(build({ routingEnabled: 99.5 })).toThrow('zoneAware.routingEnabled: must be an integer in [0, 100], got 99.5');
  });

  it('minClusterSize (min_cluster_size) is a non-negative integer', () => {
    expect(build({ minClusterSize: -1 })).toThrow('zoneAware.minClusterSize: must be an integer in [0, 9007199254740991], got -1');
  });

  it('failTrafficOnPanic (fail_traffic_on_panic) is a boolean', () => {
    expect(build({ failTrafficOnPanic: 'true' })).toThrow('zoneAware.failTrafficOnPanic: must be a boolean, got "true"');
  });

  it('forceLocalZoneMinSize (force_local_zone.min_size) is a uint32 or null', () => {
    expect(build({ forceLocalZoneMinSize: 2 ** 32 })).toThrow('zoneAware.forceLocalZoneMinSize: must be an integer in [0, 4294967295], got 4294967296');
    expect(build({ forceLocalZoneMinSize: null })).not.toThrow();
  });

  it('localityBasis (locality_basis) is HEALTHY_HOSTS_NUM or HEALTHY_HOSTS_WEIGHT', () => {
    expect(build({ localityBasis: 'hosts' })).toThrow('zoneAware.localityBasis: must be one of HEALTHY_HOSTS_NUM, HEALTHY_HOSTS_WEIGHT, got "hosts"');
  });

  it('localPrioritySet (the local cluster) must be a PrioritySet with at most one priority', () => {
    expect(build({}, { localPrioritySet: {} })).toThrow('localPrioritySet: must be a PrioritySet or null, got {}');
    const two = new PrioritySet();
    two.updateHosts(0, makeHosts([1]));
    two.updateHosts(1, makeHosts([2]));
    expect(build({}, { localPrioritySet: two })).toThrow('localPrioritySet: the local cluster must have exactly one priority, got 2');
  });

  it('least request validates the same settings', () => {
    expect(() => leastRequest(setOf(makeHosts([80])), { zoneAware: { failTrafficOnPanic: 1 } } as never)).toThrow(
      'zoneAware.failTrafficOnPanic: must be a boolean, got 1',
    );
  });
});

describe('zone_aware_lb_config in Envoy config', () => {
  const load = (za: unknown) => () => loadCluster({ lb_policy: 'ROUND_ROBIN', common_lb_config: { zone_aware_lb_config: za } });

  it('parses every field with Envoy defaults', () => {
    const { spec } = loadCluster({ lb_policy: 'ROUND_ROBIN', common_lb_config: { zone_aware_lb_config: {} } });
    expect(spec.common.zoneAware).toEqual({
      routingEnabled: 100,
      minClusterSize: 6,
      failTrafficOnPanic: false,
      forceLocalZoneMinSize: null,
      localityBasis: 'HEALTHY_HOSTS_NUM',
    });
    const full = loadCluster({
      lb_policy: 'ROUND_ROBIN',
      common_lb_config: {
        zone_aware_lb_config: {
          routing_enabled: { value: 42.9 },
          min_cluster_size: '3',
          fail_traffic_on_panic: true,
          force_local_zone: { min_size: 2 },
          locality_basis: 'HEALTHY_HOSTS_WEIGHT',
        },
      },
    });
    // routing_enabled truncates as PROTOBUF_PERCENT_TO_ROUNDED_INTEGER_OR_DEFAULT
    expect(full.spec.common.zoneAware).toEqual({
      routingEnabled: 42,
      minClusterSize: 3,
      failTrafficOnPanic: true,
      forceLocalZoneMinSize: 2,
      localityBasis: 'HEALTHY_HOSTS_WEIGHT',
    });
  });

  it('force_locality_direct_routing: true is force_local_zone with min_size 1', () => {
    const { spec } = loadCluster({ lb_policy: 'ROUND_ROBIN', common_lb_config: { zone_aware_lb_config: { force_locality_direct_routing: true } } });
    expect(spec.common.zoneAware.forceLocalZoneMinSize).toBe(1);
  });

  it('rejects bad values with their path', () => {
    expect(load({ routing_enabled: { value: 101 } })).toThrow('common_lb_config.zone_aware_lb_config.routing_enabled.value: must be in [0, 100], got 101');
    expect(load({ min_cluster_size: -1 })).toThrow('common_lb_config.zone_aware_lb_config.min_cluster_size: must be >= 0, got -1');
    expect(load({ locality_basis: 'X' })).toThrow('common_lb_config.zone_aware_lb_config.locality_basis: must be one of HEALTHY_HOSTS_NUM, HEALTHY_HOSTS_WEIGHT, got "X"');
  });
});
