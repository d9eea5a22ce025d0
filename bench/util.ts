/**
 * Helpers shared by the benchmarks: host sets of a given size, and allocation measurement
 * (bytes allocated per call, from the heap delta over many calls with GC forced before and after).
 */
import { Host } from '../src/host/host.js';
import { PrioritySet } from '../src/cluster/priority-set.js';

/** Host counts every pick benchmark covers. */
export const HOST_COUNTS = [10, 100, 1_000, 10_000] as const;

/** A single-priority set of `n` healthy hosts; weights from `weight(i)` (default 1). */
export function makePrioritySet(n: number, weight: (i: number) => number = () => 1): PrioritySet {
  const ps = new PrioritySet();
  const hosts: Host[] = [];
  for (let i = 0; i < n; i++) {
    hosts.push(new Host({ address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:80`, weight: weight(i) }));
  }
  ps.updateHosts(0, hosts);
  return ps;
}

/**
 * Bytes allocated per call of `fn`: heap growth measured over chunks of 1,000 calls; a chunk during
 * which a garbage collection ran (the heap shrank) is discarded, so collections do not hide
 * allocations. Run under `node --expose-gc` to start from a collected heap. Values below ~0.1 are
 * noise: the call allocates nothing.
 */
export function bytesPerCall(fn: () => unknown, calls = 1_000_000): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 20_000; i++) fn();
  if (gc) gc();
  const chunk = 1_000;
  let bytes = 0;
  let counted = 0;
  let sink: unknown;
  for (let done = 0; done < calls; done += chunk) {
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < chunk; i++) sink = fn();
    const after = process.memoryUsage().heapUsed;
    if (after >= before) {
      bytes += after - before;
      counted += chunk;
    }
  }
  void sink;
  return counted === 0 ? Number.NaN : bytes / counted;
}

/** Registers a report printed after mitata's run (used for allocation and quality tables). */
export function afterRun(fn: () => void): void {
  const g = globalThis as { __benchAfterRun?: Array<() => void> };
  (g.__benchAfterRun ??= []).push(fn);
}
