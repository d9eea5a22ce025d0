/**
 * Options of the round robin policy (`envoy.extensions.load_balancing_policies.round_robin.v3.RoundRobin`).
 */
import type { ZoneAwareLbOptions } from '../../lb/zone-aware.js';
import type { SlowStartOptions } from '../common/slow-start.js';

/** Options of {@link roundRobin}. */
export interface RoundRobinOptions extends ZoneAwareLbOptions {
  /** Slow start (`slow_start_config`). */
  slowStart?: SlowStartOptions;
}
