/**
 * Load balancer statistics named exactly as Envoy's cluster stats (`ClusterLbStats`, the subset
 * stats, and the ring hash / Maglev gauges), so dashboards and tests can compare them one to one.
 * Counters only grow; gauges hold the last value set. A subset load balancer shares its stats
 * object with its child load balancers, as Envoy does.
 */
export class LbStats {
  /** Picks made while the chosen priority was in panic. */
  lb_healthy_panic = 0;
  /** Zone routing skipped because the local cluster is unusable or in panic. */
  lb_local_cluster_not_ok = 0;
  /** Zone routing structures recomputed. */
  lb_recalculate_zone_structures = 0;
  /** Zone routing skipped because the upstream cluster is below `min_cluster_size`. */
  lb_zone_cluster_too_small = 0;
  /** Cross-zone picks with no residual capacity anywhere (random locality). */
  lb_zone_no_capacity_left = 0;
  /** Picks routed to the local zone in LocalityDirect state. */
  lb_zone_routing_all_directly = 0;
  /** Picks routed to the local zone by sampling in LocalityResidual state. */
  lb_zone_routing_sampled = 0;
  /** Picks routed to another zone. */
  lb_zone_routing_cross_zone = 0;
  /** Subsets currently active (gauge). */
  lb_subsets_active = 0;
  /** Subsets created. */
  lb_subsets_created = 0;
  /** Subsets removed when they became empty. */
  lb_subsets_removed = 0;
  /** Picks served by the subset matching the route's metadata. */
  lb_subsets_selected = 0;
  /** Picks served by the cluster-level fallback subset. */
  lb_subsets_fallback = 0;
  /** Picks served by `panic_mode_any` after the fallback found nothing. */
  lb_subsets_fallback_panic = 0;
  /** Hosts skipped because a `single_host_per_subset` subset already had one (gauge). */
  lb_subsets_single_host_per_subset_duplicate = 0;
  /** Ring hash: ring size, `ceil(scale)` (gauge). */
  size = 0;
  /** Ring hash: fewest ring entries of a host (gauge). */
  min_hashes_per_host = 0;
  /** Ring hash: most ring entries of a host (gauge). */
  max_hashes_per_host = 0;
  /** Maglev: fewest table entries of a host (gauge). */
  min_entries_per_host = 0;
  /** Maglev: most table entries of a host (gauge). */
  max_entries_per_host = 0;
  /** Original destination: hosts created on demand. */
  original_dst_host_created = 0;
  /** Original destination: hosts removed by cleanup. */
  original_dst_host_removed = 0;
  /** Original destination: override header values that were not an `ip:port` address. */
  original_dst_host_invalid = 0;

  /** A plain snapshot of every stat. */
  toJSON(): Record<string, number> {
    return { ...this } as unknown as Record<string, number>;
  }
}

/** Names of every stat in {@link LbStats}. */
export type LbStatName = Exclude<keyof LbStats, 'toJSON'>;
