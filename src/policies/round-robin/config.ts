/**
 * `ROUND_ROBIN` in Envoy config: `round_robin_lb_config` (`slow_start_config`).
 */
import { type PolicyDefinition, zoneAwareOptionsOf } from '../../config/policy.js';
import { parseSlowStartConfig } from '../common/config.js';
import type { SlowStartOptions } from '../common/slow-start.js';
import { roundRobin } from './index.js';

export { parseSlowStartConfig } from '../common/config.js';

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
    return roundRobin(ctx.prioritySet, { ...zoneAwareOptionsOf(ctx), slowStart });
  },
};
