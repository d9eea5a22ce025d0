/**
 * Maglev (`MAGLEV`): consistent hashing through a lookup table of prime size M (Eisenbud et al.,
 * "Maglev: A Fast and Reliable Software Network Load Balancer", NSDI 2016, §3.4, pseudocode
 * listing 1), with Envoy's weighting. Each host walks its own permutation of the slots
 * (`offset + next * skip mod M`, offset and skip from xxHash64 of its key with seeds 0 and 1) and
 * claims the next free slot in turn; heavier hosts take a turn more often. A pick is
 * `table[hash % M]`.
 *
 * Mirrors Envoy's `MaglevTable` family in `load_balancing_policies/maglev/maglev_lb.cc`: the
 * entries are sorted by host key so the table does not depend on host order, the fill loop is the
 * same (so the slots equal Envoy's `OriginalMaglevTable` and `CompactMaglevTable`), a single host
 * is a degenerate table (newer Envoy's `DegenerateMaglevTable`), and a retry XORs the hash with
 * `2^64 - attempt`. Slots hold host indices in the narrowest typed array for the host count: one
 * byte per slot up to 255 hosts, two up to 65,535 (Envoy's original table: 16 bytes per slot).
 */
import type { Host } from '../../host/host.js';
import type { PrioritySet } from '../../cluster/priority-set.js';
import { modU64, type U64 } from '../../common/u64.js';
import type { LbStats } from '../../lb/stats.js';
import { xxHash64StringInto } from '../../hash/xxhash64.js';
import {
  hashKeyOf,
  type HostIndexArray,
  hostIndexArray,
  type NormalizedHostWeight,
  type NormalizedHostWeights,
  type ResolvedThreadAwareOptions,
  ThreadAwareLoadBalancer,
  toNormalizedHostWeights,
} from '../../lb/thread-aware.js';
import { type MaglevTableOptions, type ResolvedMaglevOptions, resolveMaglevOptions } from './options.js';

const TWO_POW_32 = 4_294_967_296;
const EMPTY_HOSTS: readonly Host[] = [];
const NULL_HOST: readonly (Host | null)[] = [null];
const zeroSlotsBySize = new Map<number, Uint8Array>();

/** A shared read-only all-zero slot array of `size` slots. */
function zeroSlots(size: number): Uint8Array {
  let z = zeroSlotsBySize.get(size);
  if (z === undefined) {
    z = new Uint8Array(size);
    zeroSlotsBySize.set(size, z);
  }
  return z;
}

/** A built Maglev table: immutable, looked up without allocating. */
export class MaglevTable {
  /** Number of slots M (prime). */
  readonly tableSize: number;
  /** Hosts in build order (sorted by hash key, then host id); slots index into this list. */
  readonly hosts: readonly Host[];
  /**
   * Host index of each slot (length M). Empty for an empty table and for the one-host degenerate
   * table, which needs no slots.
   */
  readonly table: HostIndexArray;
  /** Slots each host claimed, in {@link hosts} order (M for the single host of a degenerate table). */
  readonly entryCounts: Uint32Array;
  /** Envoy's `min_entries_per_host` gauge (1 for a degenerate table, as newer Envoy reports). */
  readonly minEntriesPerHost: number;
  /** Envoy's `max_entries_per_host` gauge (1 for a degenerate table). */
  readonly maxEntriesPerHost: number;
  private readonly pow32ModM: number;
  private readonly pow48ModM: number;
  private readonly inverseM: number;
  private readonly fermat: boolean;
  private readonly single: Host | null;
  /** Slot array read by picks: `table`, or all zeros (index 0) for the empty and one-host tables. */
  private readonly lookup: HostIndexArray;
  /** Hosts read by picks: `hosts`, `[host]` for one host, `[null]` when empty. */
  private readonly lookupHosts: readonly (Host | null)[];

  /** @internal Use {@link buildMaglevTable}. */
  constructor(
    tableSize: number,
    hosts: readonly Host[],
    table: HostIndexArray,
    entryCounts: Uint32Array,
    minEntriesPerHost: number,
    maxEntriesPerHost: number,
  ) {
    this.tableSize = tableSize;
    this.hosts = hosts;
    this.table = table;
    this.entryCounts = entryCounts;
    this.minEntriesPerHost = minEntriesPerHost;
    this.maxEntriesPerHost = maxEntriesPerHost;
    this.pow32ModM = TWO_POW_32 % tableSize;
    this.pow48ModM = modU64(65_536, 0, tableSize);
    this.inverseM = 1 / tableSize;
    this.fermat = tableSize === 65_537;
    this.single = hosts.length === 1 ? hosts[0] : null;
    // The empty and one-host tables have no slots; picks read a shared all-zero array instead, so
    // the hot path has no branch for them.
    this.lookup = table.length === tableSize ? table : zeroSlots(tableSize);
    this.lookupHosts = hosts.length === 0 ? NULL_HOST : hosts;
  }

  /** True for the one-host table, which returns its host for every hash. */
  get degenerate(): boolean {
    return this.single !== null;
  }

  /** Bytes held by the slot array. */
  get byteLength(): number {
    return this.table.byteLength;
  }

  /**
   * The host for hash `[hash[offset], hash[offset + 1]]` (high, low halves) on attempt
   * `attempt`: `table[h % M]`, where a retry (attempt > 0) first XORs h with `2^64 - attempt`
   * (Envoy's `~0ULL - attempt + 1`). Null for an empty table. `offset` lets a caller read
   * hashes stored back to back in one array without copying them.
   */
  chooseHost(hash: Uint32Array, attempt: number, offset = 0): Host | null {
    const table = this.lookup;
    const hosts = this.lookupHosts;
    // The halves are read as int32 (same bits): V8 keeps them in integer registers, whereas
    // uint32 values above 2^31 would need double arithmetic.
    let hi = hash[offset] | 0;
    let lo = hash[offset + 1] | 0;
    if (attempt > 0) {
      hi = ~hi;
      lo ^= ~(attempt - 1);
    }
    if (this.fermat) {
      // M = 65,537 = 2^16 + 1 (Envoy's default): 2^16 = -1 (mod M), so the hash is congruent to
      // the alternating sum of its 16-bit digits, which int32 arithmetic reduces exactly.
      return hosts[table[((lo & 0xffff) - (lo >>> 16) + (hi & 0xffff) - (hi >>> 16) + 131_074) % 65_537]];
    }
    // Any other M: (hi_16 * (2^48 mod M) + hi_0 * (2^32 mod M) + lo) mod M, which stays below
    // 2^41, reduced with a multiplication by 1/M (`%` and `/` on doubles are slow in V8). The
    // rounded quotient is off by at most one, which the last step corrects.
    const m = this.tableSize;
    const t = (hi >>> 16) * this.pow48ModM + (hi & 0xffff) * this.pow32ModM + (lo >>> 0);
    let slot = t - Math.floor(t * this.inverseM) * m;
    if (slot < 0) slot += m;
    else if (slot >= m) slot -= m;
    return hosts[table[slot]];
  }

  /** Slot {@link chooseHost} reads for this hash and attempt. */
  slotOf(hash: Uint32Array, attempt: number): number {
    let hi = hash[0];
    let lo = hash[1];
    if (attempt > 0) {
      hi = ~hi >>> 0;
      lo = (lo ^ ~(attempt - 1)) >>> 0;
    }
    return modU64(hi, lo, this.tableSize);
  }

  /** The host of every slot, M long (empty for an empty table; allocates; for inspection). */
  entries(): Host[] {
    if (this.single !== null) return new Array<Host>(this.tableSize).fill(this.single);
    const out = new Array<Host>(this.table.length);
    for (let i = 0; i < this.table.length; i++) out[i] = this.hosts[this.table[i]];
    return out;
  }
}

/** Compares two strings in the order of their UTF-8 bytes (code point order). */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 puts surrogates (code points >= 0x10000) below U+E000..U+FFFF; UTF-8 does not.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Builds a Maglev table from normalized host weights, exactly as Envoy fills it. The table does
 * not depend on the order of `weights`.
 *
 * @example
 * const t = buildMaglevTable([{ host: a, weight: 1 / 3 }, { host: b, weight: 2 / 3 }], { tableSize: 7 });
 * t.entryCounts; // slots per host, in t.hosts order
 * t.chooseHost(Uint32Array.of(0, 3), 0); // t.hosts[t.table[3]]
 * @throws UpstreamLbError for a table size that is not a prime in [2, 5,000,011]
 */
export function buildMaglevTable(
  weights: NormalizedHostWeights | readonly NormalizedHostWeight[],
  options: MaglevTableOptions = {},
): MaglevTable {
  return buildMaglevUnchecked(toNormalizedHostWeights(weights), resolveMaglevOptions(options));
}

const hashOut: U64 = { hi: 0, lo: 0 };
let fillScratch = new Int32Array(0);

/** @internal Maglev build from validated inputs (the load balancer's rebuild path). */
export function buildMaglevUnchecked(weights: NormalizedHostWeights, options: ResolvedMaglevOptions): MaglevTable {
  const m = options.tableSize;
  const n = weights.size;
  if (n === 0) return new MaglevTable(m, EMPTY_HOSTS, new Uint8Array(0), new Uint32Array(0), m, 0);

  // Stable order: by key bytes, then host identity, then weight (Envoy sorts (key, host, weight)
  // tuples; its host tie-break is a pointer, ours the host id).
  const keys = weights.hosts.map((h) => hashKeyOf(h, options.useHostnameForHashing));
  const order = keys.map((_, i) => i);
  const w0 = weights.weights;
  order.sort((i, j) => compareUtf8(keys[i], keys[j]) || weights.hosts[i].id - weights.hosts[j].id || w0[i] - w0[j]);
  const hosts = order.map((i) => weights.hosts[i]);
  if (n === 1) {
    return new MaglevTable(m, hosts, new Uint8Array(0), Uint32Array.of(m), 1, 1);
  }
  const w = new Float64Array(n);
  const skip = new Int32Array(n);
  const next = new Int32Array(n);
  const out = hashOut;
  for (let k = 0; k < n; k++) {
    const key = keys[order[k]];
    w[k] = w0[order[k]];
    xxHash64StringInto(key, 0, 0, out);
    next[k] = modU64(out.hi, out.lo, m);
    xxHash64StringInto(key, 0, 1, out);
    skip[k] = modU64(out.hi, out.lo, m - 1) + 1;
  }

  // Fill a reused Int32Array (-1 = free) so the hot loop sees one element type, then narrow it.
  if (fillScratch.length < m) fillScratch = new Int32Array(m);
  const slots = fillScratch;
  slots.fill(-1, 0, m);
  const target = new Float64Array(n);
  const counts = new Uint32Array(n);
  const maxW = weights.max;
  let filled = 0;
  for (let iteration = 1; filled < m; iteration++) {
    for (let k = 0; k < n && filled < m; k++) {
      // A host of weight maxW takes a slot every iteration, one of maxW / 3 every third.
      if (iteration * w[k] < target[k]) continue;
      target[k] += maxW;
      const s = skip[k];
      // next[k] is the host's current permutation position, offset + next * skip (mod M).
      let c = next[k];
      while (slots[c] !== -1) {
        c += s;
        if (c >= m) c -= m;
      }
      slots[c] = k;
      c += s;
      if (c >= m) c -= m;
      next[k] = c;
      counts[k]++;
      filled++;
    }
  }
  const table = hostIndexArray(n, m);
  table.set(m === slots.length ? slots : slots.subarray(0, m));
  let min = m;
  let max = 0;
  for (let k = 0; k < n; k++) {
    if (counts[k] < min) min = counts[k];
    if (counts[k] > max) max = counts[k];
  }
  return new MaglevTable(m, hosts, table, counts, min, max);
}

/** Maglev over a priority set, with `lastMaglevTable()` for inspection. Build one with `maglev()`. */
export class MaglevLoadBalancer extends ThreadAwareLoadBalancer<MaglevTable> {
  /** The validated table options. */
  readonly maglevOptions: ResolvedMaglevOptions;

  /**
   * @param prioritySet hosts to balance over
   * @param maglevOptions validated table options
   * @param options validated shared options
   */
  constructor(prioritySet: PrioritySet, maglevOptions: ResolvedMaglevOptions, options: ResolvedThreadAwareOptions) {
    super(prioritySet, (weights, stats) => maglevBuilder(weights, stats, maglevOptions), options);
    this.maglevOptions = maglevOptions;
  }

  /** Host of each slot of the last table built with at least one host. */
  lastMaglevTable(): readonly Host[] {
    const t = this.lastTable();
    return t === null ? [] : t.entries();
  }
}

function maglevBuilder(weights: NormalizedHostWeights, stats: LbStats, options: ResolvedMaglevOptions): MaglevTable {
  const table = buildMaglevUnchecked(weights, options);
  if (weights.size > 0) {
    stats.min_entries_per_host = table.minEntriesPerHost;
    stats.max_entries_per_host = table.maxEntriesPerHost;
  }
  return table;
}
