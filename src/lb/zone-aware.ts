/**
 * The host-selection pipeline shared by round robin, least request and random: priority from one
 * draw, panic, locality-weighted or zone-aware locality choice, then the policy's pick from the
 * chosen host source, with Envoy's peek stash and host-selection retries.
 *
 * Mirrors `LoadBalancerBase` and `ZoneAwareLoadBalancerBase` in Envoy's
 * `load_balancing_policies/common/load_balancer_impl.cc`. A policy plugs in through
 * {@link HostPicker}; it only picks a host from a source.
 */
import { type Host, weightAssignmentCount } from '../host/host.js';
import type { HostSet, HostsPerLocality } from '../cluster/host-set.js';
import type { CallbackHandle, PrioritySet } from '../cluster/priority-set.js';
import { type RandomSource, SeededRandom, entropySeed } from '../common/random.js';
import { type Clock, systemClock } from '../common/clock.js';
import { choosePriorityFromPercent, DEFAULT_HEALTHY_PANIC_THRESHOLD, type PriorityLoad } from '../common/priority.js';
import { effectiveLocalityWeight, LocalityScheduler } from '../common/locality.js';
import { mod100At, modU64At, type U64, toU64, u64ToDecimal } from '../common/u64.js';
import { localityKey } from '../host/locality.js';
import { UpstreamLbError } from '../errors.js';
import { LbStats } from './stats.js';
import type { LoadBalancerContext, PickAttempt, PickExplanation } from './context.js';
import type { LoadBalancer, PriorityLoadSnapshot } from './load-balancer.js';
import { hostSetInPanic, PriorityState } from './priority-state.js';
import { HostSource, LocalityRoutingState, PrioritySources, SOURCE_TYPE_NAMES } from './host-source.js';

/** `PrioritySources.computedAt` of a host set whose priority health does not read host weights. */
const UNWEIGHTED = -2;

/** Zone-aware routing settings (`LocalityLbConfig.ZoneAwareLbConfig`). */
export interface ZoneAwareOptions {
  /** Percent of picks that try zone-aware routing (`routing_enabled`). @defaultValue 100 */
  routingEnabled?: number;
  /** Minimum healthy upstream hosts for zone-aware routing (`min_cluster_size`). @defaultValue 6 */
  minClusterSize?: number;
  /** Return no host instead of all hosts when the chosen priority is in panic (`fail_traffic_on_panic`). @defaultValue false */
  failTrafficOnPanic?: boolean;
  /**
   * `force_local_zone.min_size`: route everything to the local zone when it has at least this many
   * healthy hosts; null disables. (`force_locality_direct_routing: true` is min size 1.) @defaultValue null
   */
  forceLocalZoneMinSize?: number | null;
  /** Locality share basis (`locality_basis`): host counts or host weight sums. @defaultValue 'HEALTHY_HOSTS_NUM' */
  localityBasis?: 'HEALTHY_HOSTS_NUM' | 'HEALTHY_HOSTS_WEIGHT';
}

/** Options shared by every zone-aware load balancer. */
export interface ZoneAwareLbOptions {
  /** Random draws (u64). @defaultValue a {@link SeededRandom} seeded from platform entropy */
  random?: RandomSource;
  /**
   * Random draws for runtime feature checks (`routing_enabled` between 1 and 99), which Envoy takes
   * from the runtime's own generator, not the load balancer's. @defaultValue a separate seeded generator
   */
  runtimeRandom?: RandomSource;
  /** Time source for slow start. @defaultValue {@link systemClock} */
  clock?: Clock;
  /** Stats object (shared when given). @defaultValue a new {@link LbStats} */
  stats?: LbStats;
  /** `common_lb_config.healthy_panic_threshold` in percent; 0 disables panic. @defaultValue 50 */
  healthyPanicThreshold?: number;
  /** `locality_weighted_lb_config` is set: pick a locality by weight before the host. @defaultValue false */
  localityWeighted?: boolean;
  /** Zone-aware routing settings; only used with {@link localPrioritySet}. */
  zoneAware?: ZoneAwareOptions;
  /** The local cluster (where this Envoy's peers are), enabling zone-aware routing on priority 0. */
  localPrioritySet?: PrioritySet | null;
}

/** How a policy plugs into {@link ZoneAwareLoadBalancer}. */
export interface HostPicker {
  /**
   * Called once at the end of construction, after the base's own random draws (Envoy's policy
   * constructor: round robin draws its seed here, then refreshes every priority).
   */
  attach(lb: ZoneAwareLoadBalancer): void;
  /**
   * A priority changed; its sources already hold the new hosts (Envoy's `refresh(priority)`).
   * `unchanged`: the update handed back the host set the sources were last refreshed from (same
   * host lists; weights and health may still have been assigned in place).
   */
  refresh(sources: PrioritySources, unchanged: boolean): void;
  /**
   * True when {@link refresh} of each of these priorities with `unchanged` set (and no weight
   * assigned since their last refresh) would change nothing the policy keeps.
   */
  unchangedRefreshIsNoop(sources: readonly PrioritySources[]): boolean;
  /** Hosts joined the cluster (Envoy's member update callback; not called when none did). */
  hostsAdded(hosts: readonly Host[]): void;
  /**
   * Picks from a source. `draw` holds the draw that chose the priority as `[hi, lo]` uint32
   * halves (a typed array, so the u64 crosses calls without boxing).
   */
  pick(source: HostSource, draw: Uint32Array): Host | null;
  /**
   * Picks for a request without a context when every priority draw leads to `source`: the picker
   * takes the pick's draw itself ({@link ZoneAwareLoadBalancer.takeDraw}), then picks exactly as
   * {@link pick} would. Called only when no peeked draw is waiting, so the pick's draw is the
   * random source's next draw and a policy may read all the draws it needs in one place.
   */
  pickFixed(source: HostSource): Host | null;
  /** Peeks from a source for preconnecting. */
  peek(source: HostSource, draw: Uint32Array): Host | null;
}

/** Validated zone-aware settings. */
interface ZoneConfig {
  routingEnabled: number;
  minClusterSize: number;
  failTrafficOnPanic: boolean;
  forceLocalZoneMinSize: number | null;
  byWeight: boolean;
}

/** Checks an integer option, throwing a typed error naming it. */
export function checkInteger(path: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UpstreamLbError(path, value, `must be an integer in [${min}, ${max}]`);
  }
  return value;
}

/**
 * A load balancer running Envoy's zone-aware host-source selection with a pluggable per-source
 * pick. Build one through a policy factory (`roundRobin`, `leastRequest`, `random`).
 */
export class ZoneAwareLoadBalancer implements LoadBalancer {
  /** The hosts picked from. */
  readonly prioritySet: PrioritySet;
  /** Envoy's stats. */
  readonly stats: LbStats;
  /** The random source every draw comes from. */
  readonly random: RandomSource;
  /** {@link random} when it is the built-in generator, whose draws policies may read in place; else null. */
  readonly seededRandom: SeededRandom | null;
  /** The clock. */
  readonly clock: Clock;
  /** Per-priority loads and panic flags. */
  readonly priorityState: PriorityState;
  /** The local cluster, or null. */
  readonly localPrioritySet: PrioritySet | null;
  /** True when locality-weighted balancing is on. */
  readonly localityWeighted: boolean;

  private readonly picker: HostPicker;
  private readonly runtimeRandom: RandomSource;
  private readonly zone: ZoneConfig;
  private readonly perPriority: PrioritySources[] = [];
  private readonly handles: CallbackHandle[] = [];
  /** The draw of the current pick as `[hi, lo]` (priority hash; Random reuses it). */
  private readonly draw = new Uint32Array(2);
  private readonly scratch: U64 = { hi: 0, lo: 0 };
  /** Extra draws of a pick (zone routing), as `[hi, lo]`. */
  private readonly extra = new Uint32Array(2);
  private stashHi = new Uint32Array(8);
  private stashLo = new Uint32Array(8);
  private stashHead = 0;
  private stashLength = 0;
  private trace: PickAttempt | null = null;
  /** True when priority 0 holds 100% healthy load, so every hash chooses it. */
  private allLoadAtP0Healthy = false;
  /** The source every pick without a priority-load override uses, when that is fixed (see updateFastSource). */
  private fastSource: HostSource | null = null;
  /**
   * The weight assignment count at which an update handing back every priority's host set would
   * change nothing here (no stash to reset, nothing the policy's refresh would redo); -1 when it
   * would. See {@link unchangedUpdateIsNoop}.
   */
  private quietAt = -1;
  /** Callbacks this load balancer registered on its priority set. */
  private subscriptions = 0;

  constructor(prioritySet: PrioritySet, picker: HostPicker, options: ZoneAwareLbOptions = {}) {
    const threshold = options.healthyPanicThreshold ?? DEFAULT_HEALTHY_PANIC_THRESHOLD;
    checkInteger('healthyPanicThreshold', threshold, 0, 100);
    const z = options.zoneAware ?? {};
    this.zone = {
      routingEnabled: checkInteger('zoneAware.routingEnabled', z.routingEnabled ?? 100, 0, 100),
      minClusterSize: checkInteger('zoneAware.minClusterSize', z.minClusterSize ?? 6, 0, Number.MAX_SAFE_INTEGER),
      failTrafficOnPanic: z.failTrafficOnPanic ?? false,
      forceLocalZoneMinSize:
        z.forceLocalZoneMinSize == null ? null : checkInteger('zoneAware.forceLocalZoneMinSize', z.forceLocalZoneMinSize, 0, 4_294_967_295),
      byWeight: (z.localityBasis ?? 'HEALTHY_HOSTS_NUM') === 'HEALTHY_HOSTS_WEIGHT',
    };
    const local = options.localPrioritySet ?? null;
    if (local && local.hostSets.length > 1) {
      throw new UpstreamLbError('localPrioritySet', local.hostSets.length, 'the local cluster must have exactly one priority');
    }
    this.prioritySet = prioritySet;
    this.picker = picker;
    this.stats = options.stats ?? new LbStats();
    this.random = options.random ?? new SeededRandom(entropySeed());
    this.seededRandom = this.random instanceof SeededRandom ? this.random : null;
    this.runtimeRandom = options.runtimeRandom ?? new SeededRandom(entropySeed());
    this.clock = options.clock ?? systemClock;
    this.localPrioritySet = local;
    this.localityWeighted = options.localityWeighted ?? false;
    this.priorityState = new PriorityState(threshold);

    // Envoy's constructor order: priority state, locality schedulers (one draw per priority),
    // then the policy (round robin draws its seed and refreshes every priority).
    this.priorityState.initialize(prioritySet);
    this.allLoadAtP0Healthy = this.priorityState.healthy[0] === 100;
    this.resizePerPriority();
    if (this.localityWeighted) {
      for (let p = 0; p < prioritySet.hostSets.length; p++) this.rebuildLocalityWrr(p);
    }
    for (let p = 0; p < prioritySet.hostSets.length; p++) this.updateSources(p);
    this.handles.push(prioritySet.addPriorityUpdateCallback((p) => this.onPriorityUpdate(p)));
    this.handles.push(
      prioritySet.addMemberUpdateCallback((added) => {
        if (added.length > 0) this.picker.hostsAdded(added);
      }),
    );
    this.subscriptions = this.handles.length;
    picker.attach(this);
    if (local) {
      local.getOrCreateHostSet(0);
      this.handles.push(local.addPriorityUpdateCallback(() => this.regenerateLocalityRoutingStructures()));
      this.regenerateLocalityRoutingStructures();
    }
    this.updateFastSource();
  }

  /** Sources of every priority (for policies and inspection). */
  get sources(): readonly PrioritySources[] {
    return this.perPriority;
  }

  chooseHost(context?: LoadBalancerContext | null): Host | null {
    if (!context) {
      // Common case first: every hash lands on P0's healthy hosts, with no panic, locality
      // weighting or zone routing to consult, and no peeked draw to replay.
      const fast = this.fastSource;
      if (fast !== null && this.stashLength === 0) return this.picker.pickFixed(fast);
      return this.chooseHostOnce(null);
    }
    const attempts = (context.hostSelectionRetryCount ?? 0) + 1;
    const reject = context.shouldSelectAnotherHost;
    let host: Host | null = null;
    for (let i = 0; i < attempts; i++) {
      host = this.chooseHostOnce(context);
      if (host === null || reject === undefined || !reject(host)) return host;
    }
    return host;
  }

  peekAnotherHost(context?: LoadBalancerContext | null): Host | null {
    // A peek stashes its draw and may move the policy's peek-ahead: an update would reset both.
    this.quietAt = -1;
    if (this.stashLength >= this.priorityState.totalHealthyHosts) return null;
    this.nextDraw(true);
    const source = this.hostSourceToUse(context ?? null);
    if (source === null) return null;
    return this.picker.peek(source, this.draw);
  }

  explain(context?: LoadBalancerContext | null): PickExplanation {
    const attempts: PickAttempt[] = [];
    const max = context ? (context.hostSelectionRetryCount ?? 0) + 1 : 1;
    let host: Host | null = null;
    for (let i = 0; i < max; i++) {
      const attempt: PickAttempt = {
        hash: '',
        priority: -1,
        availability: 'healthy',
        panic: false,
        source: 'none',
        localityIndex: -1,
        localityDecision: 'none',
        host: null,
        rejected: false,
      };
      this.trace = attempt;
      try {
        host = this.chooseHostOnce(context ?? null);
      } finally {
        this.trace = null;
      }
      attempt.host = host;
      attempts.push(attempt);
      if (host === null || !context?.shouldSelectAnotherHost || !context.shouldSelectAnotherHost(host)) break;
      attempt.rejected = true;
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

  /** Number of peeked draws waiting to be replayed by picks. */
  get stashedDraws(): number {
    return this.stashLength;
  }

  private chooseHostOnce(context: LoadBalancerContext | null): Host | null {
    this.nextDraw(false);
    // As in chooseHost: when the source is fixed, the full pipeline would return it too.
    const fast = this.fastSource;
    const source =
      fast !== null && this.trace === null && (context === null || context.determinePriorityLoad === undefined)
        ? fast
        : this.hostSourceToUse(context);
    if (source === null) return null;
    return this.picker.pick(source, this.draw);
  }

  /**
   * Recomputes {@link fastSource}: P0's healthy source when P0 takes 100% healthy load, is not in
   * panic, and neither locality weighting nor zone routing applies to it; else null.
   */
  private updateFastSource(): void {
    const ps = this.perPriority[0];
    this.fastSource =
      ps !== undefined &&
      this.allLoadAtP0Healthy &&
      !this.priorityState.panic[0] &&
      !this.localityWeighted &&
      ps.routingState === LocalityRoutingState.NoLocalityRouting
        ? ps.healthy
        : null;
  }

  /** Envoy's `LoadBalancerBase::random(peeking)`: peeks stash their draw; picks replay the stash first. */
  private nextDraw(peeking: boolean): void {
    const d = this.draw;
    if (peeking) {
      const r = this.random.nextU64(this.scratch);
      d[0] = r.hi;
      d[1] = r.lo;
      if (this.stashLength === this.stashHi.length) this.growStash();
      const i = (this.stashHead + this.stashLength) % this.stashHi.length;
      this.stashHi[i] = d[0];
      this.stashLo[i] = d[1];
      this.stashLength++;
    } else if (this.stashLength > 0) {
      d[0] = this.stashHi[this.stashHead];
      d[1] = this.stashLo[this.stashHead];
      this.stashHead = (this.stashHead + 1) % this.stashHi.length;
      this.stashLength--;
    } else {
      const r = this.random.nextU64(this.scratch);
      d[0] = r.hi;
      d[1] = r.lo;
    }
  }

  /**
   * Takes the pick's draw (Envoy's `random(false)`: a stashed peek draw first) and returns it as
   * `[hi, lo]`. For {@link HostPicker.pickFixed}.
   */
  takeDraw(): Uint32Array {
    this.nextDraw(false);
    return this.draw;
  }

  /** Takes one draw from the random source into `buf[0..1]` (not through the peek stash). */
  drawInto(buf: Uint32Array, index = 0): void {
    const r = this.random.nextU64(this.scratch);
    buf[index] = r.hi;
    buf[index + 1] = r.lo;
  }

  private growStash(): void {
    const n = this.stashHi.length * 2;
    const hi = new Uint32Array(n);
    const lo = new Uint32Array(n);
    for (let i = 0; i < this.stashLength; i++) {
      const j = (this.stashHead + i) % this.stashHi.length;
      hi[i] = this.stashHi[j];
      lo[i] = this.stashLo[j];
    }
    this.stashHi = hi;
    this.stashLo = lo;
    this.stashHead = 0;
  }

  /** Envoy's `hostSourceToUse`: priority, panic, locality (weighted or zone-aware), host list. */
  private hostSourceToUse(context: LoadBalancerContext | null): HostSource | null {
    const d = this.draw;
    let packed: number;
    if (context !== null && context.determinePriorityLoad !== undefined) {
      const loads: PriorityLoad = context.determinePriorityLoad(this.prioritySet, this.priorityState);
      packed = choosePriorityFromPercent(mod100At(d, 0) + 1, loads.healthy, loads.degraded);
    } else if (this.allLoadAtP0Healthy) {
      // h = hash % 100 + 1 is at most 100, which P0's healthy load already reaches: any hash
      // chooses P0 healthy, so the reduction is skipped (same decision, no draw saved).
      packed = 0;
    } else {
      packed = choosePriorityFromPercent(mod100At(d, 0) + 1, this.priorityState.healthy, this.priorityState.degraded);
    }
    const priority = packed >>> 1;
    const degraded = (packed & 1) === 1;
    const trace = this.trace;
    if (trace !== null) {
      trace.hash = u64ToDecimal({ hi: d[0], lo: d[1] });
      trace.priority = priority;
      trace.availability = degraded ? 'degraded' : 'healthy';
    }
    if (priority >= this.perPriority.length) return null;
    const ps = this.perPriority[priority];

    if (this.priorityState.panic[priority]) {
      this.stats.lb_healthy_panic++;
      if (trace !== null) trace.panic = true;
      if (this.zone.failTrafficOnPanic) return null;
      return this.traced(ps.all);
    }

    if (this.localityWeighted) {
      const scheduler = degraded ? ps.degradedLocalities : ps.healthyLocalities;
      if (scheduler !== null) {
        const i = scheduler.pick();
        if (i >= 0) {
          if (trace !== null) trace.localityDecision = 'weighted';
          return this.traced(degraded ? ps.localityDegraded[i] : ps.localityHealthy[i]);
        }
      }
    }

    const plain = degraded ? ps.degraded : ps.healthy;
    if (ps.routingState === LocalityRoutingState.NoLocalityRouting) return this.traced(plain);
    if (!this.featureEnabled(this.zone.routingEnabled)) return this.traced(plain);
    const localSet = (this.localPrioritySet as PrioritySet).hostSets[0];
    if (hostSetInPanic(localSet, this.priorityState.panicThreshold)) {
      this.stats.lb_local_cluster_not_ok++;
      if (this.zone.failTrafficOnPanic) return null;
      return this.traced(plain);
    }
    const i = this.tryChooseLocalLocalityHosts(ps);
    return this.traced(degraded ? ps.localityDegraded[i] : ps.localityHealthy[i]);
  }

  private traced(source: HostSource): HostSource {
    const trace = this.trace;
    if (trace !== null) {
      trace.source = SOURCE_TYPE_NAMES[source.type];
      trace.localityIndex = source.localityIndex;
    }
    return source;
  }

  /** Envoy's `Runtime::Snapshot::featureEnabled(key, percent)`: no draw at 0 or 100. */
  private featureEnabled(percent: number): boolean {
    if (percent <= 0) return false;
    if (percent >= 100) return true;
    const r = this.runtimeRandom.nextU64(this.scratch);
    const b = this.extra;
    b[0] = r.hi;
    b[1] = r.lo;
    return modU64At(b, 0, 100) < percent;
  }

  /** Envoy's `tryChooseLocalLocalityHosts`: a locality index for priority 0. */
  private tryChooseLocalLocalityHosts(ps: PrioritySources): number {
    const trace = this.trace;
    if (ps.routingState === LocalityRoutingState.LocalityDirect) {
      this.stats.lb_zone_routing_all_directly++;
      if (trace !== null) trace.localityDecision = 'zone_direct';
      return 0;
    }
    const b = this.extra;
    this.drawInto(b);
    if (modU64At(b, 0, 10_000) < ps.localPercentToRoute) {
      this.stats.lb_zone_routing_sampled++;
      if (trace !== null) trace.localityDecision = 'zone_sampled';
      return 0;
    }
    this.stats.lb_zone_routing_cross_zone++;
    if (trace !== null) trace.localityDecision = 'zone_cross';
    const n = ps.localityCount;
    const residual = ps.residualCapacity;
    const last = residual[n - 1];
    this.drawInto(b);
    if (last === 0) {
      this.stats.lb_zone_no_capacity_left++;
      return modU64At(b, 0, n);
    }
    const threshold = modU64At(b, 0, last);
    let i = 0;
    while (threshold >= residual[i]) i++;
    return i;
  }

  private onPriorityUpdate(priority: number): void {
    // Envoy runs three callbacks in registration order: LoadBalancerBase (loads, panic, stash),
    // ZoneAwareLoadBalancerBase (zone routing for P0, locality scheduler), then the policy's refresh.
    // Loads, panic and sources are functions of the host sets: an update that hands back the host
    // set they were computed from (a subset whose hosts did not change) leaves them as they are;
    // every other step runs as always.
    const set = this.prioritySet.hostSets[priority];
    const weights = weightAssignmentCount();
    this.resizePerPriority();
    const sources = this.perPriority[priority];
    const at = sources.computedAt;
    const same = sources.computedFor === set && (at === UNWEIGHTED || at === weights);
    if (!same) {
      this.priorityState.recalculatePriority(this.prioritySet, priority);
      this.priorityState.recalculatePanic(this.prioritySet);
      this.allLoadAtP0Healthy = this.priorityState.healthy[0] === 100;
      sources.computedFor = set;
      sources.computedAt = set.weightedPriorityHealth ? weights : UNWEIGHTED;
    }
    this.stashHead = 0;
    this.stashLength = 0;
    // A zone routing update sets the fast source itself.
    if (this.localPrioritySet !== null && priority === 0) this.regenerateLocalityRoutingStructures();
    if (this.localityWeighted) this.rebuildLocalityWrr(priority);
    if (!same) this.updateSources(priority);
    this.picker.refresh(sources, same);
    // The fast source depends on priority 0's loads and panic, which change only when recalculated.
    if (!same) this.updateFastSource();
    this.quietAt = this.localPrioritySet === null && !this.localityWeighted && this.sourcesCurrent(weights) && this.picker.unchangedRefreshIsNoop(this.perPriority) ? weights : -1;
  }

  /** True when every priority's sources were computed from its current host set (see onPriorityUpdate). */
  private sourcesCurrent(weights: number): boolean {
    const sets = this.prioritySet.hostSets;
    if (this.perPriority.length < sets.length) return false;
    for (let p = 0; p < sets.length; p++) {
      const sources = this.perPriority[p];
      if (sources.computedFor !== sets[p] || (sources.computedAt !== UNWEIGHTED && sources.computedAt !== weights)) return false;
    }
    return true;
  }

  /**
   * @internal True when an update that hands back every priority's host set (as
   * `PrioritySet.notifyUnchanged` notifies) would change nothing: no loads to recompute, no
   * peek stash or policy state to reset, no draws, no zone routing, and no other subscriber on
   * the priority set. The subset load balancer then skips notifying an unchanged subset.
   */
  unchangedUpdateIsNoop(): boolean {
    return this.quietAt === weightAssignmentCount() && this.prioritySet.subscriberCount === this.subscriptions;
  }

  private resizePerPriority(): void {
    while (this.perPriority.length < this.prioritySet.hostSets.length) {
      this.perPriority.push(new PrioritySources(this.perPriority.length));
    }
  }

  private updateSources(priority: number): void {
    const set = this.prioritySet.hostSets[priority];
    const ps = this.perPriority[priority];
    ps.all.hosts = set.hosts;
    ps.healthy.hosts = set.healthyHosts;
    ps.degraded.hosts = set.degradedHosts;
    const n = set.healthyHostsPerLocality.lists.length;
    ps.ensureLocalities(n);
    for (let i = 0; i < n; i++) {
      ps.localityHealthy[i].hosts = set.healthyHostsPerLocality.lists[i];
      ps.localityDegraded[i].hosts = set.degradedHostsPerLocality.lists[i];
    }
  }

  /** Envoy's `rebuildLocalityWrrForPriority`: one draw seeds both schedulers. */
  private rebuildLocalityWrr(priority: number): void {
    this.random.nextU64(this.scratch);
    const seed = this.scratch.lo;
    const set = this.prioritySet.hostSets[priority];
    const ps = this.perPriority[priority];
    ps.healthyLocalities = buildLocalityScheduler(set, set.healthyHostsPerLocality, set.healthyHosts.length, seed);
    ps.degradedLocalities = buildLocalityScheduler(set, set.degradedHostsPerLocality, set.degradedHosts.length, seed);
  }

  /** Envoy's `regenerateLocalityRoutingStructures` (priority 0 only). */
  private regenerateLocalityRoutingStructures(): void {
    this.regenerateZoneState();
    this.updateFastSource();
  }

  private regenerateZoneState(): void {
    this.stats.lb_recalculate_zone_structures++;
    this.resizePerPriority();
    if (this.perPriority.length === 0) return;
    const state = this.perPriority[0];
    if (this.earlyExitNonLocalityRouting()) {
      state.routingState = LocalityRoutingState.NoLocalityRouting;
      return;
    }
    const upstream = this.prioritySet.hostSets[0].healthyHostsPerLocality;
    const local = (this.localPrioritySet as PrioritySet).hostSets[0].healthyHostsPerLocality;
    const n = upstream.lists.length;
    const pct = calculateLocalityPercentages(local, upstream, this.zone.byWeight);
    if (upstream.hasLocalLocality) {
      const within = pct.upstream[0] > 0 && pct.upstream[0] >= pct.local[0];
      const forced = this.zone.forceLocalZoneMinSize !== null && upstream.lists[0].length >= this.zone.forceLocalZoneMinSize;
      if (within || forced) {
        state.routingState = LocalityRoutingState.LocalityDirect;
        return;
      }
    }
    state.routingState = LocalityRoutingState.LocalityResidual;
    state.localPercentToRoute =
      upstream.hasLocalLocality && pct.local[0] > 0 ? Math.floor((pct.upstream[0] * 10_000) / pct.local[0]) : 0;
    const residual = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const prev = i > 0 ? residual[i - 1] : 0;
      if (i === 0 && upstream.hasLocalLocality) {
        residual[i] = prev;
      } else if (pct.upstream[i] > pct.local[i]) {
        residual[i] = prev + pct.upstream[i] - pct.local[i];
      } else {
        residual[i] = prev;
      }
    }
    state.residualCapacity = residual;
  }

  private earlyExitNonLocalityRouting(): boolean {
    const set = this.prioritySet.hostSets[0];
    const localSet = (this.localPrioritySet as PrioritySet).hostSets[0];
    if (set.healthyHostsPerLocality.lists.length < 2) return true;
    if (this.zone.forceLocalZoneMinSize === null && localSet.hostsPerLocality.lists.length < 2) return true;
    if (!localSet.hostsPerLocality.hasLocalLocality || localSet.hostsPerLocality.lists[0].length === 0) {
      this.stats.lb_local_cluster_not_ok++;
      return true;
    }
    if (set.healthyHosts.length < this.zone.minClusterSize) {
      this.stats.lb_zone_cluster_too_small++;
      return true;
    }
    return false;
  }
}

function buildLocalityScheduler(set: HostSet, eligible: HostsPerLocality, eligibleCount: number, seed: number): LocalityScheduler | null {
  const weights = set.localityWeights;
  if (weights.length === 0 || eligibleCount === 0) return null;
  const n = set.hostsPerLocality.lists.length;
  const effective = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const excluded = i < set.excludedHostsPerLocality.lists.length ? set.excludedHostsPerLocality.lists[i].length : 0;
    effective[i] = effectiveLocalityWeight(
      weights[i],
      set.hostsPerLocality.lists[i].length,
      eligible.lists[i].length,
      excluded,
      set.overprovisioningFactor,
    );
  }
  const s = new LocalityScheduler(effective, seed);
  return s.size === 0 ? null : s;
}

/** Shares per upstream locality out of 10,000 (Envoy's `LocalityPercentages`). */
export interface LocalityPercentages {
  /** Share of the local cluster's hosts in the same locality. */
  local: number[];
  /** Share of the upstream cluster's hosts in the locality. */
  upstream: number[];
}

/**
 * Envoy's `calculateLocalityPercentages`: per upstream locality, the share (out of 10,000) of local
 * and upstream healthy hosts (or weight sums), matching local localities by value.
 */
export function calculateLocalityPercentages(
  local: HostsPerLocality,
  upstream: HostsPerLocality,
  byWeight: boolean,
): LocalityPercentages {
  const weightOf = (hosts: readonly Host[]): number => {
    if (!byWeight) return hosts.length;
    let s = 0;
    for (const h of hosts) s += h.weight;
    return s;
  };
  const localWeights = new Map<string, number>();
  let totalLocal = 0;
  for (const hosts of local.lists) {
    const w = weightOf(hosts);
    totalLocal += w;
    if (hosts.length > 0) {
      const k = localityKey(hosts[0].locality);
      if (!localWeights.has(k)) localWeights.set(k, w);
    }
  }
  const upstreamWeights = new Map<string, number>();
  let totalUpstream = 0;
  for (const hosts of upstream.lists) {
    const w = weightOf(hosts);
    totalUpstream += w;
    if (hosts.length > 0) {
      const k = localityKey(hosts[0].locality);
      if (!upstreamWeights.has(k)) upstreamWeights.set(k, w);
    }
  }
  const n = upstream.lists.length;
  const outLocal = new Array<number>(n).fill(0);
  const outUpstream = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    const hosts = upstream.lists[i];
    if (hosts.length === 0) continue;
    const k = localityKey(hosts[0].locality);
    const lw = localWeights.get(k) ?? 0;
    const uw = upstreamWeights.get(k) ?? 0;
    outLocal[i] = totalLocal > 0 ? Math.floor((10_000 * lw) / totalLocal) : 0;
    outUpstream[i] = totalUpstream > 0 ? Math.floor((10_000 * uw) / totalUpstream) : 0;
  }
  return { local: outLocal, upstream: outUpstream };
}

/** Accepts a context hash in any supported form. */
export function contextHash(value: U64 | bigint | null | undefined): U64 | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'bigint' ? toU64(value) : value;
}
