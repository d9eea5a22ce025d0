/**
 * `MAGLEV` in Envoy config.
 */
import type { PolicyDefinition } from '../../config/policy.js';
import { UnsupportedConfigError } from '../../errors.js';

/** The `MAGLEV` policy definition. */
export const maglevPolicy: PolicyDefinition<null> = {
  configField: 'maglev_lb_config',
  parse() {
    throw new UnsupportedConfigError('lb_policy', 'MAGLEV', 'is not implemented yet');
  },
  build() {
    throw new UnsupportedConfigError('lb_policy', 'MAGLEV', 'is not implemented yet');
  },
};
