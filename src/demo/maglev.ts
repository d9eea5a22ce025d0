/**
 * Demo section `maglev`.
 */
import { heading } from './format.js';

/** Runs the `maglev` demo, writing lines to `out`. */
export function maglevDemo(out: (line: string) => void): void {
  out(heading('maglev'));
  out('(not available in this build)');
}
