/**
 * Runs conformance vectors (format `upstream-lb-conformance/1`, see `test/conformance/SCHEMA.md`):
 * Envoy's own test expectations replayed through the library. Each vector either calls a pure
 * function or builds a load balancer from an Envoy `Cluster` with scripted random draws and runs
 * steps against it.
 */
import { ScriptedRandom } from '../common/random.js';
import { ManualClock } from '../common/clock.js';
import { type U64, u64FromDecimal, u64ToDecimal } from '../common/u64.js';
import { priorityLoad, type PriorityCounts } from '../common/priority.js';
import { effectiveLocalityWeight } from '../common/locality.js';
import { EdfScheduler } from '../common/edf.js';
import type { Host, EdsHealthStatus } from '../host/host.js';
import type { LoadBalancerContext } from '../lb/context.js';
import type { LoadBalancer } from '../lb/load-balancer.js';
import { loadCluster, type LoadedCluster } from '../config/load.js';
import { parseLoadAssignment } from '../config/load-assignment.js';
import { ReadLog } from '../config/reader.js';
import type { MetadataValue } from '../host/metadata.js';
import { CALL_HANDLERS, type CallHandler } from './calls.js';
import { inspectRing, inspectTable } from './inspect.js';

/** A conformance vector (see SCHEMA.md). */
export interface Vector {
  /** Unique, stable id. */
  id: string;
  /** Envoy file and test the expectation comes from. */
  source?: string;
  /** Area (priority-load, locality, edf, round-robin, ...). */
  area: string;
  /** One line. */
  description?: string;
  /** Function form: a pure call and its expected result. */
  call?: VectorCall;
  /** Scenario form: an Envoy v3 `Cluster`. */
  cluster?: unknown;
  /** Scenario form, zone-aware: the local cluster's `ClusterLoadAssignment`. */
  local_cluster?: unknown;
  /** Scenario form: the local Envoy's `node` (its locality). */
  node?: Record<string, unknown>;
  /** Scenario form: scripted random draws (decimal u64 strings), then `default` forever. */
  random?: Record<string, unknown>;
  /** Scenario form: operations with expectations. */
  steps?: Record<string, unknown>[];
  /** Construction must fail with a message containing this text. */
  expect_error?: string;
}

/** Function form of a {@link Vector}. */
export interface VectorCall {
  /** Function name (priorityLoad, edf, xxHash64, ...). */
  fn: string;
  /** Arguments. */
  args: Record<string, unknown>;
  /** Expected result. */
  expect: unknown;
}

/** Outcome of one vector. */
export interface VectorResult {
  /** Vector id. */
  id: string;
  /** Vector area. */
  area: string;
  /** Outcome. */
  status: 'passed' | 'failed' | 'skipped';
  /** For failures: which step or check failed. */
  where?: string;
  /** For failures: the expectation. */
  expected?: unknown;
  /** For failures: what the library produced. */
  actual?: unknown;
  /** For skips and errors: why. */
  message?: string;
}

/** Options of {@link runVectors}. */
export interface RunOptions {
  /** Areas to run (others are skipped). @defaultValue every area */
  areas?: ReadonlySet<string> | null;
}

class StepFailure extends Error {
  constructor(
    readonly where: string,
    readonly expected: unknown,
    readonly actual: unknown,
  ) {
    super(where);
  }
}

/** Runs every vector and returns one result each. */
export function runVectors(vectors: readonly Vector[], options: RunOptions = {}): VectorResult[] {
  const areas = options.areas ?? null;
  return vectors.map((v) => runVector(v, areas));
}

/** Runs one vector. */
export function runVector(v: Vector, areas: ReadonlySet<string> | null = null): VectorResult {
  const base = { id: v.id, area: v.area };
  if (areas !== null && !areas.has(v.area)) return { ...base, status: 'skipped', message: `area "${v.area}" not selected` };
  try {
    if (v.call) runCall(v.call);
    else runScenario(v);
    return { ...base, status: 'passed' };
  } catch (e) {
    if (e instanceof StepFailure) return { ...base, status: 'failed', where: e.where, expected: e.expected, actual: e.actual };
    if (e instanceof SkipVector) return { ...base, status: 'skipped', message: e.message };
    return { ...base, status: 'failed', where: 'error', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** Thrown by a call handler that cannot run a vector in this build. */
export class SkipVector extends Error {}

function runCall(call: NonNullable<Vector['call']>): void {
  const handler: CallHandler | undefined = CORE_CALLS[call.fn] ?? CALL_HANDLERS[call.fn];
  if (!handler) throw new SkipVector(`function "${call.fn}" has no handler`);
  const actual = handler(call.args);
  compare('expect', call.expect, actual);
}

const CORE_CALLS: Record<string, CallHandler> = {
  priorityLoad(args) {
    const priorities = (args.priorities as Record<string, unknown>[]).map(
      (p): PriorityCounts => ({
        hosts: p.hosts as number,
        healthy: p.healthy as number,
        degraded: p.degraded as number,
        excluded: p.excluded as number,
        overprovisioningFactor: (p.overprovisioning_factor as number | undefined) ?? 140,
        weightedPriorityHealth: (p.weighted_priority_health as boolean | undefined) ?? false,
        weights: p.weights as number[] | undefined,
      }),
    );
    const r = priorityLoad(priorities, { healthyPanicThreshold: (args.healthy_panic_threshold as number | undefined) ?? 50 });
    return { healthy: r.healthy, degraded: r.degraded, panic: r.panic };
  },
  effectiveLocalityWeight(args) {
    const opf = (args.overprovisioning_factor as number | undefined) ?? 140;
    return (args.localities as Record<string, number>[]).map((l) =>
      effectiveLocalityWeight(l.weight, l.hosts, l.eligible, l.excluded ?? 0, opf),
    );
  },
  edf(args) {
    const entries = args.entries as { id: string; weight: number }[];
    const weights = entries.map((e) => e.weight);
    const indexOf = new Map(entries.map((e, i) => [e.id, i]));
    const weightOf = (i: number) => weights[i];
    let s: EdfScheduler;
    if (args.picks !== undefined) {
      s = EdfScheduler.createWithPicks(entries.length, weightOf, args.picks as number);
    } else {
      s = new EdfScheduler(entries.length);
      entries.forEach((e, i) => s.add(e.weight, i));
    }
    const out: (string | null)[] = [];
    for (const op of args.ops as Record<string, unknown>[]) {
      if (op.pick) {
        const e = s.pickAndAdd(weightOf);
        out.push(e < 0 ? null : entries[e].id);
      } else if (op.peek) {
        const e = s.peekAgain(weightOf);
        out.push(e < 0 ? null : entries[e].id);
      } else if (op.set_weight) {
        for (const [id, w] of Object.entries(op.set_weight as Record<string, number>)) {
          const i = indexOf.get(id);
          if (i === undefined) throw new Error(`edf: unknown entry ${id}`);
          weights[i] = w;
        }
      } else {
        throw new Error(`edf: unknown op ${JSON.stringify(op)}`);
      }
    }
    return out;
  },
};

/** Deep comparison; numbers within 1e-9 relative/absolute tolerance only when `tolerant`. */
function equalValues(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isInteger(expected) && Number.isInteger(actual)) return expected === actual;
    return Math.abs(expected - actual) <= 1e-9 * Math.max(1, Math.abs(expected));
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.length === actual.length && expected.every((e, i) => equalValues(e, actual[i]));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    // Only keys present in the expectation are compared (SCHEMA: "any key may be omitted").
    return Object.keys(expected).every((k) => equalValues((expected as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k]));
  }
  return expected === actual;
}

function compare(where: string, expected: unknown, actual: unknown): void {
  if (!equalValues(expected, actual)) throw new StepFailure(where, expected, actual);
}

function u64Of(text: unknown): U64 {
  return u64FromDecimal(String(text));
}

/** Builds a LoadBalancerContext from a pick/peek object; null for `{}` (no context). */
function contextOf(pick: Record<string, unknown>, lb: LoadBalancer, loaded: LoadedCluster): LoadBalancerContext | null {
  const keys = Object.keys(pick).filter((k) => k !== 'hash_seq');
  if (keys.length === 0) return null;
  const ctx: LoadBalancerContext = {};
  if (pick.hash !== undefined) ctx.hashKey = u64Of(pick.hash);
  if (pick.metadata_match !== undefined) ctx.metadataMatch = pick.metadata_match as Record<string, MetadataValue>;
  if (pick.retry !== undefined) {
    const retry = pick.retry as { count: number; reject: string[] | 'all' };
    ctx.hostSelectionRetryCount = retry.count;
    const reject = retry.reject;
    ctx.shouldSelectAnotherHost = reject === 'all' ? () => true : (h: Host) => reject.includes(h.address);
  }
  if (pick.priority_load !== undefined) {
    const pl = pick.priority_load as { healthy: number[]; degraded: number[] };
    ctx.determinePriorityLoad = () => pl;
  }
  void lb;
  void loaded;
  return ctx;
}

function addressOf(h: Host | null): string | null {
  return h === null ? null : h.address;
}

function runScenario(v: Vector): void {
  const draws = (v.random?.draws as string[] | undefined) ?? [];
  const random = new ScriptedRandom(draws, (v.random?.default as string | undefined) ?? '0');
  const clock = new ManualClock(0);
  const nl = v.node?.locality as Record<string, string> | undefined;
  const node = nl ? { locality: { region: nl.region, zone: nl.zone, subZone: nl.sub_zone } } : null;
  let loaded: LoadedCluster;
  try {
    const runtimeRandom = new ScriptedRandom([], '0');
    loaded = loadCluster(v.cluster, { random, runtimeRandom, clock, node, localCluster: v.local_cluster });
  } catch (e) {
    if (v.expect_error !== undefined) {
      const msg = e instanceof Error ? e.message : String(e);
      if (!msg.toLowerCase().includes(v.expect_error.toLowerCase())) throw new StepFailure('expect_error', v.expect_error, msg);
      return;
    }
    throw e;
  }
  if (v.expect_error !== undefined) throw new StepFailure('expect_error', v.expect_error, 'no error');
  const lb = loaded.lb;
  (v.steps ?? []).forEach((step, i) => runStep(step, `steps[${i}]`, lb, loaded, clock));
}

function runStep(step: Record<string, unknown>, where: string, lb: LoadBalancer, loaded: LoadedCluster, clock: ManualClock): void {
  const op = (pick: Record<string, unknown>, k: number, peek: boolean): Host | null => {
    let ctx = contextOf(pick, lb, loaded);
    if (pick.hash_seq !== undefined) {
      const seq = pick.hash_seq as { start: string; step: string };
      const h = (BigInt(seq.start) + BigInt(k) * BigInt(seq.step)) & 0xffff_ffff_ffff_ffffn;
      ctx = { ...(ctx ?? {}), hashKey: h };
    }
    return peek ? lb.peekAnotherHost(ctx) : lb.chooseHost(ctx);
  };
  if (step.pick !== undefined || step.peek !== undefined) {
    const peek = step.peek !== undefined;
    const pick = (peek ? step.peek : step.pick) as Record<string, unknown>;
    if (step.repeat !== undefined) {
      const n = step.repeat as number;
      const hosts: (Host | null)[] = [];
      for (let k = 0; k < n; k++) hosts.push(op(pick, k, peek));
      if (step.expect !== undefined) compare(`${where} (repeat ${n})`, step.expect, hosts.map(addressOf));
      if (step.expect_zones !== undefined) {
        compare(`${where} (repeat ${n}, zones)`, step.expect_zones, hosts.map((h) => (h === null ? null : h.locality.zone)));
      }
      return;
    }
    if (step.count !== undefined) {
      const n = step.count as number;
      const byHost: Record<string, number> = {};
      const byZone: Record<string, number> = {};
      let nulls = 0;
      for (let k = 0; k < n; k++) {
        const h = op(pick, k, peek);
        if (h === null) {
          nulls++;
          continue;
        }
        byHost[h.address] = (byHost[h.address] ?? 0) + 1;
        byZone[h.locality.zone] = (byZone[h.locality.zone] ?? 0) + 1;
      }
      if (step.expect_counts !== undefined) {
        compareCounts(`${where} (count ${n})`, step.expect_counts as Record<string, number>, byHost, nulls);
      }
      if (step.expect_zone_counts !== undefined) {
        compareCounts(`${where} (count ${n}, zones)`, step.expect_zone_counts as Record<string, number>, byZone, nulls);
      }
      return;
    }
    const h = op(pick, 0, peek);
    if (step.expect !== undefined) compare(`${where} (${peek ? 'peek' : 'pick'})`, step.expect, addressOf(h));
    return;
  }
  if (step.set_active_requests !== undefined) {
    for (const [addr, n] of Object.entries(step.set_active_requests as Record<string, number>)) {
      const h = loaded.cluster.host(addr);
      if (!h) throw new Error(`${where}: unknown host ${addr}`);
      h.activeRequests = n;
    }
    return;
  }
  if (step.set_health !== undefined) {
    for (const [addr, status] of Object.entries(step.set_health as Record<string, EdsHealthStatus>)) {
      loaded.cluster.setHealthStatus(addr, status);
    }
    return;
  }
  if (step.update !== undefined) {
    const u = step.update as { load_assignment: unknown };
    loaded.cluster.update(parseLoadAssignment(u.load_assignment, 'update.load_assignment', new ReadLog()));
    return;
  }
  if (step.advance_time_ms !== undefined) {
    clock.advance(step.advance_time_ms as number);
    return;
  }
  if (step.refresh !== undefined) {
    loaded.cluster.prioritySet.refresh();
    return;
  }
  if (step.expect_loads !== undefined) {
    compare(`${where} (loads)`, step.expect_loads, lb.priorityLoad());
    return;
  }
  if (step.expect_stats !== undefined) {
    const expected = step.expect_stats as Record<string, number>;
    const actual: Record<string, number> = {};
    const stats = lb.stats as unknown as Record<string, number>;
    for (const k of Object.keys(expected)) actual[k] = stats[k];
    compare(`${where} (stats)`, expected, actual);
    return;
  }
  if (step.expect_table !== undefined) {
    compare(`${where} (table)`, step.expect_table, inspectTable(lb).map(addressOf));
    return;
  }
  if (step.expect_ring !== undefined) {
    const ring = inspectRing(lb).map(([h, hash]) => [h.address, u64ToDecimal(hash)]);
    compare(`${where} (ring)`, step.expect_ring, ring);
    return;
  }
  throw new Error(`${where}: unknown step ${JSON.stringify(step).slice(0, 80)}`);
}

function compareCounts(where: string, expected: Record<string, number>, actual: Record<string, number>, nulls: number): void {
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  const e: Record<string, number> = {};
  const a: Record<string, number> = {};
  for (const k of keys) {
    e[k] = expected[k] ?? 0;
    a[k] = actual[k] ?? 0;
  }
  if (nulls > 0) a['(no host)'] = nulls;
  if (nulls > 0 || [...keys].some((k) => e[k] !== a[k])) throw new StepFailure(where, expected, a);
}

/** Counts of vector outcomes. */
export interface Tally {
  /** Vectors whose every expectation held. */
  passed: number;
  /** Vectors with a failed expectation or an error. */
  failed: number;
  /** Vectors not run: a function without a handler, or an area not selected. */
  skipped: number;
}

/** Summary counts of results. */
export function summarize(results: readonly VectorResult[]): Tally {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of results) {
    if (r.status === 'passed') passed++;
    else if (r.status === 'failed') failed++;
    else skipped++;
  }
  return { passed, failed, skipped };
}

/** Text report: failures with id, expected and actual; skipped vectors listed; last line the tally. */
export function formatReport(results: readonly VectorResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    if (r.status !== 'failed') continue;
    lines.push(`FAIL ${r.id} [${r.area}] at ${r.where ?? '?'}`);
    if (r.message) lines.push(`  ${r.message}`);
    if ('expected' in r) lines.push(`  expected: ${JSON.stringify(r.expected)}`);
    if ('actual' in r) lines.push(`  actual:   ${JSON.stringify(r.actual)}`);
  }
  const skipped = results.filter((r) => r.status === 'skipped');
  if (skipped.length > 0) {
    lines.push(`skipped (${skipped.length}):`);
    for (const r of skipped) lines.push(`  SKIP ${r.id} [${r.area}]: ${r.message ?? ''}`);
  }
  const s = summarize(results);
  lines.push(`${s.passed} passed, ${s.failed} failed${s.skipped > 0 ? `, ${s.skipped} skipped` : ''}`);
  return lines.join('\n');
}
