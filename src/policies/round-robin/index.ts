import type { PrioritySet } from '../../cluster/priority-set.js';
import { ZoneAwareLoadBalancer } from '../../lb/zone-aware.js';
import { validateZoneAwareLbOptions } from '../common/options.js';
import { resolveSlowStart } from '../common/slow-start.js';
import type { RoundRobinOptions } from './options.js';
import { RoundRobinPicker } from './round-robin.js';

export type { RoundRobinOptions } from './options.js';

/**
 * Weighted round robin over a priority set, as Envoy's `ROUND_ROBIN`: plain rotation when all
 * weights are equal, Envoy's EDF scheduler when they differ or a host is in slow start.
 *
 * @example
 * const lb = roundRobin(prioritySet, { random: new SeededRandom(1) });
 * lb.chooseHost(); // a Host, or null when no host is eligible
 * @throws UpstreamLbError naming the option and value when an option is invalid
 */
export function roundRobin(prioritySet: PrioritySet, options: RoundRobinOptions = {}): ZoneAwareLoadBalancer {
  validateZoneAwareLbOptions(prioritySet, options);
  const picker = new RoundRobinPicker(resolveSlowStart(options.slowStart));
  return new ZoneAwareLoadBalancer(prioritySet, picker, options);
}
