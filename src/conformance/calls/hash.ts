/**
 * Conformance call handlers for the `hash` area.
 */
import type { CallHandler } from '../calls.js';

/** Handlers by `fn` name. */
export const HASH_CALLS: Readonly<Record<string, CallHandler>> = {};
