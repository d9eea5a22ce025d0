/**
 * Locality-weighted load balancing: effective locality weights and the EDF locality scheduler,
 * as Envoy's `LocalityWrr` (`load_balancing_policies/common/locality_wrr.cc`).
 */
import { EdfScheduler } from './edf.js';

/**
 * Effective weight of one locality (double math): `weight * min(1, (opf / 100) * eligible / n)`,
 * where n counts the locality's non-excluded hosts; 0 when n is 0.
 *
 * @param weight the locality's configured weight
 * @param hosts hosts in the locality (excluded included)
 * @param eligible healthy hosts (healthy scheduler) or degraded hosts (degraded scheduler)
 * @param excluded excluded hosts in the locality
 * @param overprovisioningFactor in percent
 */
export function effectiveLocalityWeight(
  weight: number,
  hosts: number,
  eligible: number,
  excluded: number,
  overprovisioningFactor: number,
): number {
  const hostCount = hosts - excluded;
  if (hostCount <= 0) return 0;
  const ratio = (1.0 * eligible) / hostCount;
  return weight * Math.min(1.0, (overprovisioningFactor / 100.0) * ratio);
}

/** One locality of {@link effectiveLocalityWeights}. */
export interface LocalityCounts {
  /** Configured locality weight (0 when unset). */
  weight: number;
  /** Hosts in the locality, excluded included. */
  hosts: number;
  /** Eligible (healthy or degraded) hosts. */
  eligible: number;
  /** Excluded hosts. @defaultValue 0 */
  excluded?: number;
}

/** Effective weights of several localities (see {@link effectiveLocalityWeight}). */
export function effectiveLocalityWeights(localities: readonly LocalityCounts[], overprovisioningFactor = 140): number[] {
  return localities.map((l) => effectiveLocalityWeight(l.weight, l.hosts, l.eligible, l.excluded ?? 0, overprovisioningFactor));
}

/**
 * An EDF scheduler over localities with positive effective weight, built with Envoy's
 * `createWithPicks(entries, weight, seed)`; `pick()` returns a locality index or -1.
 */
export class LocalityScheduler {
  private readonly indices: Int32Array;
  private readonly weights: Float64Array;
  private readonly edf: EdfScheduler;
  private readonly weightOf: (entry: number) => number;

  /**
   * @param effectiveWeights per-locality effective weights (index = per-locality index)
   * @param seedLo32 low 32 bits of the seed draw (Envoy passes the u64 seed to a uint32 parameter)
   */
  constructor(effectiveWeights: ArrayLike<number>, seedLo32: number) {
    let n = 0;
    for (let i = 0; i < effectiveWeights.length; i++) if (effectiveWeights[i] > 0) n++;
    this.indices = new Int32Array(n);
    this.weights = new Float64Array(n);
    let k = 0;
    for (let i = 0; i < effectiveWeights.length; i++) {
      if (effectiveWeights[i] > 0) {
        this.indices[k] = i;
        this.weights[k] = effectiveWeights[i];
        k++;
      }
    }
    const weights = this.weights;
    this.weightOf = (e: number) => weights[e];
    this.edf = EdfScheduler.createWithPicks(n, this.weightOf, seedLo32);
  }

  /** Number of localities with positive weight. */
  get size(): number {
    return this.indices.length;
  }

  /** Picks the next locality index, or -1 when no locality has weight. */
  pick(): number {
    const e = this.edf.pickAndAdd(this.weightOf);
    return e < 0 ? -1 : this.indices[e];
  }
}
