import type { PrioritySet } from '../../cluster/priority-set.js';
import { resolveThreadAwareOptions } from '../../lb/thread-aware.js';
import { resolveRingOptions, type RingHashOptions } from './options.js';
import { RingHashLoadBalancer } from './ring-hash.js';

export type { RingHashOptions, RingOptions, RingHashFunction, ResolvedRingOptions } from './options.js';
export { DEFAULT_MIN_RING_SIZE, DEFAULT_MAX_RING_SIZE, MAX_RING_SIZE, resolveRingOptions } from './options.js';
export { Ring, RingHashLoadBalancer, buildRing } from './ring-hash.js';

/**
 * Ketama consistent hashing over a priority set, as Envoy's `RING_HASH`: one ring per priority
 * from its normalized host weights, rebuilt on host changes; a pick is a binary search for the
 * request hash (`context.hashKey`, or one random draw without it).
 *
 * @example
 * const lb = ringHash(prioritySet, { minimumRingSize: 1024 });
 * lb.chooseHost({ hashKey: 12345n }); // the same host for the same hash while hosts are unchanged
 * @throws UpstreamLbError for invalid options, before anything is built
 */
export function ringHash(prioritySet: PrioritySet, options: RingHashOptions = {}): RingHashLoadBalancer {
  const ring = resolveRingOptions(options);
  const shared = resolveThreadAwareOptions(options);
  return new RingHashLoadBalancer(prioritySet, ring, shared);
}
