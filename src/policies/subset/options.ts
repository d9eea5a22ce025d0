/**
 * Options of the subset load balancer: Envoy's `Cluster.LbSubsetConfig` (and the
 * `envoy.extensions.load_balancing_policies.subset.v3.Subset` extension, which adds
 * `allow_redundant_keys`), with Envoy's defaults and validation rules.
 */
import { PrioritySet } from '../../cluster/priority-set.js';
import type { RandomSource } from '../../common/random.js';
import type { Clock } from '../../common/clock.js';
import type { LbStats } from '../../lb/stats.js';
import type { LoadBalancer } from '../../lb/load-balancer.js';
import { compareUtf8 } from '../../common/strings.js';
import { lbMetadata, type LbMetadata } from '../../host/metadata.js';
import { UpstreamLbError } from '../../errors.js';

/** `LbSubsetFallbackPolicy`: what a pick does when no subset matches the route's criteria. */
export type SubsetFallbackPolicy = 'NO_FALLBACK' | 'ANY_ENDPOINT' | 'DEFAULT_SUBSET';
/** Every {@link SubsetFallbackPolicy}, in enum order. */
export const SUBSET_FALLBACK_POLICIES: readonly SubsetFallbackPolicy[] = ['NO_FALLBACK', 'ANY_ENDPOINT', 'DEFAULT_SUBSET'];

/** `LbSubsetSelector.LbSubsetSelectorFallbackPolicy`: a selector's own fallback. */
export type SelectorFallbackPolicy = 'NOT_DEFINED' | 'NO_FALLBACK' | 'ANY_ENDPOINT' | 'DEFAULT_SUBSET' | 'KEYS_SUBSET';
/** Every {@link SelectorFallbackPolicy}, in enum order. */
export const SELECTOR_FALLBACK_POLICIES: readonly SelectorFallbackPolicy[] = [
  'NOT_DEFINED',
  'NO_FALLBACK',
  'ANY_ENDPOINT',
  'DEFAULT_SUBSET',
  'KEYS_SUBSET',
];

/** `LbSubsetMetadataFallbackPolicy`. */
export type MetadataFallbackPolicy = 'METADATA_NO_FALLBACK' | 'FALLBACK_LIST';
/** Every {@link MetadataFallbackPolicy}, in enum order. */
export const METADATA_FALLBACK_POLICIES: readonly MetadataFallbackPolicy[] = ['METADATA_NO_FALLBACK', 'FALLBACK_LIST'];

/** One subset selector (`LbSubsetSelector`). */
export interface SubsetSelectorOptions {
  /** `keys`: the `envoy.lb` metadata keys defining the subsets (a set: order and duplicates do not matter). */
  keys: readonly string[];
  /** `fallback_policy`. @defaultValue 'NOT_DEFINED' (the cluster-level fallback applies) */
  fallbackPolicy?: SelectorFallbackPolicy;
  /** `fallback_keys_subset`: the keys kept by `KEYS_SUBSET`; a strict subset of {@link keys}. @defaultValue [] */
  fallbackKeysSubset?: readonly string[];
  /** `single_host_per_subset`: each subset holds only its first host. @defaultValue false */
  singleHostPerSubset?: boolean;
}

/** What a subset load balancer shares with the child load balancers it builds. */
export interface SubsetChildShared {
  /** The cluster's random source (every child draws from it). */
  readonly random: RandomSource;
  /** The runtime random source. */
  readonly runtimeRandom: RandomSource;
  /** The clock, when one was given. */
  readonly clock: Clock | undefined;
  /** The cluster's stats object. */
  readonly stats: LbStats;
}

/**
 * Builds the load balancer of one subset over the subset's own priority set: the cluster's
 * `lb_policy` in Envoy.
 */
export type SubsetChildFactory = (prioritySet: PrioritySet, shared: SubsetChildShared) => LoadBalancer;

/** Options of `subset()`. Field names mirror `Cluster.LbSubsetConfig`. */
export interface SubsetOptions {
  /** `subset_selectors`. Selectors with no keys are ignored. */
  selectors: readonly SubsetSelectorOptions[];
  /** `fallback_policy`. @defaultValue 'NO_FALLBACK' */
  fallbackPolicy?: SubsetFallbackPolicy;
  /** `default_subset`: the metadata a host needs to be in the default subset. @defaultValue {} (every host) */
  defaultSubset?: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown> | null;
  /** `locality_weight_aware`: subsets keep the cluster's locality weights. @defaultValue false */
  localityWeightAware?: boolean;
  /** `scale_locality_weight`: scale each locality weight by the share of its hosts in the subset. @defaultValue false */
  scaleLocalityWeight?: boolean;
  /** `panic_mode_any`: when the fallback finds no host, try every host. @defaultValue false */
  panicModeAny?: boolean;
  /** `list_as_any`: a list metadata value puts the host in one subset per element. @defaultValue false */
  listAsAny?: boolean;
  /**
   * `allow_redundant_keys` (extension proto only): route criteria may carry keys no selector uses;
   * the longest selector whose keys are all present decides which keys are kept. @defaultValue false
   */
  allowRedundantKeys?: boolean;
  /** `metadata_fallback_policy`. @defaultValue 'METADATA_NO_FALLBACK' */
  metadataFallbackPolicy?: MetadataFallbackPolicy;
  /** Builds each subset's load balancer. @defaultValue round robin with the shared random source and stats */
  child?: SubsetChildFactory;
  /** Random source shared with every child. @defaultValue a seeded generator from platform entropy */
  random?: RandomSource;
  /** Runtime random source shared with every child. @defaultValue a seeded generator from platform entropy */
  runtimeRandom?: RandomSource;
  /** Clock handed to the children. @defaultValue the children's default */
  clock?: Clock;
  /** Stats shared with every child. @defaultValue a new LbStats */
  stats?: LbStats;
  /**
   * Panic threshold of the whole-cluster loads reported by `priorityLoad()` (each child applies its
   * own). @defaultValue 50
   */
  healthyPanicThreshold?: number;
}

/** Numeric codes of {@link SelectorFallbackPolicy} (the proto enum numbers). */
export const SelectorFallback = {
  /** The cluster-level fallback applies. */
  NOT_DEFINED: 0,
  /** No host. */
  NO_FALLBACK: 1,
  /** Any host of the cluster. */
  ANY_ENDPOINT: 2,
  /** The default subset. */
  DEFAULT_SUBSET: 3,
  /** Retry with only `fallback_keys_subset`. */
  KEYS_SUBSET: 4,
} as const;

/** A validated selector. */
export interface ResolvedSelector {
  /** Keys, de-duplicated and sorted bytewise (Envoy's `std::set<std::string>`). */
  readonly keys: readonly string[];
  /** The same keys as a set. */
  readonly keySet: ReadonlySet<string>;
  /** {@link SelectorFallback} code. */
  readonly fallbackPolicy: number;
  /** `fallback_keys_subset`, sorted, as a set (empty unless KEYS_SUBSET). */
  readonly fallbackKeysSubset: ReadonlySet<string>;
  /** `single_host_per_subset`. */
  readonly singleHostPerSubset: boolean;
}

/** Validated subset settings (everything but the child factory and the shared sources). */
export interface SubsetSpec {
  /** Selectors in effect order (stable-sorted by key count, descending, with `allowRedundantKeys`). */
  readonly selectors: readonly ResolvedSelector[];
  /** `fallback_policy`. */
  readonly fallbackPolicy: SubsetFallbackPolicy;
  /** `default_subset` as metadata. */
  readonly defaultSubset: LbMetadata;
  /** `locality_weight_aware`. */
  readonly localityWeightAware: boolean;
  /** `scale_locality_weight`. */
  readonly scaleLocalityWeight: boolean;
  /** `panic_mode_any`. */
  readonly panicModeAny: boolean;
  /** `list_as_any`. */
  readonly listAsAny: boolean;
  /** `allow_redundant_keys`. */
  readonly allowRedundantKeys: boolean;
  /** `metadata_fallback_policy`. */
  readonly metadataFallbackPolicy: MetadataFallbackPolicy;
}

/** @internal Builds the error for a rule: config input gets a ConfigError, the API an UpstreamLbError. */
export type ErrorFactory = (path: string, value: unknown, rule: string) => Error;

const apiError: ErrorFactory = (path, value, rule) => new UpstreamLbError(path, value, rule);

/** @internal Field names used in error paths: the API's camelCase or Envoy's snake_case. */
export interface SubsetFieldNames {
  selectors: string;
  keys: string;
  fallbackPolicy: string;
  fallbackKeysSubset: string;
  singleHostPerSubset: string;
  defaultSubset: string;
}

const API_NAMES: SubsetFieldNames = {
  selectors: 'selectors',
  keys: 'keys',
  fallbackPolicy: 'fallbackPolicy',
  fallbackKeysSubset: 'fallbackKeysSubset',
  singleHostPerSubset: 'singleHostPerSubset',
  defaultSubset: 'defaultSubset',
};

/**
 * Validates one selector with Envoy's `SubsetSelector` rules (in Envoy's order) and returns it
 * resolved.
 */
export function resolveSelector(
  s: SubsetSelectorOptions,
  path: string,
  names: SubsetFieldNames = API_NAMES,
  error: ErrorFactory = apiError,
): ResolvedSelector {
  if (!Array.isArray(s.keys) || s.keys.some((k) => typeof k !== 'string')) {
    throw error(`${path}.${names.keys}`, s.keys, 'must be a list of strings');
  }
  const policyName = s.fallbackPolicy ?? 'NOT_DEFINED';
  const policy = SELECTOR_FALLBACK_POLICIES.indexOf(policyName);
  if (policy < 0) {
    throw error(`${path}.${names.fallbackPolicy}`, policyName, `must be one of ${SELECTOR_FALLBACK_POLICIES.join(', ')}`);
  }
  const rawSubset = s.fallbackKeysSubset ?? [];
  if (!Array.isArray(rawSubset) || rawSubset.some((k) => typeof k !== 'string')) {
    throw error(`${path}.${names.fallbackKeysSubset}`, rawSubset, 'must be a list of strings');
  }
  const single = s.singleHostPerSubset ?? false;
  if (typeof single !== 'boolean') throw error(`${path}.${names.singleHostPerSubset}`, single, 'must be a boolean');
  const keys = sortedUnique(s.keys);
  const subset = sortedUnique(rawSubset);
  const subsetPath = `${path}.${names.fallbackKeysSubset}`;
  if (policy !== SelectorFallback.KEYS_SUBSET) {
    if (subset.length > 0) throw error(subsetPath, rawSubset, 'fallback_keys_subset can be set only for KEYS_SUBSET fallback_policy');
  } else {
    if (subset.length === 0) throw error(subsetPath, rawSubset, 'fallback_keys_subset cannot be empty');
    const keySet = new Set(keys);
    if (!subset.every((k) => keySet.has(k))) throw error(subsetPath, rawSubset, 'fallback_keys_subset must be a subset of selector keys');
    if (subset.length === keys.length) throw error(subsetPath, rawSubset, 'fallback_keys_subset cannot be equal to keys');
  }
  return Object.freeze({
    keys: Object.freeze(keys),
    keySet: new Set(keys),
    fallbackPolicy: policy,
    fallbackKeysSubset: new Set(subset),
    singleHostPerSubset: single,
  });
}

/** Validates {@link SubsetOptions} (all but the runtime parts) into a {@link SubsetSpec}. */
export function resolveSubsetSpec(options: SubsetOptions): SubsetSpec {
  if (options === null || typeof options !== 'object') throw new UpstreamLbError('options', options, 'must be an object');
  if (!Array.isArray(options.selectors)) throw new UpstreamLbError('selectors', options.selectors, 'must be a list of selectors');
  const fallbackPolicy = options.fallbackPolicy ?? 'NO_FALLBACK';
  if (!SUBSET_FALLBACK_POLICIES.includes(fallbackPolicy)) {
    throw new UpstreamLbError('fallbackPolicy', fallbackPolicy, `must be one of ${SUBSET_FALLBACK_POLICIES.join(', ')}`);
  }
  const metadataFallbackPolicy = options.metadataFallbackPolicy ?? 'METADATA_NO_FALLBACK';
  if (!METADATA_FALLBACK_POLICIES.includes(metadataFallbackPolicy)) {
    throw new UpstreamLbError('metadataFallbackPolicy', metadataFallbackPolicy, `must be one of ${METADATA_FALLBACK_POLICIES.join(', ')}`);
  }
  const flags = ['localityWeightAware', 'scaleLocalityWeight', 'panicModeAny', 'listAsAny', 'allowRedundantKeys'] as const;
  for (const f of flags) {
    const v = options[f];
    if (v !== undefined && typeof v !== 'boolean') throw new UpstreamLbError(f, v, 'must be a boolean');
  }
  const selectors: ResolvedSelector[] = [];
  options.selectors.forEach((s, i) => {
    if (s === null || typeof s !== 'object') throw new UpstreamLbError(`selectors[${i}]`, s, 'must be an object');
    if (!Array.isArray(s.keys)) throw new UpstreamLbError(`selectors[${i}].keys`, s.keys, 'must be a list of strings');
    // Envoy builds (and validates) only selectors with keys.
    if (s.keys.length > 0) selectors.push(resolveSelector(s, `selectors[${i}]`));
  });
  const defaultSubset = metadataOption(options.defaultSubset, 'defaultSubset');
  return finishSpec({
    selectors,
    fallbackPolicy,
    defaultSubset,
    localityWeightAware: options.localityWeightAware ?? false,
    scaleLocalityWeight: options.scaleLocalityWeight ?? false,
    panicModeAny: options.panicModeAny ?? false,
    listAsAny: options.listAsAny ?? false,
    allowRedundantKeys: options.allowRedundantKeys ?? false,
    metadataFallbackPolicy,
  });
}

/**
 * Freezes a spec; with `allowRedundantKeys` the selectors are stable-sorted by key count,
 * descending, as Envoy's `LoadBalancerSubsetInfoImpl` does.
 */
export function finishSpec(spec: SubsetSpec): SubsetSpec {
  const selectors = spec.allowRedundantKeys
    ? spec.selectors
        .map((s, i) => ({ s, i }))
        .sort((a, b) => b.s.keys.length - a.s.keys.length || a.i - b.i)
        .map((x) => x.s)
    : spec.selectors.slice();
  return Object.freeze({ ...spec, selectors: Object.freeze(selectors) });
}

/**
 * Checks the parts of {@link SubsetOptions} that are not settings: the priority set, the child
 * factory, the random sources, the clock and the stats object.
 */
export function checkSubsetRuntimeOptions(prioritySet: unknown, options: SubsetOptions): void {
  if (!(prioritySet instanceof PrioritySet)) throw new UpstreamLbError('prioritySet', prioritySet, 'must be a PrioritySet');
  if (options.child !== undefined && typeof options.child !== 'function') {
    throw new UpstreamLbError('child', options.child, 'must be a function (prioritySet, shared) => LoadBalancer');
  }
  const method = (path: string, value: unknown, name: string, what: string) => {
    if (value === undefined) return;
    if (value === null || typeof value !== 'object' || typeof (value as Record<string, unknown>)[name] !== 'function') {
      throw new UpstreamLbError(path, value, `must be ${what} (an object with a ${name}() method)`);
    }
  };
  method('random', options.random, 'nextU64', 'a RandomSource');
  method('runtimeRandom', options.runtimeRandom, 'nextU64', 'a RandomSource');
  method('clock', options.clock, 'now', 'a Clock');
  if (options.stats !== undefined && (options.stats === null || typeof options.stats !== 'object')) {
    throw new UpstreamLbError('stats', options.stats, 'must be an object');
  }
}

/** Normalizes a metadata struct option, rethrowing value errors as `UpstreamLbError` with the key path. */
export function metadataOption(value: unknown, path: string): LbMetadata {
  if (value === undefined || value === null) return lbMetadata(null);
  if (typeof value !== 'object' || Array.isArray(value)) throw new UpstreamLbError(path, value, 'must be an object of metadata keys to values');
  try {
    return lbMetadata(value as Readonly<Record<string, unknown>>);
  } catch (e) {
    throw metadataValueError(path, e);
  }
}

/** Turns the `TypeError` of a metadata value (`key: rule, got x`) into an `UpstreamLbError`. */
export function metadataValueError(path: string, e: unknown): UpstreamLbError {
  const text = e instanceof Error ? e.message : String(e);
  const m = /^(.*?): (.*), got (.*)$/.exec(text);
  if (!m) return new UpstreamLbError(path, undefined, text);
  return new UpstreamLbError(`${path}.${m[1]}`, m[3], m[2]);
}

function sortedUnique(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort(compareUtf8);
}
