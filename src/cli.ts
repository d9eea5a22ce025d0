/**
 * The `upstream-lb` command line: run conformance vectors, show the demo, inspect Envoy config.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { formatReport, runVectors, summarize, type Vector } from './conformance/runner.js';
import { runDemo, DEMOS } from './demo/index.js';
import { clustersOf, loadCluster, nodeLocalityOf } from './config/load.js';
import { SeededRandom } from './common/random.js';

const USAGE = `usage:
  upstream-lb conformance FILE...     run conformance vectors (JSON, format upstream-lb-conformance/1)
  upstream-lb demo [SECTION...]       Envoy scenarios computed by the library (${DEMOS.map((d) => d.name).join(', ')})
  upstream-lb load FILE [--picks N]   load Envoy config (JSON or YAML: Cluster, list or bootstrap) and pick
`;

function readDoc(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  if (/\.ya?ml$/i.test(file)) return parseYaml(text);
  try {
    return JSON.parse(text);
  } catch {
    return parseYaml(text);
  }
}

function conformance(files: string[]): number {
  if (files.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  let vectors: Vector[] = [];
  for (const f of files) {
    const doc = readDoc(f) as { schema?: string; vectors?: Vector[] };
    if (doc.schema !== 'upstream-lb-conformance/1' || !Array.isArray(doc.vectors)) {
      process.stderr.write(`${f}: not an upstream-lb-conformance/1 file\n`);
      return 2;
    }
    vectors = vectors.concat(doc.vectors);
  }
  const results = runVectors(vectors);
  process.stdout.write(`${formatReport(results)}\n`);
  return summarize(results).failed > 0 ? 1 : 0;
}

function load(args: string[]): number {
  const file = args[0];
  if (!file) {
    process.stderr.write(USAGE);
    return 2;
  }
  const i = args.indexOf('--picks');
  const picks = i >= 0 ? Number(args[i + 1]) : 1000;
  const doc = readDoc(file);
  const node = nodeLocalityOf(doc);
  for (const c of clustersOf(doc)) {
    const loaded = loadCluster(c, { random: new SeededRandom(1), node: node ? { locality: node } : null });
    process.stdout.write(`cluster ${loaded.name} (${loaded.spec.lbPolicy})\n`);
    if (loaded.ignoredFields.length) process.stdout.write(`  ignored: ${loaded.ignoredFields.join(', ')}\n`);
    for (const n of loaded.notices) process.stdout.write(`  note: ${n}\n`);
    const loads = loaded.lb.priorityLoad();
    process.stdout.write(`  priority load: healthy ${JSON.stringify(loads.healthy)} degraded ${JSON.stringify(loads.degraded)} panic ${JSON.stringify(loads.panic)}\n`);
    const counts = new Map<string, number>();
    for (let k = 0; k < picks; k++) {
      const h = loaded.lb.chooseHost();
      const key = h ? h.address : '(none)';
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [k, n] of counts) process.stdout.write(`  ${k}: ${n} (${((100 * n) / picks).toFixed(1)}%)\n`);
  }
  return 0;
}

function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'conformance':
      return conformance(rest);
    case 'demo':
      runDemo((line) => process.stdout.write(`${line}\n`), rest);
      return 0;
    case 'load':
      return load(rest);
    default:
      process.stderr.write(USAGE);
      return cmd === undefined || cmd === '--help' || cmd === '-h' ? 0 : 2;
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`upstream-lb: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
}
