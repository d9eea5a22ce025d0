/**
 * The frame shared by the consistent hashing load balancers (ring hash and Maglev): per-priority
 * loads and panic, weight normalization, one immutable hashing table per priority rebuilt on host
 * changes, and the pick (request hash → priority → table lookup with retry attempts).
 *
 * Mirrors Envoy's `ThreadAwareLoadBalancerBase` and its `LoadBalancerImpl` in
 * `source/extensions/load_balancing_policies/common/thread_aware_lb_impl.{h,cc}`. A policy plugs
 * in a {@link HashingTableBuilder}; the table answers `chooseHost(hash, attempt)` and nothing else.
 *
 * Unlike the zone-aware load balancers these draw no random number at construction or on host
 * updates; a pick draws once, and only when the request carries no hash.
 */
import type { Host } from '../host/host.js';
import type { HostSet } from '../cluster/host-set.js';
import type { CallbackHandle, PrioritySet } from '../cluster/priority-set.js';
import { type RandomSource, SeededRandom, entropySeed } from '../common/random.js';
import { choosePriorityFromPercent, DEFAULT_HEALTHY_PANIC_THRESHOLD } from '../common/priority.js';
import { modU64At, type U64, u64ToDecimal } from '../common/u64.js';
import { UpstreamLbError } from '../errors.js';
import { HashPolicy, type HashRequest } from '../hash/policy.js';
import { type AddCookieCallback, formatSetCookie, generateCookieValue } from '../hash/cookie.js';
import { BoundedLoadTable } from '../policies/common/bounded-load.js';
import { LbStats } from './stats.js';
import type { LoadBalancerContext, PickAttempt, PickExplanation } from './context.js';
import type { LoadBalancer, PriorityLoadSnapshot } from './load-balancer.js';
import { PriorityState } from './priority-state.js';

/**
 * A host's position key on a ring or in a Maglev table (Envoy's `HashingLoadBalancer::hashKey`):
 * a non-empty string `hash_key` in the host's `envoy.lb` metadata wins; otherwise the hostname
 * with `use_hostname_for_hashing`, else the address (`ip:port`, IPv6 as `[addr]:port`). A
 * `hash_key` of another type (a number, say) is ignored, as in Envoy.
 */
export function hashKeyOf(host: Host, useHostnameForHashing: boolean): string {
  const v = host.metadata.get('hash_key');
  if (typeof v === 'string' && v.length > 0) return v;
  return useHostnameForHashing ? host.hostname : host.address;
}

/** One host and its normalized weight (Envoy's `NormalizedHostWeightVector` element). */
export interface NormalizedHostWeight {
  /** The host. */
  readonly host: Host;
  /** Its share of the priority's traffic; the weights of a priority sum to 1 (up to rounding). */
  readonly weight: number;
}

/**
 * Normalized host weights of one priority, in Envoy's order: hosts in host-set order, or locality
 * by locality (hosts of a locality in order) when locality-weighted. `min` starts at 1.0 and `max`
 * at 0.0 as in Envoy, so an empty vector reports min 1 and max 0.
 */
export class NormalizedHostWeights {
  /** Hosts, in normalization order. */
  readonly hosts: readonly Host[];
  /** Normalized weight of each host, same order. */
  readonly weights: Float64Array;
  /** Smallest weight (1.0 when empty). */
  readonly min: number;
  /** Largest weight (0.0 when empty). */
  readonly max: number;

  /**
   * @param hosts hosts in normalization order
   * @param weights their weights, same length
   */
  constructor(hosts: readonly Host[], weights: Float64Array) {
    if (hosts.length !== weights.length) {
      throw new UpstreamLbError('weights', weights.length, `must have one weight per host (${hosts.length})`);
    }
    let min = 1.0;
    let max = 0.0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      if (!(w >= 0) || w === Infinity) throw new UpstreamLbError(`weights[${i}]`, w, 'must be a finite number >= 0');
      min = Math.min(min, w);
      max = Math.max(max, w);
    }
    this.hosts = hosts;
    this.weights = weights;
    this.min = min;
    this.max = max;
  }

  /** Builds the vector from `{host, weight}` entries (order kept). */
  static from(entries: readonly NormalizedHostWeight[]): NormalizedHostWeights {
    const w = new Float64Array(entries.length);
    for (let i = 0; i < entries.length; i++) w[i] = entries[i].weight;
    return new NormalizedHostWeights(
      entries.map((e) => e.host),
      w,
    );
  }

  /** Number of hosts. */
  get size(): number {
    return this.hosts.length;
  }

  /** The entries as `{host, weight}` objects. */
  toArray(): NormalizedHostWeight[] {
    return this.hosts.map((host, i) => ({ host, weight: this.weights[i] }));
  }
}

/** Accepts either form of normalized weights. */
export function toNormalizedHostWeights(input: NormalizedHostWeights | readonly NormalizedHostWeight[]): NormalizedHostWeights {
  return input instanceof NormalizedHostWeights ? input : NormalizedHostWeights.from(input);
}

/**
 * Envoy's `normalizeWeights` for one priority: the hosts a hashing table is built from and their
 * weights summing to 1.
 *
 * - Not locality-weighted (or no locality weights): all hosts in panic, else the healthy hosts;
 *   `weight / sum(weights)`.
 * - Locality-weighted: per locality (all hosts in panic, else healthy), skipping localities of
 *   weight 0, `weight * (localityWeight / localitySum) / sum(weights in the locality)`. All
 *   locality weights 0 gives an empty vector. Locality weights are not adjusted for partial
 *   availability (Envoy's TODO).
 *
 * Double arithmetic in Envoy's operation order: `(hostWeight * localityShare) / hostSum`.
 */
export function normalizeWeights(hostSet: HostSet, inPanic: boolean, localityWeighted: boolean): NormalizedHostWeights {
  const hosts: Host[] = [];
  const weights: number[] = [];
  const lw = hostSet.localityWeights;
  if (!localityWeighted || lw.length === 0) {
    pushNormalized(inPanic ? hostSet.hosts : hostSet.healthyHosts, 1.0, hosts, weights);
  } else {
    const perLocality = inPanic ? hostSet.hostsPerLocality : hostSet.healthyHostsPerLocality;
    let sum = 0;
    for (let i = 0; i < lw.length; i++) sum += lw[i];
    if (sum !== 0) {
      for (let i = 0; i < lw.length; i++) {
        if (lw[i] !== 0) pushNormalized(perLocality.lists[i] ?? [], lw[i] / sum, hosts, weights);
      }
    }
  }
  return new NormalizedHostWeights(hosts, Float64Array.from(weights));
}

function pushNormalized(list: readonly Host[], localityShare: number, hosts: Host[], weights: number[]): void {
  let sum = 0;
  for (const h of list) sum += h.weight;
  for (const h of list) {
    hosts.push(h);
    weights.push((h.weight * localityShare) / sum);
  }
}

/** A typed array of host indices: the narrowest of `Uint8Array`, `Uint16Array`, `Uint32Array`. */
export type HostIndexArray = Uint8Array | Uint16Array | Uint32Array;

/**
 * A host index array of `length` elements for tables over `hostCount` hosts, one element wide
 * enough for indices `0 .. hostCount - 1` plus one spare value (the largest) for "empty":
 * `Uint8Array` up to 255 hosts, `Uint16Array` up to 65,535, else `Uint32Array`.
 */
export function hostIndexArray(hostCount: number, length: number): HostIndexArray {
  if (hostCount <= 0xff) return new Uint8Array(length);
  if (hostCount <= 0xffff) return new Uint16Array(length);
  return new Uint32Array(length);
}

/**
 * A built hashing table: Envoy's `HashingLoadBalancer`. Immutable once built; `chooseHost` only
 * reads it and allocates nothing.
 */
export interface HashingTable {
  /**
   * The host for a request hash (`hash[offset]` high and `hash[offset + 1]` low uint32 half,
   * `offset` defaulting to 0) on selection attempt `attempt` (0 for the first try; retries pass 1,
   * 2, ...), or null when the table is empty.
   */
  chooseHost(hash: Uint32Array, attempt: number, offset?: number): Host | null;
}

/**
 * Builds one priority's table from its normalized weights (Envoy's `createLoadBalancer`), setting
 * the policy's gauges in `stats` when the weights are not empty.
 */
export type HashingTableBuilder<T extends HashingTable> = (weights: NormalizedHostWeights, stats: LbStats) => T;

/**
 * A load-balancer-level hash policy (`consistent_hashing_lb_config.hash_policy`): computes the
 * request hash from the context's `request` description. {@link HashPolicy} is one.
 */
export interface RequestHashPolicy {
  /**
   * Writes the request's u64 hash as `[hi, lo]` into `out[index]`, `out[index + 1]` and returns
   * true, or returns false when no policy produced a hash.
   */
  generateHash(request: HashRequest, out: Uint32Array, index: number, addCookie?: AddCookieCallback): boolean;
}

/**
 * Compiles `consistent_hashing_lb_config.hash_policy` (the raw JSON list) with
 * {@link HashPolicy.fromConfig}.
 *
 * @param json the `hash_policy` list
 * @param path the field path, for errors
 * @throws ConfigError for an invalid list
 */
export function compileLbHashPolicy(json: readonly unknown[], path: string): RequestHashPolicy {
  return HashPolicy.fromConfig(json, path);
}

/** Options shared by the consistent hashing load balancers (ring hash and Maglev). */
export interface ThreadAwareLbOptions {
  /**
   * Random draws: a pick whose context gives no hash uses one draw as its hash.
   * @defaultValue a {@link SeededRandom} seeded from platform entropy
   */
  random?: RandomSource;
  /** Stats object (shared when given). @defaultValue a new {@link LbStats} */
  stats?: LbStats;
  /** `common_lb_config.healthy_panic_threshold` in percent; 0 disables panic. @defaultValue 50 */
  healthyPanicThreshold?: number;
  /**
   * `locality_weighted_lb_config` is set: host weights are scaled by their locality's share of the
   * locality weights. @defaultValue false
   */
  localityWeighted?: boolean;
  /**
   * `consistent_hashing_lb_config.use_hostname_for_hashing`: hash hosts by hostname instead of
   * address. @defaultValue false
   */
  useHostnameForHashing?: boolean;
  /**
   * `consistent_hashing_lb_config.hash_balance_factor`: bounded load, in percent of the average
   * load (0 = off, else at least 100). @defaultValue 0
   */
  hashBalanceFactor?: number;
  /**
   * `consistent_hashing_lb_config.hash_policy`, compiled ({@link HashPolicy.fromConfig}): when set
   * and a pick's context carries a `request` ({@link HashRequest}), the hash comes from it; no
   * hash means one random draw, as in Envoy. @defaultValue null
   */
  hashPolicy?: RequestHashPolicy | null;
  /**
   * Receives the `Set-Cookie` header value when a cookie hash policy with a `ttl` generates the
   * affinity cookie (Envoy's `generateCookie`: the value is derived from the request's
   * `sourceAddress` and `localAddress`; without both there is no cookie and no hash). Add it to
   * the response of `request`. @defaultValue null (the cookie is still computed and hashed)
   */
  onSetCookie?: ((setCookie: string, request: HashRequest) => void) | null;
  /**
   * The cluster's `upstream_rq_active` gauge for bounded load. Called on every bounded-load pick.
   * @defaultValue the sum of `activeRequests` over every host of the priority set (O(hosts))
   */
  clusterActiveRequests?: (() => number) | null;
}

/** Validated {@link ThreadAwareLbOptions}. */
export interface ResolvedThreadAwareOptions {
  /** Random source. */
  readonly random: RandomSource;
  /** Stats. */
  readonly stats: LbStats;
  /** Panic threshold. */
  readonly healthyPanicThreshold: number;
  /** Locality weighting. */
  readonly localityWeighted: boolean;
  /** Hostname keys. */
  readonly useHostnameForHashing: boolean;
  /** Bounded load factor (0 = off). */
  readonly hashBalanceFactor: number;
  /** Request hash policy. */
  readonly hashPolicy: RequestHashPolicy | null;
  /** Cluster gauge override. */
  readonly clusterActiveRequests: (() => number) | null;
  /** Generated cookie sink. */
  readonly onSetCookie: ((setCookie: string, request: HashRequest) => void) | null;
}

/** Validates the shared options and fills defaults; throws {@link UpstreamLbError} naming the option. */
export function resolveThreadAwareOptions(options: ThreadAwareLbOptions): ResolvedThreadAwareOptions {
  const threshold = options.healthyPanicThreshold ?? DEFAULT_HEALTHY_PANIC_THRESHOLD;
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > 100) {
    throw new UpstreamLbError('healthyPanicThreshold', threshold, 'must be an integer in [0, 100]');
  }
  const factor = options.hashBalanceFactor ?? 0;
  if (!Number.isInteger(factor) || factor < 0 || factor > 4_294_967_295 || (factor > 0 && factor < 100)) {
    throw new UpstreamLbError('hashBalanceFactor', factor, 'must be 0 (off) or an integer in [100, 4294967295]');
  }
  return {
    random: options.random ?? new SeededRandom(entropySeed()),
    stats: options.stats ?? new LbStats(),
    healthyPanicThreshold: threshold,
    localityWeighted: options.localityWeighted ?? false,
    useHostnameForHashing: options.useHostnameForHashing ?? false,
    hashBalanceFactor: factor,
    hashPolicy: options.hashPolicy ?? null,
    clusterActiveRequests: options.clusterActiveRequests ?? null,
    onSetCookie: options.onSetCookie ?? null,
  };
}

const EMPTY_TABLE: HashingTable = { chooseHost: () => null };

/**
 * A consistent hashing load balancer over a priority set: Envoy's thread-aware load balancer with
 * a pluggable table (ring or Maglev). Build one through `ringHash()` or `maglev()`.
 *
 * On every host-set change it recomputes loads and panic and rebuilds every priority's table from
 * its normalized weights (coalesced: a batch of updates rebuilds once). A pick takes the request
 * hash (hash policy, else `context.hashKey`, else one random draw), chooses the priority with
 * `hash % 100 + 1` against the loads, counts `lb_healthy_panic` when that priority is in panic,
 * and asks the table for attempt 0, 1, ... while `shouldSelectAnotherHost` rejects the host.
 */
export class ThreadAwareLoadBalancer<T extends HashingTable = HashingTable> implements LoadBalancer {
  /** The hosts picked from. */
  readonly prioritySet: PrioritySet;
  /** Envoy's stats (including the policy's table gauges). */
  readonly stats: LbStats;
  /** The random source (used only for picks without a hash). */
  readonly random: RandomSource;
  /** Per-priority loads and panic flags. */
  readonly priorityState: PriorityState;
  /** True when locality-weighted balancing is on. */
  readonly localityWeighted: boolean;

  private readonly builder: HashingTableBuilder<T>;
  private readonly hashBalanceFactor: number;
  private readonly hashPolicy: RequestHashPolicy | null;
  private readonly clusterActiveRequests: () => number;
  private readonly onSetCookie: ((setCookie: string, request: HashRequest) => void) | null;
  /** The request of the pick in progress, read by {@link addCookie}. */
  private cookieRequest: HashRequest | null = null;
  /** Envoy's `generateCookie` for the pick in progress (made once; no allocation per pick). */
  private readonly addCookie: AddCookieCallback;
  private readonly handles: CallbackHandle[] = [];
  /** The picker of each priority (the table, wrapped for bounded load). */
  private pickers: HashingTable[] = [];
  /** The unwrapped table of each priority. */
  private built: (T | null)[] = [];
  /** Panic flag each priority's table was built with. */
  private builtPanic: boolean[] = [];
  /** Last table built from at least one host. */
  private lastNonEmpty: T | null = null;
  private dirty = false;
  /** The current pick's hash as `[hi, lo]`. */
  private readonly hash = new Uint32Array(2);
  private readonly scratch: U64 = { hi: 0, lo: 0 };

  /**
   * @param prioritySet hosts to balance over
   * @param builder builds one priority's table (ring or Maglev)
   * @param options validated shared options
   */
  constructor(prioritySet: PrioritySet, builder: HashingTableBuilder<T>, options: ResolvedThreadAwareOptions) {
    this.prioritySet = prioritySet;
    this.builder = builder;
    this.stats = options.stats;
    this.random = options.random;
    this.localityWeighted = options.localityWeighted;
    this.hashBalanceFactor = options.hashBalanceFactor;
    this.hashPolicy = options.hashPolicy;
    this.clusterActiveRequests = options.clusterActiveRequests ?? (() => sumActiveRequests(prioritySet));
    this.onSetCookie = options.onSetCookie;
    this.addCookie = (name, path, ttlMs, attributes) => {
      const request = this.cookieRequest;
      if (request === null || !request.sourceAddress || !request.localAddress) return '';
      const value = generateCookieValue(request.sourceAddress, request.localAddress);
      if (this.onSetCookie !== null) this.onSetCookie(formatSetCookie(name, value, path, ttlMs, attributes), request);
      return value;
    };
    this.priorityState = new PriorityState(options.healthyPanicThreshold);
    this.priorityState.initialize(prioritySet);
    this.refresh();
    // Envoy's order: LoadBalancerBase recomputes loads and panic for the priority, then the
    // thread-aware base rebuilds every priority's table. Rebuilds wait for the end of a batch
    // (the member update callback) so a multi-priority update builds each table once.
    this.handles.push(
      prioritySet.addPriorityUpdateCallback((p) => {
        this.priorityState.recalculatePriority(prioritySet, p);
        this.priorityState.recalculatePanic(prioritySet);
        this.dirty = true;
      }),
    );
    this.handles.push(
      prioritySet.addMemberUpdateCallback(() => {
        if (this.dirty) this.refresh();
      }),
    );
  }

  chooseHost(context?: LoadBalancerContext | null): Host | null {
    if (this.dirty) this.refresh();
    const ctx = context ?? null;
    const priority = this.choosePriority(ctx);
    if (priority < 0) return null;
    const picker = this.pickers[priority];
    if (this.builtPanic[priority]) this.stats.lb_healthy_panic++;
    const hash = this.hash;
    if (ctx === null) return picker.chooseHost(hash, 0);
    const attempts = (ctx.hostSelectionRetryCount ?? 0) + 1;
    const reject = ctx.shouldSelectAnotherHost;
    let host: Host | null = null;
    for (let i = 0; i < attempts; i++) {
      host = picker.chooseHost(hash, i);
      if (host === null || reject === undefined || !reject(host)) return host;
    }
    return host;
  }

  /** Envoy's thread-aware load balancers do not pick ahead: always null. */
  peekAnotherHost(_context?: LoadBalancerContext | null): Host | null {
    return null;
  }

  explain(context?: LoadBalancerContext | null): PickExplanation {
    if (this.dirty) this.refresh();
    const ctx = context ?? null;
    const attempts: PickAttempt[] = [];
    const priority = this.choosePriority(ctx);
    const hashText = u64ToDecimal({ hi: this.hash[0], lo: this.hash[1] });
    const packed = choosePriorityFromPercent(modU64At(this.hash, 0, 100) + 1, this.priorityState.healthy, this.priorityState.degraded);
    const availability = (packed & 1) === 1 ? 'degraded' : 'healthy';
    if (priority < 0) {
      attempts.push(attempt(hashText, packed >>> 1, availability, false, 'none', null));
      return { host: null, attempts };
    }
    const panic = this.builtPanic[priority];
    if (panic) this.stats.lb_healthy_panic++;
    const picker = this.pickers[priority];
    const max = ctx === null ? 1 : (ctx.hostSelectionRetryCount ?? 0) + 1;
    let host: Host | null = null;
    for (let i = 0; i < max; i++) {
      host = picker.chooseHost(this.hash, i);
      const a = attempt(hashText, priority, availability, panic, panic ? 'all' : 'healthy', host);
      attempts.push(a);
      if (host === null || ctx === null || ctx.shouldSelectAnotherHost === undefined || !ctx.shouldSelectAnotherHost(host)) break;
      a.rejected = true;
    }
    return { host, attempts };
  }

  priorityLoad(): PriorityLoadSnapshot {
    return this.priorityState.snapshot();
  }

  destroy(): void {
    for (const h of this.handles) h.remove();
    this.handles.length = 0;
  }

  /** The table of `priority` as last built (null for a priority that does not exist). */
  tableOf(priority: number): T | null {
    if (this.dirty) this.refresh();
    return this.built[priority] ?? null;
  }

  /** The last table built from at least one host (Envoy's gauges describe this one), or null. */
  lastTable(): T | null {
    if (this.dirty) this.refresh();
    return this.lastNonEmpty;
  }

  /**
   * Computes the request hash into `this.hash` and returns the priority to pick from, or -1 when
   * that priority has no table.
   */
  private choosePriority(ctx: LoadBalancerContext | null): number {
    const hash = this.hash;
    if (ctx === null || !this.hashFromContext(ctx)) {
      const r = this.random.nextU64(this.scratch);
      hash[0] = r.hi;
      hash[1] = r.lo;
    }
    // hash % 100 as (hi_16 * (2^48 mod 100) + hi_0 * (2^32 mod 100) + lo) mod 100 (below 2^41),
    // reduced by a multiplication: `%` on uint32 values above 2^31 is a slow double remainder in
    // V8. The rounded quotient is off by at most one, which the comparison corrects.
    const hi = hash[0];
    const t = (hi >>> 16) * 56 + (hi & 0xffff) * 96 + hash[1];
    let rem = t - Math.floor(t * 0.01) * 100;
    if (rem < 0) rem += 100;
    else if (rem >= 100) rem -= 100;
    const percent = rem + 1;
    const state = this.priorityState;
    const priority = choosePriorityFromPercent(percent, state.healthy, state.degraded) >>> 1;
    return priority < this.pickers.length ? priority : -1;
  }

  /** Writes the context's hash into `this.hash`; false when the context gives none. */
  private hashFromContext(ctx: LoadBalancerContext): boolean {
    const hash = this.hash;
    if (this.hashPolicy !== null && ctx.request !== undefined && ctx.request !== null) {
      const request = ctx.request as HashRequest;
      this.cookieRequest = request;
      try {
        return this.hashPolicy.generateHash(request, hash, 0, this.addCookie);
      } finally {
        this.cookieRequest = null;
      }
    }
    const key = ctx.hashKey;
    if (key === undefined || key === null) return false;
    if (typeof key === 'bigint') {
      const v = BigInt.asUintN(64, key);
      hash[0] = Number(v >> 32n);
      hash[1] = Number(v & 0xffff_ffffn);
    } else {
      hash[0] = key.hi;
      hash[1] = key.lo;
    }
    return true;
  }

  /** Envoy's `refresh()`: rebuilds every priority's table from its normalized weights. */
  private refresh(): void {
    this.dirty = false;
    const sets = this.prioritySet.hostSets;
    const n = sets.length;
    const pickers: HashingTable[] = new Array<HashingTable>(n);
    const built: (T | null)[] = new Array<T | null>(n);
    const builtPanic: boolean[] = new Array<boolean>(n);
    for (let p = 0; p < n; p++) {
      const panic = this.priorityState.panic[p] ?? false;
      const weights = normalizeWeights(sets[p], panic, this.localityWeighted);
      const table = this.builder(weights, this.stats);
      if (weights.size > 0) this.lastNonEmpty = table;
      built[p] = table;
      builtPanic[p] = panic;
      pickers[p] = this.hashBalanceFactor === 0 ? table : new BoundedLoadTable(table, weights, this.hashBalanceFactor, this.clusterActiveRequests);
    }
    this.pickers = n === 0 ? [EMPTY_TABLE] : pickers;
    this.built = built;
    this.builtPanic = n === 0 ? [false] : builtPanic;
  }
}

function attempt(
  hash: string,
  priority: number,
  availability: 'healthy' | 'degraded',
  panic: boolean,
  source: string,
  host: Host | null,
): PickAttempt {
  return { hash, priority, availability, panic, source, localityIndex: -1, localityDecision: 'none', host, rejected: false };
}

/** The cluster's `upstream_rq_active`: active requests summed over every host of every priority. */
export function sumActiveRequests(prioritySet: PrioritySet): number {
  const sets = prioritySet.hostSets;
  let sum = 0;
  for (let p = 0; p < sets.length; p++) {
    const hosts = sets[p].hosts;
    for (let i = 0; i < hosts.length; i++) sum += hosts[i].activeRequests;
  }
  return sum;
}
