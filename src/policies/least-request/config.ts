/**
 * `LEAST_REQUEST` in Envoy config.
 */
import type { PolicyDefinition } from '../../config/policy.js';
import { NotImplementedError } from '../../errors.js';

/** The `LEAST_REQUEST` policy definition. */
export const leastRequestPolicy: PolicyDefinition<null> = {
  configField: 'least_request_lb_config',
  parse() {
    throw new NotImplementedError('lb_policy', 'LEAST_REQUEST');
  },
  build() {
    throw new NotImplementedError('lb_policy', 'LEAST_REQUEST');
  },
};
