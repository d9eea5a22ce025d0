/**
 * Expected traffic shares from the load balancer's own priority math: each priority's healthy load
 * spread evenly over its healthy hosts (all hosts when the priority is in panic), degraded load over
 * its degraded hosts. Exact for unweighted round robin and random without localities.
 */
import type { Host } from '../host/host.js';
import type { LoadBalancer } from '../lb/load-balancer.js';

/** Expected share per host address. */
export function expectedShares(lb: LoadBalancer): Map<string, number> {
  const { healthy, degraded, panic } = lb.priorityLoad();
  const out = new Map<string, number>();
  const add = (hosts: readonly Host[], load: number) => {
    if (hosts.length === 0) return;
    for (const h of hosts) out.set(h.address, (out.get(h.address) ?? 0) + load / 100 / hosts.length);
  };
  lb.prioritySet.hostSets.forEach((set, p) => {
    for (const h of set.hosts) if (!out.has(h.address)) out.set(h.address, 0);
    if (panic[p]) {
      add(set.hosts, (healthy[p] ?? 0) + (degraded[p] ?? 0));
    } else {
      add(set.healthyHosts, healthy[p] ?? 0);
      add(set.degradedHosts, degraded[p] ?? 0);
    }
  });
  return out;
}

/** Counts picks per host address over `n` picks. */
export function countPicks(lb: LoadBalancer, n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const h = lb.chooseHost();
    const k = h === null ? '(none)' : h.address;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}
