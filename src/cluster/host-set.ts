/**
 * One priority level's hosts, partitioned as Envoy's `HostSetImpl`: all hosts, healthy, degraded
 * and excluded lists, the same per locality (local locality first when present), locality
 * weights, overprovisioning factor and `weighted_priority_health`.
 */
import { Health, type Host } from '../host/host.js';
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
  if (input.localities != null) return buildWithLocalities(priority, input, input.localities, localLocality);
  const hosts: readonly Host[] = input.hosts.slice();
  const healthy: Host[] = [];
  const degraded: Host[] = [];
  const excluded: Host[] = [];
  for (const h of hosts) {
    const health = h.coarseHealth();
    if (health === Health.Healthy) healthy.push(h);
    else if (health === Health.Degraded) degraded.push(h);
    if (h.isExcluded()) excluded.push(h);
  }

  // Group by locality value.
  const groups = new Map<string, { locality: Locality; hosts: Host[] }>();
  for (const h of hosts) {
    const key = localityKey(h.locality);
    let g = groups.get(key);
    if (!g) {
      g = { locality: h.locality, hosts: [] };
      groups.set(key, g);
    }
    g.hosts.push(h);
  }
  const ordered = [...groups.values()];
  let hasLocal = false;
  let local: { locality: Locality; hosts: Host[] } | undefined;
  if (localLocality) {
    local = ordered.find((g) => localityEquals(g.locality, localLocality));
    hasLocal = local !== undefined;
  }
  const rest = ordered.filter((g) => g !== local).sort((a, b) => compareLocality(a.locality, b.locality));
  const all = local ? [local, ...rest] : rest;
  const localities = Object.freeze(all.map((g) => g.locality));
  const perLocality = (pick: (h: Host) => boolean): HostsPerLocality =>
    Object.freeze({
      localities,
      lists: all.map((g) => g.hosts.filter(pick)),
      hasLocalLocality: hasLocal,
    });
  const hostsPerLocality: HostsPerLocality = Object.freeze({
    localities,
    lists: all.map((g) => g.hosts),
    hasLocalLocality: hasLocal,
  });

  const localityWeights = resolveLocalityWeights(input.localityWeights, localities);

  return new HostSet({
    priority,
    hosts,
    healthyHosts: healthy,
    degradedHosts: degraded,
    excludedHosts: excluded,
    hostsPerLocality,
    healthyHostsPerLocality: perLocality((h) => h.coarseHealth() === Health.Healthy),
    degradedHostsPerLocality: perLocality((h) => h.coarseHealth() === Health.Degraded),
    excludedHostsPerLocality: perLocality((h) => h.isExcluded()),
    localityWeights,
    overprovisioningFactor: input.overprovisioningFactor ?? DEFAULT_OVERPROVISIONING_FACTOR,
    weightedPriorityHealth: input.weightedPriorityHealth ?? false,
  });
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
 * {@link buildHostSet} with the locality groups given: one pass over the hosts, each host's
 * health read once, every listed locality kept (empty ones included).
 */
function buildWithLocalities(priority: number, input: HostSetInput, fixed: readonly Locality[], localLocality: Locality | null): HostSet {
  const hosts: readonly Host[] = input.hosts.slice();
  const n = fixed.length;
  const healthy: Host[] = [];
  const degraded: Host[] = [];
  const excluded: Host[] = [];
  const all: Host[][] = [];
  const healthyL: Host[][] = [];
  const degradedL: Host[][] = [];
  const excludedL: Host[][] = [];
  for (let i = 0; i < n; i++) {
    all.push([]);
    healthyL.push([]);
    degradedL.push([]);
    excludedL.push([]);
  }
  let index: Map<string, number> | null = null;
  let lastLocality: Locality | null = null;
  let lastIndex = -1;
  for (const h of hosts) {
    let i: number;
    if (h.locality === lastLocality) {
      i = lastIndex;
    } else {
      i = -1;
      if (n === 1) {
        if (localityEquals(h.locality, fixed[0])) i = 0;
      } else {
        if (index === null) {
          index = new Map();
          for (let k = n - 1; k >= 0; k--) index.set(localityKey(fixed[k]), k);
        }
        i = index.get(localityKey(h.locality)) ?? -1;
      }
      if (i < 0) throw new UpstreamLbError('localities', fixed, `must list the locality of every host (${h.address} is not covered)`);
      lastLocality = h.locality;
      lastIndex = i;
    }
    all[i].push(h);
    const health = h.coarseHealth();
    if (health === Health.Healthy) {
      healthy.push(h);
      healthyL[i].push(h);
    } else if (health === Health.Degraded) {
      degraded.push(h);
      degradedL[i].push(h);
    }
    if (h.isExcluded()) {
      excluded.push(h);
      excludedL[i].push(h);
    }
  }
  const localities = Object.freeze(fixed.slice());
  const hasLocal = localLocality !== null && n > 0 && localityEquals(fixed[0], localLocality);
  const perLocality = (lists: Host[][]): HostsPerLocality =>
    ({ localities, lists, hasLocalLocality: hasLocal });
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
  });
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
  });
}
