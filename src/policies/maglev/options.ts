/**
 * Options of the Maglev policy (`envoy.extensions.load_balancing_policies.maglev.v3.Maglev`,
 * legacy `Cluster.MaglevLbConfig`).
 */
import { UpstreamLbError } from '../../errors.js';
import type { ThreadAwareLbOptions } from '../../lb/thread-aware.js';

/** Envoy's default `table_size` (`MaglevTable::DefaultTableSize`). */
export const DEFAULT_TABLE_SIZE = 65_537;
/** The largest `table_size` Envoy's proto accepts (`lte: 5000011`). */
export const MAX_TABLE_SIZE = 5_000_011;

/** How a Maglev table is built from normalized host weights (the table-level options). */
export interface MaglevTableOptions {
  /** `table_size`: slots in the lookup table; a prime no larger than 5,000,011. @defaultValue 65_537 */
  tableSize?: number;
  /**
   * `consistent_hashing_lb_config.use_hostname_for_hashing`: hosts are keyed by hostname instead of
   * address (an `envoy.lb` `hash_key` metadata string still wins). @defaultValue false
   */
  useHostnameForHashing?: boolean;
}

/** Options of {@link maglev}: table options plus the shared consistent hashing options. */
export interface MaglevOptions extends ThreadAwareLbOptions, MaglevTableOptions {}

/** {@link MaglevTableOptions} with every default filled in. */
export interface ResolvedMaglevOptions {
  /** Table size (prime). */
  readonly tableSize: number;
  /** Hostname keys. */
  readonly useHostnameForHashing: boolean;
}

/** Envoy's `Primes::isPrime`: trial division (0 and 1 are not prime). */
export function isPrime(n: number): boolean {
  if (n < 2 || !Number.isInteger(n)) return false;
  if (n < 4) return true;
  if (n % 2 === 0 || n % 3 === 0) return false;
  for (let d = 5; d * d <= n; d += 6) {
    if (n % d === 0 || n % (d + 2) === 0) return false;
  }
  return true;
}

/**
 * Validates Maglev options and fills Envoy's defaults. Throws {@link UpstreamLbError} for a table
 * size that is not an integer in [0, 5,000,011] or not prime (Envoy's message
 * `The table size of maglev must be prime number`).
 */
export function resolveMaglevOptions(options: MaglevTableOptions): ResolvedMaglevOptions {
  const size = options.tableSize ?? DEFAULT_TABLE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_TABLE_SIZE) {
    throw new UpstreamLbError('tableSize', size, `must be an integer in [0, ${MAX_TABLE_SIZE}]`);
  }
  if (!isPrime(size)) throw new UpstreamLbError('tableSize', size, 'The table size of maglev must be prime number');
  return { tableSize: size, useHostnameForHashing: options.useHostnameForHashing ?? false };
}
