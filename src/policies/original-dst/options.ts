/**
 * Options of the original destination load balancer (`lb_policy: CLUSTER_PROVIDED` on an
 * `ORIGINAL_DST` cluster): `Cluster.OriginalDstLbConfig` plus `Cluster.cleanup_interval`.
 */
import { UpstreamLbError } from '../../errors.js';
import type { Host } from '../../host/host.js';
import type { Clock, systemClock } from '../../common/clock.js';
import type { LbStats } from '../../lb/stats.js';
import { checkBoolean, checkObject } from '../common/options.js';

/** Envoy's default override header (`Http::Headers::get().EnvoyOriginalDstHost`). */
export const ORIGINAL_DST_HOST_HEADER = 'x-envoy-original-dst-host';
/** Default `cleanup_interval` in milliseconds (`PROTOBUF_GET_MS_OR_DEFAULT(config, cleanup_interval, 5000)`). */
export const DEFAULT_CLEANUP_INTERVAL_MS = 5_000;

/** Options of {@link originalDst}. */
export interface OriginalDstOptions {
  /**
   * Mirrors `original_dst_lb_config.use_http_header`: the destination may come from a request
   * header ({@link httpHeaderName}), which then wins over the connection's original destination.
   * The header is not sanitized: a client can route to any host and port.
   * @defaultValue false
   */
  useHttpHeader?: boolean;
  /**
   * Mirrors `original_dst_lb_config.http_header_name`: the header read when {@link useHttpHeader}
   * is true (matched case-insensitively; an empty name means the default). Setting it without
   * `useHttpHeader` is an error, as in Envoy.
   * @defaultValue 'x-envoy-original-dst-host'
   */
  httpHeaderName?: string | null;
  /**
   * Mirrors `original_dst_lb_config.upstream_port_override`: the port of every created host,
   * replacing the destination's port.
   * @defaultValue null (keep the destination's port)
   */
  upstreamPortOverride?: number | null;
  /**
   * Mirrors `Cluster.cleanup_interval` in milliseconds (proto: `gt 0`): the period of the cleanup
   * that {@link OriginalDstLoadBalancer.cleanup} runs.
   * @defaultValue 5000
   */
  cleanupIntervalMs?: number;
  /**
   * Whether a host is still in use when its "recently picked" mark is clear: Envoy's runtime flag
   * `original_dst_rely_on_idle_timeout` (on) keeps hosts that connection pools still hold. The
   * library has no pools, so the default treats a host with active requests as held.
   * @defaultValue `(host) => host.activeRequests > 0`
   */
  hostInUse?: (host: Host) => boolean;
  /** Time source for host creation times and the cleanup schedule. @defaultValue {@link systemClock} */
  clock?: Clock;
  /** Stats object (shared when given). @defaultValue a new {@link LbStats} */
  stats?: LbStats;
}

/** Validated original destination settings. */
export interface ResolvedOriginalDst {
  /** Lower-cased header name, or null when headers are not used. */
  readonly headerName: string | null;
  /** Port override, or -1. */
  readonly portOverride: number;
  /** Cleanup period in ms. */
  readonly cleanupIntervalMs: number;
  /** In-use check for hosts whose picked mark is clear. */
  readonly hostInUse: (host: Host) => boolean;
}

const defaultHostInUse = (host: Host): boolean => host.activeRequests > 0;

/** Validates the options and fills their defaults. */
export function resolveOriginalDstOptions(options: OriginalDstOptions): ResolvedOriginalDst {
  checkObject('options', options);
  checkBoolean('useHttpHeader', options.useHttpHeader);
  const name = options.httpHeaderName ?? '';
  if (typeof name !== 'string') throw new UpstreamLbError('httpHeaderName', name, 'must be a string');
  const useHeader = options.useHttpHeader ?? false;
  if (!useHeader && name !== '') {
    throw new UpstreamLbError('httpHeaderName', name, 'needs useHttpHeader: true (Envoy rejects http_header_name when use_http_header is false)');
  }
  const port = options.upstreamPortOverride ?? null;
  if (port !== null && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    throw new UpstreamLbError('upstreamPortOverride', port, 'must be an integer in [0, 65535]');
  }
  const interval = options.cleanupIntervalMs ?? DEFAULT_CLEANUP_INTERVAL_MS;
  if (!Number.isSafeInteger(interval) || interval <= 0) {
    throw new UpstreamLbError('cleanupIntervalMs', interval, 'must be a positive integer number of milliseconds');
  }
  const inUse = options.hostInUse ?? defaultHostInUse;
  if (typeof inUse !== 'function') throw new UpstreamLbError('hostInUse', inUse, 'must be a function');
  if (options.clock !== undefined && (options.clock === null || typeof options.clock.now !== 'function')) {
    throw new UpstreamLbError('clock', options.clock, 'must be a Clock (an object with a now() method)');
  }
  checkObject('stats', options.stats);
  return {
    headerName: useHeader ? (name === '' ? ORIGINAL_DST_HOST_HEADER : name.toLowerCase()) : null,
    portOverride: port ?? -1,
    cleanupIntervalMs: interval,
    hostInUse: inUse,
  };
}
