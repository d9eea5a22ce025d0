/**
 * `upstream-lb demo`: Envoy scenarios computed by the library, each printed beside its expectation.
 */
import { priorityDemo } from './priority.js';
import { localityDemo } from './locality.js';
import { leastRequestDemo } from './least-request.js';
import { ringHashDemo } from './ring-hash.js';
import { maglevDemo } from './maglev.js';
import { subsetDemo } from './subset.js';

/** Demo sections in order. */
export const DEMOS: ReadonlyArray<{ name: string; run: (out: (line: string) => void) => void }> = [
  { name: 'priority', run: priorityDemo },
  { name: 'locality', run: localityDemo },
  { name: 'least-request', run: leastRequestDemo },
  { name: 'ring-hash', run: ringHashDemo },
  { name: 'maglev', run: maglevDemo },
  { name: 'subset', run: subsetDemo },
];

/** Runs every demo section (or those named). */
export function runDemo(out: (line: string) => void, names?: readonly string[]): void {
  for (const d of DEMOS) if (!names || names.length === 0 || names.includes(d.name)) d.run(out);
}
