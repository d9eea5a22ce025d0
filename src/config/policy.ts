/**
 * How a load balancing policy plugs into the Envoy config loader: it parses its own config
 * fields and builds its load balancer. The loader maps `lb_policy` names to these definitions
 * (a plain table, no registration on import).
 */
import type { PrioritySet } from '../cluster/priority-set.js';
import type { RandomSource } from '../common/random.js';
import type { Clock } from '../common/clock.js';
import type { LbStats } from '../lb/stats.js';
import type { LoadBalancer } from '../lb/load-balancer.js';
import type { ZoneAwareLbOptions, ZoneAwareOptions } from '../lb/zone-aware.js';
import type { ThreadAwareLbOptions } from '../lb/thread-aware.js';
import type { Reader } from './reader.js';

/** Envoy v3 `Cluster.LbPolicy` names the library knows. */
export type LbPolicyName =
  | 'ROUND_ROBIN'
  | 'LEAST_REQUEST'
  | 'RANDOM'
  | 'RING_HASH'
  | 'MAGLEV'
  | 'CLUSTER_PROVIDED'
  | 'LOAD_BALANCING_POLICY_CONFIG';

/** Every `lb_policy` value of Envoy's v3 enum, in enum order (for numeric values). */
export const LB_POLICY_ENUM: readonly string[] = [
  'ROUND_ROBIN',
  'LEAST_REQUEST',
  'RING_HASH',
  'RANDOM',
  'MAGLEV',
  'CLUSTER_PROVIDED',
  'LOAD_BALANCING_POLICY_CONFIG',
];

/** Settings of `common_lb_config` every policy reads. */
export interface CommonLbSpec {
  /** `healthy_panic_threshold` as an integer percent (Envoy truncates). */
  healthyPanicThreshold: number;
  /** `locality_weighted_lb_config` is set. */
  localityWeighted: boolean;
  /** `zone_aware_lb_config` settings. */
  zoneAware: ZoneAwareOptions;
  /** `consistent_hashing_lb_config.use_hostname_for_hashing`. */
  useHostnameForHashing: boolean;
  /** `consistent_hashing_lb_config.hash_balance_factor` (0 = no bounded load). */
  hashBalanceFactor: number;
  /** `consistent_hashing_lb_config.hash_policy` (raw JSON list), if any. */
  hashPolicy: unknown[] | null;
  /** The cluster's `cleanup_interval` in ms (original destination), when set. */
  cleanupIntervalMs?: number;
}

/** What a policy needs to build its load balancer. */
export interface PolicyBuildContext {
  /** Hosts to balance over. */
  prioritySet: PrioritySet;
  /** Random source. */
  random?: RandomSource;
  /** Runtime random source (feature flags). */
  runtimeRandom?: RandomSource;
  /** Clock. */
  clock?: Clock;
  /** Shared stats. */
  stats?: LbStats;
  /** Local cluster for zone-aware routing. */
  localPrioritySet?: PrioritySet | null;
  /** Common settings. */
  common: CommonLbSpec;
}

/** A policy as the config loader sees it. */
export interface PolicyDefinition<S = unknown> {
  /** The policy's legacy config field on `Cluster` (e.g. `ring_hash_lb_config`), if any. */
  readonly configField: string | null;
  /**
   * Parses the policy's settings from its config message (`undefined` when absent). Throws a
   * typed error with the field path for invalid values.
   */
  parse(config: Reader | undefined, common: CommonLbSpec): S;
  /** Builds the load balancer. */
  build(ctx: PolicyBuildContext, spec: S): LoadBalancer;
}

/** The options every zone-aware policy (round robin, least request, random) takes from the build context. */
export function zoneAwareOptionsOf(ctx: PolicyBuildContext): ZoneAwareLbOptions {
  return {
    random: ctx.random,
    runtimeRandom: ctx.runtimeRandom,
    clock: ctx.clock,
    stats: ctx.stats,
    healthyPanicThreshold: ctx.common.healthyPanicThreshold,
    localityWeighted: ctx.common.localityWeighted,
    zoneAware: ctx.common.zoneAware,
    localPrioritySet: ctx.localPrioritySet,
  };
}

/** The options both hashing policies (ring hash, Maglev) take from the build context. */
export function hashingOptionsOf(ctx: PolicyBuildContext): ThreadAwareLbOptions {
  return {
    random: ctx.random,
    stats: ctx.stats,
    healthyPanicThreshold: ctx.common.healthyPanicThreshold,
    localityWeighted: ctx.common.localityWeighted,
    useHostnameForHashing: ctx.common.useHostnameForHashing,
    hashBalanceFactor: ctx.common.hashBalanceFactor,
  };
}
