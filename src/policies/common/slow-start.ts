/**
 * Slow start (`SlowStartConfig`) for round robin and least request: a host that just became
 * healthy gets a weight that grows with time over the window. Mirrors the slow-start parts of
 * Envoy's `EdfLoadBalancerBase` (`recalculateHostsInSlowStart`, `noHostsAreInSlowStart`,
 * `applySlowStartFactor`); durations are whole milliseconds, as Envoy's `duration_cast`.
 */
import { Health, type Host } from '../../host/host.js';
import type { Clock } from '../../common/clock.js';
import { UpstreamLbError } from '../../errors.js';

/**
 * A runtime-derived double (Envoy's `RuntimeDouble`): a fixed value, or a function read each time
 * Envoy would read the runtime key.
 */
export type RuntimeDoubleOption = number | (() => number);

/** Slow start settings (`slow_start_config`). */
export interface SlowStartOptions {
  /**
   * Window length in milliseconds (`slow_start_window`); 0 disables slow start.
   * @defaultValue 0
   */
  windowMs?: number;
  /**
   * Aggression (`aggression`, a `RuntimeDouble`): the weight factor is `timeFactor ^ (1 / aggression)`.
   * A function is read at every weight evaluation, as Envoy reads the runtime key. Values <= 0 or
   * NaN behave as 1.0 (Envoy logs and uses 1.0).
   * @defaultValue 1
   */
  aggression?: RuntimeDoubleOption;
  /**
   * Minimum weight during slow start, in percent of the host's weight (`min_weight_percent`).
   * @defaultValue 10
   */
  minWeightPercent?: number;
}

/** Resolved slow start settings. */
export interface ResolvedSlowStart {
  /** Window in whole milliseconds (0 = disabled). */
  readonly windowMs: number;
  /** Aggression as configured (sanitized when read). */
  readonly aggression: RuntimeDoubleOption;
  /** `min_weight_percent / 100`. */
  readonly minWeightFraction: number;
}

/** Default `min_weight_percent` (Envoy's `PROTOBUF_PERCENT_TO_DOUBLE_OR_DEFAULT(..., 10)`). */
export const DEFAULT_SLOW_START_MIN_WEIGHT_PERCENT = 10;

/** Validates and fills slow start defaults. */
export function resolveSlowStart(options: SlowStartOptions | undefined, path = 'slowStart'): ResolvedSlowStart {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new UpstreamLbError(path, options, 'must be an object');
  }
  const windowMs = options?.windowMs ?? 0;
  if (!Number.isSafeInteger(windowMs) || windowMs < 0) {
    throw new UpstreamLbError(`${path}.windowMs`, windowMs, 'must be a non-negative integer number of milliseconds');
  }
  const aggression = options?.aggression ?? 1;
  checkRuntimeDouble(`${path}.aggression`, aggression);
  const minWeightPercent = options?.minWeightPercent ?? DEFAULT_SLOW_START_MIN_WEIGHT_PERCENT;
  if (typeof minWeightPercent !== 'number' || !(minWeightPercent >= 0 && minWeightPercent <= 100)) {
    throw new UpstreamLbError(`${path}.minWeightPercent`, minWeightPercent, 'must be a percentage in [0, 100]');
  }
  return { windowMs, aggression, minWeightFraction: minWeightPercent / 100 };
}

/** Checks a {@link RuntimeDoubleOption}: a number (any value; Envoy sanitizes at use) or a function. */
export function checkRuntimeDouble(path: string, value: unknown): void {
  if (typeof value !== 'number' && typeof value !== 'function') {
    throw new UpstreamLbError(path, value, 'must be a number or a function returning one');
  }
}

/** Whole milliseconds between two clock readings, truncated as `duration_cast<milliseconds>`. */
function elapsedMs(from: number, to: number): number {
  return Math.trunc(to - from);
}

/** Slow start bookkeeping of one load balancer. */
export class SlowStart {
  /** The settings. */
  readonly config: ResolvedSlowStart;
  private readonly clock: Clock;
  /** Latest time a host entered slow start (Envoy's `latest_host_added_time_`), in ms. */
  latestHostAddedTime: number;

  constructor(config: ResolvedSlowStart, clock: Clock) {
    this.config = config;
    this.clock = clock;
    this.latestHostAddedTime = clock.now();
  }

  /** True when a window is configured. */
  get enabled(): boolean {
    return this.config.windowMs > 0;
  }

  /** Envoy's `recalculateHostsInSlowStart`: stamps healthy hosts and tracks the latest entry. */
  recalculate(hosts: readonly Host[]): void {
    for (const host of hosts) {
      const now = this.clock.now();
      if (host.coarseHealth() !== Health.Healthy) continue;
      const t = host.lastHcPassTime ?? now;
      const inHealthy = elapsedMs(t, now);
      if (host.lastHcPassTime === null) host.lastHcPassTime = now;
      if (t > this.latestHostAddedTime && inHealthy <= this.config.windowMs) this.latestHostAddedTime = t;
    }
  }

  /** Envoy's `noHostsAreInSlowStart`: true when disabled or the latest entry is past the window. */
  noHostsInSlowStart(): boolean {
    if (!this.enabled) return true;
    return elapsedMs(this.latestHostAddedTime, this.clock.now()) > this.config.windowMs;
  }

  /** The aggression now: the configured value (or the function's result), <= 0 or NaN read as 1.0. */
  aggression(): number {
    const a = this.config.aggression;
    const v = typeof a === 'function' ? a() : a;
    return v <= 0 || Number.isNaN(v) ? 1 : v;
  }

  /**
   * Envoy's `applySlowStartFactor`: scales `weight` for a healthy host inside its window by
   * `max(timeFactor ^ (1 / aggression), minWeightPercent / 100)`, with `timeFactor =
   * max(1 ms, elapsed) / window`.
   */
  apply(weight: number, host: Host): number {
    if (host.lastHcPassTime === null || host.coarseHealth() !== Health.Healthy) return weight;
    const d = elapsedMs(host.lastHcPassTime, this.clock.now());
    const window = this.config.windowMs;
    if (!(d < window)) return weight;
    const aggression = this.aggression();
    const timeFactor = Math.max(1, d) / window;
    const factor = aggression === 1 || timeFactor === 1 ? timeFactor : Math.pow(timeFactor, 1 / aggression);
    return weight * Math.max(factor, this.config.minWeightFraction);
  }
}
