import type { PrioritySet } from '../../cluster/priority-set.js';
import { checkSubsetRuntimeOptions, resolveSubsetSpec, type SubsetOptions } from './options.js';
import { SubsetLoadBalancer } from './subset.js';

export type {
  SubsetOptions,
  SubsetSelectorOptions,
  SubsetFallbackPolicy,
  SelectorFallbackPolicy,
  MetadataFallbackPolicy,
  SubsetChildFactory,
  SubsetChildShared,
} from './options.js';

/**
 * Subset load balancing over a priority set, as Envoy's `lb_subset_config`: hosts are grouped by
 * their `envoy.lb` metadata per selector, a pick's `metadataMatch` criteria find the subset, and
 * the subset's own child load balancer (round robin unless `child` says otherwise) picks the host.
 *
 * @example
 * const lb = subset(prioritySet, {
 *   selectors: [{ keys: ['version'] }],
 *   fallbackPolicy: 'ANY_ENDPOINT',
 *   random: new SeededRandom(1),
 * });
 * lb.chooseHost({ metadataMatch: { version: '1.0' } }); // a host whose metadata has version "1.0"
 * @throws UpstreamLbError for invalid options (Envoy's selector rules, enum values)
 */
export function subset(prioritySet: PrioritySet, options: SubsetOptions): SubsetLoadBalancer {
  const spec = resolveSubsetSpec(options);
  checkSubsetRuntimeOptions(prioritySet, options);
  return new SubsetLoadBalancer(prioritySet, spec, options);
}
