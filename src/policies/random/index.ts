import type { PrioritySet } from '../../cluster/priority-set.js';
import { ZoneAwareLoadBalancer, type ZoneAwareLbOptions } from '../../lb/zone-aware.js';
import { RandomPicker } from './random.js';

/** Options of {@link random}: the shared zone-aware options (`envoy.extensions.load_balancing_policies.random.v3.Random`). */
export type RandomOptions = ZoneAwareLbOptions;

/**
 * Random host choice over a priority set, as Envoy's `RANDOM`: one draw picks the priority and,
 * modulo the source size, the host.
 */
export function random(prioritySet: PrioritySet, options: RandomOptions = {}): ZoneAwareLoadBalancer {
  return new ZoneAwareLoadBalancer(prioritySet, new RandomPicker(), options);
}
