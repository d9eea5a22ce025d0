/**
 * `upstream-lb demo`: Envoy scenarios computed by the library, each printed beside its expectation.
 */
import { priorityDemo } from './priority.js';

/** Demo sections in order. */
export const DEMOS: ReadonlyArray<{ name: string; run: (out: (line: string) => void) => void }> = [
  { name: 'priority', run: priorityDemo },
];

/** Runs every demo section (or those named). */
export function runDemo(out: (line: string) => void, names?: readonly string[]): void {
  for (const d of DEMOS) if (!names || names.length === 0 || names.includes(d.name)) d.run(out);
}
