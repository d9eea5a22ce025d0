/**
 * Slow start (`SlowStartConfig`) for round robin and least request: a host that just became
 * healthy gets a weight that grows with time over the window. Mirrors the slow-start parts of
 * Envoy's `EdfLoadBalancerBase` (`recalculateHostsInSlowStart`, `noHostsAreInSlowStart`,
 * `applySlowStartFactor`); durations are whole milliseconds, as Envoy's `duration_cast`.
 */
import { Health, type Host } from '../../host/host.js';
import type { Clock } from '../../common/clock.js';
import { UpstreamLbError } from '../../errors.js';

/** Slow start settings (`slow_start_config`). */
export interface SlowStartOptions {
  /** Window length in milliseconds (`slow_start_window`); 0 disables slow start. @defaultValue 0 */
  windowMs?: number;
  /** Aggression (`aggression`, a runtime double defaulting to 1.0); values <= 0 or NaN mean 1.0. @defaultValue 1 */
  aggression?: number;
  /** Minimum weight during slow start in percent (`min_weight_percent`). @defaultValue 10 */
  minWeightPercent?: number;
}

/** Resolved slow start settings. */
export interface ResolvedSlowStart {
  readonly windowMs: number;
  readonly aggression: number;
  readonly minWeightFraction: number;
}

/** Validates and fills slow start defaults. */
export function resolveSlowStart(options: SlowStartOptions | undefined, path = 'slowStart'): ResolvedSlowStart {
  const windowMs = options?.windowMs ?? 0;
  if (!Number.isInteger(windowMs) || windowMs < 0) {
    throw new UpstreamLbError(`${path}.windowMs`, windowMs, 'must be a non-negative integer number of milliseconds');
  }
  const aggression = options?.aggression ?? 1;
  if (typeof aggression !== 'number') throw new UpstreamLbError(`${path}.aggression`, aggression, 'must be a number');
  const minWeightPercent = options?.minWeightPercent ?? 10;
  if (!(minWeightPercent >= 0 && minWeightPercent <= 100)) {
    throw new UpstreamLbError(`${path}.minWeightPercent`, minWeightPercent, 'must be a percentage in [0, 100]');
  }
  return { windowMs, aggression, minWeightFraction: minWeightPercent / 100 };
}

/** Whole milliseconds between two clock readings, truncated as `duration_cast<milliseconds>`. */
function elapsedMs(from: number, to: number): number {
  return Math.trunc(to - from);
}

/** Slow start bookkeeping of one load balancer. */
export class SlowStart {
  readonly config: ResolvedSlowStart;
  private readonly clock: Clock;
  /** Latest time a host entered slow start (Envoy's `latest_host_added_time_`). */
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

  /** Envoy's `noHostsAreInSlowStart`. */
  noHostsInSlowStart(): boolean {
    if (!this.enabled) return true;
    return elapsedMs(this.latestHostAddedTime, this.clock.now()) > this.config.windowMs;
  }

  /** Envoy's `applySlowStartFactor`: scales `weight` for a host inside its window. */
  apply(weight: number, host: Host): number {
    if (host.lastHcPassTime === null || host.coarseHealth() !== Health.Healthy) return weight;
    const d = elapsedMs(host.lastHcPassTime, this.clock.now());
    const window = this.config.windowMs;
    if (!(d < window)) return weight;
    let aggression = this.config.aggression;
    if (aggression <= 0 || Number.isNaN(aggression)) aggression = 1;
    const timeFactor = Math.max(1, d) / window;
    const factor = aggression === 1 || timeFactor === 1 ? timeFactor : Math.pow(timeFactor, 1 / aggression);
    return weight * Math.max(factor, this.config.minWeightFraction);
  }
}
