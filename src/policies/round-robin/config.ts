/**
 * `ROUND_ROBIN` in Envoy config: `round_robin_lb_config` (`slow_start_config`).
 */
import type { PolicyDefinition } from '../../config/policy.js';
import type { Reader } from '../../config/reader.js';
import type { SlowStartOptions } from '../common/slow-start.js';
import { roundRobin } from './index.js';

/** Parses a `SlowStartConfig` message. */
export function parseSlowStartConfig(r: Reader | undefined): SlowStartOptions | undefined {
  if (!r) return undefined;
  const windowMs = r.durationMs('slow_start_window') ?? 0;
  let aggression: number | undefined;
  const a = r.message('aggression');
  if (a) {
    aggression = a.number('default_value') ?? 0;
    a.string('runtime_key');
    a.done();
  }
  const minWeightPercent = r.percent('min_weight_percent');
  r.done();
  return { windowMs, aggression, minWeightPercent };
}

/** The `ROUND_ROBIN` policy definition. */
export const roundRobinPolicy: PolicyDefinition<SlowStartOptions | undefined> = {
  configField: 'round_robin_lb_config',
  parse(config) {
    if (!config) return undefined;
    const slowStart = parseSlowStartConfig(config.message('slow_start_config'));
    config.done();
    return slowStart;
  },
  build(ctx, slowStart) {
    return roundRobin(ctx.prioritySet, {
      random: ctx.random,
      runtimeRandom: ctx.runtimeRandom,
      clock: ctx.clock,
      stats: ctx.stats,
      healthyPanicThreshold: ctx.common.healthyPanicThreshold,
      localityWeighted: ctx.common.localityWeighted,
      zoneAware: ctx.common.zoneAware,
      localPrioritySet: ctx.localPrioritySet,
      slowStart,
    });
  },
};
