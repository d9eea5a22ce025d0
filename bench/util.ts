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
  for (let i = 0; i < 100_000; i++) fn();
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

/** Result of {@link pairedRatio}: time of `a` over time of `b`, per interleaved round. */
export interface PairedRatio {
  /** Median of the per-round ratios. */
  median: number;
  /** First and third quartiles of the per-round ratios. */
  q1: number;
  q3: number;
  /** Mean nanoseconds per call of `a` and of `b` over all rounds. */
  nsA: number;
  nsB: number;
}

/**
 * How much slower `a` is than `b` (a ratio of times), measured in interleaved rounds: each round
 * runs `batch` calls of `a`, then `batch` calls of `b`, and records the ratio of the two times;
 * the result is the median over `rounds`. Both run within milliseconds of each other, so changes
 * of machine speed (frequent on shared VMs, and what makes two separately measured medians
 * disagree by tens of percent) cancel out. Each function gets its own freshly compiled loop, so
 * neither shares a call site (and its type feedback) with the other.
 */
export function pairedRatio(a: () => unknown, b: () => unknown, rounds = 300, batch = 20_000): PairedRatio {
  const makeLoop = () => fresh<(f: () => unknown, n: number) => unknown>(['f', 'n'], 'let x; for (let i = 0; i < n; i++) x = f(); return x;');
  const loopA = makeLoop();
  const loopB = makeLoop();
  for (let i = 0; i < 30; i++) {
    loopA(a, batch);
    loopB(b, batch);
  }
  const ratios: number[] = [];
  let totalA = 0;
  let totalB = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    loopA(a, batch);
    const t1 = performance.now();
    loopB(b, batch);
    const t2 = performance.now();
    ratios.push((t1 - t0) / (t2 - t1));
    totalA += t1 - t0;
    totalB += t2 - t1;
  }
  ratios.sort((x, y) => x - y);
  const at = (q: number) => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))];
  const ns = (ms: number) => (ms * 1e6) / (rounds * batch);
  return { median: at(0.5), q1: at(0.25), q3: at(0.75), nsA: ns(totalA), nsB: ns(totalB) };
}

let freshCount = 0;

/**
 * A function compiled from `body` with its own bytecode and type feedback: V8 caches compiled
 * `new Function` sources, so identical sources would share feedback; a unique comment prevents it.
 * Benchmarks build their measured closures with it, so a call site that sees one table or load
 * balancer is not made polymorphic by another instance measured earlier in the same process.
 */
export function fresh<F>(params: string[], body: string, ...args: unknown[]): F {
  const f = new Function(...params, `/* ${++freshCount} */ ${body}`);
  return (args.length > 0 ? f(...args) : f) as F;
}

/** One line for a {@link pairedRatio} result. */
export function formatPaired(label: string, p: PairedRatio): string {
  return `${label}: ${p.median.toFixed(2)}x (quartiles ${p.q1.toFixed(2)} to ${p.q3.toFixed(2)}; ${p.nsA.toFixed(1)} ns vs ${p.nsB.toFixed(1)} ns per call)`;
}
