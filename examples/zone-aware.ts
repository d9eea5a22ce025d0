/**
 * Zone-aware routing: this Envoy runs in zone A; the local cluster says where its peers run.
 * With fewer upstream hosts in zone A than peers, only part of the traffic stays local.
 * Run: npx tsx examples/zone-aware.ts
 */
import { Cluster, locality, roundRobin, SeededRandom } from '../src/index.js';

export function main(): string[] {
  const localLocality = locality({ zone: 'A' });
  const upstream = new Cluster(
    {
      endpoints: [
        { locality: { zone: 'A' }, endpoints: [{ address: '10.0.0.1:80' }] },
        { locality: { zone: 'B' }, endpoints: [{ address: '10.0.1.1:80' }, { address: '10.0.1.2:80' }] },
        { locality: { zone: 'C' }, endpoints: [{ address: '10.0.2.1:80' }, { address: '10.0.2.2:80' }, { address: '10.0.2.3:80' }] },
      ],
    },
    { localLocality },
  );
  const peers = new Cluster(
    { endpoints: ['A', 'B', 'C'].map((zone, i) => ({ locality: { zone }, endpoints: [{ address: `10.9.${i}.1:80` }] })) },
    { localLocality },
  );
  const lb = roundRobin(upstream.prioritySet, {
    random: new SeededRandom(3),
    localPrioritySet: peers.prioritySet,
    zoneAware: { minClusterSize: 3 },
  });
  const zones = new Map<string, number>();
  for (let i = 0; i < 10_000; i++) {
    const z = lb.chooseHost()?.locality.zone ?? 'none';
    zones.set(z, (zones.get(z) ?? 0) + 1);
  }
  // Local share: 1/6 of upstream hosts vs 1/3 of peers -> 50% stays in A; the rest goes where
  // upstream capacity exceeds the peers' share (C: 3/6 vs 1/3).
  return [...zones].sort().map(([z, n]) => `zone ${z}: ${(n / 100).toFixed(1)}%`).concat(`stats: ${JSON.stringify({
    sampled: lb.stats.lb_zone_routing_sampled,
    cross: lb.stats.lb_zone_routing_cross_zone,
  })}`);
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(main().join('\n'));
