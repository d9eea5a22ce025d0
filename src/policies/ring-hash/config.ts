/**
 * `RING_HASH` in Envoy config.
 */
import type { PolicyDefinition } from '../../config/policy.js';
import { NotImplementedError } from '../../errors.js';

/** The `RING_HASH` policy definition. */
export const ringHashPolicy: PolicyDefinition<null> = {
  configField: 'ring_hash_lb_config',
  parse() {
    throw new NotImplementedError('lb_policy', 'RING_HASH');
  },
  build() {
    throw new NotImplementedError('lb_policy', 'RING_HASH');
  },
};
