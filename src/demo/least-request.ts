/**
 * Demo section `least-request`.
 */
import { heading } from './format.js';

/** Runs the `least-request` demo, writing lines to `out`. */
export function leastRequestDemo(out: (line: string) => void): void {
  out(heading('least-request'));
  out('(not available in this build)');
}
