import type { PrioritySet } from '../../cluster/priority-set.js';
import { ZoneAwareLoadBalancer } from '../../lb/zone-aware.js';
import { validateZoneAwareLbOptions } from '../common/options.js';
import { LeastRequestPicker } from './least-request.js';
import { type LeastRequestOptions, resolveLeastRequestOptions } from './options.js';

export type { LeastRequestOptions, LeastRequestSelectionMethod } from './options.js';

/**
 * Least request over a priority set, as Envoy's `LEAST_REQUEST`: power of N choices on active
 * requests when weights are equal, EDF on `weight / (active + 1) ^ bias` when they differ. The
 * caller keeps {@link Host.activeRequests} up to date (increment when a request starts on the
 * picked host, decrement when it ends).
 *
 * @example
 * const lb = leastRequest(prioritySet, { random: new SeededRandom(1) });
 * const host = lb.chooseHost();
 * if (host) host.activeRequests++; // ... and -- when the request completes
 * @throws UpstreamLbError naming the option and value when an option is invalid
 */
export function leastRequest(prioritySet: PrioritySet, options: LeastRequestOptions = {}): ZoneAwareLoadBalancer {
  validateZoneAwareLbOptions(prioritySet, options);
  const picker = new LeastRequestPicker(resolveLeastRequestOptions(options));
  return new ZoneAwareLoadBalancer(prioritySet, picker, options);
}
