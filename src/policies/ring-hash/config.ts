/**
 * `RING_HASH` in Envoy config: `ring_hash_lb_config` (`minimum_ring_size`, `maximum_ring_size`,
 * `hash_function` in the legacy enum order XX_HASH = 0, MURMUR_HASH_2 = 1) and the consistent
 * hashing settings of `common_lb_config`.
 */
import { type CommonLbSpec, hashingOptionsOf, type PolicyDefinition } from '../../config/policy.js';
import type { Reader } from '../../config/reader.js';
import { ConfigError } from '../../errors.js';
import { compileLbHashPolicy, type RequestHashPolicy } from '../../lb/thread-aware.js';
import { DEFAULT_MAX_RING_SIZE, DEFAULT_MIN_RING_SIZE, MAX_RING_SIZE, type RingHashFunction } from './options.js';
import { ringHash } from './index.js';

/** Parsed `RING_HASH` settings. */
export interface RingHashSpec {
  /** `minimum_ring_size`. */
  readonly minimumRingSize: number;
  /** `maximum_ring_size`. */
  readonly maximumRingSize: number;
  /** `hash_function`. */
  readonly hashFunction: RingHashFunction;
  /** The compiled `consistent_hashing_lb_config.hash_policy`, if any. */
  readonly hashPolicy: RequestHashPolicy | null;
}

/** Compiles `common_lb_config.consistent_hashing_lb_config.hash_policy` when present. */
export function compileCommonHashPolicy(common: CommonLbSpec): RequestHashPolicy | null {
  if (common.hashPolicy === null || common.hashPolicy.length === 0) return null;
  return compileLbHashPolicy(common.hashPolicy, 'common_lb_config.consistent_hashing_lb_config.hash_policy');
}

/** Parses `ring_hash_lb_config` (absent: Envoy's defaults). */
export function parseRingHashConfig(config: Reader | undefined, common: CommonLbSpec): RingHashSpec {
  let min = DEFAULT_MIN_RING_SIZE;
  let max = DEFAULT_MAX_RING_SIZE;
  let hashFunction: RingHashFunction = 'XX_HASH';
  if (config) {
    min = config.integer('minimum_ring_size', 0, MAX_RING_SIZE) ?? DEFAULT_MIN_RING_SIZE;
    max = config.integer('maximum_ring_size', 0, MAX_RING_SIZE) ?? DEFAULT_MAX_RING_SIZE;
    hashFunction = config.enumValue('hash_function', ['XX_HASH', 'MURMUR_HASH_2'] as const, 'XX_HASH');
    config.done();
    if (min > max) {
      throw new ConfigError(config.at('minimum_ring_size'), min, `ring hash: minimum_ring_size (${min}) > maximum_ring_size (${max})`);
    }
  }
  return { minimumRingSize: min, maximumRingSize: max, hashFunction, hashPolicy: compileCommonHashPolicy(common) };
}

/** The `RING_HASH` policy definition. */
export const ringHashPolicy: PolicyDefinition<RingHashSpec> = {
  configField: 'ring_hash_lb_config',
  parse: parseRingHashConfig,
  build(ctx, spec) {
    return ringHash(ctx.prioritySet, {
      ...hashingOptionsOf(ctx),
      hashPolicy: spec.hashPolicy,
      minimumRingSize: spec.minimumRingSize,
      maximumRingSize: spec.maximumRingSize,
      hashFunction: spec.hashFunction,
    });
  },
};
