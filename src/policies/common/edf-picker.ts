/**
 * Weighted selection shared by round robin and least request: per host source, an EDF scheduler
 * built with Envoy's `createWithPicks(hosts, weight, seed)` when weights differ (or a host is in
 * slow start), else the policy's unweighted pick. Mirrors Envoy's `EdfLoadBalancerBase`.
 */
import type { Host } from '../../host/host.js';
import { EdfScheduler } from '../../common/edf.js';
import type { HostPicker, ZoneAwareLoadBalancer } from '../../lb/zone-aware.js';
import { type HostSource, type PrioritySources, weightsEqual } from '../../lb/host-source.js';
import { type ResolvedSlowStart, SlowStart } from './slow-start.js';

/** Base of the EDF-based policies. */
export abstract class EdfPicker implements HostPicker {
  /** The load balancer this picker serves (set by {@link attach}). */
  protected lb!: ZoneAwareLoadBalancer;
  /** High half of the construction seed draw. */
  protected seedHi = 0;
  /** Low half of the construction seed draw (EDF pre-picks use its low 32 bits, as Envoy's uint32 parameter). */
  protected seedLo = 0;
  /** Slow start state (disabled when the window is 0). */
  protected slowStart!: SlowStart;
  private readonly slowStartConfig: ResolvedSlowStart;
  /** A slow start window is configured (fixed for the picker's life). */
  private readonly slowStartEnabled: boolean;
  private weightSource: HostSource | null = null;
  /** The EDF weight callback: the host weight of an entry of the source being picked. */
  protected readonly entryWeight = (entry: number): number => this.hostWeight((this.weightSource as HostSource).edfHosts[entry]);

  constructor(slowStart: ResolvedSlowStart) {
    this.slowStartConfig = slowStart;
    this.slowStartEnabled = slowStart.windowMs > 0;
  }

  attach(lb: ZoneAwareLoadBalancer): void {
    this.lb = lb;
    const seed = { hi: 0, lo: 0 };
    lb.random.nextU64(seed);
    this.seedHi = seed.hi;
    this.seedLo = seed.lo;
    this.slowStart = new SlowStart(this.slowStartConfig, lb.clock);
    for (const ps of lb.sources) this.refresh(ps);
  }

  refresh(ps: PrioritySources, unchanged = false): void {
    this.beforeRefresh();
    const simple = !this.alwaysUseWeighted() && !this.slowStartEnabled;
    // The same lists, refreshed the same way last time, and every weight still equal (known
    // without reading the hosts when no weight was assigned since): every source already has no
    // EDF scheduler and its per-source state; only what a refresh resets remains.
    if (unchanged && ps.plainRefresh && simple && (ps.weightsUnassignedSinceCheck() || ps.allWeightsEqual())) {
      this.refreshUnchanged();
      return;
    }
    // Every source holds a subset of the priority's hosts: when their weights are all equal, so
    // are each source's, and the per-source scans are skipped.
    const allEqual = ps.allWeightsEqual();
    const plain = allEqual && simple;
    ps.plainRefresh = plain;
    this.refreshSource(ps.all, allEqual);
    this.refreshSource(ps.healthy, allEqual);
    this.refreshSource(ps.degraded, allEqual);
    for (let i = 0; i < ps.localityCount; i++) this.refreshSource(ps.localityHealthy[i], allEqual);
    for (let i = 0; i < ps.localityCount; i++) this.refreshSource(ps.localityDegraded[i], allEqual);
  }

  unchangedRefreshIsNoop(sources: readonly PrioritySources[]): boolean {
    // The fast path of refresh() for every priority (a plain refresh last time implies no slow
    // start and no forced EDF), with nothing left for it to reset.
    if (!this.refreshUnchangedIsNoop()) return false;
    for (const ps of sources) if (!ps.plainRefresh || !ps.weightsUnassignedSinceCheck()) return false;
    return true;
  }

  hostsAdded(hosts: readonly Host[]): void {
    if (this.slowStartEnabled) this.slowStart.recalculate(hosts);
  }

  pick(source: HostSource, draw: Uint32Array): Host | null {
    const edf = source.edf;
    if (edf !== null) {
      this.weightSource = source;
      const e = edf.pickAndAdd(this.entryWeight);
      return e < 0 ? null : source.edfHosts[e];
    }
    if (source.hosts.length === 0) return null;
    return this.unweightedPick(source, draw);
  }

  pickFixed(source: HostSource): Host | null {
    return this.pick(source, this.lb.takeDraw());
  }

  peek(source: HostSource, draw: Uint32Array): Host | null {
    const edf = source.edf;
    if (edf !== null) {
      this.weightSource = source;
      const e = edf.peekAgain(this.entryWeight);
      return e < 0 ? null : source.edfHosts[e];
    }
    if (source.hosts.length === 0) return null;
    return this.unweightedPeek(source, draw);
  }

  /**
   * Envoy's `add_hosts_source` lambda in `EdfLoadBalancerBase::refresh` (sources in the order of
   * `PrioritySources.sources()`). `allEqual`: every host of the priority has the same weight.
   */
  private refreshSource(source: HostSource, allEqual: boolean): void {
    source.edf = null;
    this.refreshHostSource(source);
    const hosts = source.hosts;
    if (this.slowStart.enabled) this.slowStart.recalculate(hosts);
    if (!this.alwaysUseWeighted() && (allEqual || weightsEqual(hosts)) && this.slowStart.noHostsInSlowStart()) return;
    if (hosts.length <= 1) return;
    source.edfHosts = hosts;
    this.weightSource = source;
    source.edf = EdfScheduler.createWithPicks(hosts.length, this.entryWeight, this.seedLo);
  }

  /** Called once at the start of every priority refresh (least request re-reads its bias here). */
  protected beforeRefresh(): void {}

  /**
   * What a refresh of unchanged, equally weighted sources without slow start does besides what
   * {@link refreshHostSource} did for them last time (round robin resets its peek-ahead).
   */
  protected refreshUnchanged(): void {}

  /**
   * True when {@link refreshUnchanged} and {@link beforeRefresh} would change nothing now (round
   * robin: no peek-ahead; least request: a bias that is not read from a function).
   */
  protected abstract refreshUnchangedIsNoop(): boolean;

  /** Per-source bookkeeping at refresh (round robin seeds its index and resets the peek-ahead). */
  protected abstract refreshHostSource(source: HostSource): void;

  /** Use EDF even when all weights are equal (least request with an explicit bias). */
  protected alwaysUseWeighted(): boolean {
    return false;
  }

  /** Weight of a host for the EDF scheduler, evaluated at build and at each re-insertion. */
  protected abstract hostWeight(host: Host): number;

  /** Pick from a non-empty source when all weights are equal. */
  protected abstract unweightedPick(source: HostSource, draw: Uint32Array): Host | null;

  /** Peek from a non-empty source when all weights are equal. */
  protected abstract unweightedPeek(source: HostSource, draw: Uint32Array): Host | null;
}

