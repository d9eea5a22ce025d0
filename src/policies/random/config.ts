/**
 * `RANDOM` in Envoy config (no policy-specific fields).
 */
import type { PolicyDefinition } from '../../config/policy.js';
import { random } from './index.js';

/** The `RANDOM` policy definition. */
export const randomPolicy: PolicyDefinition<null> = {
  configField: null,
  parse() {
    return null;
  },
  build(ctx) {
    return random(ctx.prioritySet, {
      random: ctx.random,
      runtimeRandom: ctx.runtimeRandom,
      clock: ctx.clock,
      stats: ctx.stats,
      healthyPanicThreshold: ctx.common.healthyPanicThreshold,
      localityWeighted: ctx.common.localityWeighted,
      zoneAware: ctx.common.zoneAware,
      localPrioritySet: ctx.localPrioritySet,
    });
  },
};
