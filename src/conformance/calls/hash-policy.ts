/**
 * Conformance call handlers for the `hash-policy` area: `hashPolicy` builds Envoy's
 * `RouteAction.hash_policy` list and hashes one request.
 */
import { u64FromDecimal, u64ToBigInt } from '../../common/u64.js';
import { HashPolicy, type HashRequest } from '../../hash/policy.js';
import type { CallHandler } from '../calls.js';

/** The vector's `request` object in the library's {@link HashRequest} form. */
function toRequest(raw: unknown): HashRequest {
  const r = (raw ?? {}) as Record<string, unknown>;
  const request: HashRequest = {
    headers: (r.headers as [string, string][] | undefined) ?? [],
    sourceAddress: (r.source_ip as string | undefined) ?? null,
    path: (r.path as string | undefined) ?? null,
  };
  if (r.filter_state !== undefined) {
    const state: Record<string, bigint> = {};
    for (const [key, value] of Object.entries(r.filter_state as Record<string, string>)) {
      state[key] = u64ToBigInt(u64FromDecimal(value));
    }
    request.filterState = state;
  }
  return request;
}

/** Handlers by `fn` name. */
export const HASH_POLICY_CALLS: Readonly<Record<string, CallHandler>> = {
  hashPolicy(args) {
    const policy = HashPolicy.fromConfig(args.hash_policy as unknown[]);
    const hash = policy.hash(toRequest(args.request));
    return { hash: hash === null ? null : hash.toString() };
  },
};
