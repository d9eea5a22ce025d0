/**
 * Envoy v3 `config.cluster.v3.Cluster` → a validated {@link ClusterSpec}: the load balancing policy
 * and its settings with Envoy's defaults, and the load assignment. Fields that do not affect load
 * balancing are accepted and listed in {@link ClusterSpec.ignoredFields}; unknown fields and
 * load-balancing settings the library does not implement raise typed errors.
 */
import type { LoadAssignmentInit } from '../cluster/cluster.js';
import { ConfigError, UnsupportedConfigError } from '../errors.js';
import type { ZoneAwareOptions } from '../lb/zone-aware.js';
import { DEFAULT_HEALTHY_PANIC_THRESHOLD } from '../common/priority.js';
import { parseLoadAssignment } from './load-assignment.js';
import { type CommonLbSpec, LB_POLICY_ENUM, type LbPolicyName, type PolicyDefinition } from './policy.js';
import { Reader, ReadLog } from './reader.js';
import { POLICIES } from './policies.js';
import { parseSubsetConfig, type SubsetSpec } from '../policies/subset/config.js';

/** A validated cluster. */
export interface ClusterSpec {
  /** `name`. */
  readonly name: string;
  /** `lb_policy`. */
  readonly lbPolicy: LbPolicyName;
  /** Common settings. */
  readonly common: CommonLbSpec;
  /** The policy definition for `lb_policy`. */
  readonly policy: PolicyDefinition<unknown>;
  /** The policy's parsed settings. */
  readonly policySpec: unknown;
  /** Parsed `lb_subset_config`, or null when subsetting is off. */
  readonly subset: SubsetSpec | null;
  /** The endpoints (`load_assignment`). */
  readonly loadAssignment: LoadAssignmentInit;
  /** Paths of accepted fields that do not affect load balancing. */
  readonly ignoredFields: readonly string[];
  /** Remarks, e.g. endpoint names used without DNS resolution. */
  readonly notices: readonly string[];
}

/** `Cluster` fields outside load balancing: accepted and reported as ignored. */
const NON_LB_CLUSTER_FIELDS = [
  'transport_socket_matches',
  'alt_stat_name',
  'type',
  'cluster_type',
  'eds_cluster_config',
  'connect_timeout',
  'per_connection_buffer_limit_bytes',
  'health_checks',
  'max_requests_per_connection',
  'circuit_breakers',
  'upstream_http_protocol_options',
  'common_http_protocol_options',
  'http_protocol_options',
  'http2_protocol_options',
  'typed_extension_protocol_options',
  'extension_protocol_options',
  'dns_refresh_rate',
  'dns_jitter',
  'dns_failure_refresh_rate',
  'respect_dns_ttl',
  'dns_lookup_family',
  'dns_resolvers',
  'use_tcp_for_dns_lookups',
  'dns_resolution_config',
  'typed_dns_resolver_config',
  'wait_for_warm_on_init',
  'outlier_detection',
  'upstream_bind_config',
  'transport_socket',
  'tls_context',
  'metadata',
  'protocol_selection',
  'upstream_connection_options',
  'close_connections_on_host_health_failure',
  'ignore_health_on_host_removal',
  'filters',
  'lrs_server',
  'track_timeout_budgets',
  'upstream_config',
  'track_cluster_stats',
  'preconnect_policy',
  'connection_pool_per_downstream_connection',
];

const LB_CONFIG_FIELDS = ['round_robin_lb_config', 'least_request_lb_config', 'ring_hash_lb_config', 'maglev_lb_config', 'original_dst_lb_config'];

/** Parses a `Cluster` (JSON object as Envoy's loader reads JSON or YAML). */
export function parseCluster(json: unknown, path = ''): ClusterSpec {
  const log = new ReadLog();
  const r = new Reader(json, path, log);
  const name = r.string('name', '');
  const lbPolicyRaw = r.raw('lb_policy') ?? 'ROUND_ROBIN';
  let lbPolicy: string;
  if (typeof lbPolicyRaw === 'number' && Number.isInteger(lbPolicyRaw) && lbPolicyRaw >= 0 && lbPolicyRaw < LB_POLICY_ENUM.length) {
    lbPolicy = LB_POLICY_ENUM[lbPolicyRaw];
  } else if (typeof lbPolicyRaw === 'string') {
    lbPolicy = lbPolicyRaw === 'ORIGINAL_DST_LB' ? 'CLUSTER_PROVIDED' : lbPolicyRaw;
  } else {
    throw new ConfigError(r.at('lb_policy'), lbPolicyRaw, `must be one of ${LB_POLICY_ENUM.join(', ')}`);
  }
  if (lbPolicy === 'LOAD_BALANCING_POLICY_CONFIG' || r.has('load_balancing_policy')) {
    throw new UnsupportedConfigError(r.at('load_balancing_policy'), r.raw('load_balancing_policy') ?? lbPolicy, 'typed load_balancing_policy is not supported; use lb_policy');
  }
  if (!LB_POLICY_ENUM.includes(lbPolicy)) {
    throw new ConfigError(r.at('lb_policy'), lbPolicyRaw, `must be one of ${LB_POLICY_ENUM.slice(0, 6).join(', ')}`);
  }
  const policy = POLICIES[lbPolicy as Exclude<LbPolicyName, 'LOAD_BALANCING_POLICY_CONFIG'>] as PolicyDefinition<unknown>;

  const common = parseCommonLbConfig(r.message('common_lb_config'));

  // At most one of the lb_config oneof may be set; Envoy ignores one that belongs to another policy.
  const present = LB_CONFIG_FIELDS.filter((f) => r.has(f));
  if (present.length > 1) {
    throw new ConfigError(r.at(present[1]), r.obj[present[1]], `cannot be set together with ${present[0]} (one lb_config only)`);
  }
  let policyConfig: Reader | undefined;
  for (const f of present) {
    if (f === policy.configField) policyConfig = r.message(f);
    else r.ignore(f);
  }
  const policySpec = policy.parse(policyConfig, common);
  const subset = parseSubsetConfig(r.message('lb_subset_config'));
  const cleanupIntervalMs = r.durationMs('cleanup_interval');
  if (cleanupIntervalMs !== undefined) {
    if (cleanupIntervalMs <= 0) throw new ConfigError(r.at('cleanup_interval'), r.obj.cleanup_interval, 'must be > 0');
    common.cleanupIntervalMs = cleanupIntervalMs;
  }

  const la = r.raw('load_assignment');
  const loadAssignment = la === undefined ? { endpoints: [] } : parseLoadAssignment(la, r.at('load_assignment'), log);
  r.unsupported('hosts');
  r.ignore(...NON_LB_CLUSTER_FIELDS);
  r.done();
  return {
    name,
    lbPolicy: lbPolicy as LbPolicyName,
    common,
    policy,
    policySpec,
    subset,
    loadAssignment,
    ignoredFields: log.ignored,
    notices: log.notices,
  };
}

/** Parses `common_lb_config` with Envoy's defaults. */
export function parseCommonLbConfig(r: Reader | undefined): CommonLbSpec {
  const spec: CommonLbSpec = {
    healthyPanicThreshold: DEFAULT_HEALTHY_PANIC_THRESHOLD,
    localityWeighted: false,
    zoneAware: {},
    useHostnameForHashing: false,
    hashBalanceFactor: 0,
    hashPolicy: null,
  };
  if (!r) return spec;
  spec.healthyPanicThreshold = r.percentToInteger('healthy_panic_threshold', 100, DEFAULT_HEALTHY_PANIC_THRESHOLD);
  const za = r.message('zone_aware_lb_config');
  const lw = r.message('locality_weighted_lb_config');
  if (za && lw) throw new ConfigError(lw.path, lw.obj, 'cannot be set together with zone_aware_lb_config (locality_config_specifier is a oneof)');
  if (za) spec.zoneAware = parseZoneAwareConfig(za);
  if (lw) {
    lw.done();
    spec.localityWeighted = true;
  }
  const ch = r.message('consistent_hashing_lb_config');
  if (ch) {
    spec.useHostnameForHashing = ch.bool('use_hostname_for_hashing', false);
    const factor = ch.integer('hash_balance_factor', 0, 4_294_967_295) ?? 0;
    if (factor !== 0 && factor < 100) throw new ConfigError(ch.at('hash_balance_factor'), factor, 'must be >= 100');
    spec.hashBalanceFactor = factor;
    const hp = ch.raw('hash_policy');
    if (hp !== undefined) {
      if (!Array.isArray(hp)) throw new ConfigError(ch.at('hash_policy'), hp, 'must be a list');
      spec.hashPolicy = hp;
    }
    ch.done();
  }
  r.ignore('update_merge_window', 'ignore_new_hosts_until_first_hc', 'close_connections_on_host_set_change');
  r.unsupported('override_host_status');
  r.done();
  return spec;
}

/** Parses a `ZoneAwareLbConfig`. */
export function parseZoneAwareConfig(r: Reader): ZoneAwareOptions {
  const routingEnabled = r.percentToInteger('routing_enabled', 100, 100);
  const minClusterSize = r.integer('min_cluster_size', 0, Number.MAX_SAFE_INTEGER) ?? 6;
  const failTrafficOnPanic = r.bool('fail_traffic_on_panic', false);
  const forceDirect = r.bool('force_locality_direct_routing', false);
  let forceLocalZoneMinSize: number | null = null;
  const flz = r.message('force_local_zone');
  if (flz) {
    forceLocalZoneMinSize = flz.integer('min_size', 0, 4_294_967_295) ?? 1;
    flz.done();
  } else if (forceDirect) {
    forceLocalZoneMinSize = 1;
  }
  const localityBasis = r.enumValue('locality_basis', ['HEALTHY_HOSTS_NUM', 'HEALTHY_HOSTS_WEIGHT'] as const, 'HEALTHY_HOSTS_NUM');
  r.done();
  return { routingEnabled, minClusterSize, failTrafficOnPanic, forceLocalZoneMinSize, localityBasis };
}
