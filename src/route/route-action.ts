/**
 * The load-balancing part of an Envoy v3 `config.route.v3.RouteAction`: the cluster specifier
 * (`cluster`, `cluster_header` or `weighted_clusters`) and `metadata_match`, validated with
 * Envoy's rules and typed errors naming the field path.
 */
import { ConfigError, UnsupportedConfigError } from '../errors.js';
import { isObject, Reader, ReadLog } from '../config/reader.js';
import { MetadataMatchCriteria } from './metadata-match.js';
import { MAX_TOTAL_CLUSTER_WEIGHT, WeightedClusters, type WeightedClusterInit } from './weighted-clusters.js';

/** A parsed `RouteAction`. Exactly one of `cluster`, `clusterHeader`, `weightedClusters` is set. */
export interface RouteActionSpec {
  /** `cluster`, or null. */
  readonly cluster: string | null;
  /** `cluster_header`, or null. */
  readonly clusterHeader: string | null;
  /** `weighted_clusters`, or null. */
  readonly weightedClusters: WeightedClusters | null;
  /** `metadata_match.filter_metadata["envoy.lb"]` as sorted criteria, or null when absent. */
  readonly metadataMatch: MetadataMatchCriteria | null;
  /** `hash_policy` as given (raw JSON list), or null. */
  readonly hashPolicy: readonly unknown[] | null;
  /** Paths of accepted fields that do not affect load balancing. */
  readonly ignoredFields: readonly string[];
  /** Remarks (for example a `total_weight` that differs from the sum of weights). */
  readonly notices: readonly string[];
}

/** `RouteAction` fields that do not affect which cluster or subset is chosen. */
const NON_LB_ROUTE_ACTION_FIELDS = [
  'cluster_not_found_response_code',
  'prefix_rewrite',
  'regex_rewrite',
  'path_rewrite_policy',
  'path_mutation',
  'host_rewrite_literal',
  'auto_host_rewrite',
  'host_rewrite_header',
  'host_rewrite_path_regex',
  'append_x_forwarded_host',
  'timeout',
  'idle_timeout',
  'early_data_policy',
  'retry_policy',
  'retry_policy_typed_config',
  'request_mirror_policies',
  'priority',
  'rate_limits',
  'include_vh_rate_limits',
  'cors',
  'max_grpc_timeout',
  'grpc_timeout_offset',
  'upgrade_configs',
  'internal_redirect_policy',
  'internal_redirect_action',
  'max_internal_redirects',
  'hedge_policy',
  'max_stream_duration',
];

const NON_LB_CLUSTER_WEIGHT_FIELDS = [
  'request_headers_to_add',
  'request_headers_to_remove',
  'response_headers_to_add',
  'response_headers_to_remove',
  'typed_per_filter_config',
  'host_rewrite_literal',
];

/**
 * Parses a `RouteAction` (the `route` field of a `Route`) as Envoy's JSON/YAML loader reads it.
 *
 * @example
 * const action = parseRouteAction({
 *   weighted_clusters: { clusters: [{ name: 'web', weight: 90, metadata_match: { filter_metadata: { 'envoy.lb': { version: '1.0' } } } },
 *                                    { name: 'web', weight: 10, metadata_match: { filter_metadata: { 'envoy.lb': { version: '1.1' } } } }] },
 *   metadata_match: { filter_metadata: { 'envoy.lb': { stage: 'prod' } } },
 * });
 * action.weightedClusters?.clusters[1].metadataMatch?.get('version'); // '1.1'
 * @throws ConfigError or UnsupportedConfigError naming the field path and value
 */
export function parseRouteAction(json: unknown, path = 'route'): RouteActionSpec {
  const log = new ReadLog();
  const r = new Reader(json, path, log);
  const specifiers = ['cluster', 'cluster_header', 'weighted_clusters', 'cluster_specifier_plugin', 'inline_cluster_specifier_plugin'];
  const present = specifiers.filter((f) => r.has(f));
  if (present.length === 0) {
    throw new ConfigError(path || '(root)', json, `one of ${specifiers.join(', ')} is required (cluster_specifier)`);
  }
  if (present.length > 1) {
    throw new ConfigError(r.at(present[1]), r.obj[present[1]], `cannot be set together with ${present[0]} (cluster_specifier is a oneof)`);
  }
  r.unsupported('cluster_specifier_plugin', 'inline_cluster_specifier_plugin');
  const metadataMatch = parseMetadataMatch(r.message('metadata_match'));
  let cluster: string | null = null;
  let clusterHeader: string | null = null;
  let weightedClusters: WeightedClusters | null = null;
  if (present[0] === 'cluster') {
    cluster = r.string('cluster', '');
    if (cluster === '') throw new ConfigError(r.at('cluster'), cluster, 'value length must be at least 1 characters');
  } else if (present[0] === 'cluster_header') {
    clusterHeader = r.string('cluster_header', '');
    if (clusterHeader === '') throw new ConfigError(r.at('cluster_header'), clusterHeader, 'value length must be at least 1 characters');
  } else {
    weightedClusters = parseWeightedClusters(r.message('weighted_clusters') as Reader, metadataMatch);
  }
  let hashPolicy: unknown[] | null = null;
  const hp = r.raw('hash_policy');
  if (hp !== undefined) {
    if (!Array.isArray(hp)) throw new ConfigError(r.at('hash_policy'), hp, 'must be a list');
    hashPolicy = hp;
  }
  r.ignore(...NON_LB_ROUTE_ACTION_FIELDS);
  r.done();
  return {
    cluster,
    clusterHeader,
    weightedClusters,
    metadataMatch,
    hashPolicy,
    ignoredFields: log.ignored,
    notices: log.notices,
  };
}

/**
 * Parses a `config.core.v3.Metadata` used as `metadata_match`: returns the `envoy.lb` struct as
 * sorted criteria, or null when the message or its `envoy.lb` filter is absent (Envoy then has no
 * criteria). Other filters are ignored, as Envoy ignores them for subset matching.
 */
export function parseMetadataMatch(r: Reader | undefined): MetadataMatchCriteria | null {
  if (!r) return null;
  const fm = r.raw('filter_metadata');
  r.ignore('typed_filter_metadata');
  r.done();
  if (fm === undefined) return null;
  const fmPath = r.at('filter_metadata');
  if (!isObject(fm)) throw new ConfigError(fmPath, fm, 'must be an object');
  if (!Object.prototype.hasOwnProperty.call(fm, 'envoy.lb')) return null;
  const lb = fm['envoy.lb'];
  const lbPath = `${fmPath}["envoy.lb"]`;
  if (lb === null) return MetadataMatchCriteria.EMPTY;
  if (!isObject(lb)) throw new ConfigError(lbPath, lb, 'must be an object (google.protobuf.Struct)');
  try {
    return MetadataMatchCriteria.from(lb, lbPath);
  } catch (e) {
    throw new ConfigError(lbPath, lb, e instanceof Error ? e.message : 'must hold JSON values');
  }
}

/** Parses `weighted_clusters` with the route's criteria as the parent of each entry's. */
export function parseWeightedClusters(r: Reader, routeCriteria: MetadataMatchCriteria | null): WeightedClusters {
  const entries = r.messages('clusters');
  if (entries.length === 0) throw new ConfigError(r.at('clusters'), r.raw('clusters') ?? [], 'value must contain at least 1 item(s)');
  const clusters: WeightedClusterInit[] = [];
  let sum = 0;
  for (const c of entries) {
    const name = c.string('name', '');
    const clusterHeader = c.string('cluster_header', '');
    if ((name === '') === (clusterHeader === '')) {
      const rule =
        name === '' ? 'At least one of name or cluster_header need to be specified' : 'Only one of name or cluster_header can be specified';
      throw new ConfigError(c.path, c.obj, rule);
    }
    if (!c.has('weight')) throw new ConfigError(c.at('weight'), undefined, "Field 'weight' is missing");
    const weight = readWrappedInteger(c, 'weight', 0, MAX_TOTAL_CLUSTER_WEIGHT);
    sum += weight;
    if (sum > MAX_TOTAL_CLUSTER_WEIGHT) {
      throw new ConfigError(c.at('weight'), weight, `The sum of weights of all weighted clusters exceeds ${MAX_TOTAL_CLUSTER_WEIGHT}`);
    }
    const entryCriteria = parseMetadataMatch(c.message('metadata_match'));
    c.ignore(...NON_LB_CLUSTER_WEIGHT_FIELDS);
    c.done();
    clusters.push({ name, clusterHeader, weight, metadataMatch: entryCriteria });
  }
  if (sum === 0) throw new ConfigError(r.at('clusters'), 0, 'Sum of weights in the weighted_cluster must be greater than 0.');
  if (r.has('total_weight')) {
    const total = readWrappedInteger(r, 'total_weight', 1, MAX_TOTAL_CLUSTER_WEIGHT);
    if (total !== sum) {
      r.log.notices.push(
        `${r.at('total_weight')}: ${total} differs from the sum of the weights (${sum}); total_weight is deprecated and Envoy uses the sum`,
      );
    }
  }
  const useHashPolicy = r.raw('use_hash_policy');
  if (useHashPolicy === true || (isObject(useHashPolicy) && useHashPolicy.value === true)) {
    throw new UnsupportedConfigError(r.at('use_hash_policy'), useHashPolicy, 'picking weighted clusters by hash policy is not supported by upstream-lb');
  }
  const headerName = r.string('header_name', '');
  r.ignore('runtime_key_prefix');
  r.done();
  return new WeightedClusters({
    clusters: clusters.map((c) => ({ ...c, metadataMatch: c.metadataMatch ?? null })),
    routeMetadataMatch: routeCriteria,
    headerName: headerName === '' ? null : headerName,
  });
}

/** A `UInt32Value` wrapper (a plain number, a decimal string, or `{value: n}`). */
function readWrappedInteger(r: Reader, name: string, min: number, max: number): number {
  const raw = r.raw(name);
  if (isObject(raw)) {
    const w = new Reader(raw, r.at(name), r.log);
    const v = w.integer('value', min, max) ?? 0;
    w.done();
    if (v < min) throw new ConfigError(w.at('value'), v, `must be >= ${min}`);
    return v;
  }
  return r.integer(name, min, max) as number;
}
