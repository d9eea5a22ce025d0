/**
 * Conformance call handlers for the `bounded-load` area.
 */
import type { CallHandler } from '../calls.js';

/** Handlers by `fn` name. */
export const BOUNDED_LOAD_CALLS: Readonly<Record<string, CallHandler>> = {};
