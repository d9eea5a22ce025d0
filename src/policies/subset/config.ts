/**
 * `lb_subset_config` in Envoy config.
 */
import type { PolicyBuildContext, PolicyDefinition } from '../../config/policy.js';
import type { Reader } from '../../config/reader.js';
import type { LoadBalancer } from '../../lb/load-balancer.js';
import { NotImplementedError } from '../../errors.js';

/** Parsed `lb_subset_config`. */
export type SubsetSpec = Record<string, never>;

/**
 * Parses `lb_subset_config`; returns null when it defines no selectors (Envoy then does not
 * enable subsetting).
 */
export function parseSubsetConfig(r: Reader | undefined): SubsetSpec | null {
  if (!r) return null;
  throw new NotImplementedError(r.path, r.obj);
}

/** Builds the subset load balancer around a child policy. */
export function buildSubset<S>(_ctx: PolicyBuildContext, _spec: SubsetSpec, _child: PolicyDefinition<S>, _childSpec: S): LoadBalancer {
  throw new NotImplementedError('lb_subset_config', null);
}
