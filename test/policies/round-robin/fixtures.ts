/**
 * Small builders shared by the per-host policy tests: hosts named `127.0.0.1:<port>` as in Envoy's
 * tests, single-priority sets, scripted draws.
 */
import { Host, type EdsHealthStatus } from '../../../src/host/host.js';
import { locality } from '../../../src/host/locality.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { ScriptedRandom } from '../../../src/common/random.js';

/** One host spec: port (address `127.0.0.1:<port>`), weight, health, zone. */
export interface HostSpec {
  port: number;
  weight?: number;
  health?: EdsHealthStatus;
  zone?: string;
  active?: number;
}

/** Creates hosts from specs (or ports). */
export function makeHosts(specs: readonly (HostSpec | number)[]): Host[] {
  return specs.map((s) => {
    const spec = typeof s === 'number' ? { port: s } : s;
    const h = new Host({
      address: `127.0.0.1:${spec.port}`,
      weight: spec.weight ?? 1,
      healthStatus: spec.health ?? 'HEALTHY',
      locality: spec.zone === undefined ? undefined : locality({ zone: spec.zone }),
    });
    h.activeRequests = spec.active ?? 0;
    return h;
  });
}

/** A priority set with `hosts` at priority 0. */
export function setOf(hosts: readonly Host[]): PrioritySet {
  const ps = new PrioritySet();
  ps.updateHosts(0, hosts);
  return ps;
}

/** Scripted draws (then 0 forever), as Envoy's mocked generator. */
export function draws(...values: (number | string)[]): ScriptedRandom {
  return new ScriptedRandom(values, 0);
}

/** Addresses of hosts (null kept). */
export function addresses(hosts: readonly (Host | null)[]): (string | null)[] {
  return hosts.map((h) => (h === null ? null : h.address));
}

/** `n` picks of `pick()`, as addresses. */
export function picks(n: number, pick: () => Host | null): (string | null)[] {
  const out: (Host | null)[] = [];
  for (let i = 0; i < n; i++) out.push(pick());
  return addresses(out);
}
