/**
 * `lb_subset_config` in Envoy config (`Cluster.LbSubsetConfig`, plus the extension's
 * `allow_redundant_keys`), and building the subset load balancer around the cluster's policy.
 */
import type { PolicyBuildContext, PolicyDefinition } from '../../config/policy.js';
import type { Reader } from '../../config/reader.js';
import { isObject } from '../../config/reader.js';
import type { LoadBalancer } from '../../lb/load-balancer.js';
import { LbStats } from '../../lb/stats.js';
import { entropySeed, SeededRandom } from '../../common/random.js';
import { lbMetadata } from '../../host/metadata.js';
import { ConfigError } from '../../errors.js';
import {
  type ErrorFactory,
  finishSpec,
  METADATA_FALLBACK_POLICIES,
  type ResolvedSelector,
  resolveSelector,
  SELECTOR_FALLBACK_POLICIES,
  SUBSET_FALLBACK_POLICIES,
  type SubsetFieldNames,
  type SubsetSpec,
} from './options.js';
import { SubsetLoadBalancer } from './subset.js';

export type { SubsetSpec } from './options.js';

const CONFIG_NAMES: SubsetFieldNames = {
  selectors: 'subset_selectors',
  keys: 'keys',
  fallbackPolicy: 'fallback_policy',
  fallbackKeysSubset: 'fallback_keys_subset',
  singleHostPerSubset: 'single_host_per_subset',
  defaultSubset: 'default_subset',
};

const configError: ErrorFactory = (path, value, rule) => new ConfigError(path, value, rule);

/**
 * Parses `lb_subset_config`; returns null when it is absent or defines no selectors (Envoy then
 * does not enable subsetting). Every field is validated either way.
 * @throws ConfigError naming the field path and value
 */
export function parseSubsetConfig(r: Reader | undefined): SubsetSpec | null {
  if (!r) return null;
  const fallbackPolicy = r.enumValue('fallback_policy', SUBSET_FALLBACK_POLICIES, 'NO_FALLBACK');
  const rawDefault = r.raw('default_subset');
  if (rawDefault !== undefined && !isObject(rawDefault)) {
    throw new ConfigError(r.at('default_subset'), rawDefault, 'must be an object (google.protobuf.Struct)');
  }
  const defaultSubset = lbMetadata(rawDefault === undefined ? null : (rawDefault as Readonly<Record<string, unknown>>));
  const selectorReaders = r.messages('subset_selectors');
  const selectors: ResolvedSelector[] = [];
  for (const s of selectorReaders) {
    const keys = s.strings('keys');
    const policy = s.enumValue('fallback_policy', SELECTOR_FALLBACK_POLICIES, 'NOT_DEFINED');
    const fallbackKeysSubset = s.strings('fallback_keys_subset');
    const singleHostPerSubset = s.bool('single_host_per_subset', false);
    s.done();
    // Envoy builds (and validates) only selectors with keys.
    if (keys.length === 0) continue;
    selectors.push(resolveSelector({ keys, fallbackPolicy: policy, fallbackKeysSubset, singleHostPerSubset }, s.path, CONFIG_NAMES, configError));
  }
  const spec: SubsetSpec = {
    selectors,
    fallbackPolicy,
    defaultSubset,
    localityWeightAware: r.bool('locality_weight_aware', false),
    scaleLocalityWeight: r.bool('scale_locality_weight', false),
    panicModeAny: r.bool('panic_mode_any', false),
    listAsAny: r.bool('list_as_any', false),
    allowRedundantKeys: r.bool('allow_redundant_keys', false),
    metadataFallbackPolicy: r.enumValue('metadata_fallback_policy', METADATA_FALLBACK_POLICIES, 'METADATA_NO_FALLBACK'),
  };
  r.done();
  if (selectorReaders.length === 0) return null;
  return finishSpec(spec);
}

/**
 * Builds the subset load balancer around the cluster's policy: every subset's child is built by
 * `child.build` over the subset's own priority set, sharing the cluster's random source, runtime
 * random source, clock and stats.
 * @throws ConfigError for `CLUSTER_PROVIDED` (Envoy: "cannot be combined with lb_subset_config")
 */
export function buildSubset<S>(ctx: PolicyBuildContext, spec: SubsetSpec, child: PolicyDefinition<S>, childSpec: S): LoadBalancer {
  // CLUSTER_PROVIDED is the only policy configured through `original_dst_lb_config`.
  if (child.configField === 'original_dst_lb_config') {
    throw new ConfigError('lb_subset_config', 'CLUSTER_PROVIDED', 'cluster: LB policy CLUSTER_PROVIDED cannot be combined with lb_subset_config');
  }
  const random = ctx.random ?? new SeededRandom(entropySeed());
  const runtimeRandom = ctx.runtimeRandom ?? new SeededRandom(entropySeed());
  const stats = ctx.stats ?? new LbStats();
  return new SubsetLoadBalancer(ctx.prioritySet, spec, {
    selectors: [],
    random,
    runtimeRandom,
    clock: ctx.clock,
    stats,
    healthyPanicThreshold: ctx.common.healthyPanicThreshold,
    child: (prioritySet, shared) =>
      child.build(
        {
          ...ctx,
          prioritySet,
          random: shared.random,
          runtimeRandom: shared.runtimeRandom,
          clock: shared.clock,
          stats: shared.stats,
        },
        childSpec,
      ),
  });
}
