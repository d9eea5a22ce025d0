/**
 * Options of the ring hash policy (`envoy.extensions.load_balancing_policies.ring_hash.v3.RingHash`,
 * legacy `Cluster.RingHashLbConfig`).
 */
import { UpstreamLbError } from '../../errors.js';
import type { ThreadAwareLbOptions } from '../../lb/thread-aware.js';

/** Envoy's default `minimum_ring_size` (`RingHashLoadBalancer::DefaultMinRingSize`). */
export const DEFAULT_MIN_RING_SIZE = 1_024;
/** Envoy's default `maximum_ring_size` (`DefaultMaxRingSize`, 8M entries). */
export const DEFAULT_MAX_RING_SIZE = 8_388_608;
/** The largest ring size Envoy's proto accepts (`lte: 8388608` on both size fields). */
export const MAX_RING_SIZE = 8_388_608;

/**
 * Hash function placing hosts on the ring (`hash_function`): xxHash64 with seed 0, or Envoy's
 * 64-bit MurmurHash2 (`std::hash<std::string>` of libstdc++) with seed 0xc70f6907.
 */
export type RingHashFunction = 'XX_HASH' | 'MURMUR_HASH_2';

/** How a ring is built from normalized host weights (the table-level options). */
export interface RingOptions {
  /**
   * `minimum_ring_size`: the ring has at least this many entries, scaled so the lightest host gets
   * a whole number of them. At most 8,388,608. @defaultValue 1_024
   */
  minimumRingSize?: number;
  /**
   * `maximum_ring_size`: the scaled ring is capped at this many entries. At most 8,388,608 and at
   * least `minimumRingSize`. @defaultValue 8_388_608
   */
  maximumRingSize?: number;
  /** `hash_function`. @defaultValue 'XX_HASH' */
  hashFunction?: RingHashFunction;
  /**
   * `consistent_hashing_lb_config.use_hostname_for_hashing`: ring keys are hostnames instead of
   * addresses (an `envoy.lb` `hash_key` metadata string still wins). @defaultValue false
   */
  useHostnameForHashing?: boolean;
}

/** Options of {@link ringHash}: ring options plus the shared consistent hashing options. */
export interface RingHashOptions extends ThreadAwareLbOptions, RingOptions {}

/** {@link RingOptions} with every default filled in. */
export interface ResolvedRingOptions {
  /** Minimum ring size. */
  readonly minimumRingSize: number;
  /** Maximum ring size. */
  readonly maximumRingSize: number;
  /** Hash function. */
  readonly hashFunction: RingHashFunction;
  /** Hostname keys. */
  readonly useHostnameForHashing: boolean;
}

/**
 * Validates ring options and fills Envoy's defaults. Throws {@link UpstreamLbError} for a size
 * outside [0, 8,388,608], an unknown hash function, or a minimum above the maximum (with Envoy's
 * message `ring hash: minimum_ring_size (20) > maximum_ring_size (10)`).
 */
export function resolveRingOptions(options: RingOptions): ResolvedRingOptions {
  const min = options.minimumRingSize ?? DEFAULT_MIN_RING_SIZE;
  const max = options.maximumRingSize ?? DEFAULT_MAX_RING_SIZE;
  checkRingSize('minimumRingSize', min);
  checkRingSize('maximumRingSize', max);
  if (min > max) {
    throw new UpstreamLbError('minimumRingSize', min, `ring hash: minimum_ring_size (${min}) > maximum_ring_size (${max})`);
  }
  const fn = options.hashFunction ?? 'XX_HASH';
  if (fn !== 'XX_HASH' && fn !== 'MURMUR_HASH_2') {
    throw new UpstreamLbError('hashFunction', fn, 'must be XX_HASH or MURMUR_HASH_2');
  }
  return { minimumRingSize: min, maximumRingSize: max, hashFunction: fn, useHostnameForHashing: options.useHostnameForHashing ?? false };
}

function checkRingSize(path: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > MAX_RING_SIZE) {
    throw new UpstreamLbError(path, value, `must be an integer in [0, ${MAX_RING_SIZE}]`);
  }
}
