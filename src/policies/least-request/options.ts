/**
 * Options of the least request policy
 * (`envoy.extensions.load_balancing_policies.least_request.v3.LeastRequest`, legacy
 * `Cluster.LeastRequestLbConfig`).
 */
import { UpstreamLbError } from '../../errors.js';
import type { ZoneAwareLbOptions } from '../../lb/zone-aware.js';
import { checkBoolean } from '../common/options.js';
import { checkRuntimeDouble, resolveSlowStart, type ResolvedSlowStart, type RuntimeDoubleOption, type SlowStartOptions } from '../common/slow-start.js';

/** How the unweighted mode chooses among hosts (`LeastRequest.SelectionMethod`). */
export type LeastRequestSelectionMethod = 'N_CHOICES' | 'FULL_SCAN';

/** Default `choice_count` (Envoy's `PROTOBUF_GET_WRAPPED_OR_DEFAULT(config, choice_count, 2)`). */
export const DEFAULT_CHOICE_COUNT = 2;

/** Options of {@link leastRequest}. */
export interface LeastRequestOptions extends ZoneAwareLbOptions {
  /**
   * Number of random hosts sampled per pick in `N_CHOICES` mode; the one with the fewest active
   * requests wins. Mirrors `choice_count` (proto: `gte: 2`).
   * @defaultValue 2
   */
  choiceCount?: number;
  /**
   * Mirrors `active_request_bias` (a `RuntimeDouble`): in weighted mode a host's weight is
   * `weight / (activeRequests + 1) ^ bias`. A function is read at every refresh, as Envoy re-reads
   * the runtime key; a negative or NaN value then behaves as 1.0 (Envoy warns and uses 1.0).
   * `null` means not configured: bias 1.0, and equal weights use `N_CHOICES`/`FULL_SCAN`. A
   * configured bias makes the policy always use weighted (EDF) selection, as Envoy's runtime flag
   * `least_request_lb_active_request_bias_forces_weighted` (on) does; see
   * {@link activeRequestBiasForcesWeighted}.
   * @defaultValue null
   */
  activeRequestBias?: RuntimeDoubleOption | null;
  /**
   * Mirrors Envoy's runtime flag
   * `envoy.reloadable_features.least_request_lb_active_request_bias_forces_weighted`: when true, a
   * configured {@link activeRequestBias} selects weighted (EDF) mode even when all weights are
   * equal. Set false to reproduce Envoy releases before the flag.
   * @defaultValue true
   */
  activeRequestBiasForcesWeighted?: boolean;
  /**
   * Mirrors `selection_method` of the typed `LeastRequest` config (the legacy
   * `least_request_lb_config` has no such field): `N_CHOICES` samples {@link choiceCount} hosts,
   * `FULL_SCAN` scans every host and breaks ties by reservoir sampling.
   * @defaultValue 'N_CHOICES'
   */
  selectionMethod?: LeastRequestSelectionMethod;
  /** Slow start (`slow_start_config`); disabled when absent. */
  slowStart?: SlowStartOptions;
  /**
   * Opt-in fix for Envoy issue #11004 (P2C samples with replacement, so a pick can compare a host
   * with itself): sample {@link choiceCount} distinct hosts. Choice `i` (from 0) draws
   * `r = rng() % (n - i)` and takes the `r`-th host, in host-list order, among those not sampled
   * yet; with fewer hosts than choices every host is sampled once. Ties keep the earlier sample,
   * as in Envoy. Not an Envoy setting.
   * @defaultValue false
   */
  distinctChoices?: boolean;
}

/** Validated least request settings. */
export interface ResolvedLeastRequest {
  /** `choice_count`. */
  readonly choiceCount: number;
  /** `active_request_bias`, or null when not configured. */
  readonly activeRequestBias: RuntimeDoubleOption | null;
  /** Runtime flag `least_request_lb_active_request_bias_forces_weighted`. */
  readonly biasForcesWeighted: boolean;
  /** True for `FULL_SCAN`. */
  readonly fullScan: boolean;
  /** Slow start. */
  readonly slowStart: ResolvedSlowStart;
  /** Distinct sampling (issue #11004 fix). */
  readonly distinctChoices: boolean;
}

const SELECTION_METHODS: readonly LeastRequestSelectionMethod[] = ['N_CHOICES', 'FULL_SCAN'];

/** Validates the least-request-specific options and fills their defaults. */
export function resolveLeastRequestOptions(options: LeastRequestOptions): ResolvedLeastRequest {
  const choiceCount = options.choiceCount ?? DEFAULT_CHOICE_COUNT;
  if (!Number.isInteger(choiceCount) || choiceCount < 2 || choiceCount > 4_294_967_295) {
    throw new UpstreamLbError('choiceCount', choiceCount, 'must be an integer in [2, 4294967295]');
  }
  const bias = options.activeRequestBias ?? null;
  if (bias !== null) checkRuntimeDouble('activeRequestBias', bias);
  checkBoolean('activeRequestBiasForcesWeighted', options.activeRequestBiasForcesWeighted);
  const method = options.selectionMethod ?? 'N_CHOICES';
  if (!SELECTION_METHODS.includes(method)) {
    throw new UpstreamLbError('selectionMethod', method, `must be one of ${SELECTION_METHODS.join(', ')}`);
  }
  checkBoolean('distinctChoices', options.distinctChoices);
  return {
    choiceCount,
    activeRequestBias: bias,
    biasForcesWeighted: options.activeRequestBiasForcesWeighted ?? true,
    fullScan: method === 'FULL_SCAN',
    slowStart: resolveSlowStart(options.slowStart),
    distinctChoices: options.distinctChoices ?? false,
  };
}
