// Hosts, selectors and builders shared by the subset benchmark and its update worker.
import { Host } from '../src/host/host.js';
import { PrioritySet } from '../src/cluster/priority-set.js';
import { SeededRandom } from '../src/common/random.js';
import { subset } from '../src/policies/subset/index.js';
import type { SubsetLoadBalancer } from '../src/policies/subset/subset.js';

const STAGES = ['prod', 'canary', 'dev'];
export const SIZES = [150, 1_500, 15_000] as const;

/** Hosts with `version` (10 values), `stage` (3), `rack` (5) and `shard` (one value per 10 hosts). */
export function makeHosts(n: number, offset = 0, shardsOf = n): Host[] {
  const shards = Math.max(1, Math.floor(shardsOf / 10));
  const out: Host[] = [];
  for (let k = 0; k < n; k++) {
    const i = k + offset;
    out.push(
      new Host({
        address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:80`,
        metadata: { version: `v${i % 10}`, stage: STAGES[i % 3], rack: `r${i % 5}`, shard: `s${i % shards}` },
      }),
    );
  }
  return out;
}

/** Subsets grow with the hosts: 10 + 30 + n/10. */
export const SELECTORS = [{ keys: ['version'] }, { keys: ['stage', 'version'] }, { keys: ['shard'] }];
/** A fixed number of subsets: 10 + 30 + 15. */
export const BOUNDED_SELECTORS = [{ keys: ['version'] }, { keys: ['stage', 'version'] }, { keys: ['rack', 'stage'] }];

/** A subset load balancer with an ANY_ENDPOINT fallback over `ps`. */
export function build(ps: PrioritySet, seed: number, selectors = SELECTORS): SubsetLoadBalancer {
  return subset(ps, { selectors, fallbackPolicy: 'ANY_ENDPOINT', random: new SeededRandom(seed) });
}


/** An update benchmark's set-up: see {@link flippingUpdate}. */
export interface FlippingUpdate {
  /** The priority set updated. */
  readonly ps: PrioritySet;
  /** The subset load balancer over it, or null for none. */
  readonly lb: SubsetLoadBalancer | null;
  /** Adds one extra host, or removes it again, alternately. */
  readonly update: () => void;
}

/**
 * A priority set of `n` hosts with a subset load balancer over `selectors` (none when null), and
 * an update that gains or loses one host. The added and removed hosts are given, as `Cluster`
 * computes them, so an update costs the host-set rebuild plus the load balancer's handling.
 */
export function flippingUpdate(n: number, selectors: typeof SELECTORS | null, seed = 11): FlippingUpdate {
  const hosts = makeHosts(n);
  const extra = makeHosts(1, n, n)[0];
  const withExtra = [...hosts, extra];
  const ps = new PrioritySet();
  ps.updateHosts(0, hosts);
  const lb = selectors === null ? null : build(ps, seed, selectors);
  let added = false;
  const update = () => {
    added = !added;
    ps.updateHosts(0, added ? withExtra : hosts, added ? { hostsAdded: [extra], hostsRemoved: [] } : { hostsAdded: [], hostsRemoved: [extra] });
  };
  return { ps, lb, update };
}
