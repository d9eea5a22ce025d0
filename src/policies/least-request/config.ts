/**
 * `LEAST_REQUEST` in Envoy config.
 */
import type { PolicyDefinition } from '../../config/policy.js';
import { UnsupportedConfigError } from '../../errors.js';

/** The `LEAST_REQUEST` policy definition. */
export const leastRequestPolicy: PolicyDefinition<null> = {
  configField: 'least_request_lb_config',
  parse() {
    throw new UnsupportedConfigError('lb_policy', 'LEAST_REQUEST', 'is not implemented yet');
  },
  build() {
    throw new UnsupportedConfigError('lb_policy', 'LEAST_REQUEST', 'is not implemented yet');
  },
};
