/**
 * `MAGLEV` in Envoy config.
 */
import type { PolicyDefinition } from '../../config/policy.js';
import { NotImplementedError } from '../../errors.js';

/** The `MAGLEV` policy definition. */
export const maglevPolicy: PolicyDefinition<null> = {
  configField: 'maglev_lb_config',
  parse() {
    throw new NotImplementedError('lb_policy', 'MAGLEV');
  },
  build() {
    throw new NotImplementedError('lb_policy', 'MAGLEV');
  },
};
