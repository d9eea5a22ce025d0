/**
 * An upstream host: Envoy's `Upstream::Host` reduced to what load balancing reads.
 */
import { EMPTY_LOCALITY, type Locality } from './locality.js';
import { EMPTY_METADATA, type LbMetadata, lbMetadata } from './metadata.js';
import { UpstreamLbError } from '../errors.js';

/**
 * Health flags (Envoy's `Host::HealthFlag`). A host's coarse health and exclusion derive from the
 * set flags; see {@link coarseHealth} and {@link Host.isExcluded}.
 */
export const HealthFlag = {
  /** Failed active health checking. */
  FAILED_ACTIVE_HC: 0x001,
  /** Ejected by outlier detection. */
  FAILED_OUTLIER_CHECK: 0x002,
  /** EDS reported UNHEALTHY or TIMEOUT. */
  FAILED_EDS_HEALTH: 0x004,
  /** Active health checking reports degraded. */
  DEGRADED_ACTIVE_HC: 0x008,
  /** EDS reported DEGRADED. */
  DEGRADED_EDS_HEALTH: 0x010,
  /** Removed by service discovery but kept while it still has traffic. */
  PENDING_DYNAMIC_REMOVAL: 0x020,
  /** Waiting for its first active health check; excluded from load balancing. */
  PENDING_ACTIVE_HC: 0x040,
  /** Failed an immediate health check; excluded from load balancing. */
  EXCLUDED_VIA_IMMEDIATE_HC_FAIL: 0x080,
  /** The last active health check timed out. */
  ACTIVE_HC_TIMEOUT: 0x100,
  /** EDS reported DRAINING; unhealthy and excluded. */
  EDS_STATUS_DRAINING: 0x200,
} as const;

/** Flags that make a host unhealthy (Envoy's `coarseHealth`). */
export const UNHEALTHY_FLAGS =
  HealthFlag.FAILED_ACTIVE_HC | HealthFlag.FAILED_OUTLIER_CHECK | HealthFlag.FAILED_EDS_HEALTH | HealthFlag.EDS_STATUS_DRAINING;
/** Flags that make a host degraded when it is not unhealthy. */
export const DEGRADED_FLAGS = HealthFlag.DEGRADED_ACTIVE_HC | HealthFlag.DEGRADED_EDS_HEALTH;
/** Flags that exclude a host from load calculations (Envoy's `excludeBasedOnHealthFlag`). */
export const EXCLUDED_FLAGS =
  HealthFlag.PENDING_ACTIVE_HC | HealthFlag.EXCLUDED_VIA_IMMEDIATE_HC_FAIL | HealthFlag.EDS_STATUS_DRAINING;
const EDS_FLAGS = HealthFlag.FAILED_EDS_HEALTH | HealthFlag.DEGRADED_EDS_HEALTH | HealthFlag.EDS_STATUS_DRAINING;

/** Coarse health (Envoy's `Host::Health`), as small integers for hot paths. */
export const Health = {
  /** No unhealthy or degraded flag. */
  Healthy: 0,
  /** Degraded (active health check or EDS), not unhealthy. */
  Degraded: 1,
  /** Failed active health check, outlier ejection, EDS unhealthy or draining. */
  Unhealthy: 2,
} as const;
/** One of the {@link Health} values. */
export type HealthValue = (typeof Health)[keyof typeof Health];

/** EDS `LbEndpoint.health_status` values (`config.core.v3.HealthStatus`). */
export type EdsHealthStatus = 'UNKNOWN' | 'HEALTHY' | 'UNHEALTHY' | 'DRAINING' | 'TIMEOUT' | 'DEGRADED';

/** Every {@link EdsHealthStatus}, in enum order. */
export const EDS_HEALTH_STATUSES: readonly EdsHealthStatus[] = ['UNKNOWN', 'HEALTHY', 'UNHEALTHY', 'DRAINING', 'TIMEOUT', 'DEGRADED'];

/** The flags Envoy's `setEdsHealthFlag` sets for an EDS status (DRAINING excludes, as current Envoy does). */
export function edsHealthFlags(status: EdsHealthStatus): number {
  switch (status) {
    case 'UNHEALTHY':
    case 'TIMEOUT':
      return HealthFlag.FAILED_EDS_HEALTH;
    case 'DRAINING':
      return HealthFlag.EDS_STATUS_DRAINING;
    case 'DEGRADED':
      return HealthFlag.DEGRADED_EDS_HEALTH;
    default:
      return 0;
  }
}

/** Largest endpoint weight (`uint32`). */
export const MAX_HOST_WEIGHT = 4_294_967_295;

let nextHostId = 1;

/** Options for {@link Host} construction. */
export interface HostInit {
  /** `ip:port` (IPv6 as `[addr]:port`); also the host's identity across updates. */
  address: string;
  /** Endpoint hostname (`endpoint.hostname`). @defaultValue '' */
  hostname?: string;
  /** Load balancing weight, an integer in [1, 2^32 - 1]. @defaultValue 1 */
  weight?: number;
  /** Locality. @defaultValue the empty locality */
  locality?: Locality;
  /** `envoy.lb` filter metadata. */
  metadata?: Readonly<Record<string, unknown>> | LbMetadata | null;
  /** EDS health status. @defaultValue 'HEALTHY' */
  healthStatus?: EdsHealthStatus;
  /** Creation time in ms, from the load balancer's clock. @defaultValue 0 */
  createdAt?: number;
}

/**
 * An upstream host. Hosts keep their identity across host-set updates: the same object, with its
 * active-request counter, health flags and slow-start time, stays in the cluster while its address
 * does.
 */
export class Host {
  /** Process-unique id, in creation order; a stable tie-break where Envoy compares pointers. */
  readonly id: number;
  /** `ip:port`, the host's identity. */
  readonly address: string;
  /** Endpoint hostname, used by hashing LBs with `use_hostname_for_hashing`. */
  hostname: string;
  private w: number;
  /** The host's locality. */
  locality: Locality;
  /** `envoy.lb` metadata. */
  metadata: LbMetadata;
  /** Health flag bits ({@link HealthFlag}). */
  healthFlags: number;
  /** Outstanding requests, moved by the caller (Envoy's `rq_active` gauge). */
  activeRequests: number;
  /** Creation time (ms) from the injected clock. */
  readonly createdAt: number;
  /**
   * When the host last became healthy (ms), Envoy's `lastHcPassTime`; `null` until known. Slow start
   * measures from here; without active health checking the load balancer sets it when it first
   * sees the host healthy.
   */
  lastHcPassTime: number | null;

  constructor(init: HostInit) {
    if (typeof init.address !== 'string' || init.address.length === 0) {
      throw new UpstreamLbError('address', init.address, 'must be a non-empty "ip:port" string');
    }
    const weight = init.weight ?? 1;
    validateWeight(weight, 'weight');
    this.id = nextHostId++;
    this.address = init.address;
    this.hostname = init.hostname ?? '';
    this.w = weight;
    this.locality = init.locality ?? EMPTY_LOCALITY;
    this.metadata = init.metadata instanceof Map ? init.metadata : lbMetadata(init.metadata as Record<string, unknown> | null | undefined);
    this.healthFlags = edsHealthFlags(init.healthStatus ?? 'HEALTHY');
    this.activeRequests = 0;
    this.createdAt = init.createdAt ?? 0;
    this.lastHcPassTime = null;
  }

  /**
   * Load balancing weight in [1, 2^32 - 1]. A change takes effect at the next host-set update, or,
   * in a weighted (EDF) scheduler, when the host is next re-inserted after a pick, as in Envoy.
   */
  get weight(): number {
    return this.w;
  }

  /** Assigns the weight without validation; {@link setWeight} validates. */
  set weight(weight: number) {
    this.w = weight;
    weightAssignments++;
  }

  /** Coarse health: {@link Health}.Healthy, Degraded or Unhealthy. */
  coarseHealth(): HealthValue {
    return coarseHealth(this.healthFlags);
  }

  /** True when an exclusion flag is set (the host does not count in load calculations). */
  isExcluded(): boolean {
    return (this.healthFlags & EXCLUDED_FLAGS) !== 0;
  }

  /** True when the flag is set. */
  hasHealthFlag(flag: number): boolean {
    return (this.healthFlags & flag) !== 0;
  }

  /** Sets a health flag. Call the priority set's `refresh()` (or update) for it to take effect. */
  setHealthFlag(flag: number): void {
    this.healthFlags |= flag;
  }

  /** Clears a health flag. */
  clearHealthFlag(flag: number): void {
    this.healthFlags &= ~flag;
  }

  /** Applies an EDS `health_status`: clears the EDS flags and sets the status's flag. */
  setEdsHealthStatus(status: EdsHealthStatus): void {
    this.healthFlags = (this.healthFlags & ~EDS_FLAGS) | edsHealthFlags(status);
  }

  /** The EDS status the flags express (`HEALTHY` when no EDS flag is set). */
  edsHealthStatus(): EdsHealthStatus {
    if (this.healthFlags & HealthFlag.EDS_STATUS_DRAINING) return 'DRAINING';
    if (this.healthFlags & HealthFlag.FAILED_EDS_HEALTH) return 'UNHEALTHY';
    if (this.healthFlags & HealthFlag.DEGRADED_EDS_HEALTH) return 'DEGRADED';
    return 'HEALTHY';
  }

  /** Sets the weight (validated); see {@link Host.weight} for when it takes effect. */
  setWeight(weight: number): void {
    validateWeight(weight, 'weight');
    this.weight = weight;
  }

  /** The `address`. */
  toString(): string {
    return this.address;
  }
}

let weightAssignments = 0;

/**
 * @internal Weight assignments so far, across all hosts: a fact derived from hosts' weights (such
 * as "all equal") still holds while this count and the host list are unchanged.
 */
export function weightAssignmentCount(): number {
  return weightAssignments;
}

/** Coarse health of a flag set (Envoy's `HostImpl::coarseHealth`). */
export function coarseHealth(flags: number): HealthValue {
  if (flags & UNHEALTHY_FLAGS) return Health.Unhealthy;
  if (flags & DEGRADED_FLAGS) return Health.Degraded;
  return Health.Healthy;
}

function validateWeight(weight: number, field: string): void {
  if (!Number.isInteger(weight) || weight < 1 || weight > MAX_HOST_WEIGHT) {
    throw new UpstreamLbError(field, weight, `must be an integer in [1, ${MAX_HOST_WEIGHT}]`);
  }
}

/** Creates a host (shorthand for `new Host(init)`). */
export function host(init: HostInit | string): Host {
  return new Host(typeof init === 'string' ? { address: init } : init);
}
