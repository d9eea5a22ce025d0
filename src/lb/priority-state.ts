/**
 * Per-priority availability, loads and panic flags of one load balancer, recomputed when a
 * priority changes (Envoy's `LoadBalancerBase` state). Picks only read it.
 */
import type { HostSet } from '../cluster/host-set.js';
import type { PrioritySet } from '../cluster/priority-set.js';
import type { PriorityLoadSnapshot } from './load-balancer.js';
import {
  computePriorityLoads,
  computeTotalPanicLoads,
  isInPanic,
  normalizedTotalAvailability,
  type PriorityLoad,
  writeAvailability,
} from '../common/priority.js';

/** Availability, loads and panic flags per priority. */
export class PriorityState implements PriorityLoad {
  /** Health availability per priority (0-100). */
  readonly healthAvailability: number[] = [];
  /** Degraded availability per priority (0-100). */
  readonly degradedAvailability: number[] = [];
  /** Healthy load per priority (percent). */
  readonly healthy: number[] = [];
  /** Degraded load per priority (percent). */
  readonly degraded: number[] = [];
  /** Panic flag per priority. */
  readonly panic: boolean[] = [];
  /** Healthy hosts across priorities (0 while the normalized total availability is 0). */
  totalHealthyHosts = 0;
  /** Panic threshold in percent (capped at 100); 0 disables panic. */
  readonly panicThreshold: number;

  constructor(panicThreshold: number) {
    this.panicThreshold = Math.min(100, panicThreshold);
  }

  /** Computes every priority as Envoy's constructor does: each level in order, then panic. */
  initialize(prioritySet: PrioritySet): void {
    const n = prioritySet.hostSets.length;
    for (let p = 0; p < n; p++) this.recalculatePriority(prioritySet, p);
    this.recalculatePanic(prioritySet);
  }

  /** Envoy's `recalculatePerPriorityState(priority)`. */
  recalculatePriority(prioritySet: PrioritySet, priority: number): void {
    const sets = prioritySet.hostSets;
    const n = sets.length;
    resize(this.healthy, n, 0);
    resize(this.degraded, n, 0);
    resize(this.healthAvailability, n, 0);
    resize(this.degradedAvailability, n, 0);
    this.totalHealthyHosts = 0;
    const set = sets[priority];
    writeAvailability(
      set.hosts.length,
      set.healthyHosts.length,
      set.degradedHosts.length,
      set.excludedHosts.length,
      set.overprovisioningFactor,
      set.weightedPriorityHealth ? weightSums(set) : null,
      this.healthAvailability,
      this.degradedAvailability,
      priority,
      priority,
    );
    if (!computePriorityLoads(this.healthAvailability, this.degradedAvailability, this.healthy, this.degraded)) return;
    let total = 0;
    for (const s of sets) total += s.healthyHosts.length;
    this.totalHealthyHosts = total;
  }

  /** Envoy's `recalculatePerPriorityPanic()` (and total panic). */
  recalculatePanic(prioritySet: PrioritySet): void {
    const sets = prioritySet.hostSets;
    const n = sets.length;
    resize(this.panic, n, false);
    const nta = normalizedTotalAvailability(this.healthAvailability, this.degradedAvailability);
    if (this.panicThreshold === 0 && nta === 0) {
      // Panic disabled and nothing available: Envoy points all load at P0 and leaves the other
      // entries as they were; no host will be found anyway.
      if (n > 0) this.healthy[0] = 100;
      return;
    }
    let totalPanic = true;
    for (let p = 0; p < n; p++) {
      this.panic[p] = nta === 100 ? false : hostSetInPanic(sets[p], this.panicThreshold);
      totalPanic = totalPanic && this.panic[p];
    }
    if (totalPanic && n > 0) {
      const counts = sets.map((s) => s.hosts.length);
      computeTotalPanicLoads(counts, this.healthy, this.degraded);
    }
  }

  /** A snapshot copy of the loads. */
  snapshot(): PriorityLoadSnapshot {
    return { healthy: this.healthy.slice(), degraded: this.degraded.slice(), panic: this.panic.slice() };
  }
}

/** Envoy's `isHostSetInPanic` for a host set. */
export function hostSetInPanic(set: HostSet, threshold: number): boolean {
  return isInPanic(set.hosts.length, set.excludedHosts.length, set.healthyHosts.length, set.degradedHosts.length, threshold);
}

/** Weight sums of a host set: healthy, degraded, all, excluded. */
function weightSums(set: HostSet): [number, number, number, number] {
  return [sumWeights(set.healthyHosts), sumWeights(set.degradedHosts), sumWeights(set.hosts), sumWeights(set.excludedHosts)];
}

function sumWeights(hosts: readonly { weight: number }[]): number {
  let s = 0;
  for (const h of hosts) s += h.weight;
  return s;
}

function resize<T>(a: T[], n: number, fill: T): void {
  while (a.length < n) a.push(fill);
  // Assigning `length` is a runtime call even when it does not change; updates run this often.
  if (a.length > n) a.length = n;
}
