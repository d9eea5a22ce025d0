/**
 * Conformance call handlers for the `bounded-load` area: `boundedLoad` runs the bounded-load
 * wrapper on an injected inner table, as Envoy's `bounded_load_hlb_test.cc` does (SCHEMA T2).
 */
import type { CallHandler } from '../calls.js';
import { Host } from '../../host/host.js';
import { u64FromDecimal } from '../../common/u64.js';
import { NormalizedHostWeights, type HashingTable } from '../../lb/thread-aware.js';
import { BoundedLoadTable } from '../../policies/common/bounded-load.js';

/** The test's `TestHashingLoadBalancer`: hash h (as an index) returns `byHash[h]`, else null. */
class IndexTable implements HashingTable {
  constructor(private readonly byHash: readonly Host[]) {}

  chooseHost(hash: Uint32Array): Host | null {
    if (hash[0] !== 0 || hash[1] >= this.byHash.length) return null;
    return this.byHash[hash[1]];
  }
}

/** Handlers by `fn` name. */
export const BOUNDED_LOAD_CALLS: Readonly<Record<string, CallHandler>> = {
  boundedLoad(args) {
    const entries = args.normalized_host_weights as { host: string; weight: number }[];
    const byAddress = new Map<string, Host>();
    const hostOf = (address: string): Host => {
      let h = byAddress.get(address);
      if (h === undefined) {
        h = new Host({ address });
        byAddress.set(address, h);
      }
      return h;
    };
    const weights = new NormalizedHostWeights(
      entries.map((e) => hostOf(e.host)),
      Float64Array.from(entries.map((e) => e.weight)),
    );
    const inner = new IndexTable((args.inner_by_hash as string[]).map(hostOf));
    for (const [address, n] of Object.entries((args.active_requests as Record<string, number> | undefined) ?? {})) {
      hostOf(address).activeRequests = n;
    }
    const clusterActive = (args.cluster_active_requests as number | undefined) ?? 0;
    const table = new BoundedLoadTable(inner, weights, args.hash_balance_factor as number, () => clusterActive);
    const h = u64FromDecimal(String(args.hash));
    const hash = Uint32Array.of(h.hi, h.lo);
    const host = table.chooseHost(hash, (args.attempt as number | undefined) ?? 0);
    return host === null ? null : host.address;
  },
};
