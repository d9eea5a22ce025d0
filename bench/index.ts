/**
 * Runs the benchmarks: `npm run bench` (all) or `npm run bench -- ring maglev` (files whose name
 * contains one of the words). Each `bench/*.bench.ts` registers mitata groups; this file imports
 * them and runs mitata once.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { run } from 'mitata';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();
for (const f of files) await import(pathToFileURL(join(here, f)).href);
await run({ format: process.argv.includes('--json') ? 'json' : 'mitata' });
const afterRun = (globalThis as { __benchAfterRun?: Array<() => void> }).__benchAfterRun ?? [];
for (const fn of afterRun) fn();
