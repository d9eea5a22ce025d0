/**
 * `RANDOM` in Envoy config (no policy-specific fields).
 */
import { type PolicyDefinition, zoneAwareOptionsOf } from '../../config/policy.js';
import { random } from './index.js';

/** The `RANDOM` policy definition. */
export const randomPolicy: PolicyDefinition<null> = {
  configField: null,
  parse() {
    return null;
  },
  build(ctx) {
    return random(ctx.prioritySet, zoneAwareOptionsOf(ctx));
  },
};
