/**
 * Demo section `ring-hash`.
 */
import { heading } from './format.js';

/** Runs the `ring-hash` demo, writing lines to `out`. */
export function ringHashDemo(out: (line: string) => void): void {
  out(heading('ring-hash'));
  out('(not available in this build)');
}
