/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam 2016,
 * https://arxiv.org/abs/1608.01350), probing with random jumps (Chen et al. 2019,
 * https://arxiv.org/abs/1908.08762), exactly as Envoy's `BoundedLoadHashingLoadBalancer` in
 * `load_balancing_policies/common/thread_aware_lb_impl.cc` does it.
 *
 * With `hash_balance_factor` f (percent), a host may take at most
 * `slots = max(ceil(totalSlots * weight), 1)` requests, where
 * `totalSlots = ((clusterActive + 1) * f + 99) / 100` in uint32 arithmetic. When the hashed host
 * is over its slots, the hosts of the priority are visited in the order of a Fisher-Yates shuffle
 * driven by `std::mt19937` seeded with the request hash (mod 2^32), so a given hash always probes
 * the same sequence; the first host within its slots wins, else the least overloaded one.
 */
import type { Host } from '../../host/host.js';
import {
  type HashingTable,
  type NormalizedHostWeight,
  type NormalizedHostWeights,
  toNormalizedHostWeights,
} from '../../lb/thread-aware.js';
import { UpstreamLbError } from '../../errors.js';
import { Mt19937 } from './mt19937.js';

// One generator serves every table: picks are synchronous and reseed it each time.
const shuffleRng = new Mt19937();

/**
 * A hashing table wrapped with bounded load (Envoy's `BoundedLoadHashingLoadBalancer`). Reads
 * each host's `activeRequests` (its `rq_active`) and the cluster's active requests at pick time.
 * A pick that finds its host within bounds costs one gauge read; an overloaded one is O(hosts).
 */
export class BoundedLoadTable implements HashingTable {
  /** The wrapped ring or Maglev table. */
  readonly inner: HashingTable;
  /** The priority's normalized hosts, in normalization order (the probe order indexes them). */
  readonly hosts: readonly Host[];
  /** Their normalized weights. */
  readonly weights: Float64Array;
  /** `hash_balance_factor` (uint32; Envoy's config requires >= 100, its unit tests use 1). */
  readonly hashBalanceFactor: number;
  private readonly clusterActiveRequests: () => number;
  private readonly indexOf: Map<Host, number>;
  private readonly order: Uint32Array;

  /**
   * @param inner the table to wrap
   * @param weights the normalized host weights the table was built from
   * @param hashBalanceFactor the factor in percent, an integer in [1, 2^32)
   * @param clusterActiveRequests the cluster's `upstream_rq_active` gauge (read as uint32)
   */
  constructor(
    inner: HashingTable,
    weights: NormalizedHostWeights,
    hashBalanceFactor: number,
    clusterActiveRequests: () => number,
  ) {
    if (!Number.isInteger(hashBalanceFactor) || hashBalanceFactor < 1 || hashBalanceFactor > 4_294_967_295) {
      throw new UpstreamLbError('hashBalanceFactor', hashBalanceFactor, 'must be an integer in [1, 4294967295]');
    }
    this.inner = inner;
    this.hosts = weights.hosts;
    this.weights = weights.weights;
    this.hashBalanceFactor = hashBalanceFactor;
    this.clusterActiveRequests = clusterActiveRequests;
    this.indexOf = new Map();
    for (let i = 0; i < this.hosts.length; i++) this.indexOf.set(this.hosts[i], i);
    this.order = new Uint32Array(this.hosts.length);
  }

  chooseHost(hash: Uint32Array, attempt: number, offset = 0): Host | null {
    const n = this.hosts.length;
    if (n === 0) return null;
    const host = this.inner.chooseHost(hash, attempt, offset);
    if (host === null) return null;
    const index = this.indexOf.get(host);
    // A host outside the normalized vector has no weight; Envoy's map lookup would throw. Keep it.
    if (index === undefined) return host;
    // totalSlots = ((overall + 1) * factor + 99) / 100, all uint32 (wrapping) as in Envoy.
    const overall = this.clusterActiveRequests() >>> 0;
    const product = Math.imul((overall + 1) | 0, this.hashBalanceFactor | 0) >>> 0;
    const totalSlots = Math.floor(((product + 99) >>> 0) / 100);
    const weights = this.weights;
    let slots = Math.ceil(totalSlots * weights[index]) >>> 0;
    if (slots < 1) slots = 1;
    let overload = host.activeRequests / slots;
    if (overload <= 1.0) return host;

    const order = this.order;
    for (let i = 0; i < n; i++) order[i] = i;
    const rng = shuffleRng;
    rng.seed(hash[offset + 1]);
    let best = host;
    let bestOverload = overload;
    for (let i = 0; i < n; i++) {
      const j = rng.uniform(n - i);
      const k = order[i + j];
      order[i + j] = order[i];
      order[i] = k;
      const alt = this.hosts[k];
      if (alt === host) continue;
      slots = Math.ceil(totalSlots * weights[k]) >>> 0;
      if (slots < 1) slots = 1;
      overload = alt.activeRequests / slots;
      if (overload <= 1.0) return alt;
      if (bestOverload > overload) {
        best = alt;
        bestOverload = overload;
      }
    }
    return best;
  }
}

/**
 * Wraps `inner` with bounded load over `{host, weight}` entries: the pure form of what the ring
 * hash and Maglev load balancers do when `hashBalanceFactor` is set.
 *
 * @param inner the table (ring, Maglev, or any {@link HashingTable})
 * @param weights the normalized host weights `inner` was built from, in order
 * @param hashBalanceFactor the factor in percent
 * @param clusterActiveRequests the cluster's active request count (`upstream_rq_active`)
 */
export function boundedLoad(
  inner: HashingTable,
  weights: NormalizedHostWeights | readonly NormalizedHostWeight[],
  hashBalanceFactor: number,
  clusterActiveRequests: () => number,
): BoundedLoadTable {
  return new BoundedLoadTable(inner, toNormalizedHostWeights(weights), hashBalanceFactor, clusterActiveRequests);
}
