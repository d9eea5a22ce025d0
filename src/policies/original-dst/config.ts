/**
 * `CLUSTER_PROVIDED` in Envoy config.
 */
import type { PolicyDefinition } from '../../config/policy.js';
import { NotImplementedError } from '../../errors.js';

/** The `CLUSTER_PROVIDED` policy definition. */
export const originalDstPolicy: PolicyDefinition<null> = {
  configField: 'original_dst_lb_config',
  parse() {
    throw new NotImplementedError('lb_policy', 'CLUSTER_PROVIDED');
  },
  build() {
    throw new NotImplementedError('lb_policy', 'CLUSTER_PROVIDED');
  },
};
