import type { PrioritySet } from '../../cluster/priority-set.js';
import { ZoneAwareLoadBalancer, type ZoneAwareLbOptions } from '../../lb/zone-aware.js';
import { validateZoneAwareLbOptions } from '../common/options.js';
import { RandomPicker } from './random.js';

/** Options of {@link random}: the shared zone-aware options (`envoy.extensions.load_balancing_policies.random.v3.Random`). */
export type RandomOptions = ZoneAwareLbOptions;

/**
 * Random host choice over a priority set, as Envoy's `RANDOM`: one draw picks the priority and,
 * modulo the source size, the host. Host weights are ignored.
 *
 * @example
 * const lb = random(prioritySet, { random: new SeededRandom(1) });
 * lb.chooseHost(); // a Host, or null when no host is eligible
 * @throws UpstreamLbError naming the option and value when an option is invalid
 */
export function random(prioritySet: PrioritySet, options: RandomOptions = {}): ZoneAwareLoadBalancer {
  validateZoneAwareLbOptions(prioritySet, options);
  return new ZoneAwareLoadBalancer(prioritySet, new RandomPicker(), options);
}
