/**
 * From Envoy config to a working load balancer: parse and validate a `Cluster`, feed its
 * `load_assignment` into a {@link Cluster}, and build the `lb_policy` (wrapped in the subset load
 * balancer when `lb_subset_config` has selectors).
 */
import { Cluster, type LoadAssignmentInit } from '../cluster/cluster.js';
import type { RandomSource } from '../common/random.js';
import type { Clock } from '../common/clock.js';
import { LbStats } from '../lb/stats.js';
import type { LoadBalancer } from '../lb/load-balancer.js';
import { locality, type Locality } from '../host/locality.js';
import { type ClusterSpec, parseCluster } from './cluster-config.js';
import { parseLoadAssignment } from './load-assignment.js';
import { isObject, Reader, ReadLog } from './reader.js';
import { buildSubset } from '../policies/subset/config.js';
import type { PolicyBuildContext } from './policy.js';

/** The local Envoy's bootstrap `node` (only its locality matters to load balancing). */
export interface NodeInfo {
  /** `node.locality`. */
  locality?: Partial<Locality>;
}

/** Options of {@link loadCluster}. */
export interface LoadClusterOptions {
  /** Random source for the load balancer. @defaultValue seeded from platform entropy */
  random?: RandomSource;
  /** Random source for runtime feature checks. */
  runtimeRandom?: RandomSource;
  /** Clock (slow start, host creation times). */
  clock?: Clock;
  /** Stats object to use. */
  stats?: LbStats;
  /** The local Envoy's `node` (its `locality` puts local hosts first; zone-aware routing needs it). */
  node?: NodeInfo | null;
  /**
   * The local cluster's `ClusterLoadAssignment` (JSON) or endpoints, enabling zone-aware routing
   * (Envoy's `cluster_manager.local_cluster_name`).
   */
  localCluster?: unknown;
}

/** A cluster built from Envoy config, with its load balancer. */
export interface LoadedCluster {
  /** Cluster name. */
  readonly name: string;
  /** The validated spec. */
  readonly spec: ClusterSpec;
  /** The cluster; `cluster.update()` applies new load assignments. */
  readonly cluster: Cluster;
  /** The local cluster, when given. */
  readonly localCluster: Cluster | null;
  /** The load balancer. */
  readonly lb: LoadBalancer;
  /** Accepted fields that do not affect load balancing. */
  readonly ignoredFields: readonly string[];
  /** Remarks. */
  readonly notices: readonly string[];
}

/**
 * Builds a cluster and its load balancer from an Envoy v3 `Cluster` (parsed JSON or YAML).
 *
 * @example
 * const { lb, cluster } = loadCluster(JSON.parse(clusterJson), { random: new SeededRandom(7) });
 * lb.chooseHost()?.address;
 * @throws ConfigError or UnsupportedConfigError naming the field path and value
 */
export function loadCluster(json: unknown, options: LoadClusterOptions = {}): LoadedCluster {
  const spec = parseCluster(json);
  const localLocality = options.node?.locality ? locality(options.node.locality) : null;
  const cluster = new Cluster(spec.loadAssignment, { localLocality, clock: options.clock });
  let localCluster: Cluster | null = null;
  if (options.localCluster !== undefined && options.localCluster !== null) {
    const la = isLoadAssignmentInit(options.localCluster)
      ? options.localCluster
      : parseLoadAssignment(options.localCluster, 'local_cluster', new ReadLog());
    localCluster = new Cluster(la, { localLocality, clock: options.clock });
  }
  const ctx: PolicyBuildContext = {
    prioritySet: cluster.prioritySet,
    random: options.random,
    runtimeRandom: options.runtimeRandom,
    clock: options.clock,
    stats: options.stats ?? new LbStats(),
    localPrioritySet: localCluster ? localCluster.prioritySet : null,
    common: spec.common,
  };
  const lb = spec.subset ? buildSubset(ctx, spec.subset, spec.policy, spec.policySpec) : spec.policy.build(ctx, spec.policySpec);
  return { name: spec.name, spec, cluster, localCluster, lb, ignoredFields: spec.ignoredFields, notices: spec.notices };
}

function isLoadAssignmentInit(v: unknown): v is LoadAssignmentInit {
  return isObject(v) && Array.isArray(v.endpoints) && (v.endpoints as unknown[]).every((e) => isObject(e) && Array.isArray(e.endpoints));
}

/**
 * Finds the clusters of an Envoy bootstrap (`static_resources.clusters`), of a CDS-style
 * `{resources: [...]}`, of a list, or a single `Cluster`.
 */
export function clustersOf(doc: unknown): unknown[] {
  if (Array.isArray(doc)) return doc;
  if (!isObject(doc)) return [doc];
  const sr = doc.static_resources;
  if (isObject(sr) && Array.isArray(sr.clusters)) return sr.clusters;
  if (Array.isArray(doc.clusters)) return doc.clusters;
  if (Array.isArray(doc.resources)) return doc.resources;
  return [doc];
}

/** The `node.locality` of an Envoy bootstrap, if any. */
export function nodeLocalityOf(doc: unknown): Partial<Locality> | null {
  if (!isObject(doc) || !isObject(doc.node) || !isObject(doc.node.locality)) return null;
  const r = new Reader(doc.node.locality, 'node.locality', new ReadLog());
  const l = { region: r.string('region', ''), zone: r.string('zone', ''), subZone: r.string('sub_zone', '') };
  r.done();
  return l;
}
