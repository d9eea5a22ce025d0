/**
 * Demo section `locality`.
 */
import { heading } from './format.js';

/** Runs the `locality` demo, writing lines to `out`. */
export function localityDemo(out: (line: string) => void): void {
  out(heading('locality'));
  out('(not available in this build)');
}
