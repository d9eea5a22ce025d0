/**
 * Host sources: the host lists a pick can draw from (Envoy's `HostsSource`): all hosts (panic),
 * healthy, degraded, or one locality's healthy or degraded hosts, per priority. Each source
 * carries the per-source state of the policies (round robin index, EDF scheduler) so a pick
 * reaches it without a map lookup.
 */
import { type Host, weightAssignmentCount } from '../host/host.js';
import type { EdfScheduler } from '../common/edf.js';
import type { LocalityScheduler } from '../common/locality.js';
import type { HostSet } from '../cluster/host-set.js';

/** Kind of a {@link HostSource}. */
export const SourceType = {
  /** Every host of the priority (panic). */
  AllHosts: 0,
  /** Healthy hosts. */
  HealthyHosts: 1,
  /** Degraded hosts. */
  DegradedHosts: 2,
  /** Healthy hosts of one locality. */
  LocalityHealthyHosts: 3,
  /** Degraded hosts of one locality. */
  LocalityDegradedHosts: 4,
} as const;

/** Names of the {@link SourceType} values, for explanations. */
export const SOURCE_TYPE_NAMES = ['all', 'healthy', 'degraded', 'locality_healthy', 'locality_degraded'] as const;

const NO_HOSTS: readonly Host[] = [];

/** One host source and the policy state attached to it. */
export class HostSource {
  /** Priority of the source. */
  readonly priority: number;
  /** {@link SourceType} of the source. */
  readonly type: number;
  /** Locality index for locality sources, else -1. */
  readonly localityIndex: number;
  /** Current hosts of the source (updated when the priority changes). */
  hosts: readonly Host[] = NO_HOSTS;
  /** Round robin index, a u64 as halves; starts at the load balancer's seed and survives updates. */
  rrHi = 0;
  /** Low half of the round robin index. */
  rrLo = 0;
  /** `rr mod rrModulus`, maintained incrementally while the host count stays the same. */
  rrResidue = 0;
  /** Host count {@link rrResidue} refers to (0 when not computed). */
  rrModulus = 0;
  /** True once the round robin index was seeded (Envoy's `insert` keeps an existing index). */
  rrInitialized = false;
  /** EDF scheduler over {@link edfHosts} in weighted mode, else null. */
  edf: EdfScheduler | null = null;
  /** Hosts the EDF scheduler's entries index into. */
  edfHosts: readonly Host[] = NO_HOSTS;

  constructor(priority: number, type: number, localityIndex: number) {
    this.priority = priority;
    this.type = type;
    this.localityIndex = localityIndex;
  }
}

/** Zone routing state of priority 0 (Envoy's `LocalityRoutingState`). */
export const LocalityRoutingState = {
  /** Zone-aware routing is off for this priority (or exited early). */
  NoLocalityRouting: 0,
  /** Every pick goes to the local locality. */
  LocalityDirect: 1,
  /** Some picks stay local (sampled), the rest go to localities with residual capacity. */
  LocalityResidual: 2,
} as const;

/** All sources of one priority plus its locality and zone routing state. */
export class PrioritySources {
  /** Priority. */
  readonly priority: number;
  /** All hosts (used in panic). */
  readonly all: HostSource;
  /** Healthy hosts. */
  readonly healthy: HostSource;
  /** Degraded hosts. */
  readonly degraded: HostSource;
  /** Healthy hosts per locality (entries past {@link localityCount} are stale but keep their index). */
  readonly localityHealthy: HostSource[] = [];
  /** Degraded hosts per locality. */
  readonly localityDegraded: HostSource[] = [];
  /** Number of locality groups now. */
  localityCount = 0;
  /** Healthy locality scheduler (locality-weighted LB), or null. */
  healthyLocalities: LocalityScheduler | null = null;
  /** Degraded locality scheduler, or null. */
  degradedLocalities: LocalityScheduler | null = null;
  /** {@link LocalityRoutingState} value. */
  routingState = 0;
  /** Share of picks kept in the local locality in residual state, out of 10,000. */
  localPercentToRoute = 0;
  /** Cumulative residual capacity per locality (10,000 scale). */
  residualCapacity: Float64Array = new Float64Array(0);
  /**
   * True when the last policy refresh found every weight equal, no slow start and no forced EDF:
   * every source then had its scheduler cleared and its per-source state set.
   */
  plainRefresh = false;
  /**
   * @internal The host set the priority's loads and sources were last computed from: an update
   * handing back the same set leaves them as they are (see {@link computedAt}).
   */
  computedFor: HostSet | null = null;
  /**
   * @internal The weight assignment count when {@link computedFor} was computed, if that set
   * weights priority health by host weight (then a weight assigned since forces a recalculation);
   * -2 when it does not.
   */
  computedAt = -1;
  private equalFor: readonly Host[] | null = null;
  private equalAt = -1;
  private equal = true;

  constructor(priority: number) {
    this.priority = priority;
    this.all = new HostSource(priority, 0, -1);
    this.healthy = new HostSource(priority, 1, -1);
    this.degraded = new HostSource(priority, 2, -1);
  }

  /** Sets the locality count, creating locality sources as needed. */
  ensureLocalities(n: number): void {
    while (this.localityHealthy.length < n) {
      const i = this.localityHealthy.length;
      this.localityHealthy.push(new HostSource(this.priority, 3, i));
      this.localityDegraded.push(new HostSource(this.priority, 4, i));
    }
    for (let i = n; i < this.localityHealthy.length; i++) {
      this.localityHealthy[i].hosts = NO_HOSTS;
      this.localityDegraded[i].hosts = NO_HOSTS;
    }
    this.localityCount = n;
  }

  /**
   * @internal For sources whose lists did not change since the last {@link allWeightsEqual}:
   * true when no host weight was assigned since, so its answer still holds.
   */
  weightsUnassignedSinceCheck(): boolean {
    return this.equalAt === weightAssignmentCount();
  }

  /**
   * True when every host of the priority ({@link all}) has the same weight. Remembered while the
   * host list and every host's weight stay the same, so refreshing an unchanged priority (a subset
   * whose hosts did not change) does not read every host again; taken from the host set the
   * sources were computed from when it read the weights of these hosts with none assigned since.
   */
  allWeightsEqual(): boolean {
    const hosts = this.all.hosts;
    const at = weightAssignmentCount();
    if (hosts !== this.equalFor || at !== this.equalAt) {
      const set = this.computedFor;
      this.equal = set !== null && set.hosts === hosts && set.weightsCheckedAt === at ? set.weightsEqual : weightsEqual(hosts);
      this.equalFor = hosts;
      this.equalAt = at;
    }
    return this.equal;
  }

  /** Sources in Envoy's refresh order: all, healthy, degraded, per-locality healthy, per-locality degraded. */
  *sources(): IterableIterator<HostSource> {
    yield this.all;
    yield this.healthy;
    yield this.degraded;
    for (let i = 0; i < this.localityCount; i++) yield this.localityHealthy[i];
    for (let i = 0; i < this.localityCount; i++) yield this.localityDegraded[i];
  }
}

/** True when every host has the same configured weight (0 or 1 hosts count as equal). */
export function weightsEqual(hosts: readonly Host[]): boolean {
  if (hosts.length <= 1) return true;
  const w = hosts[0].weight;
  for (let i = 1; i < hosts.length; i++) if (hosts[i].weight !== w) return false;
  return true;
}
