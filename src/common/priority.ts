/**
 * Envoy's priority math as pure functions: per-priority availability, the load split with the
 * remainder rule, panic per priority, total panic, and choosing a priority from a hash.
 *
 * Integer math is Envoy's `uint32`/`uint64` integer division; the panic test is double math.
 * Mirrors `LoadBalancerBase::recalculatePerPriorityState`, `distributeLoad`,
 * `recalculatePerPriorityPanic`, `recalculateLoadInTotalPanic`, `isHostSetInPanic` and
 * `choosePriority` in Envoy's `load_balancing_policies/common/load_balancer_impl.cc`.
 */
import { modU64 } from './u64.js';

/** Envoy's default overprovisioning factor (`kDefaultOverProvisioningFactor`), in percent. */
export const DEFAULT_OVERPROVISIONING_FACTOR = 140;
/** Envoy's default `healthy_panic_threshold`, in percent. */
export const DEFAULT_HEALTHY_PANIC_THRESHOLD = 50;

/** Per-priority load in percent: healthy and degraded shares, summing to 100 over both arrays. */
export interface PriorityLoad {
  /** Healthy load per priority. */
  readonly healthy: readonly number[];
  /** Degraded load per priority. */
  readonly degraded: readonly number[];
}

/** Health and degraded availability of one priority level, in percent (0-100). */
export interface Availabilities {
  /** Health availability. */
  healthy: number;
  /** Degraded availability. */
  degraded: number;
}

/** Counts (or weight sums) of one priority level, the input of {@link priorityAvailability}. */
export interface PriorityAvailabilityInput {
  /** Number of hosts, excluded ones included. */
  hosts: number;
  /** Number of healthy hosts. */
  healthy: number;
  /** Number of degraded hosts. */
  degraded: number;
  /** Number of excluded hosts. */
  excluded: number;
  /** Overprovisioning factor in percent. @defaultValue 140 */
  overprovisioningFactor?: number;
  /**
   * With `weighted_priority_health`, availability uses weight sums instead of counts; give them
   * here: `[healthyWeight, degradedWeight, totalWeight, excludedWeight]`.
   */
  weightSums?: readonly [number, number, number, number];
}

/** `floor(a * b / c)` on non-negative integers, exact even when `a * b` exceeds 2^53. */
function mulDiv(a: number, b: number, c: number): number {
  const p = a * b;
  if (p <= Number.MAX_SAFE_INTEGER) return Math.floor(p / c);
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

/**
 * Health and degraded availability of one priority level, each `min(100, opf * n / total)` in
 * integer math; 0 when every host is excluded.
 */
export function priorityAvailability(p: PriorityAvailabilityInput): Availabilities {
  const out: [number, number] = [0, 0];
  writeAvailability(p.hosts, p.healthy, p.degraded, p.excluded, p.overprovisioningFactor ?? DEFAULT_OVERPROVISIONING_FACTOR, p.weightSums ?? null, out, out, 0, 1);
  return { healthy: out[0], degraded: out[1] };
}

/**
 * @internal {@link priorityAvailability} from plain numbers, written to `health[hi]` and
 * `degraded[di]` (no allocation: load balancers run it for every updated priority).
 */
export function writeAvailability(
  hosts: number,
  healthy: number,
  degraded: number,
  excluded: number,
  overprovisioningFactor: number,
  weightSums: readonly number[] | null,
  health: number[],
  degradedOut: number[],
  hi: number,
  di: number,
): void {
  const hostCount = hosts - excluded;
  let hw = healthy;
  let dw = degraded;
  let tw = hostCount;
  if (weightSums !== null) {
    hw = weightSums[0];
    dw = weightSums[1];
    tw = weightSums[2] - weightSums[3];
  }
  if (hostCount <= 0 || tw <= 0) {
    health[hi] = 0;
    degradedOut[di] = 0;
    return;
  }
  health[hi] = Math.min(100, mulDiv(overprovisioningFactor, hw, tw));
  degradedOut[di] = Math.min(100, mulDiv(overprovisioningFactor, dw, tw));
}

/** `min(100, Σ health + Σ degraded)`: Envoy's normalized total availability. */
export function normalizedTotalAvailability(health: ArrayLike<number>, degraded: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < health.length; i++) sum += health[i] + degraded[i];
  return Math.min(100, sum);
}

/** Result of {@link distributeLoad}. */
export interface DistributeLoadResult {
  /** First priority with availability > 0, or -1. */
  first: number;
  /** Load not assigned (rounding remainder). */
  remaining: number;
}

/**
 * Assigns `min(total, availability[i] * 100 / nta)` to each priority in order and returns the first
 * priority with availability > 0 (or -1) and the load left over. Envoy's `distributeLoad`.
 */
export function distributeLoad(
  load: number[],
  availability: ArrayLike<number>,
  total: number,
  nta: number,
): DistributeLoadResult {
  return { first: firstAvailable(availability), remaining: distribute(load, availability, total, nta) };
}

/** The first index with availability > 0, or -1. */
function firstAvailable(availability: ArrayLike<number>): number {
  for (let i = 0; i < availability.length; i++) if (availability[i] > 0) return i;
  return -1;
}

/** {@link distributeLoad}'s assignment; returns the load left over. */
function distribute(load: number[], availability: ArrayLike<number>, total: number, nta: number): number {
  for (let i = 0; i < availability.length; i++) {
    load[i] = Math.min(total, Math.floor((availability[i] * 100) / nta));
    total -= load[i];
  }
  return total;
}

/**
 * Writes the healthy and degraded load split for the given availabilities into `healthyLoad` and
 * `degradedLoad` (resized to the priority count). Healthy load is spread over all priorities first;
 * degraded load only gets what is left; the rounding remainder goes to the first priority with
 * healthy availability, else the first with degraded availability.
 *
 * Returns false, writing nothing, when the normalized total availability is 0: Envoy leaves the
 * loads as they were and lets the panic computation decide.
 */
export function computePriorityLoads(
  health: ArrayLike<number>,
  degraded: ArrayLike<number>,
  healthyLoad: number[],
  degradedLoad: number[],
): boolean {
  const nta = normalizedTotalAvailability(health, degraded);
  if (nta === 0) return false;
  const left = distribute(degradedLoad, degraded, distribute(healthyLoad, health, 100, nta), nta);
  if (left !== 0) {
    const first = firstAvailable(health);
    if (first !== -1) healthyLoad[first] += left;
    else degradedLoad[firstAvailable(degraded)] += left;
  }
  return true;
}

/**
 * Envoy's `isHostSetInPanic`: `100 * healthy / n + 100 * degraded / n < threshold` in double math,
 * with n the non-excluded host count (host counts even under `weighted_priority_health`; the
 * overprovisioning factor does not apply). A threshold of 0 never panics.
 */
export function isInPanic(hosts: number, excluded: number, healthy: number, degraded: number, threshold: number): boolean {
  const n = hosts - excluded;
  const hp = n === 0 ? 0 : (100 * healthy) / n;
  const dp = n === 0 ? 0 : (100 * degraded) / n;
  return hp + dp < threshold;
}

/**
 * Load split in total panic (every priority in panic): by host count including excluded hosts,
 * remainder to the first non-empty priority. Returns false when there are no hosts at all (Envoy
 * then sets healthy load of P0 to 100 and leaves the other entries as they were).
 */
export function computeTotalPanicLoads(hostCounts: ArrayLike<number>, healthyLoad: number[], degradedLoad: number[]): boolean {
  let total = 0;
  for (let i = 0; i < hostCounts.length; i++) total += hostCounts[i];
  if (total === 0) {
    healthyLoad[0] = 100;
    return false;
  }
  let left = 100;
  let firstNonEmpty = -1;
  for (let i = 0; i < hostCounts.length; i++) {
    if (firstNonEmpty === -1 && hostCounts[i] !== 0) firstNonEmpty = i;
    const l = Math.floor((100 * hostCounts[i]) / total);
    healthyLoad[i] = l;
    degradedLoad[i] = 0;
    left -= l;
  }
  healthyLoad[firstNonEmpty] += left;
  return true;
}

/** Availability chosen by {@link choosePriority}: healthy or degraded hosts of the priority. */
export const Availability = {
  /** The priority was chosen for its healthy hosts. */
  Healthy: 0,
  /** The priority was chosen for its degraded hosts. */
  Degraded: 1,
} as const;

/**
 * Envoy's `choosePriority(hash, healthyLoad, degradedLoad)`: `h = hash % 100 + 1`, then the first
 * priority whose cumulative healthy load reaches h, then the same over degraded loads (continuing
 * the sum). Returns `priority * 2 + availability` ({@link Availability}) to stay allocation-free;
 * falls back to priority 0 healthy when the loads do not reach h (Envoy's IS_ENVOY_BUG path).
 */
export function choosePriority(hashHi: number, hashLo: number, healthyLoad: ArrayLike<number>, degradedLoad: ArrayLike<number>): number {
  return choosePriorityFromPercent(modU64(hashHi, hashLo, 100) + 1, healthyLoad, degradedLoad);
}

/**
 * {@link choosePriority} after the hash was reduced to `h = hash % 100 + 1` (1..100). Hot paths
 * call this form so the u64 halves do not cross a call boundary.
 */
export function choosePriorityFromPercent(h: number, healthyLoad: ArrayLike<number>, degradedLoad: ArrayLike<number>): number {
  let acc = 0;
  for (let p = 0; p < healthyLoad.length; p++) {
    acc += healthyLoad[p];
    if (h <= acc) return p * 2;
  }
  for (let p = 0; p < degradedLoad.length; p++) {
    acc += degradedLoad[p];
    if (h <= acc) return p * 2 + 1;
  }
  return 0;
}

/** Counts of one priority level for {@link priorityLoad}. */
export interface PriorityCounts {
  /** Hosts in the priority, excluded included. */
  hosts: number;
  /** Healthy hosts. */
  healthy: number;
  /** Degraded hosts. */
  degraded: number;
  /** Excluded hosts. */
  excluded: number;
  /** Overprovisioning factor in percent. @defaultValue 140 */
  overprovisioningFactor?: number;
  /** Envoy's `weighted_priority_health`. @defaultValue false */
  weightedPriorityHealth?: boolean;
  /**
   * Host weights in host order (healthy first, then degraded, then excluded, then unhealthy);
   * only read with `weightedPriorityHealth`. @defaultValue all 1
   */
  weights?: readonly number[];
}

/** Result of {@link priorityLoad}. */
export interface PriorityLoadResult extends PriorityLoad {
  /** Panic flag per priority. */
  readonly panic: readonly boolean[];
  /** Health availability per priority (0-100). */
  readonly healthAvailability: readonly number[];
  /** Degraded availability per priority (0-100). */
  readonly degradedAvailability: readonly number[];
  /** True when every priority is in panic (load split by host count). */
  readonly totalPanic: boolean;
}

/**
 * The priority loads and panic flags a load balancer computes for these priority levels, from
 * scratch (every level recomputed in order, then panic), exactly as Envoy's `LoadBalancerBase`.
 *
 * @example
 * priorityLoad([{hosts: 100, healthy: 71, degraded: 0, excluded: 0},
 *               {hosts: 100, healthy: 100, degraded: 0, excluded: 0}])
 * // → healthy [99, 1], degraded [0, 0], panic [false, false]
 */
export function priorityLoad(
  priorities: readonly PriorityCounts[],
  options: { healthyPanicThreshold?: number } = {},
): PriorityLoadResult {
  const n = priorities.length;
  const health = new Array<number>(n).fill(0);
  const degraded = new Array<number>(n).fill(0);
  const healthyLoad = new Array<number>(n).fill(0);
  const degradedLoad = new Array<number>(n).fill(0);
  const threshold = Math.min(100, options.healthyPanicThreshold ?? DEFAULT_HEALTHY_PANIC_THRESHOLD);
  for (let p = 0; p < n; p++) {
    const a = priorityAvailability(toAvailabilityInput(priorities[p]));
    health[p] = a.healthy;
    degraded[p] = a.degraded;
    computePriorityLoads(health, degraded, healthyLoad, degradedLoad);
  }
  const panic = new Array<boolean>(n).fill(false);
  const nta = normalizedTotalAvailability(health, degraded);
  let totalPanic = false;
  if (n > 0 && !(threshold === 0 && nta === 0)) {
    totalPanic = true;
    for (let p = 0; p < n; p++) {
      const c = priorities[p];
      panic[p] = nta === 100 ? false : isInPanic(c.hosts, c.excluded, c.healthy, c.degraded, threshold);
      totalPanic = totalPanic && panic[p];
    }
    if (totalPanic) computeTotalPanicLoads(priorities.map((c) => c.hosts), healthyLoad, degradedLoad);
  } else if (n > 0) {
    healthyLoad[0] = 100;
  }
  return { healthy: healthyLoad, degraded: degradedLoad, panic, healthAvailability: health, degradedAvailability: degraded, totalPanic };
}

function toAvailabilityInput(c: PriorityCounts): PriorityAvailabilityInput {
  if (!c.weightedPriorityHealth) return c;
  const w = (i: number): number => (c.weights && i < c.weights.length ? c.weights[i] : 1);
  let hw = 0;
  let dw = 0;
  let ew = 0;
  let tw = 0;
  for (let i = 0; i < c.hosts; i++) {
    const x = w(i);
    tw += x;
    if (i < c.healthy) hw += x;
    else if (i < c.healthy + c.degraded) dw += x;
    else if (i < c.healthy + c.degraded + c.excluded) ew += x;
  }
  return { ...c, weightSums: [hw, dw, tw, ew] };
}
