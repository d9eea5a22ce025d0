/**
 * The `lb_policy` table of the config loader.
 */
import type { LbPolicyName, PolicyDefinition } from './policy.js';
import { roundRobinPolicy } from '../policies/round-robin/config.js';
import { randomPolicy } from '../policies/random/config.js';
import { leastRequestPolicy } from '../policies/least-request/config.js';
import { ringHashPolicy } from '../policies/ring-hash/config.js';
import { maglevPolicy } from '../policies/maglev/config.js';
import { originalDstPolicy } from '../policies/original-dst/config.js';

/** Policy definitions by `lb_policy` name. */
export const POLICIES: Readonly<Record<Exclude<LbPolicyName, 'LOAD_BALANCING_POLICY_CONFIG'>, PolicyDefinition<unknown>>> = {
  ROUND_ROBIN: roundRobinPolicy,
  LEAST_REQUEST: leastRequestPolicy,
  RANDOM: randomPolicy,
  RING_HASH: ringHashPolicy,
  MAGLEV: maglevPolicy,
  CLUSTER_PROVIDED: originalDstPolicy,
};
