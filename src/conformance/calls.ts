/**
 * Function-form conformance calls served by modules outside the core (hashing, hash policies,
 * bounded load). Each handler takes the vector's `args` and returns the value compared with
 * `expect` (u64 values as decimal strings).
 */
import { HASH_CALLS } from './calls/hash.js';
import { HASH_POLICY_CALLS } from './calls/hash-policy.js';
import { BOUNDED_LOAD_CALLS } from './calls/bounded-load.js';

/** A function-form call handler. */
export type CallHandler = (args: Record<string, unknown>) => unknown;

/** Handlers by `fn` name. */
export const CALL_HANDLERS: Readonly<Record<string, CallHandler>> = {
  ...HASH_CALLS,
  ...HASH_POLICY_CALLS,
  ...BOUNDED_LOAD_CALLS,
};
