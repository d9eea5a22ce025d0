/**
 * A cluster's endpoints as EDS delivers them: apply a whole load assignment, and the priority set
 * changes only where something changed. Hosts are matched by address, so a host that stays keeps
 * its object, active-request counter and slow-start time, and takes the new entry's weight,
 * hostname, metadata, health and locality (as Envoy's `updateDynamicHostList` does).
 */
import { type EdsHealthStatus, Host } from '../host/host.js';
import { type Locality, locality as makeLocality, localityEquals, localityKey } from '../host/locality.js';
import { lbMetadata, lbMetadataEquals } from '../host/metadata.js';
import type { Clock } from '../common/clock.js';
import { UpstreamLbError } from '../errors.js';
import { DEFAULT_OVERPROVISIONING_FACTOR } from '../common/priority.js';
import { PrioritySet } from './priority-set.js';

/** One endpoint (`LbEndpoint`). */
export interface EndpointInit {
  /** `ip:port` (IPv6 as `[addr]:port`). */
  address: string;
  /** `endpoint.hostname`. @defaultValue '' */
  hostname?: string;
  /** `health_status`. @defaultValue 'HEALTHY' (Envoy's UNKNOWN behaves the same) */
  healthStatus?: EdsHealthStatus;
  /** `load_balancing_weight`. @defaultValue 1 */
  weight?: number;
  /** `metadata.filter_metadata["envoy.lb"]`. */
  metadata?: Readonly<Record<string, unknown>> | null;
}

/** Endpoints of one locality at one priority (`LocalityLbEndpoints`). */
export interface LocalityEndpointsInit {
  /** Locality. @defaultValue the empty locality */
  locality?: Partial<Locality>;
  /** Priority. @defaultValue 0 */
  priority?: number;
  /** Locality `load_balancing_weight`; unset means 0 (no load under locality-weighted balancing). */
  weight?: number | null;
  /** Endpoints. */
  endpoints: readonly EndpointInit[];
}

/** A whole load assignment (`ClusterLoadAssignment`). */
export interface LoadAssignmentInit {
  /** Locality groups. */
  endpoints: readonly LocalityEndpointsInit[];
  /** `policy.overprovisioning_factor` in percent. @defaultValue 140 */
  overprovisioningFactor?: number;
  /** `policy.weighted_priority_health`. @defaultValue false */
  weightedPriorityHealth?: boolean;
}

/** Options of {@link Cluster}. */
export interface ClusterOptions {
  /** Locality of the local Envoy (`node.locality`). @defaultValue null */
  localLocality?: Locality | null;
  /** Clock stamping host creation times. @defaultValue a clock reading 0 */
  clock?: Clock;
}

interface PriorityPlan {
  hosts: Host[];
  localityWeights: Map<string, number>;
}

/** A cluster fed with load assignments. */
export class Cluster {
  /** The priority set load balancers subscribe to. */
  readonly prioritySet: PrioritySet;
  private readonly clock: Clock | undefined;
  private readonly byAddress = new Map<string, Host>();
  private overprovisioningFactor = DEFAULT_OVERPROVISIONING_FACTOR;
  private weightedPriorityHealth = false;
  private localityWeightsByPriority: Map<string, number>[] = [];

  constructor(assignment?: LoadAssignmentInit, options: ClusterOptions = {}) {
    this.prioritySet = new PrioritySet({ localLocality: options.localLocality ?? null });
    this.clock = options.clock;
    if (assignment) this.update(assignment);
  }

  /** The host with this address, if present. */
  host(address: string): Host | undefined {
    return this.byAddress.get(address);
  }

  /** Every host, in priority order. */
  hosts(): Host[] {
    return this.prioritySet.allHosts();
  }

  /**
   * Applies a load assignment. Priorities whose hosts, host attributes, locality weights or
   * policy did not change are not updated (no callbacks fire for them).
   */
  update(assignment: LoadAssignmentInit): void {
    const opf = assignment.overprovisioningFactor ?? DEFAULT_OVERPROVISIONING_FACTOR;
    const wph = assignment.weightedPriorityHealth ?? false;
    const policyChanged = opf !== this.overprovisioningFactor || wph !== this.weightedPriorityHealth;
    this.overprovisioningFactor = opf;
    this.weightedPriorityHealth = wph;

    const seen = new Set<string>();
    const plans: PriorityPlan[] = [];
    const changedPriorities = new Set<number>();
    const now = this.clock ? this.clock.now() : 0;
    assignment.endpoints.forEach((group, gi) => {
      const priority = group.priority ?? 0;
      while (plans.length <= priority) plans.push({ hosts: [], localityWeights: new Map() });
      const loc = makeLocality(group.locality ?? {});
      const plan = plans[priority];
      plan.localityWeights.set(localityKey(loc), group.weight ?? 0);
      group.endpoints.forEach((ep, ei) => {
        if (seen.has(ep.address)) {
          throw new UpstreamLbError(`endpoints[${gi}].lb_endpoints[${ei}].address`, ep.address, 'is listed twice in the load assignment');
        }
        seen.add(ep.address);
        let host = this.byAddress.get(ep.address);
        if (!host) {
          host = new Host({
            address: ep.address,
            hostname: ep.hostname,
            weight: ep.weight ?? 1,
            locality: loc,
            metadata: ep.metadata ?? null,
            healthStatus: ep.healthStatus ?? 'HEALTHY',
            createdAt: now,
          });
        } else if (applyEndpoint(host, ep, loc)) {
          changedPriorities.add(priority);
          for (let p = 0; p < this.prioritySet.hostSets.length; p++) {
            if (this.prioritySet.hostSets[p].hosts.includes(host)) changedPriorities.add(p);
          }
        }
        plan.hosts.push(host);
      });
    });

    const count = Math.max(plans.length, this.prioritySet.hostSets.length);
    this.prioritySet.batchUpdate(() => {
      for (let p = 0; p < count; p++) {
        const plan = plans[p] ?? { hosts: [], localityWeights: new Map<string, number>() };
        const previous = p < this.prioritySet.hostSets.length ? this.prioritySet.hostSets[p].hosts : [];
        const sameHosts = previous.length === plan.hosts.length && previous.every((h, i) => h === plan.hosts[i]);
        const sameWeights = mapsEqual(this.localityWeightsByPriority[p] ?? new Map(), plan.localityWeights);
        const exists = p < this.prioritySet.hostSets.length;
        if (exists && sameHosts && sameWeights && !policyChanged && !changedPriorities.has(p)) continue;
        if (!exists && plan.hosts.length === 0) {
          // A priority named with no endpoints still exists in Envoy (host sets are created up to it).
          this.prioritySet.getOrCreateHostSet(p);
          this.localityWeightsByPriority[p] = plan.localityWeights;
          continue;
        }
        this.localityWeightsByPriority[p] = plan.localityWeights;
        this.prioritySet.updateHosts(p, plan.hosts, {
          localityWeights: plan.localityWeights,
          overprovisioningFactor: opf,
          weightedPriorityHealth: wph,
        });
      }
    });
    for (const address of [...this.byAddress.keys()]) if (!seen.has(address)) this.byAddress.delete(address);
    for (const p of plans) for (const h of p.hosts) this.byAddress.set(h.address, h);
  }

  /**
   * Sets a host's EDS health status and applies it as an update of the host's priority (no hosts
   * added or removed), as an EDS push that only changes health does.
   */
  setHealthStatus(address: string, status: EdsHealthStatus): void {
    const host = this.byAddress.get(address);
    if (!host) throw new UpstreamLbError('address', address, 'is not a host of this cluster');
    host.setEdsHealthStatus(status);
    this.refreshHost(host);
  }

  /** Re-partitions the priority holding `host` after its flags changed (a health-check pass). */
  refreshHost(host: Host): void {
    const sets = this.prioritySet.hostSets;
    for (let p = 0; p < sets.length; p++) {
      if (sets[p].hosts.includes(host)) this.prioritySet.refresh(p);
    }
  }
}

/** Copies an endpoint's attributes onto an existing host; true when anything changed. */
function applyEndpoint(host: Host, ep: EndpointInit, loc: Locality): boolean {
  let changed = false;
  const weight = ep.weight ?? 1;
  if (host.weight !== weight) {
    host.setWeight(weight);
    changed = true;
  }
  const hostname = ep.hostname ?? '';
  if (host.hostname !== hostname) {
    host.hostname = hostname;
    changed = true;
  }
  const metadata = lbMetadata(ep.metadata ?? null);
  if (!lbMetadataEquals(host.metadata, metadata)) {
    host.metadata = metadata;
    changed = true;
  }
  const status = ep.healthStatus ?? 'HEALTHY';
  const before = host.healthFlags;
  host.setEdsHealthStatus(status);
  if (host.healthFlags !== before) changed = true;
  if (!localityEquals(host.locality, loc)) {
    host.locality = loc;
    changed = true;
  }
  return changed;
}

function mapsEqual(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
