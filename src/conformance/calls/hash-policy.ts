/**
 * Conformance call handlers for the `hash-policy` area.
 */
import type { CallHandler } from '../calls.js';

/** Handlers by `fn` name. */
export const HASH_POLICY_CALLS: Readonly<Record<string, CallHandler>> = {};
