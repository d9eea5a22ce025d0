/**
 * A route's `weighted_clusters` splitter, as Envoy's router picks a target: one u64 random value
 * per request (Envoy uses the stream's random value), `value % total`, and the first entry whose
 * interval `[begin, begin + weight)` contains it. Each entry carries the `metadata_match` criteria
 * it routes with (the route's criteria merged with the entry's own, the entry winning).
 */
import type { RandomSource } from '../common/random.js';
import { modU64At, type U64, toU64 } from '../common/u64.js';
import { UpstreamLbError } from '../errors.js';
import { mergeMetadataMatch, type MetadataMatchCriteria, type MetadataMatchInput } from './metadata-match.js';

/** Largest sum of weights Envoy accepts (`uint32`). */
export const MAX_TOTAL_CLUSTER_WEIGHT = 4_294_967_295;

/** One `clusters[]` entry of {@link WeightedClustersInit}. */
export interface WeightedClusterInit {
  /** `name`: the target cluster. Exactly one of `name` and `clusterHeader` is set. */
  name?: string;
  /** `cluster_header`: the target is the first value of this request header. */
  clusterHeader?: string;
  /** `weight`, an integer in [0, 2^32 - 1]. */
  weight: number;
  /** `metadata_match.filter_metadata["envoy.lb"]` of the entry. @defaultValue none */
  metadataMatch?: MetadataMatchInput | null;
}

/** Inputs of {@link WeightedClusters}. */
export interface WeightedClustersInit {
  /** `clusters` (at least one). */
  clusters: readonly WeightedClusterInit[];
  /** The route's `metadata_match.filter_metadata["envoy.lb"]`. @defaultValue none */
  routeMetadataMatch?: MetadataMatchInput | null;
  /**
   * `header_name` (`random_value_specifier`): a request header whose single value, a decimal u64,
   * replaces the random value. @defaultValue none
   */
  headerName?: string | null;
}

/** A target of the splitter. */
export interface WeightedClusterEntry {
  /** Position in `clusters`. */
  readonly index: number;
  /** Cluster name, or `''` when the entry names a header. */
  readonly name: string;
  /** The header naming the cluster, or `''`. */
  readonly clusterHeader: string;
  /** Configured weight. */
  readonly weight: number;
  /** Criteria for the subset load balancer: route criteria merged with the entry's, or null. */
  readonly metadataMatch: MetadataMatchCriteria | null;
}

/**
 * The weighted cluster splitter of a route (`RouteAction.weighted_clusters`).
 *
 * @example
 * const split = new WeightedClusters({
 *   clusters: [
 *     { name: 'web', weight: 90, metadataMatch: { version: '1.0' } },
 *     { name: 'web', weight: 10, metadataMatch: { version: '1.1' } },
 *   ],
 *   routeMetadataMatch: { stage: 'prod' },
 * });
 * split.pickValue(95).metadataMatch?.get('version'); // '1.1' (95 % 100 falls in [90, 100))
 */
export class WeightedClusters {
  /** The entries in configuration order. */
  readonly clusters: readonly WeightedClusterEntry[];
  /** Sum of the weights (the modulus of the random value). */
  readonly totalWeight: number;
  /** `header_name`, or null. */
  readonly headerName: string | null;
  private readonly ends: Float64Array;
  private readonly draw = new Uint32Array(2);
  private readonly scratch: U64 = { hi: 0, lo: 0 };

  /** @throws UpstreamLbError for invalid entries, a zero sum, or a sum above 2^32 - 1 */
  constructor(init: WeightedClustersInit) {
    if (!Array.isArray(init.clusters) || init.clusters.length === 0) {
      throw new UpstreamLbError('clusters', init.clusters, 'must contain at least 1 item(s)');
    }
    const routeCriteria = init.routeMetadataMatch ?? null;
    let total = 0;
    const entries: WeightedClusterEntry[] = [];
    init.clusters.forEach((c, i) => {
      const name = c.name ?? '';
      const clusterHeader = c.clusterHeader ?? '';
      if (typeof name !== 'string' || typeof clusterHeader !== 'string') {
        throw new UpstreamLbError(`clusters[${i}]`, c, 'name and clusterHeader must be strings');
      }
      if ((name === '') === (clusterHeader === '')) {
        const rule =
          name === '' ? 'At least one of name or cluster_header need to be specified' : 'Only one of name or cluster_header can be specified';
        throw new UpstreamLbError(`clusters[${i}]`, c, rule);
      }
      const w = c.weight;
      if (!Number.isInteger(w) || w < 0 || w > MAX_TOTAL_CLUSTER_WEIGHT) {
        throw new UpstreamLbError(`clusters[${i}].weight`, w, `must be an integer in [0, ${MAX_TOTAL_CLUSTER_WEIGHT}]`);
      }
      total += w;
      if (total > MAX_TOTAL_CLUSTER_WEIGHT) {
        throw new UpstreamLbError('clusters', total, `The sum of weights of all weighted clusters exceeds ${MAX_TOTAL_CLUSTER_WEIGHT}`);
      }
      entries.push(
        Object.freeze({
          index: i,
          name,
          clusterHeader,
          weight: w,
          metadataMatch: mergeMetadataMatch(routeCriteria, c.metadataMatch ?? null),
        }),
      );
    });
    if (total === 0) throw new UpstreamLbError('clusters', 0, 'Sum of weights in the weighted_cluster must be greater than 0.');
    this.clusters = Object.freeze(entries);
    this.totalWeight = total;
    this.headerName = init.headerName ? init.headerName.toLowerCase() : null;
    this.ends = new Float64Array(entries.length);
    let end = 0;
    entries.forEach((e, i) => {
      end += e.weight;
      this.ends[i] = end;
    });
  }

  /**
   * Draws one u64 from `random` (Envoy's per-request random value) and picks the target. When
   * `headerValues` holds exactly one value of the configured `header_name` that parses as a
   * decimal u64, that value is used instead of the draw (the draw is still taken, as Envoy's
   * stream random value exists either way).
   */
  pick(random: RandomSource, headerValues?: readonly string[] | null): WeightedClusterEntry {
    const r = random.nextU64(this.scratch);
    const d = this.draw;
    d[0] = r.hi;
    d[1] = r.lo;
    if (this.headerName !== null && headerValues != null && headerValues.length === 1) {
      const v = parseUint64Decimal(headerValues[0]);
      if (v !== null) {
        d[0] = v.hi;
        d[1] = v.lo;
      }
    }
    return this.pickAt(d, 0);
  }

  /** Picks the target for a random value given as `[hi, lo]` uint32 halves at `a[i]`, `a[i + 1]`. */
  pickAt(a: Uint32Array, i: number): WeightedClusterEntry {
    const selected = modU64At(a, i, this.totalWeight);
    const ends = this.ends;
    for (let k = 0; k < ends.length; k++) {
      // [begin, end) intervals in order; a zero-weight entry has an empty interval.
      if (selected < ends[k]) return this.clusters[k];
    }
    return this.clusters[this.clusters.length - 1];
  }

  /** Picks the target for a random value (u64 halves, `bigint` or a safe integer). */
  pickValue(value: U64 | bigint | number): WeightedClusterEntry {
    const v = toU64(value);
    const d = this.draw;
    d[0] = v.hi;
    d[1] = v.lo;
    return this.pickAt(d, 0);
  }
}

const U64_MAX_DECIMAL = '18446744073709551615';

/**
 * absl's `SimpleAtoi` for `uint64_t`: optional ASCII whitespace around, an optional `+`, decimal
 * digits, no overflow. Returns null when the text is not such a number.
 */
export function parseUint64Decimal(text: string): U64 | null {
  const m = /^[\t\n\v\f\r ]*\+?([0-9]+)[\t\n\v\f\r ]*$/.exec(text);
  if (!m) return null;
  const digits = m[1].replace(/^0+(?=\d)/, '');
  if (digits.length > 20 || (digits.length === 20 && digits > U64_MAX_DECIMAL)) return null;
  return toU64(BigInt(digits));
}
