import type { PrioritySet } from '../../cluster/priority-set.js';
import { ZoneAwareLoadBalancer } from '../../lb/zone-aware.js';
import { resolveSlowStart } from '../common/slow-start.js';
import type { RoundRobinOptions } from './options.js';
import { RoundRobinPicker } from './round-robin.js';

export type { RoundRobinOptions } from './options.js';

/**
 * Weighted round robin over a priority set, as Envoy's `ROUND_ROBIN`.
 *
 * @example
 * const lb = roundRobin(prioritySet, { random: new SeededRandom(1) });
 * lb.chooseHost(); // a Host, or null when no host is eligible
 */
export function roundRobin(prioritySet: PrioritySet, options: RoundRobinOptions = {}): ZoneAwareLoadBalancer {
  const picker = new RoundRobinPicker(resolveSlowStart(options.slowStart));
  return new ZoneAwareLoadBalancer(prioritySet, picker, options);
}
