import { Host } from '../../../src/host/host.js';
import { locality } from '../../../src/host/locality.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { ScriptedRandom } from '../../../src/common/random.js';
import { subset } from '../../../src/policies/subset/index.js';
import type { SubsetOptions } from '../../../src/policies/subset/options.js';
import type { SubsetLoadBalancer } from '../../../src/policies/subset/subset.js';
import type { MetadataValue } from '../../../src/host/metadata.js';

/** A host on 127.0.0.1 with `envoy.lb` metadata. */
export function h(port: number, metadata: Record<string, unknown> = {}, extra: { zone?: string; status?: 'HEALTHY' | 'UNHEALTHY' | 'DEGRADED'; weight?: number } = {}): Host {
  return new Host({
    address: `127.0.0.1:${port}`,
    metadata,
    locality: extra.zone === undefined ? undefined : locality({ zone: extra.zone }),
    healthStatus: extra.status ?? 'HEALTHY',
    weight: extra.weight,
  });
}

/** A single-priority set of the hosts. */
export function setOf(...hosts: Host[]): PrioritySet {
  const ps = new PrioritySet();
  ps.updateHosts(0, hosts);
  return ps;
}

/** A subset load balancer whose random source returns 0 forever (Envoy's NiceMock default). */
export function lbOf(ps: PrioritySet, options: Omit<SubsetOptions, 'random'> & { random?: SubsetOptions['random'] }): SubsetLoadBalancer {
  return subset(ps, { random: new ScriptedRandom([], '0'), ...options });
}

/** Picks `n` times with these criteria and returns the addresses (null for no host). */
export function picks(lb: SubsetLoadBalancer, n: number, criteria?: Record<string, MetadataValue> | ReadonlyMap<string, MetadataValue> | null): (string | null)[] {
  const out: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    const host = criteria === undefined ? lb.chooseHost() : lb.chooseHost(criteria === null ? {} : { metadataMatch: criteria });
    out.push(host === null ? null : host.address);
  }
  return out;
}

/** `127.0.0.1:port` for each port. */
export function addrs(...ports: number[]): string[] {
  return ports.map((p) => `127.0.0.1:${p}`);
}

/** JSON text of a metadata value, writing -0 as `-0`. */
export function fmt(v: MetadataValue): string {
  return JSON.stringify(v, (_k, x) => (Object.is(x, -0) ? '\u0000-0' : x)).replace(/"\\u0000-0"/g, '-0');
}

/** The subsets as `{ "k=v,k=v": [addresses] }` (values as JSON, -0 kept apart from 0). */
export function subsetMap(lb: SubsetLoadBalancer, activeOnly = false): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of lb.subsets()) {
    if (activeOnly && !s.active) continue;
    out[s.metadata.map(([k, v]) => `${k}=${fmt(v)}`).join(',')] = s.hosts.map((x) => x.address);
  }
  return out;
}
