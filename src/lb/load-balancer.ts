/**
 * The one interface every load balancer of the library implements.
 */
import type { Host } from '../host/host.js';
import type { PrioritySet } from '../cluster/priority-set.js';
import type { LoadBalancerContext, PickExplanation } from './context.js';
import type { LbStats } from './stats.js';

/** Loads and panic flags per priority, as the load balancer currently computes them. */
export interface PriorityLoadSnapshot {
  /** Healthy load per priority (percent). */
  healthy: number[];
  /** Degraded load per priority (percent). */
  degraded: number[];
  /** Panic flag per priority. */
  panic: boolean[];
}

/**
 * A load balancer over a {@link PrioritySet}: Envoy's `LoadBalancer`. `chooseHost` never throws
 * for a valid load balancer: no eligible host gives `null`.
 */
export interface LoadBalancer {
  /** The hosts this load balancer picks from. */
  readonly prioritySet: PrioritySet;
  /** Envoy's load balancer stats, by Envoy's names. */
  readonly stats: LbStats;
  /** Picks a host for a request (Envoy's `chooseHost`). */
  chooseHost(context?: LoadBalancerContext | null): Host | null;
  /**
   * Picks ahead for preconnecting (Envoy's `peekAnotherHost`): the host a later `chooseHost` will
   * return, or null when the policy does not peek or too many peeks are pending.
   */
  peekAnotherHost(context?: LoadBalancerContext | null): Host | null;
  /** Performs a real pick (same state changes and draws as `chooseHost`) and reports every decision. */
  explain(context?: LoadBalancerContext | null): PickExplanation;
  /** Current per-priority loads and panic flags. */
  priorityLoad(): PriorityLoadSnapshot;
  /** Unsubscribes from the priority set; the load balancer must not be used afterwards. */
  destroy(): void;
}
