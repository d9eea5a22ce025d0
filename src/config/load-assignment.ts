/**
 * `config.endpoint.v3.ClusterLoadAssignment` → {@link LoadAssignmentInit}, validated with Envoy's
 * rules (weights >= 1, priority <= 128, overprovisioning factor > 0, weight sums within uint32).
 */
import type { LoadAssignmentInit, LocalityEndpointsInit, EndpointInit } from '../cluster/cluster.js';
import { EDS_HEALTH_STATUSES, type EdsHealthStatus, MAX_HOST_WEIGHT } from '../host/host.js';
import { formatSocketAddress, isIpv4 } from '../host/address.js';
import { ConfigError } from '../errors.js';
import { MAX_PRIORITY } from '../cluster/priority-set.js';
import { Reader, ReadLog, isObject } from './reader.js';

/** Parses a `ClusterLoadAssignment`. `path` prefixes error paths (e.g. `load_assignment`). */
export function parseLoadAssignment(json: unknown, path = 'load_assignment', log = new ReadLog()): LoadAssignmentInit {
  const r = new Reader(json, path, log);
  r.string('cluster_name');
  r.ignore('named_endpoints');
  let overprovisioningFactor: number | undefined;
  let weightedPriorityHealth = false;
  const policy = r.message('policy');
  if (policy) {
    overprovisioningFactor = policy.integer('overprovisioning_factor', 1, MAX_HOST_WEIGHT);
    weightedPriorityHealth = policy.bool('weighted_priority_health', false);
    policy.ignore('drop_overloads', 'endpoint_stale_after', 'disable_overprovisioning');
    policy.done();
  }
  const endpoints: LocalityEndpointsInit[] = [];
  const localityWeightSums = new Map<number, number>();
  for (const le of r.messages('endpoints')) {
    const loc = le.message('locality');
    let locality: LocalityEndpointsInit['locality'] = {};
    if (loc) {
      locality = { region: loc.string('region', ''), zone: loc.string('zone', ''), subZone: loc.string('sub_zone', '') };
      loc.done();
    }
    const priority = le.integer('priority', 0, MAX_PRIORITY) ?? 0;
    const weight = le.integer('load_balancing_weight', 1, MAX_HOST_WEIGHT) ?? null;
    if (weight !== null) {
      const sum = (localityWeightSums.get(priority) ?? 0) + weight;
      if (sum > MAX_HOST_WEIGHT) {
        throw new ConfigError(le.at('load_balancing_weight'), weight, `makes the locality weights of priority ${priority} sum above ${MAX_HOST_WEIGHT}`);
      }
      localityWeightSums.set(priority, sum);
    }
    le.ignore('metadata', 'proxy');
    le.unsupported('leds_cluster_locality_config');
    const eps: EndpointInit[] = [];
    let endpointWeightSum = 0;
    for (const lb of le.messages('lb_endpoints')) {
      const ep = parseLbEndpoint(lb);
      endpointWeightSum += ep.weight ?? 1;
      if (endpointWeightSum > MAX_HOST_WEIGHT) {
        throw new ConfigError(lb.at('load_balancing_weight'), ep.weight, `makes the endpoint weights of the locality sum above ${MAX_HOST_WEIGHT}`);
      }
      if (!isIpAddress(ep.address)) {
        log.notices.push(`${lb.at('endpoint.address.socket_address.address')}: "${ep.address}" is not an IP address; used as given, without DNS resolution`);
      }
      eps.push(ep);
    }
    le.done();
    endpoints.push({ locality, priority, weight, endpoints: eps });
  }
  r.done();
  return { endpoints, overprovisioningFactor, weightedPriorityHealth };
}

function isIpAddress(address: string): boolean {
  if (address.startsWith('[')) return true;
  const colon = address.lastIndexOf(':');
  return isIpv4(colon >= 0 ? address.slice(0, colon) : address);
}

function parseLbEndpoint(r: Reader): EndpointInit {
  const ep = r.message('endpoint');
  if (!ep) throw new ConfigError(r.at('endpoint'), undefined, 'is required');
  const addr = ep.message('address');
  if (!addr) throw new ConfigError(ep.at('address'), undefined, 'is required');
  const sa = addr.message('socket_address');
  if (!sa) {
    addr.unsupported('pipe', 'envoy_internal_address');
    throw new ConfigError(addr.at('socket_address'), undefined, 'is required');
  }
  const host = sa.string('address');
  if (host === undefined) throw new ConfigError(sa.at('address'), undefined, 'is required');
  if (sa.has('named_port')) {
    throw new ConfigError(sa.at('named_port'), sa.raw('named_port'), 'cannot be resolved without DNS SRV; use port_value');
  }
  const port = sa.integer('port_value', 0, 65_535);
  if (port === undefined) throw new ConfigError(sa.at('port_value'), undefined, 'is required');
  sa.ignore('protocol', 'resolver_name', 'ipv4_compat', 'network_namespace_filepath');
  sa.done();
  addr.done();
  const hostname = ep.string('hostname', '');
  ep.ignore('health_check_config', 'additional_addresses');
  ep.done();
  const address = formatSocketAddress(host, port, sa.path);

  const status = r.enumValue<EdsHealthStatus>('health_status', EDS_HEALTH_STATUSES, 'UNKNOWN');
  const weight = r.integer('load_balancing_weight', 1, MAX_HOST_WEIGHT);
  let metadata: Record<string, unknown> | null = null;
  const md = r.message('metadata');
  if (md) {
    const fm = md.raw('filter_metadata');
    if (fm !== undefined) {
      if (!isObject(fm)) throw new ConfigError(md.at('filter_metadata'), fm, 'must be an object');
      const lb = fm['envoy.lb'];
      if (lb !== undefined && lb !== null) {
        if (!isObject(lb)) throw new ConfigError(`${md.at('filter_metadata')}["envoy.lb"]`, lb, 'must be an object');
        metadata = { ...lb };
      }
    }
    md.ignore('typed_filter_metadata');
    md.done();
  }
  r.ignore('endpoint_name');
  r.done();
  return { address, hostname, healthStatus: status === 'UNKNOWN' ? 'HEALTHY' : status, weight, metadata };
}
