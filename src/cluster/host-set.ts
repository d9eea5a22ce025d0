/**
 * One priority level's hosts, partitioned as Envoy's `HostSetImpl`: all hosts, healthy, degraded
 * and excluded lists, the same per locality (local locality first when present), locality
 * weights, overprovisioning factor and `weighted_priority_health`.
 */
import { Health, type Host, weightAssignmentCount } from '../host/host.js';
import { compareLocality, type Locality, localityEquals, localityKey } from '../host/locality.js';
import { DEFAULT_OVERPROVISIONING_FACTOR } from '../common/priority.js';
import { UpstreamLbError } from '../errors.js';

/** Hosts grouped by locality; index 0 is the local locality when {@link hasLocalLocality}. */
export interface HostsPerLocality {
  /** Locality of each group. */
  readonly localities: readonly Locality[];
  /** Hosts of each group, in host-set order. Groups may be empty in filtered views. */
  readonly lists: readonly (readonly Host[])[];
  /** True when group 0 is the local Envoy's locality. */
  readonly hasLocalLocality: boolean;
}

// Host lists are plain arrays typed readonly: V8 indexes frozen arrays more slowly, and pick
// paths index these lists.
const EMPTY_HOSTS: readonly Host[] = [];
/** An empty {@link HostsPerLocality}. */
export const EMPTY_HOSTS_PER_LOCALITY: HostsPerLocality = { localities: [], lists: [], hasLocalLocality: false };

/** Immutable state of one priority level. Replaced as a whole on every update. */
export class HostSet {
  /** Priority of this level (0 is the highest). */
  readonly priority: number;
  /** Every host, excluded ones included, in configuration order. */
  readonly hosts: readonly Host[];
  /** Hosts whose coarse health is healthy. */
  readonly healthyHosts: readonly Host[];
  /** Hosts whose coarse health is degraded. */
  readonly degradedHosts: readonly Host[];
  /** Hosts with an exclusion flag (independent of health: a host may also be healthy). */
  readonly excludedHosts: readonly Host[];
  /** All hosts per locality. */
  readonly hostsPerLocality: HostsPerLocality;
  /** Healthy hosts per locality (same groups and order as {@link hostsPerLocality}). */
  readonly healthyHostsPerLocality: HostsPerLocality;
  /** Degraded hosts per locality. */
  readonly degradedHostsPerLocality: HostsPerLocality;
  /** Excluded hosts per locality. */
  readonly excludedHostsPerLocality: HostsPerLocality;
  /** Configured weight of each locality group (0 when unset), aligned with the groups. */
  readonly localityWeights: readonly number[];
  /** Overprovisioning factor in percent. */
  readonly overprovisioningFactor: number;
  /** Envoy's `weighted_priority_health`: availability from weight sums instead of counts. */
  readonly weightedPriorityHealth: boolean;
  /**
   * @internal True when every host had the same weight when the set was built; it still holds
   * while no host weight is assigned, that is while the weight assignment count is
   * {@link weightsCheckedAt}.
   */
  readonly weightsEqual: boolean;
  /** @internal The weight assignment count when {@link weightsEqual} was read. */
  readonly weightsCheckedAt: number;

  /** @internal use {@link buildHostSet} */
  constructor(fields: Omit<HostSet, never>) {
    this.priority = fields.priority;
    this.hosts = fields.hosts;
    this.healthyHosts = fields.healthyHosts;
    this.degradedHosts = fields.degradedHosts;
    this.excludedHosts = fields.excludedHosts;
    this.hostsPerLocality = fields.hostsPerLocality;
    this.healthyHostsPerLocality = fields.healthyHostsPerLocality;
    this.degradedHostsPerLocality = fields.degradedHostsPerLocality;
    this.excludedHostsPerLocality = fields.excludedHostsPerLocality;
    this.localityWeights = fields.localityWeights;
    this.overprovisioningFactor = fields.overprovisioningFactor;
    this.weightedPriorityHealth = fields.weightedPriorityHealth;
    this.weightsEqual = fields.weightsEqual;
    this.weightsCheckedAt = fields.weightsCheckedAt;
  }
}

/**
 * Locality weights: a function of the locality, a map keyed by `localityKey()`, or an array
 * aligned with the locality groups (entry `i` is the weight of group `i`; missing entries are 0).
 */
export type LocalityWeightsInput = ((locality: Locality) => number | undefined) | ReadonlyMap<string, number> | readonly number[];

/** Inputs of {@link buildHostSet}. */
export interface HostSetInput {
  /** Hosts in configuration order. */
  hosts: readonly Host[];
  /** Locality weights (0 for localities not listed). */
  localityWeights?: LocalityWeightsInput | null;
  /** Overprovisioning factor in percent. @defaultValue 140 */
  overprovisioningFactor?: number;
  /** `weighted_priority_health`. @defaultValue false */
  weightedPriorityHealth?: boolean;
  /**
   * Fixes the locality groups and their order: one group per listed locality, in the listed order,
   * empty groups included (Envoy's `HostsPerLocalityImpl::filter` keeps every locality of the
   * original). Every host's locality must be listed. Group 0 is the local locality when the first
   * listed locality is the local Envoy's. Subset load balancing passes the original host set's
   * localities so locality indexes and weights stay aligned with the cluster's.
   * @defaultValue null (groups come from the hosts)
   */
  localities?: readonly Locality[] | null;
}

/**
 * Partitions `input.hosts` into a {@link HostSet}: health by each host's flags now, localities
 * grouped by value with the local locality first (when it has a host here), the others sorted by
 * (region, zone, sub_zone), as Envoy's `PriorityStateManager` builds them.
 */
export function buildHostSet(priority: number, input: HostSetInput, localLocality: Locality | null): HostSet {
  const fixed = input.localities ?? localitiesOf(input.hosts, localLocality);
  return partition(priority, input, fixed, localLocality);
}

/**
 * The locality groups of `hosts`: the local locality first when a host has it, then the others
 * sorted by (region, zone, sub_zone). Hosts usually share a few locality objects, so a locality
 * seen last (or before, by identity) is not keyed again.
 */
function localitiesOf(hosts: readonly Host[], localLocality: Locality | null): readonly Locality[] {
  const found: Locality[] = [];
  let byKey: Map<string, Locality> | null = null;
  let seen: Set<Locality> | null = null;
  let last: Locality | null = null;
  for (let i = 0; i < hosts.length; i++) {
    const l = hosts[i].locality;
    if (l === last) continue;
    last = l;
    if (found.length === 0) {
      found.push(l);
      continue;
    }
    if (seen === null) {
      // A second locality object: from here on, remember objects and values.
      seen = new Set(found);
      byKey = new Map([[localityKey(found[0]), found[0]]]);
    }
    if (seen.has(l)) continue;
    seen.add(l);
    const key = localityKey(l);
    if (!(byKey as Map<string, Locality>).has(key)) {
      (byKey as Map<string, Locality>).set(key, l);
      found.push(l);
    }
  }
  let local: Locality | null = null;
  if (localLocality !== null) for (const l of found) if (localityEquals(l, localLocality)) local = l;
  const rest = local === null ? found : found.filter((l) => l !== local);
  rest.sort(compareLocality);
  return local === null ? rest : [local, ...rest];
}

function resolveLocalityWeights(lw: LocalityWeightsInput | null | undefined, localities: readonly Locality[]): readonly number[] {
  return Object.freeze(
    localities.map((l, i) => {
      if (!lw) return 0;
      if (Array.isArray(lw)) return (lw as readonly number[])[i] ?? 0;
      const w = typeof lw === 'function' ? lw(l) : (lw as ReadonlyMap<string, number>).get(localityKey(l));
      return w ?? 0;
    }),
  );
}

/**
 * {@link buildHostSet} with the locality groups known: every listed locality kept (empty ones
 * included), each host's health read once. Lists that would repeat another are shared with it
 * (one locality: the per-locality lists are the whole lists; every host healthy: the healthy lists
 * are the host lists), as every list is immutable.
 */
function partition(priority: number, input: HostSetInput, fixed: readonly Locality[], localLocality: Locality | null): HostSet {
  const hosts: readonly Host[] = input.hosts.slice();
  const n = fixed.length;
  const count = hosts.length;
  // Locality group of each host (only with several groups), and how many hosts are in each partition.
  const groupOf = n > 1 ? new Int32Array(count) : null;
  let index: Map<string, number> | null = null;
  let lastLocality: Locality | null = null;
  let lastIndex = -1;
  let healthyCount = 0;
  let degradedCount = 0;
  let excludedCount = 0;
  const weight = count > 0 ? hosts[0].weight : 0;
  let weightsEqual = true;
  for (let k = 0; k < count; k++) {
    const h = hosts[k];
    if (h.weight !== weight) weightsEqual = false;
    if (h.locality !== lastLocality) {
      let i = -1;
      if (n === 1) {
        if (localityEquals(h.locality, fixed[0])) i = 0;
      } else if (n > 1) {
        if (index === null) {
          index = new Map();
          for (let j = n - 1; j >= 0; j--) index.set(localityKey(fixed[j]), j);
        }
        i = index.get(localityKey(h.locality)) ?? -1;
      }
      if (i < 0) throw new UpstreamLbError('localities', fixed, `must list the locality of every host (${h.address} is not covered)`);
      lastLocality = h.locality;
      lastIndex = i;
    }
    if (groupOf !== null) groupOf[k] = lastIndex;
    const health = h.coarseHealth();
    if (health === Health.Healthy) healthyCount++;
    else if (health === Health.Degraded) degradedCount++;
    if (h.isExcluded()) excludedCount++;
  }
  const allHealthy = healthyCount === count;
  const healthy: readonly Host[] = allHealthy ? hosts : healthyCount === 0 ? EMPTY_HOSTS : select(hosts, Health.Healthy, false);
  const degraded: readonly Host[] = degradedCount === 0 ? EMPTY_HOSTS : select(hosts, Health.Degraded, false);
  const excluded: readonly Host[] = excludedCount === 0 ? EMPTY_HOSTS : select(hosts, -1, true);
  let all: readonly (readonly Host[])[];
  let healthyL: readonly (readonly Host[])[];
  let degradedL: readonly (readonly Host[])[];
  let excludedL: readonly (readonly Host[])[];
  if (groupOf === null) {
    // Zero or one locality: the per-locality lists are the lists.
    all = n === 0 ? [] : [hosts];
    healthyL = n === 0 ? [] : [healthy];
    degradedL = n === 0 ? [] : [degraded];
    excludedL = n === 0 ? [] : [excluded];
  } else {
    all = group(hosts, groupOf, n, null, false);
    healthyL = allHealthy ? all : group(hosts, groupOf, n, healthyCount === 0 ? EMPTY_HOSTS : null, false, Health.Healthy);
    degradedL = group(hosts, groupOf, n, degradedCount === 0 ? EMPTY_HOSTS : null, false, Health.Degraded);
    excludedL = group(hosts, groupOf, n, excludedCount === 0 ? EMPTY_HOSTS : null, true);
  }
  const localities = Object.freeze(fixed.slice());
  const hasLocal = localLocality !== null && n > 0 && localityEquals(fixed[0], localLocality);
  const perLocality = (lists: readonly (readonly Host[])[]): HostsPerLocality => ({ localities, lists, hasLocalLocality: hasLocal });
  return new HostSet({
    priority,
    hosts,
    healthyHosts: healthy,
    degradedHosts: degraded,
    excludedHosts: excluded,
    hostsPerLocality: perLocality(all),
    healthyHostsPerLocality: perLocality(healthyL),
    degradedHostsPerLocality: perLocality(degradedL),
    excludedHostsPerLocality: perLocality(excludedL),
    localityWeights: resolveLocalityWeights(input.localityWeights, localities),
    overprovisioningFactor: input.overprovisioningFactor ?? DEFAULT_OVERPROVISIONING_FACTOR,
    weightedPriorityHealth: input.weightedPriorityHealth ?? false,
    weightsEqual,
    weightsCheckedAt: weightAssignmentCount(),
  });
}

/** Hosts whose coarse health is `health` or, with `excludedOnly`, that are excluded. */
function select(hosts: readonly Host[], health: number, excludedOnly: boolean): Host[] {
  const out: Host[] = [];
  for (const h of hosts) if (excludedOnly ? h.isExcluded() : h.coarseHealth() === health) out.push(h);
  return out;
}

/**
 * Hosts split into `n` locality groups by `groupOf` (all hosts, those of coarse health `health`,
 * or the excluded ones); every group is `empty` when given.
 */
function group(hosts: readonly Host[], groupOf: Int32Array, n: number, empty: readonly Host[] | null, excludedOnly: boolean, health = -1): (readonly Host[])[] {
  if (empty !== null) {
    const same: (readonly Host[])[] = [];
    for (let i = 0; i < n; i++) same.push(empty);
    return same;
  }
  const lists: Host[][] = [];
  for (let i = 0; i < n; i++) lists.push([]);
  for (let k = 0; k < hosts.length; k++) {
    const h = hosts[k];
    if (excludedOnly ? h.isExcluded() : health < 0 || h.coarseHealth() === health) lists[groupOf[k]].push(h);
  }
  return lists;
}

/** An empty host set for a priority. */
export function emptyHostSet(priority: number): HostSet {
  return new HostSet({
    priority,
    hosts: EMPTY_HOSTS,
    healthyHosts: EMPTY_HOSTS,
    degradedHosts: EMPTY_HOSTS,
    excludedHosts: EMPTY_HOSTS,
    hostsPerLocality: EMPTY_HOSTS_PER_LOCALITY,
    healthyHostsPerLocality: EMPTY_HOSTS_PER_LOCALITY,
    degradedHostsPerLocality: EMPTY_HOSTS_PER_LOCALITY,
    excludedHostsPerLocality: EMPTY_HOSTS_PER_LOCALITY,
    localityWeights: Object.freeze([]),
    overprovisioningFactor: DEFAULT_OVERPROVISIONING_FACTOR,
    weightedPriorityHealth: false,
    weightsEqual: true,
    weightsCheckedAt: -1,
  });
}
