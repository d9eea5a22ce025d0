/**
 * Explain a pick: the draw, the priority, panic, the host source and the host, per attempt.
 * Run: npx tsx examples/explain.ts
 */
import { Cluster, random, ScriptedRandom } from '../src/index.js';

export function main(): string[] {
  const cluster = new Cluster({
    endpoints: [
      { endpoints: [{ address: '10.0.0.1:80' }, { address: '10.0.0.2:80', healthStatus: 'UNHEALTHY' }] },
      { priority: 1, endpoints: [{ address: '10.0.1.1:80' }] },
    ],
  });
  // The draw 42 chooses the priority (42 % 100 + 1 = 43 against loads 70/30) and the host.
  const lb = random(cluster.prioritySet, { random: new ScriptedRandom(['42', '85']) });
  return [lb.explain(), lb.explain()].map((e) => {
    const a = e.attempts[0];
    return `draw ${a.hash}: priority ${a.priority} (${a.availability}), panic ${a.panic}, source ${a.source} -> ${e.host?.address}`;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(main().join('\n'));
