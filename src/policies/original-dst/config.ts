/**
 * `CLUSTER_PROVIDED` in Envoy config.
 */
import type { PolicyDefinition } from '../../config/policy.js';
import { UnsupportedConfigError } from '../../errors.js';

/** The `CLUSTER_PROVIDED` policy definition. */
export const originalDstPolicy: PolicyDefinition<null> = {
  configField: 'original_dst_lb_config',
  parse() {
    throw new UnsupportedConfigError('lb_policy', 'CLUSTER_PROVIDED', 'is not implemented yet');
  },
  build() {
    throw new UnsupportedConfigError('lb_policy', 'CLUSTER_PROVIDED', 'is not implemented yet');
  },
};
