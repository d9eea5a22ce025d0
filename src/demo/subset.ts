/**
 * Demo section `subset`.
 */
import { heading } from './format.js';

/** Runs the `subset` demo, writing lines to `out`. */
export function subsetDemo(out: (line: string) => void): void {
  out(heading('subset'));
  out('(not available in this build)');
}
