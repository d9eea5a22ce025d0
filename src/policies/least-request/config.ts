/**
 * `LEAST_REQUEST` in Envoy config: `least_request_lb_config` (`choice_count`,
 * `active_request_bias`, `slow_start_config`). The legacy message has no `selection_method`
 * (only the typed `LeastRequest` extension does), so it is rejected as an unknown field here; the
 * TypeScript option `selectionMethod` offers it.
 */
import { type PolicyDefinition, zoneAwareOptionsOf } from '../../config/policy.js';
import { parseRuntimeDouble, parseSlowStartConfig } from '../common/config.js';
import type { SlowStartOptions } from '../common/slow-start.js';
import { leastRequest } from './index.js';

/** Parsed `least_request_lb_config`. */
export interface LeastRequestSpec {
  /** `choice_count` (unset: 2). */
  choiceCount: number | undefined;
  /** `active_request_bias.default_value`, or null when the field is absent. */
  activeRequestBias: number | null;
  /** `slow_start_config`. */
  slowStart: SlowStartOptions | undefined;
}

/** The `LEAST_REQUEST` policy definition. */
export const leastRequestPolicy: PolicyDefinition<LeastRequestSpec> = {
  configField: 'least_request_lb_config',
  parse(config) {
    const spec: LeastRequestSpec = { choiceCount: undefined, activeRequestBias: null, slowStart: undefined };
    if (!config) return spec;
    spec.choiceCount = config.integer('choice_count', 2, 4_294_967_295);
    const bias = config.message('active_request_bias');
    if (bias) spec.activeRequestBias = parseRuntimeDouble(bias);
    spec.slowStart = parseSlowStartConfig(config.message('slow_start_config'));
    config.done();
    return spec;
  },
  build(ctx, spec) {
    return leastRequest(ctx.prioritySet, {
      ...zoneAwareOptionsOf(ctx),
      choiceCount: spec.choiceCount,
      activeRequestBias: spec.activeRequestBias,
      slowStart: spec.slowStart,
    });
  },
};
