/**
 * Validation of the options every zone-aware policy (round robin, least request, random) shares.
 * The {@link ZoneAwareLoadBalancer} constructor checks the numeric settings; the factories call
 * {@link validateZoneAwareLbOptions} first for the rest, so every option is checked before anything
 * is allocated.
 */
import { UpstreamLbError } from '../../errors.js';
import { PrioritySet } from '../../cluster/priority-set.js';
import type { ZoneAwareLbOptions } from '../../lb/zone-aware.js';

const LOCALITY_BASES = ['HEALTHY_HOSTS_NUM', 'HEALTHY_HOSTS_WEIGHT'] as const;

/** Throws an {@link UpstreamLbError} unless `value` is an object (or absent). */
export function checkObject(path: string, value: unknown): void {
  if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    throw new UpstreamLbError(path, value, 'must be an object');
  }
}

/** Throws unless `value` is a boolean (or absent). */
export function checkBoolean(path: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') throw new UpstreamLbError(path, value, 'must be a boolean');
}

/** Throws unless `value` has a method `name` (or is absent). */
function checkMethod(path: string, value: unknown, name: string, what: string): void {
  if (value === undefined) return;
  if (value === null || typeof value !== 'object' || typeof (value as Record<string, unknown>)[name] !== 'function') {
    throw new UpstreamLbError(path, value, `must be ${what} (an object with a ${name}() method)`);
  }
}

/**
 * Checks the inputs the load balancer constructor does not: the priority set, `options` itself, the
 * random sources, the clock, `stats`, `localityWeighted`, `zoneAware` (`failTrafficOnPanic`,
 * `localityBasis`) and `localPrioritySet`.
 */
export function validateZoneAwareLbOptions(prioritySet: PrioritySet, options: ZoneAwareLbOptions): void {
  if (!(prioritySet instanceof PrioritySet)) throw new UpstreamLbError('prioritySet', prioritySet, 'must be a PrioritySet');
  checkObject('options', options);
  checkMethod('random', options.random, 'nextU64', 'a RandomSource');
  checkMethod('runtimeRandom', options.runtimeRandom, 'nextU64', 'a RandomSource');
  checkMethod('clock', options.clock, 'now', 'a Clock');
  checkObject('stats', options.stats);
  checkBoolean('localityWeighted', options.localityWeighted);
  const z = options.zoneAware;
  checkObject('zoneAware', z);
  if (z !== undefined) {
    checkBoolean('zoneAware.failTrafficOnPanic', z.failTrafficOnPanic);
    if (z.localityBasis !== undefined && !(LOCALITY_BASES as readonly string[]).includes(z.localityBasis)) {
      throw new UpstreamLbError('zoneAware.localityBasis', z.localityBasis, `must be one of ${LOCALITY_BASES.join(', ')}`);
    }
  }
  const local = options.localPrioritySet;
  if (local !== undefined && local !== null && !(local instanceof PrioritySet)) {
    throw new UpstreamLbError('localPrioritySet', local, 'must be a PrioritySet or null');
  }
}
