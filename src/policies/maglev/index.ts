import type { PrioritySet } from '../../cluster/priority-set.js';
import { resolveThreadAwareOptions } from '../../lb/thread-aware.js';
import { type MaglevOptions, resolveMaglevOptions } from './options.js';
import { MaglevLoadBalancer } from './maglev.js';

export type { MaglevOptions, MaglevTableOptions, ResolvedMaglevOptions } from './options.js';
export { DEFAULT_TABLE_SIZE, MAX_TABLE_SIZE, isPrime, resolveMaglevOptions } from './options.js';
export { MaglevTable, MaglevLoadBalancer, buildMaglevTable, compareUtf8 } from './maglev.js';

/**
 * Maglev consistent hashing over a priority set, as Envoy's `MAGLEV`: one lookup table of
 * `tableSize` slots per priority from its normalized host weights, rebuilt on host changes; a pick
 * is `table[hash % tableSize]` for the request hash (`context.hashKey`, or one random draw).
 *
 * @example
 * const lb = maglev(prioritySet, { tableSize: 65_537 });
 * lb.chooseHost({ hashKey: 12345n }); // the same host for the same hash while hosts are unchanged
 * @throws UpstreamLbError for invalid options (a table size that is not prime, say), before anything is built
 */
export function maglev(prioritySet: PrioritySet, options: MaglevOptions = {}): MaglevLoadBalancer {
  const table = resolveMaglevOptions(options);
  const shared = resolveThreadAwareOptions(options);
  return new MaglevLoadBalancer(prioritySet, table, shared);
}
