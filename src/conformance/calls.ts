/**
 * Function-form conformance calls served by modules outside the core (hashing, hash policies,
 * bounded load). Each handler takes the vector's `args` and returns the value compared with
 * `expect` (u64 values as decimal strings).
 */

/** A function-form call handler. */
export type CallHandler = (args: Record<string, unknown>) => unknown;

/** Handlers by `fn` name. */
export const CALL_HANDLERS: Readonly<Record<string, CallHandler>> = {};
