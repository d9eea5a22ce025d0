/**
 * `RING_HASH` in Envoy config.
 */
import type { PolicyDefinition } from '../../config/policy.js';
import { UnsupportedConfigError } from '../../errors.js';

/** The `RING_HASH` policy definition. */
export const ringHashPolicy: PolicyDefinition<null> = {
  configField: 'ring_hash_lb_config',
  parse() {
    throw new UnsupportedConfigError('lb_policy', 'RING_HASH', 'is not implemented yet');
  },
  build() {
    throw new UnsupportedConfigError('lb_policy', 'RING_HASH', 'is not implemented yet');
  },
};
