/**
 * Subset load balancing (`lb_subset_config`), as Envoy's `SubsetLoadBalancer`
 * (source/extensions/load_balancing_policies/subset/subset_lb.cc):
 *
 * - Each selector's sorted keys split the hosts by their `envoy.lb` metadata values; every
 *   distinct value combination is a subset, and a host may sit in several. Subsets live in a trie
 *   (key → value → entry), so a route's sorted `metadata_match` criteria find their subset in one
 *   walk, without scanning hosts.
 * - Every subset runs the cluster's policy (the child) over its own priority set, which keeps the
 *   original priorities and every locality of the original (empty ones included), so locality
 *   indexes and weights line up with the cluster's.
 * - When no active subset matches: the selector's own fallback (NO_FALLBACK, ANY_ENDPOINT,
 *   DEFAULT_SUBSET, KEYS_SUBSET), else the cluster's (`fallback_policy`, then `panic_mode_any`);
 *   `metadata_fallback_policy: FALLBACK_LIST` retries with each `fallback_list` entry.
 * - On every update of a priority all of its hosts are re-evaluated (metadata may change in place),
 *   every subset is finalized with one random draw (Envoy's seed per finalize), and subsets left
 *   without hosts and children are purged.
 *
 * Picks allocate nothing: criteria are read into reusable buffers (or used in place when they are
 * {@link MetadataMatchCriteria}), sorted by insertion, and walked through the trie.
 */
import { Health, type Host } from '../../host/host.js';
import { type Locality, localityEquals } from '../../host/locality.js';
import { emptyHostSet, type HostSet } from '../../cluster/host-set.js';
import { type CallbackHandle, PrioritySet } from '../../cluster/priority-set.js';
import { type LbMetadata, type MetadataStruct, type MetadataValue, metadataValueEquals } from '../../host/metadata.js';
import { compareUtf8 } from '../../common/strings.js';
import { entropySeed, SeededRandom } from '../../common/random.js';
import type { U64 } from '../../common/u64.js';
import { DEFAULT_HEALTHY_PANIC_THRESHOLD } from '../../common/priority.js';
import { LbStats } from '../../lb/stats.js';
import type { LoadBalancer, PriorityLoadSnapshot } from '../../lb/load-balancer.js';
import type { LoadBalancerContext, PickExplanation } from '../../lb/context.js';
import { PriorityState } from '../../lb/priority-state.js';
import { checkInteger, ZoneAwareLoadBalancer } from '../../lb/zone-aware.js';
import { MetadataMatchCriteria, isMetadataStruct } from '../../route/metadata-match.js';
import { roundRobin } from '../round-robin/index.js';
import {
  type ResolvedSelector,
  SelectorFallback,
  type SubsetChildFactory,
  type SubsetChildShared,
  type SubsetOptions,
  type SubsetSpec,
} from './options.js';
import { type LbSubset, SelectorNode, SubsetEntry, type SubsetLevel, ValueMap } from './index-map.js';

const NO_HOSTS: readonly Host[] = Object.freeze([]);
const FALLBACK_LIST_KEY = 'fallback_list';

/** Per-update facts about the original host set that every subset of the update shares. */
interface UpdateContext {
  /** Update number. */
  readonly epoch: number;
  /** True when every host already in the priority kept its health partition and locality. */
  readonly partitionsStable: boolean;
  /**
   * True when the priority's overprovisioning factor, `weighted_priority_health`, localities and
   * locality weights are those of its previous update, whose number is {@link previousEpoch}.
   */
  readonly attributesStable: boolean;
  /** Number of the previous update of this priority (-1: none). */
  readonly previousEpoch: number;
  readonly set: HostSet;
  /** Locality index of each host of the original (only with `scale_locality_weight`). */
  readonly localityOf: Map<Host, number> | null;
}

/** A subset running a child load balancer over its own priority set (Envoy's `PriorityLbSubset`). */
class PriorityLbSubset implements LbSubset {
  readonly prioritySet: PrioritySet;
  readonly lb: LoadBalancer;
  active = false;
  private readonly owner: SubsetLoadBalancer;
  private current: (readonly Host[])[] = [];
  /**
   * Hosts pushed in this update, once they matched neither the current list nor the priority's
   * whole list in order.
   */
  private pending: Host[] | null = null;
  /** Hosts pushed so far in this update. */
  private pushed = 0;
  /** True while the hosts pushed so far are the start of the current list. */
  private inStep = true;
  /** True while the hosts pushed so far are the start of the priority's whole host list. */
  private wholePrefix = true;
  /** The current list of the priority being pushed. */
  private pushing: readonly Host[] = NO_HOSTS;
  /** Every host of the priority being pushed, in order. */
  private whole: readonly Host[] = NO_HOSTS;
  /** Update number the collection belongs to. */
  private epoch = 0;
  /** Last host pushed in this update. */
  private lastPushed: Host | null = null;
  /** Per priority: the number of the update that last finalized it. */
  private readonly finalizedIn: number[] = [];
  /** Index of this subset in the owner's per-subset arrays (reused after destruction). */
  readonly id: number;
  /** The child when it can tell that an update changing nothing is a no-op for it. */
  private readonly quietChild: ZoneAwareLoadBalancer | null;

  constructor(owner: SubsetLoadBalancer, id: number) {
    this.owner = owner;
    this.id = id;
    this.prioritySet = new PrioritySet({ localLocality: owner.prioritySet.localLocality });
    // Envoy's PrioritySubsetImpl: create host set 0, build the child, then run the priority
    // callbacks once (triggerCallbacks).
    this.prioritySet.getOrCreateHostSet(0);
    this.lb = owner.buildChild(this.prioritySet);
    this.quietChild = this.lb instanceof ZoneAwareLoadBalancer ? this.lb : null;
    this.prioritySet.refresh();
  }

  /** Starts collecting the hosts of `priority` for update `epoch` (once per update). */
  private begin(priority: number, epoch: number): void {
    if (this.epoch === epoch) return;
    this.epoch = epoch;
    this.pushing = priority < this.current.length ? this.current[priority] : NO_HOSTS;
    this.whole = this.owner.updatingHosts;
    this.pushed = 0;
    this.inStep = true;
    this.wholePrefix = true;
    this.pending = null;
    this.lastPushed = null;
  }

  /**
   * Adds a host of `priority` in update `epoch`; hosts come in host-set order. A host pushed
   * twice in a row is added once (Envoy collects a subset's hosts in a hash set). Returns 0 (no
   * single-host duplicate).
   */
  push(host: Host, priority: number, epoch: number): number {
    this.begin(priority, epoch);
    if (this.lastPushed === host) return 0;
    this.lastPushed = host;
    const n = this.pushed++;
    const pending = this.pending;
    if (pending !== null) {
      pending.push(host);
      return 0;
    }
    // No list is built while the pushed hosts are the start of the current list or of the whole
    // list (a subset holding every host, as the ANY_ENDPOINT one does).
    const inStep = this.inStep && n < this.pushing.length && this.pushing[n] === host;
    const wholePrefix = this.wholePrefix && n < this.whole.length && this.whole[n] === host;
    if (!inStep && !wholePrefix) {
      const list = (this.inStep ? this.pushing : this.whole).slice(0, n);
      list.push(host);
      this.pending = list;
    }
    this.inStep = inStep;
    this.wholePrefix = wholePrefix;
    return 0;
  }

  /**
   * Marks the hosts of `priority` in update `epoch` as exactly the current ones, in place of
   * pushing each of them (no host joined or left this subset, and their order is unchanged).
   */
  keep(priority: number, epoch: number): void {
    this.begin(priority, epoch);
    this.pushed = this.pushing.length;
  }

  /** Replaces this subset's hosts of `priority` with the pushed ones (Envoy's `finalize`). */
  finalize(priority: number, u: UpdateContext): void {
    this.begin(priority, u.epoch);
    const previous = this.pushing;
    const whole = this.whole;
    const pending = this.pending;
    const pushed = this.pushed;
    const sameList = pending === null && this.inStep && pushed === previous.length;
    let next: readonly Host[];
    if (sameList) next = previous;
    else if (pending !== null) next = pending;
    else if (this.wholePrefix && pushed === whole.length) next = whole;
    else next = (this.inStep ? previous : whole).slice(0, pushed);
    this.pending = null;
    this.pushing = NO_HOSTS;
    this.whole = NO_HOSTS;
    while (this.current.length <= priority) this.current.push(NO_HOSTS);
    this.current[priority] = next;
    const set = u.set;
    const weights = this.owner.subsetLocalityWeights(next, u);
    const ps = this.prioritySet;
    // Finalized in the priority's previous update, whose attributes this one repeats, with the same
    // hosts in the same partitions: the host set is unchanged without comparing it.
    const consistent = u.attributesStable && u.partitionsStable && priority < this.finalizedIn.length && this.finalizedIn[priority] === u.previousEpoch;
    while (this.finalizedIn.length <= priority) this.finalizedIn.push(-1);
    this.finalizedIn[priority] = u.epoch;
    if (sameList && priority < ps.hostSets.length && (consistent || hostSetUnchanged(ps.hostSets[priority], next, set, weights, u.partitionsStable))) {
      // Same hosts, partitions, localities and weights: Envoy still updates the subset, which
      // refreshes the child; only the rebuild of an identical host set is skipped.
      // A child that declares such an update a no-op (and is the only subscriber) is not notified.
      const quiet = this.quietChild;
      if (quiet === null || !quiet.unchangedUpdateIsNoop()) ps.notifyUnchanged(priority);
    } else {
      const [added, removed] = sameList ? [NO_HOSTS, NO_HOSTS] : diffHostLists(previous, next);
      if (set.priority === priority && sameHosts(next, set.hosts) && sameLocalityWeights(weights, set.localityWeights) && ps.localLocality === this.owner.prioritySet.localLocality) {
        // Every host of the priority (the ANY_ENDPOINT subset, or a selector value all hosts
        // share): the rebuilt host set would equal the cluster's own, which is shared instead.
        ps.adoptHostSet(priority, set, added, removed);
      } else {
        ps.updateHosts(priority, next, {
          hostsAdded: added,
          hostsRemoved: removed,
          localities: set.hostsPerLocality.localities,
          localityWeights: weights,
          overprovisioningFactor: set.overprovisioningFactor,
          weightedPriorityHealth: set.weightedPriorityHealth,
        });
      }
    }
    if (sameList) return;
    let any = false;
    for (const hosts of this.current) if (hosts.length > 0) any = true;
    this.active = any;
  }

  choose(context: LoadBalancerContext | null): Host | null {
    const owner = this.owner;
    if (owner.tracing) {
      const e = this.lb.explain(context);
      owner.childExplanation = e;
      return e.host;
    }
    return this.lb.chooseHost(context);
  }

  hosts(): Host[] {
    const out: Host[] = [];
    for (const hosts of this.current) out.push(...hosts);
    return out;
  }

  destroy(): void {
    this.lb.destroy();
  }
}

/**
 * True when rebuilding `old` from `hosts` would give an equal host set: the same health,
 * degraded and excluded partitions, every host still in its locality group, and the same
 * localities, locality weights, overprovisioning factor and weighted priority health.
 */
function hostSetUnchanged(old: HostSet, hosts: readonly Host[], original: HostSet, weights: readonly number[] | null, partitionsStable: boolean): boolean {
  if (old.overprovisioningFactor !== original.overprovisioningFactor || old.weightedPriorityHealth !== original.weightedPriorityHealth) {
    return false;
  }
  const locs = original.hostsPerLocality.localities;
  if (!sameLocalities(locs, old.hostsPerLocality.localities)) return false;
  if (!sameLocalityWeights(weights, old.localityWeights)) return false;
  // Every host kept its partition and locality: the same list gives the same host set.
  if (partitionsStable) return true;
  const healthy = old.healthyHosts;
  const degraded = old.degradedHosts;
  const excluded = old.excludedHosts;
  let hi = 0;
  let di = 0;
  let ei = 0;
  for (const h of hosts) {
    const health = h.coarseHealth();
    if (health === HEALTHY) {
      if (healthy[hi++] !== h) return false;
    } else if (health === DEGRADED) {
      if (degraded[di++] !== h) return false;
    }
    if (h.isExcluded() && excluded[ei++] !== h) return false;
  }
  if (hi !== healthy.length || di !== degraded.length || ei !== excluded.length) return false;
  if (locs.length > 1) {
    const lists = old.hostsPerLocality.lists;
    for (let i = 0; i < lists.length; i++) {
      const l = locs[i];
      for (const h of lists[i]) if (h.locality !== l && !localityEquals(h.locality, l)) return false;
    }
  }
  return true;
}

const HEALTHY = Health.Healthy;
const DEGRADED = Health.Degraded;

/** True when two locality lists hold equal localities in the same order. */
function sameLocalities(a: readonly Locality[], b: readonly Locality[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !localityEquals(a[i], b[i])) return false;
  return true;
}

/**
 * True when two host sets of a priority share the overprovisioning factor, weighted priority
 * health, localities (in order) and locality weights: what {@link hostSetUnchanged} compares
 * besides the hosts.
 */
function sameAttributes(a: HostSet, b: HostSet): boolean {
  if (a.overprovisioningFactor !== b.overprovisioningFactor || a.weightedPriorityHealth !== b.weightedPriorityHealth) return false;
  if (!sameLocalities(a.hostsPerLocality.localities, b.hostsPerLocality.localities)) return false;
  const wa = a.localityWeights;
  const wb = b.localityWeights;
  if (wa.length !== wb.length) return false;
  for (let i = 0; i < wa.length; i++) if (wa[i] !== wb[i]) return false;
  return true;
}

/** True when both lists hold the same hosts in the same order. */
function sameHosts(a: readonly Host[], b: readonly Host[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when locality weights given to a subset's host set (null: none) resolve to `resolved`. */
function sameLocalityWeights(weights: readonly number[] | null, resolved: readonly number[]): boolean {
  for (let i = 0; i < resolved.length; i++) if (resolved[i] !== (weights === null ? 0 : (weights[i] ?? 0))) return false;
  return true;
}

/** A host's health partition: coarse health (0-2) plus 4 when excluded. */
function partitionCode(h: Host): number {
  return h.coarseHealth() | (h.isExcluded() ? 4 : 0);
}

/** Hosts added to and removed from a list, compared by identity; common ends are skipped first. */
function diffHostLists(previous: readonly Host[], next: readonly Host[]): [readonly Host[], readonly Host[]] {
  let start = 0;
  const min = Math.min(previous.length, next.length);
  while (start < min && previous[start] === next[start]) start++;
  let endPrev = previous.length;
  let endNext = next.length;
  while (endPrev > start && endNext > start && previous[endPrev - 1] === next[endNext - 1]) {
    endPrev--;
    endNext--;
  }
  if (start === endPrev) return [next.slice(start, endNext), NO_HOSTS];
  if (start === endNext) return [NO_HOSTS, previous.slice(start, endPrev)];
  const before = new Set(previous.slice(start, endPrev));
  const after = new Set(next.slice(start, endNext));
  const added: Host[] = [];
  const removed: Host[] = [];
  for (let i = start; i < endNext; i++) if (!before.has(next[i])) added.push(next[i]);
  for (let i = start; i < endPrev; i++) if (!after.has(previous[i])) removed.push(previous[i]);
  return [added, removed];
}

/** A subset that keeps one host: the first one pushed, lowest priority first (Envoy's `SingleHostLbSubset`). */
class SingleHostLbSubset implements LbSubset {
  /** Index of this subset in the owner's per-subset arrays (reused after destruction). */
  readonly id: number;
  active = false;
  host: Host | null = null;
  private byPriority: (Host | null)[] = [];
  private pending: Host | null = null;
  private epoch = 0;
  constructor(id: number) {
    this.id = id;
  }

  /** Keeps the first host pushed in update `epoch`; every later push is a duplicate (returns 1). */
  push(host: Host, _priority: number, epoch: number): number {
    if (this.epoch === epoch) return 1;
    this.epoch = epoch;
    this.pending = host;
    return 0;
  }

  finalize(priority: number, _u?: UpdateContext): void {
    while (this.byPriority.length <= priority) this.byPriority.push(null);
    this.byPriority[priority] = this.pending;
    this.pending = null;
    let h: Host | null = null;
    for (const x of this.byPriority) {
      if (x !== null) {
        h = x;
        break;
      }
    }
    this.host = h;
    this.active = h !== null;
  }

  hosts(): Host[] {
    return this.byPriority.filter((h): h is Host => h !== null);
  }

  destroy(): void {}
}

type AnySubset = PriorityLbSubset | SingleHostLbSubset;

/**
 * Where the hosts of one priority went at its last update, by position in that update's host
 * list: each host's metadata map, partition code and locality then, and the subsets it was pushed
 * to (in push order, repeats included). An update that finds a host with the same metadata map
 * pushes it to the same subsets instead of walking the index again. Kept as parallel arrays, so an
 * update reads them in order rather than one record object per host.
 */
class PlacementTable {
  hosts: readonly Host[] = NO_HOSTS;
  count = 0;
  readonly metadata: LbMetadata[] = [];
  readonly localities: Locality[] = [];
  /** {@link partitionCode} of each host. */
  codes = new Uint8Array(0);
  /** The subset ids of host `k` are `ids[start[k]]` up to `ids[start[k + 1]]`. */
  start = new Int32Array(1);
  ids = new Int32Array(16);

  /** Empties the table for `hosts`, keeping its storage. */
  reset(hosts: readonly Host[]): void {
    const n = hosts.length;
    this.hosts = hosts;
    this.count = n;
    if (this.codes.length < n) this.codes = new Uint8Array(Math.max(n, this.codes.length * 2));
    if (this.start.length < n + 1) this.start = new Int32Array(Math.max(n + 1, this.start.length * 2));
    this.start[0] = 0;
  }

  /** Stores subset id `id` at index `i` of {@link ids}. */
  put(i: number, id: number): void {
    this.reserve(i + 1);
    this.ids[i] = id;
  }

  /** Stores `from`'s ids `begin` to `end` from index `i` on; returns the index after them. */
  copy(i: number, from: PlacementTable, begin: number, end: number): number {
    this.reserve(i + end - begin);
    const ids = this.ids;
    const fromIds = from.ids;
    for (let j = begin; j < end; j++, i++) ids[i] = fromIds[j];
    return i;
  }

  private reserve(n: number): void {
    if (n <= this.ids.length) return;
    const grown = new Int32Array(Math.max(n, this.ids.length * 2));
    grown.set(this.ids);
    this.ids = grown;
  }

  /** Ends host `k`'s subsets at `end` subsets in all. */
  close(k: number, end: number): void {
    this.start[k + 1] = end;
  }

  /** Drops references past the recorded hosts. */
  trim(): void {
    const n = this.count;
    if (this.metadata.length > n) this.metadata.length = n;
    if (this.localities.length > n) this.localities.length = n;
  }
}

/** Reusable criteria buffer of the pick path: sorted keys and aligned values. */
class CriteriaView {
  keys: readonly string[] = NO_KEYS;
  values: readonly MetadataValue[] = NO_VALUES;
  n = 0;
  private readonly ownKeys: string[] = [];
  private readonly ownValues: MetadataValue[] = [];

  useOwn(): void {
    this.keys = this.ownKeys;
    this.values = this.ownValues;
    this.n = 0;
  }

  useExternal(keys: readonly string[], values: readonly MetadataValue[]): void {
    this.keys = keys;
    this.values = values;
    this.n = keys.length;
  }

  /** Appends a criterion whose key sorts after every key already present. */
  append(key: string, value: MetadataValue): void {
    const n = this.n;
    this.ownKeys[n] = key;
    this.ownValues[n] = value;
    this.n = n + 1;
  }

  /** Inserts a criterion in key order; an equal key is replaced. */
  insert(key: string, value: MetadataValue): void {
    const keys = this.ownKeys;
    const values = this.ownValues;
    let i = this.n;
    while (i > 0) {
      const c = compareUtf8(keys[i - 1], key);
      if (c === 0) {
        values[i - 1] = value;
        return;
      }
      if (c < 0) break;
      i--;
    }
    for (let j = this.n; j > i; j--) {
      keys[j] = keys[j - 1];
      values[j] = values[j - 1];
    }
    keys[i] = key;
    values[i] = value;
    this.n++;
  }

  indexOf(key: string): number {
    for (let i = 0; i < this.n; i++) if (this.keys[i] === key) return i;
    return -1;
  }
}

const NO_KEYS: readonly string[] = Object.freeze([]);
const NO_VALUES: readonly MetadataValue[] = Object.freeze([]);

/** How a pick was served, for {@link SubsetLoadBalancer.explainSubset}. */
export type SubsetDecision =
  | 'subset'
  | 'selector_any_endpoint'
  | 'selector_default_subset'
  | 'selector_no_fallback'
  | 'fallback'
  | 'fallback_panic'
  | 'none';

/** A subset as {@link SubsetLoadBalancer.subsets} reports it. */
export interface SubsetInfo {
  /** The subset's metadata: its (key, value) path, keys in sorted order. */
  readonly metadata: ReadonlyArray<readonly [string, MetadataValue]>;
  /** Member hosts: priority by priority, in host-set order. */
  readonly hosts: readonly Host[];
  /** True while the subset has a host (health ignored). */
  readonly active: boolean;
  /** True for a `single_host_per_subset` subset. */
  readonly singleHostPerSubset: boolean;
}

/** Members of the fallback subsets, as {@link SubsetLoadBalancer.fallbackSubsets} reports them. */
export interface FallbackSubsetHosts {
  /** The ANY_ENDPOINT subset (every host), or null when no setting needs it. */
  readonly any: readonly Host[] | null;
  /** The DEFAULT_SUBSET subset (hosts matching `default_subset`), or null when no setting needs it. */
  readonly default: readonly Host[] | null;
}

/** Result of {@link SubsetLoadBalancer.explainSubset}. */
export interface SubsetExplanation {
  /** The host returned, or null. */
  readonly host: Host | null;
  /** What served the pick. */
  readonly decision: SubsetDecision;
  /** Metadata of the subset that served it (`subset` decisions), else null. */
  readonly subset: ReadonlyArray<readonly [string, MetadataValue]> | null;
  /** The child load balancer's explanation, when a child picked. */
  readonly child: PickExplanation | null;
}

/**
 * The subset load balancer. Build it with `subset()` or from Envoy config (`lb_subset_config`).
 */
export class SubsetLoadBalancer implements LoadBalancer {
  /** The cluster's hosts. */
  readonly prioritySet: PrioritySet;
  /** Stats shared with every child (`lb_subsets_*` and the children's counters). */
  readonly stats: LbStats;
  /** The validated settings. */
  readonly spec: SubsetSpec;
  /** @internal true while {@link explain} runs. */
  tracing = false;
  /** @internal the child explanation captured while tracing. */
  childExplanation: PickExplanation | null = null;
  /** Per priority: the host set of its last update, and that update's number. */
  private readonly lastSets: (HostSet | null)[] = [];
  private readonly lastEpochs: number[] = [];
  /** True when a subset of the index lost its last host in the running update. */
  private deactivated = false;
  /** True when the running update keeps the hosts already in the priority in their order. */
  private inOrder = true;
  /** Per subset id: the update in which a host joined or left the subset (or its hosts moved). */
  private changedIn = new Int32Array(64);
  /** Per subset id: 1 for a single-host subset (always pushed: its duplicates are counted). */
  private singleById = new Uint8Array(64);
  private nextId = 0;
  private readonly freeIds: number[] = [];
  /** The subset of each id in use. */
  private readonly byId: (AnySubset | null)[] = [];
  /** @internal every host of the priority being updated, in order. */
  updatingHosts: readonly Host[] = NO_HOSTS;

  private readonly shared: SubsetChildShared;
  private readonly childFactory: SubsetChildFactory;
  private readonly root: SubsetLevel<AnySubset> = new Map();
  /** The subsets of {@link root} in index order, while {@link orderStale} is false. */
  private order: readonly AnySubset[] = [];
  private orderStale = true;
  private readonly selectorRoot = new SelectorNode();
  private subsetAny: PriorityLbSubset | null = null;
  private subsetDefault: PriorityLbSubset | null = null;
  private fallbackSubset: PriorityLbSubset | null = null;
  private panicSubset: PriorityLbSubset | null = null;
  private readonly priorityState: PriorityState;
  private handle: CallbackHandle | null;
  private epoch = 0;
  /** Bumped by every update: cached criteria lookups of older versions are stale. */
  private indexVersion = 1;
  private readonly scratch: U64 = { hi: 0, lo: 0 };
  private readonly views: CriteriaView[] = [];
  /** Per priority: where each host went at its last update, and a spare table for the next one. */
  private readonly placed: PlacementTable[] = [];
  private readonly spare: PlacementTable[] = [];
  /** Per host of the running update: its position in the previous table, or -1. */
  private previousAt = new Int32Array(0);
  /** Per position of the previous table: the update that matched it. */
  private matchedIn = new Int32Array(0);
  private loading: CriteriaView | null = null;
  private readonly mapVisitor = (value: MetadataValue, key: string): void => {
    (this.loading as CriteriaView).insert(key, value);
  };
  private traceDecision: SubsetDecision = 'none';
  private readonly fallbackList: boolean;
  private readonly allowRedundantKeys: boolean;
  private traceEntry: SubsetEntry<AnySubset> | null = null;

  /** @internal use {@link subset} */
  constructor(prioritySet: PrioritySet, spec: SubsetSpec, options: SubsetOptions) {
    const threshold = checkInteger('healthyPanicThreshold', options.healthyPanicThreshold ?? DEFAULT_HEALTHY_PANIC_THRESHOLD, 0, 100);
    this.prioritySet = prioritySet;
    this.spec = spec;
    this.stats = options.stats ?? new LbStats();
    this.shared = Object.freeze({
      random: options.random ?? new SeededRandom(entropySeed()),
      runtimeRandom: options.runtimeRandom ?? new SeededRandom(entropySeed()),
      clock: options.clock,
      stats: this.stats,
    });
    this.childFactory = options.child ?? ((ps, shared) => roundRobin(ps, shared));
    this.priorityState = new PriorityState(threshold);
    this.fallbackList = spec.metadataFallbackPolicy === 'FALLBACK_LIST';
    this.allowRedundantKeys = spec.allowRedundantKeys;

    // Envoy's constructor order: the cluster fallback subset, the panic subset, the selector trie
    // (which may create the any/default subsets), then every priority's subsets.
    if (spec.fallbackPolicy === 'ANY_ENDPOINT') this.fallbackSubset = this.initSubsetAny();
    else if (spec.fallbackPolicy === 'DEFAULT_SUBSET') this.fallbackSubset = this.initSubsetDefault();
    if (spec.panicModeAny) this.panicSubset = this.initSubsetAny();
    this.initSelectorMap();
    // Envoy's clusters always have priority 0, so an empty cluster still updates (and draws for)
    // the fallback subsets once.
    const count = Math.max(1, prioritySet.hostSets.length);
    for (let p = 0; p < count; p++) this.update(p);
    this.priorityState.initialize(prioritySet);
    this.handle = prioritySet.addPriorityUpdateCallback((p) => {
      this.update(p);
      // Only a subset that lost its last host can leave an entry to purge.
      if (this.deactivated) this.purgeEmptySubsets(this.root);
      this.deactivated = false;
      this.priorityState.recalculatePriority(this.prioritySet, p);
      this.priorityState.recalculatePanic(this.prioritySet);
    });
  }

  chooseHost(context?: LoadBalancerContext | null): Host | null {
    const ctx = context ?? null;
    if (ctx === null) return this.chooseHostIteration(null, null, 0, null);
    const mm = ctx.metadataMatch;
    // Route criteria are immutable: the subset they resolved to stays valid until the next update.
    // Only MetadataMatchCriteria carry a lookup owner; reading it first keeps `instanceof` (a
    // generic call where the class is an imported binding) off the cached path.
    if (mm != null && (mm as MetadataMatchCriteria).lookupOwner === this) {
      const c = mm as MetadataMatchCriteria;
      if (c.lookupVersion === this.indexVersion) {
        const e = c.lookupResult as SubsetEntry<AnySubset> | null;
        if (e !== null && e.active()) return this.chooseFromEntry(e, ctx);
      }
    }
    const cacheFor = mm instanceof MetadataMatchCriteria ? mm : null;
    const criteria = this.loadCriteria(ctx);
    if (!this.fallbackList || criteria === null) return this.chooseHostIteration(ctx, criteria, 1, cacheFor);
    const at = criteria.indexOf(FALLBACK_LIST_KEY);
    if (at < 0) return this.chooseHostIteration(ctx, criteria, 1, cacheFor);
    const list = criteria.values[at];
    // The criteria without `fallback_list` (Envoy's filterMatchCriteria: none left is no criteria).
    const base = this.view(1);
    base.useOwn();
    for (let i = 0; i < criteria.n; i++) if (i !== at) base.append(criteria.keys[i], criteria.values[i]);
    if (!Array.isArray(list) || list.length === 0) return this.chooseHostIteration(ctx, base.n === 0 ? null : base, 2, null);
    const entries = list as readonly MetadataValue[];
    for (let k = 0; k < entries.length; k++) {
      // Each entry's struct is merged over the base criteria (a non-struct entry merges nothing).
      const merged = this.view(2);
      merged.useOwn();
      for (let i = 0; i < base.n; i++) merged.append(base.keys[i], base.values[i]);
      const e = entries[k];
      if (isMetadataStruct(e)) mergeStruct(merged, e);
      const host = this.chooseHostIteration(ctx, merged.n === 0 ? null : merged, 3, null);
      if (host !== null) return host;
    }
    return null;
  }

  /** Envoy's `peekAnotherHost`: the subset load balancer does not preconnect. */
  peekAnotherHost(): Host | null {
    return null;
  }

  explain(context?: LoadBalancerContext | null): PickExplanation {
    const e = this.explainSubset(context);
    return e.child ?? { host: e.host, attempts: [] };
  }

  /** Performs a real pick and reports which subset or fallback served it. */
  explainSubset(context?: LoadBalancerContext | null): SubsetExplanation {
    this.tracing = true;
    this.childExplanation = null;
    this.traceDecision = 'none';
    this.traceEntry = null;
    let host: Host | null;
    try {
      host = this.chooseHost(context);
    } finally {
      this.tracing = false;
    }
    const entry = this.traceEntry as SubsetEntry<AnySubset> | null;
    const out: SubsetExplanation = {
      host,
      decision: this.traceDecision,
      subset: entry === null ? null : entry.path(),
      child: this.childExplanation,
    };
    this.childExplanation = null;
    this.traceEntry = null;
    return out;
  }

  /** Loads and panic flags of the whole cluster (each subset's child computes its own). */
  priorityLoad(): PriorityLoadSnapshot {
    return this.priorityState.snapshot();
  }

  /** Unsubscribes and releases the subsets; active subsets count as removed (Envoy's destructor). */
  destroy(): void {
    if (this.handle === null) return;
    this.handle.remove();
    this.handle = null;
    forEachEntry(this.root, (e) => {
      if (e.active()) {
        this.stats.lb_subsets_removed++;
        this.stats.lb_subsets_active--;
      }
      if (e.subset !== null) e.subset.destroy();
    });
    if (this.subsetAny !== null) this.subsetAny.destroy();
    if (this.subsetDefault !== null) this.subsetDefault.destroy();
  }

  /** Every subset (entries a selector's full key path created), in index order. */
  subsets(): SubsetInfo[] {
    const out: SubsetInfo[] = [];
    forEachEntry(this.root, (e) => {
      if (e.subset !== null) out.push(subsetInfo(e));
    });
    return out;
  }

  /**
   * The subset the index holds for exactly these criteria (no fallback, no redundant-key
   * filtering), or null.
   */
  findSubset(criteria: Readonly<Record<string, MetadataValue>> | ReadonlyMap<string, MetadataValue>): SubsetInfo | null {
    const view = this.loadCriteria({ metadataMatch: criteria });
    if (view === null) return null;
    const e = this.findEntry(view);
    return e === null || e.subset === null ? null : subsetInfo(e);
  }

  /** Hosts of the ANY_ENDPOINT and DEFAULT_SUBSET fallback subsets (null when not created). */
  fallbackSubsets(): FallbackSubsetHosts {
    return {
      any: this.subsetAny === null ? null : this.subsetAny.hosts(),
      default: this.subsetDefault === null ? null : this.subsetDefault.hosts(),
    };
  }

  /** @internal builds a subset's child load balancer. */
  buildChild(prioritySet: PrioritySet): LoadBalancer {
    return this.childFactory(prioritySet, this.shared);
  }

  /**
   * @internal Envoy's `determineLocalityWeights`: none unless `locality_weight_aware`; the
   * original weights, or with `scale_locality_weight` each weight times the locality's share of
   * hosts in the subset, `round(float(w * subset) / original)` in single precision.
   */
  subsetLocalityWeights(hosts: readonly Host[], u: UpdateContext): readonly number[] | null {
    if (!this.spec.localityWeightAware) return null;
    const original = u.set.localityWeights;
    if (!this.spec.scaleLocalityWeight) return original;
    const lists = u.set.hostsPerLocality.lists;
    const counts = new Array<number>(lists.length).fill(0);
    const localityOf = u.localityOf as Map<Host, number>;
    for (const h of hosts) {
      const i = localityOf.get(h);
      if (i !== undefined) counts[i]++;
    }
    const out = new Array<number>(original.length).fill(0);
    for (let i = 0; i < original.length; i++) {
      const total = i < lists.length ? lists[i].length : 0;
      if (total === 0) continue;
      const q = Math.fround(Math.fround(original[i] * counts[i]) / Math.fround(total));
      out[i] = Math.floor(q + 0.5);
    }
    return out;
  }

  // ---- construction -------------------------------------------------------------------------

  private initSubsetAny(): PriorityLbSubset {
    if (this.subsetAny === null) this.subsetAny = new PriorityLbSubset(this, -1);
    return this.subsetAny;
  }

  private initSubsetDefault(): PriorityLbSubset {
    if (this.subsetDefault === null) this.subsetDefault = new PriorityLbSubset(this, -1);
    return this.subsetDefault;
  }

  /** Envoy's `initSubsetSelectorMap`: fallback settings land only on nodes a selector creates at its last key. */
  private initSelectorMap(): void {
    for (const sel of this.spec.selectors) {
      let node = this.selectorRoot;
      const keys = sel.keys;
      for (let i = 0; i < keys.length; i++) {
        let child = node.children.get(keys[i]);
        if (child === undefined) {
          child = new SelectorNode();
          node.children.set(keys[i], child);
          if (i === keys.length - 1) {
            child.fallbackPolicy = sel.fallbackPolicy;
            child.fallbackKeysSubset = sel.fallbackKeysSubset;
            if (sel.fallbackPolicy === SelectorFallback.ANY_ENDPOINT) this.initSubsetAny();
            else if (sel.fallbackPolicy === SelectorFallback.DEFAULT_SUBSET) this.initSubsetDefault();
          }
        }
        node = child;
      }
    }
  }

  // ---- updates ------------------------------------------------------------------------------

  /** Envoy's `update(priority, hosts)`: fallback subsets, then every selector subset. */
  private update(priority: number): void {
    const sets = this.prioritySet.hostSets;
    const set = priority < sets.length ? sets[priority] : emptyHostSet(priority);
    const hosts = set.hosts;
    let localityOf: Map<Host, number> | null = null;
    if (this.spec.localityWeightAware && this.spec.scaleLocalityWeight) {
      localityOf = new Map();
      const lists = set.hostsPerLocality.lists;
      for (let i = 0; i < lists.length; i++) for (const h of lists[i]) localityOf.set(h, i);
    }
    const epoch = ++this.epoch;
    this.updatingHosts = hosts;
    const stable = this.matchPrevious(priority, hosts, epoch);
    while (this.lastSets.length <= priority) {
      this.lastSets.push(null);
      this.lastEpochs.push(-1);
    }
    const last = this.lastSets[priority];
    const u: UpdateContext = {
      epoch,
      set,
      localityOf,
      partitionsStable: stable,
      attributesStable: last !== null && sameAttributes(last, set),
      previousEpoch: this.lastEpochs[priority],
    };
    this.lastSets[priority] = set;
    this.lastEpochs[priority] = epoch;
    if (this.subsetAny !== null) {
      for (const h of hosts) this.subsetAny.push(h, priority, epoch);
      this.drawSeed();
      this.subsetAny.finalize(priority, u);
    }
    if (this.subsetDefault !== null) {
      const dflt = this.spec.defaultSubset;
      for (const h of hosts) if (labelMatch(dflt, h.metadata, this.spec.listAsAny)) this.subsetDefault.push(h, priority, epoch);
      this.drawSeed();
      this.subsetDefault.finalize(priority, u);
    }
    this.processSubsets(priority, hosts, u);
    this.updatingHosts = NO_HOSTS;
    this.indexVersion++;
  }

  /**
   * Finds each host's position in this priority's previous table into {@link previousAt} (-1:
   * none), and returns whether every host that was already in this priority kept its health
   * partition and locality. When they all did, a subset whose host list is unchanged has an
   * unchanged host set too. The previous list is walked in step with the new one; hosts found out
   * of step are looked up among the previous positions the walk did not match.
   */
  private matchPrevious(priority: number, hosts: readonly Host[], epoch: number): boolean {
    while (this.placed.length <= priority) {
      this.placed.push(new PlacementTable());
      this.spare.push(new PlacementTable());
    }
    const prev = this.placed[priority];
    const previousHosts = prev.hosts;
    const m = previousHosts.length;
    const n = hosts.length;
    if (this.previousAt.length < n) this.previousAt = new Int32Array(Math.max(n, this.previousAt.length * 2));
    if (this.matchedIn.length < m) this.matchedIn = new Int32Array(Math.max(m, this.matchedIn.length * 2));
    const at = this.previousAt;
    const matchedIn = this.matchedIn;
    // Each host is read once here: its metadata, locality and partition go to the next table.
    const next = this.spare[priority];
    next.reset(hosts);
    const codes = prev.codes;
    const localities = prev.localities;
    const nextCodes = next.codes;
    const nextMetadata = next.metadata;
    const nextLocalities = next.localities;
    let stable = true;
    let matched = 0;
    let j = 0;
    for (let h = 0; h < n; h++) {
      const host = hosts[h];
      const code = partitionCode(host);
      const locality = host.locality;
      nextMetadata[h] = host.metadata;
      nextLocalities[h] = locality;
      nextCodes[h] = code;
      let k = -1;
      if (j < m && previousHosts[j] === host) k = j++;
      else if (j + 1 < m && previousHosts[j + 1] === host) {
        k = j + 1;
        j += 2;
      }
      at[h] = k;
      if (k >= 0) {
        matchedIn[k] = epoch;
        matched++;
        if (codes[k] !== code || localities[k] !== locality) stable = false;
      }
    }
    // Hosts matched in step keep their relative order.
    let inOrder = true;
    if (matched < n && matched < m) {
      // Hosts out of step (moved, or new): look them up among the previous hosts left unmatched.
      const left = new Map<Host, number>();
      for (let k = m - 1; k >= 0; k--) if (matchedIn[k] !== epoch) left.set(previousHosts[k], k);
      for (let h = 0; h < n; h++) {
        if (at[h] >= 0) continue;
        const k = left.get(hosts[h]) ?? -1;
        at[h] = k;
        if (k < 0) continue;
        matchedIn[k] = epoch;
        if (codes[k] !== nextCodes[h] || localities[k] !== nextLocalities[h]) stable = false;
      }
      // Kept in their previous relative order: each previous position used once, increasing.
      let last = -1;
      for (let h = 0; h < n && inOrder; h++) {
        const k = at[h];
        if (k < 0) continue;
        if (k <= last) inOrder = false;
        last = k;
      }
    }
    this.inOrder = inOrder;
    return stable;
  }

  /** One draw per finalized subset, as Envoy seeds each subset's host set update. */
  private drawSeed(): void {
    this.shared.random.nextU64(this.scratch);
  }

  private processSubsets(priority: number, hosts: readonly Host[], u: UpdateContext): void {
    const epoch = u.epoch;
    const selectors = this.spec.selectors;
    const listAsAny = this.spec.listAsAny;
    const keyPath: string[] = [];
    const values: MetadataValue[] = [];
    const prev = this.placed[priority];
    const next = this.spare[priority];
    const at = this.previousAt;
    const metadata = next.metadata;
    const prevMetadata = prev.metadata;
    const prevStart = prev.start;
    // Pass 1: each host's subsets, in push order. A subset is marked changed when a host joins it
    // (a new host, or a new metadata map) or leaves it (below, for removed hosts). New subsets may
    // grow the per-id arrays, so they are read from `this` until the pass ends.
    let w = 0;
    for (let h = 0; h < hosts.length; h++) {
      const md = metadata[h];
      const k = at[h];
      if (k >= 0 && prevMetadata[k] === md) {
        // Same metadata map as at this priority's last update: the same subsets, in the same order.
        w = next.copy(w, prev, prevStart[k], prevStart[k + 1]);
        next.close(h, w);
        continue;
      }
      if (k >= 0) this.markSubsetsOf(prev, k, epoch);
      if (md.size > 0) {
        for (const sel of selectors) {
          if (listAsAny) {
            for (const kvs of extractListAsAny(sel.keys, md)) {
              for (let i = 0; i < kvs.length; i++) {
                keyPath[i] = kvs[i][0];
                values[i] = kvs[i][1];
              }
              w = this.place(next, w, this.subsetOf(this.findOrCreate(keyPath, values, kvs.length), sel), epoch);
            }
            continue;
          }
          const keys = sel.keys;
          let complete = true;
          for (let i = 0; i < keys.length; i++) {
            const v = md.get(keys[i]);
            if (v === undefined) {
              complete = false;
              break;
            }
            values[i] = v;
          }
          if (!complete) continue;
          w = this.place(next, w, this.subsetOf(this.findOrCreate(keys, values, keys.length), sel), epoch);
        }
      }
      next.close(h, w);
    }
    next.trim();
    // Hosts that left the priority leave their subsets.
    const matchedIn = this.matchedIn;
    for (let k = 0; k < prev.count; k++) if (matchedIn[k] !== epoch) this.markSubsetsOf(prev, k, epoch);
    const changedIn = this.changedIn;
    // Pass 2: every host is pushed to its changed subsets (all of them when hosts moved), and to
    // single-host subsets, which count duplicates. An unchanged subset keeps its list.
    const all = !this.inOrder;
    const ids = next.ids;
    const byId = this.byId;
    const start = next.start;
    const single = this.singleById;
    let duplicates = 0;
    for (let h = 0; h < hosts.length; h++) {
      for (let i = start[h], end = start[h + 1]; i < end; i++) {
        const id = ids[i];
        if (all || changedIn[id] === epoch || single[id] === 1) duplicates += (byId[id] as AnySubset).push(hosts[h], priority, epoch);
      }
    }
    // The previous table becomes the spare one. It keeps its storage, and with it references to
    // this update's predecessors (mostly the same hosts, maps and subsets) until the next update.
    prev.reset(NO_HOSTS);
    this.placed[priority] = next;
    this.spare[priority] = prev;
    this.stats.lb_subsets_single_host_per_subset_duplicate = duplicates;
    const order = this.subsetsInOrder();
    for (let i = 0; i < order.length; i++) {
      const s = order[i];
      this.drawSeed();
      if (!all && s instanceof PriorityLbSubset && changedIn[s.id] !== epoch) s.keep(priority, epoch);
      const was = s.active;
      s.finalize(priority, u);
      if (was && !s.active) this.deactivated = true;
    }
  }

  /** Every subset in index order (Envoy's iteration order), rebuilt after subsets come or go. */
  private subsetsInOrder(): readonly AnySubset[] {
    if (this.orderStale) {
      const order: AnySubset[] = [];
      forEachEntry(this.root, (e) => {
        if (e.subset !== null) order.push(e.subset);
      });
      this.order = order;
      this.orderStale = false;
    }
    return this.order;
  }

  /** Marks the subsets of position `k` of `table` changed in update `epoch` (a host leaves them). */
  private markSubsetsOf(table: PlacementTable, k: number, epoch: number): void {
    const ids = table.ids;
    for (let i = table.start[k], end = table.start[k + 1]; i < end; i++) this.changedIn[ids[i]] = epoch;
  }

  /** Appends subset `s` at `w` in `table`, marked changed (a host joins it); returns the next index. */
  private place(table: PlacementTable, w: number, s: AnySubset, epoch: number): number {
    table.put(w, s.id);
    this.changedIn[s.id] = epoch;
    return w + 1;
  }

  /** The entry's subset, created on first use with the selector's kind. */
  private subsetOf(entry: SubsetEntry<AnySubset>, sel: ResolvedSelector): AnySubset {
    let subset = entry.subset;
    if (subset === null) {
      entry.singleHost = sel.singleHostPerSubset;
      const id = this.allocateId(sel.singleHostPerSubset);
      subset = entry.subset = sel.singleHostPerSubset ? new SingleHostLbSubset(id) : new PriorityLbSubset(this, id);
      this.byId[id] = subset;
      this.orderStale = true;
      this.stats.lb_subsets_active++;
      this.stats.lb_subsets_created++;
    }
    return subset;
  }

  /** An id for a new subset of the index. */
  private allocateId(single: boolean): number {
    const id = this.freeIds.length > 0 ? (this.freeIds.pop() as number) : this.nextId++;
    if (id >= this.changedIn.length) {
      const changed = new Int32Array(this.changedIn.length * 2);
      changed.set(this.changedIn);
      this.changedIn = changed;
      const single = new Uint8Array(this.singleById.length * 2);
      single.set(this.singleById);
      this.singleById = single;
    }
    this.changedIn[id] = 0;
    this.singleById[id] = single ? 1 : 0;
    return id;
  }

  /** The entry at the path `keys[i] = values[i]` for `i < n`, created with its levels as needed. */
  private findOrCreate(keys: readonly string[], values: readonly MetadataValue[], n: number): SubsetEntry<AnySubset> {
    let level = this.root;
    let parent: SubsetEntry<AnySubset> | null = null;
    for (let i = 0; i < n; i++) {
      let vm = level.get(keys[i]);
      if (vm === undefined) {
        vm = new ValueMap<AnySubset>();
        level.set(keys[i], vm);
      }
      const e: SubsetEntry<AnySubset> = vm.getOrCreate(keys[i], values[i], parent);
      parent = e;
      if (i < n - 1) level = e.children ??= new Map();
    }
    return parent as SubsetEntry<AnySubset>;
  }

  /** Envoy's `purgeEmptySubsets`: drops entries without hosts and children, depth first. */
  private purgeEmptySubsets(level: SubsetLevel<AnySubset>): void {
    for (const [key, vm] of level) {
      for (const entry of vm.map.values()) {
        if (entry.children !== null) {
          this.purgeEmptySubsets(entry.children);
          if (entry.children.size === 0) entry.children = null;
        }
        if (entry.active() || entry.children !== null) continue;
        if (entry.subset !== null) {
          this.stats.lb_subsets_active--;
          this.stats.lb_subsets_removed++;
          entry.subset.destroy();
          this.byId[entry.subset.id] = null;
          this.freeIds.push(entry.subset.id);
        }
        vm.delete(entry);
        this.orderStale = true;
      }
      if (vm.map.size === 0) level.delete(key);
    }
  }

  // ---- picks --------------------------------------------------------------------------------

  private view(depth: number): CriteriaView {
    while (this.views.length <= depth) this.views.push(new CriteriaView());
    return this.views[depth];
  }

  /** Reads the context's criteria into view 0, sorted; null when there are none. */
  private loadCriteria(ctx: LoadBalancerContext): CriteriaView | null {
    const mm = ctx.metadataMatch;
    if (mm === undefined || mm === null) return null;
    const v = this.view(0);
    if (mm instanceof MetadataMatchCriteria) {
      v.useExternal(mm.sortedKeys, mm.sortedValues);
    } else if (typeof (mm as ReadonlyMap<string, MetadataValue>).forEach === 'function' && typeof (mm as ReadonlyMap<string, MetadataValue>).get === 'function') {
      v.useOwn();
      this.loading = v;
      (mm as ReadonlyMap<string, MetadataValue>).forEach(this.mapVisitor);
      this.loading = null;
    } else {
      v.useOwn();
      const obj = mm as Readonly<Record<string, MetadataValue>>;
      for (const k in obj) {
        if (Object.prototype.hasOwnProperty.call(obj, k)) v.insert(k, obj[k]);
      }
    }
    return v.n === 0 ? null : v;
  }

  /**
   * Envoy's `chooseHostIteration`. `depth` is the first free criteria buffer; `cacheFor` (route
   * criteria at the top level) remembers the subset found.
   */
  private chooseHostIteration(
    ctx: LoadBalancerContext | null,
    criteria: CriteriaView | null,
    depth: number,
    cacheFor: MetadataMatchCriteria | null,
  ): Host | null {
    if (ctx !== null) {
      let crit = criteria;
      let d = depth;
      if (this.allowRedundantKeys && crit !== null) {
        // The first selector (longest first) whose keys all appear decides the keys kept.
        const out = this.view(d);
        for (const sel of this.spec.selectors) {
          filterInto(out, crit, sel.keySet);
          if (out.n > 0 && out.n === sel.keys.length) {
            crit = out;
            d++;
            break;
          }
        }
      }
      if (crit !== null) {
        const entry = this.findEntry(crit);
        if (cacheFor !== null) {
          cacheFor.lookupOwner = this;
          cacheFor.lookupVersion = this.indexVersion;
          cacheFor.lookupResult = entry;
        }
        if (entry !== null && entry.active()) return this.chooseFromEntry(entry, ctx);
        const node = this.findSelectorNode(crit);
        if (node !== null && node.fallbackPolicy !== SelectorFallback.NOT_DEFINED) {
          return this.chooseHostForSelectorFallback(node, ctx, crit, d);
        }
      }
    }
    const fallback = this.fallbackSubset;
    if (fallback === null) return null;
    const host = fallback.choose(ctx);
    if (host !== null) {
      this.stats.lb_subsets_fallback++;
      if (this.tracing) this.traceDecision = 'fallback';
      return host;
    }
    const panic = this.panicSubset;
    if (panic !== null) {
      const h = panic.choose(ctx);
      if (h !== null) {
        this.stats.lb_subsets_fallback_panic++;
        if (this.tracing) this.traceDecision = 'fallback_panic';
        return h;
      }
    }
    return null;
  }

  /** Picks from the subset the criteria matched (Envoy: counted, and final even when null). */
  private chooseFromEntry(entry: SubsetEntry<AnySubset>, ctx: LoadBalancerContext): Host | null {
    this.stats.lb_subsets_selected++;
    if (this.tracing) {
      this.traceDecision = 'subset';
      this.traceEntry = entry;
    }
    const s = entry.subset as AnySubset;
    return entry.singleHost ? (s as SingleHostLbSubset).host : (s as PriorityLbSubset).choose(ctx);
  }

  private chooseHostForSelectorFallback(node: SelectorNode, ctx: LoadBalancerContext, crit: CriteriaView, depth: number): Host | null {
    switch (node.fallbackPolicy) {
      case SelectorFallback.ANY_ENDPOINT:
        if (this.subsetAny !== null) {
          if (this.tracing) this.traceDecision = 'selector_any_endpoint';
          return this.subsetAny.choose(ctx);
        }
        break;
      case SelectorFallback.DEFAULT_SUBSET:
        if (this.subsetDefault !== null) {
          if (this.tracing) this.traceDecision = 'selector_default_subset';
          return this.subsetDefault.choose(ctx);
        }
        break;
      case SelectorFallback.KEYS_SUBSET: {
        const out = this.view(depth);
        filterInto(out, crit, node.fallbackKeysSubset as ReadonlySet<string>);
        return this.chooseHostIteration(ctx, out.n === 0 ? null : out, depth + 1, null);
      }
      default:
        break;
    }
    if (this.tracing) this.traceDecision = 'selector_no_fallback';
    return null;
  }

  /** Envoy's `findSubset`: walks the trie along the sorted criteria; every criterion must match. */
  private findEntry(crit: CriteriaView): SubsetEntry<AnySubset> | null {
    let level: SubsetLevel<AnySubset> | null = this.root;
    const n = crit.n;
    for (let i = 0; i < n; i++) {
      if (level === null) return null;
      const vm: ValueMap<AnySubset> | undefined = level.get(crit.keys[i]);
      if (vm === undefined) return null;
      const e: SubsetEntry<AnySubset> | undefined = vm.get(crit.values[i]);
      if (e === undefined) return null;
      if (i === n - 1) return e;
      level = e.children;
    }
    return null;
  }

  /** Envoy's `tryFindSelectorFallbackParams`: walks the selector trie along the criteria names. */
  private findSelectorNode(crit: CriteriaView): SelectorNode | null {
    let node = this.selectorRoot;
    const n = crit.n;
    for (let i = 0; i < n; i++) {
      const child = node.children.get(crit.keys[i]);
      if (child === undefined) return null;
      if (i === n - 1) return child;
      node = child;
    }
    return null;
  }
}

/** Keeps the criteria of `src` whose keys are in `keys`, in order. */
function filterInto(out: CriteriaView, src: CriteriaView, keys: ReadonlySet<string>): void {
  out.useOwn();
  for (let i = 0; i < src.n; i++) if (keys.has(src.keys[i])) out.append(src.keys[i], src.values[i]);
}

/** Merges a struct's fields over sorted criteria (Envoy's `mergeMatchCriteria`). */
function mergeStruct(out: CriteriaView, s: MetadataStruct): void {
  for (const k in s) {
    if (Object.prototype.hasOwnProperty.call(s, k)) out.insert(k, s[k]);
  }
}

/** Envoy's `Config::Metadata::metadataLabelMatch` over `envoy.lb`. */
export function labelMatch(labels: LbMetadata, metadata: LbMetadata, listAsAny: boolean): boolean {
  for (const [k, want] of labels) {
    const have = metadata.get(k);
    if (have === undefined) return false;
    if (listAsAny && Array.isArray(have)) {
      let any = false;
      for (const v of have as readonly MetadataValue[]) {
        if (metadataValueEquals(v, want)) {
          any = true;
          break;
        }
      }
      if (!any) return false;
    } else if (!metadataValueEquals(have, want)) {
      return false;
    }
  }
  return true;
}

/**
 * Envoy's `extractSubsetMetadata` with `list_as_any`: one key-value list per combination of list
 * elements (a cartesian product in key order). A missing key gives nothing. Quirk kept: an empty
 * list on a key gives no combination for it, so keys after it start fresh.
 */
export function extractListAsAny(keys: readonly string[], md: LbMetadata): [string, MetadataValue][][] {
  let all: [string, MetadataValue][][] = [];
  for (const key of keys) {
    const v = md.get(key);
    if (v === undefined) return [];
    if (Array.isArray(v)) {
      const list = v as readonly MetadataValue[];
      if (all.length === 0) {
        for (const el of list) all.push([[key, el]]);
      } else {
        const next: [string, MetadataValue][][] = [];
        for (const kvs of all) for (const el of list) next.push([...kvs, [key, el]]);
        all = next;
      }
    } else if (all.length === 0) {
      all.push([[key, v]]);
    } else {
      for (const kvs of all) kvs.push([key, v]);
    }
  }
  return all;
}

function forEachEntry<S extends LbSubset>(level: SubsetLevel<S>, fn: (e: SubsetEntry<S>) => void): void {
  for (const vm of level.values()) {
    for (const e of vm.map.values()) {
      fn(e);
      if (e.children !== null) forEachEntry(e.children, fn);
    }
  }
}

function subsetInfo(e: SubsetEntry<AnySubset>): SubsetInfo {
  const s = e.subset as AnySubset;
  return Object.freeze({
    metadata: Object.freeze(e.path().map((p) => Object.freeze(p) as readonly [string, MetadataValue])),
    hosts: Object.freeze(s.hosts()),
    active: e.active(),
    singleHostPerSubset: e.singleHost,
  });
}
