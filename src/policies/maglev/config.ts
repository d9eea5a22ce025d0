/**
 * `MAGLEV` in Envoy config: `maglev_lb_config` (`table_size`) and the consistent hashing settings
 * of `common_lb_config`.
 */
import { type CommonLbSpec, hashingOptionsOf, type PolicyDefinition } from '../../config/policy.js';
import type { Reader } from '../../config/reader.js';
import { ConfigError } from '../../errors.js';
import type { RequestHashPolicy } from '../../lb/thread-aware.js';
import { compileCommonHashPolicy } from '../ring-hash/config.js';
import { DEFAULT_TABLE_SIZE, isPrime, MAX_TABLE_SIZE } from './options.js';
import { maglev } from './index.js';

/** Parsed `MAGLEV` settings. */
export interface MaglevSpec {
  /** `table_size`. */
  readonly tableSize: number;
  /** The compiled `consistent_hashing_lb_config.hash_policy`, if any. */
  readonly hashPolicy: RequestHashPolicy | null;
}

/** Parses `maglev_lb_config` (absent: Envoy's defaults). */
export function parseMaglevConfig(config: Reader | undefined, common: CommonLbSpec): MaglevSpec {
  let tableSize = DEFAULT_TABLE_SIZE;
  if (config) {
    tableSize = config.integer('table_size', 0, MAX_TABLE_SIZE) ?? DEFAULT_TABLE_SIZE;
    config.done();
    if (!isPrime(tableSize)) throw new ConfigError(config.at('table_size'), tableSize, 'The table size of maglev must be prime number');
  }
  return { tableSize, hashPolicy: compileCommonHashPolicy(common) };
}

/** The `MAGLEV` policy definition. */
export const maglevPolicy: PolicyDefinition<MaglevSpec> = {
  configField: 'maglev_lb_config',
  parse: parseMaglevConfig,
  build(ctx, spec) {
    return maglev(ctx.prioritySet, {
      ...hashingOptionsOf(ctx),
      hashPolicy: spec.hashPolicy,
      tableSize: spec.tableSize,
    });
  },
};
