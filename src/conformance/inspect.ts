/**
 * Read access to hashing load balancers' tables for `expect_table` / `expect_ring` steps.
 */
import type { Host } from '../host/host.js';
import type { U64 } from '../common/u64.js';
import type { LoadBalancer } from '../lb/load-balancer.js';

/** A load balancer that can show its last Maglev table. */
export interface MaglevInspectable {
  /** Host of each table slot, for the last table built with at least one host. */
  lastMaglevTable(): readonly Host[];
}

/** A load balancer that can show its last ring. */
export interface RingInspectable {
  /** Ring entries (host, hash) in ring order, for the last ring built with at least one host. */
  lastRing(): ReadonlyArray<readonly [Host, U64]>;
}

/** The last Maglev table of `lb`; throws when `lb` has none. */
export function inspectTable(lb: LoadBalancer): readonly Host[] {
  const m = lb as Partial<MaglevInspectable>;
  if (typeof m.lastMaglevTable !== 'function') throw new Error('expect_table: the load balancer has no Maglev table');
  return m.lastMaglevTable();
}

/** The last ring of `lb`; throws when `lb` has none. */
export function inspectRing(lb: LoadBalancer): ReadonlyArray<readonly [Host, U64]> {
  const r = lb as Partial<RingInspectable>;
  if (typeof r.lastRing !== 'function') throw new Error('expect_ring: the load balancer has no ring');
  return r.lastRing();
}
