/**
 * Priority failover: three hosts at priority 0, two at priority 1. As priority-0 hosts fail,
 * traffic spills to priority 1 by Envoy's overprovisioning rule.
 * Run: npx tsx examples/priority-failover.ts
 */
import { Cluster, roundRobin, SeededRandom } from '../src/index.js';

export function main(): string[] {
  const cluster = new Cluster({
    endpoints: [
      { priority: 0, endpoints: [{ address: '10.0.0.1:80' }, { address: '10.0.0.2:80' }, { address: '10.0.0.3:80' }] },
      { priority: 1, endpoints: [{ address: '10.0.1.1:80' }, { address: '10.0.1.2:80' }] },
    ],
  });
  const lb = roundRobin(cluster.prioritySet, { random: new SeededRandom(7) });
  const out: string[] = [];
  for (const down of ['10.0.0.1:80', '10.0.0.2:80']) {
    cluster.setHealthStatus(down, 'UNHEALTHY');
    const { healthy } = lb.priorityLoad();
    out.push(`${down} down: P0 ${healthy[0]}%, P1 ${healthy[1]}%`);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(main().join('\n'));
