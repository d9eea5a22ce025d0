/**
 * The per-request inputs of a pick: Envoy's `LoadBalancerContext`.
 */
import type { Host } from '../host/host.js';
import type { PriorityLoad } from '../common/priority.js';
import type { PrioritySet } from '../cluster/priority-set.js';
import type { U64 } from '../common/u64.js';
import type { MetadataValue } from '../host/metadata.js';

/**
 * What a request tells the load balancer. Every field is optional; a pick without a context
 * behaves as Envoy's `chooseHost(nullptr)`.
 */
export interface LoadBalancerContext {
  /**
   * The request's hash (Envoy's `computeHashKey()`), as u64 halves or a `bigint`. Hashing load
   * balancers use it; without it they draw a random hash.
   */
  hashKey?: U64 | bigint | null;
  /**
   * Route `metadata_match` criteria under `envoy.lb` (subset load balancing). A plain object or a
   * map of key to value.
   */
  metadataMatch?: Readonly<Record<string, MetadataValue>> | ReadonlyMap<string, MetadataValue> | null;
  /**
   * Overrides the priority load for this pick (Envoy's `determinePriorityLoad`, used by retry
   * priority plugins). Receives the load balancer's own load and must return loads summing to 100.
   */
  determinePriorityLoad?: (prioritySet: PrioritySet, original: PriorityLoad) => PriorityLoad;
  /** Rejects a candidate host; the pick is retried up to {@link hostSelectionRetryCount} times. */
  shouldSelectAnotherHost?: (host: Host) => boolean;
  /** Extra selection attempts when {@link shouldSelectAnotherHost} rejects a host. @defaultValue 0 */
  hostSelectionRetryCount?: number;
  /**
   * The request (a `HashRequest`: headers, addresses, path, filter state), read by
   * load-balancer-level hash policies (`consistent_hashing_lb_config.hash_policy`) and by the
   * original destination override header. Ignored by other policies.
   */
  request?: unknown;
  /** Original destination `ip:port` for `CLUSTER_PROVIDED` / original-destination clusters. */
  originalDestination?: string | null;
}

/** Result of an explained pick: every decision Envoy made, in order. */
export interface PickExplanation {
  /** The host returned, or null. */
  host: Host | null;
  /** One entry per selection attempt (retries add attempts). */
  attempts: PickAttempt[];
}

/** One selection attempt of {@link PickExplanation}. */
export interface PickAttempt {
  /** The draw or hash used for the priority, as a decimal string. */
  hash: string;
  /** Priority chosen, or -1 when none. */
  priority: number;
  /** Which availability the priority was chosen for. */
  availability: 'healthy' | 'degraded';
  /** True when the priority was in panic (all hosts eligible). */
  panic: boolean;
  /** Host source used: all, healthy, degraded, locality_healthy, locality_degraded, or none. */
  source: string;
  /** Locality index for locality sources, else -1. */
  localityIndex: number;
  /** How the locality was chosen: weighted, zone_direct, zone_sampled, zone_cross, or none. */
  localityDecision: string;
  /** Host picked in this attempt. */
  host: Host | null;
  /** True when `shouldSelectAnotherHost` rejected it. */
  rejected: boolean;
}
