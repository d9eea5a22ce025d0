/**
 * Ring hash (`RING_HASH`): ketama consistent hashing. Each host gets ring entries at
 * `hash(key + "_" + i)`, proportionally to its normalized weight; a request goes to the first entry
 * at or after its hash, wrapping to the start. Mirrors Envoy's `RingHashLoadBalancer::Ring` in
 * `load_balancing_policies/ring_hash/ring_hash_lb.cc`.
 *
 * Layout: the sorted entry hashes as two parallel `Uint32Array`s (high and low halves) plus a
 * host-index array in the narrowest typed array for the host count: 9 to 12 bytes per entry. Envoy
 * keeps a `{uint64_t, shared_ptr}` vector (24 bytes per entry).
 */
import type { Host } from '../../host/host.js';
import type { PrioritySet } from '../../cluster/priority-set.js';
import type { U64 } from '../../common/u64.js';
import type { LbStats } from '../../lb/stats.js';
import { UpstreamLbError } from '../../errors.js';
import { xxHash64Bytes } from '../../hash/xxhash64.js';
import { MURMUR_HASH2_DEFAULT_SEED_LO, murmurHash2Bytes } from '../../hash/murmur2.js';
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
import { type ResolvedRingOptions, resolveRingOptions, type RingOptions } from './options.js';

const EMPTY_HOSTS: readonly Host[] = [];

/**
 * A built ring: immutable, looked up without allocating. Entries are sorted by hash (ties, which
 * need equal 64-bit hashes, by host id; Envoy leaves their order unspecified).
 */
export class Ring {
  /** Hosts in normalization order; `hostIndex` points into this list. */
  readonly hosts: readonly Host[];
  /** High 32 bits of each entry's hash, ascending with `hashLo`. */
  readonly hashHi: Uint32Array;
  /** Low 32 bits of each entry's hash. */
  readonly hashLo: Uint32Array;
  /** Index into {@link hosts} of each entry. */
  readonly hostIndex: HostIndexArray;
  /** Envoy's `size` gauge: `ceil(scale)`, the intended entry count (0 for an empty ring). */
  readonly size: number;
  /** Fewest entries of a host (Envoy's `min_hashes_per_host`; 0 for an empty ring). */
  readonly minHashesPerHost: number;
  /** Most entries of a host (Envoy's `max_hashes_per_host`). */
  readonly maxHashesPerHost: number;

  /** @internal Use {@link buildRing}. */
  constructor(
    hosts: readonly Host[],
    hashHi: Uint32Array,
    hashLo: Uint32Array,
    hostIndex: HostIndexArray,
    size: number,
    minHashesPerHost: number,
    maxHashesPerHost: number,
  ) {
    this.hosts = hosts;
    this.hashHi = hashHi;
    this.hashLo = hashLo;
    this.hostIndex = hostIndex;
    this.size = size;
    this.minHashesPerHost = minHashesPerHost;
    this.maxHashesPerHost = maxHashesPerHost;
  }

  /** Number of entries on the ring. */
  get length(): number {
    return this.hashHi.length;
  }

  /** Bytes held by the entry arrays (hash halves and host indices). */
  get byteLength(): number {
    return this.hashHi.byteLength + this.hashLo.byteLength + this.hostIndex.byteLength;
  }

  /**
   * The host for hash `[hash[offset], hash[offset + 1]]` (high, low halves) on attempt
   * `attempt`: the first entry whose hash is >= the request hash, wrapping to entry 0 past the
   * end, then `attempt` entries further round the ring (Envoy's retry offset; it may land on the
   * same host). Null for an empty ring. Equal to Envoy's ketama binary search.
   */
  chooseHost(hash: Uint32Array, attempt: number, offset = 0): Host | null {
    const hi = this.hashHi;
    const n = hi.length;
    if (n === 0) return null;
    const lo = this.hashLo;
    const qh = hash[offset];
    const ql = hash[offset + 1];
    let a = 0;
    let b = n;
    while (a < b) {
      const mid = (a + b) >>> 1;
      const h = hi[mid];
      if (h < qh || (h === qh && lo[mid] < ql)) a = mid + 1;
      else b = mid;
    }
    if (a === n) a = 0;
    if (attempt > 0) a = (a + attempt) % n;
    return this.hosts[this.hostIndex[a]];
  }

  /** Entry index {@link chooseHost} would use, or -1 for an empty ring. */
  entryIndex(hash: Uint32Array, attempt: number): number {
    const n = this.hashHi.length;
    if (n === 0) return -1;
    let a = 0;
    let b = n;
    while (a < b) {
      const mid = (a + b) >>> 1;
      const h = this.hashHi[mid];
      if (h < hash[0] || (h === hash[0] && this.hashLo[mid] < hash[1])) a = mid + 1;
      else b = mid;
    }
    if (a === n) a = 0;
    return attempt > 0 ? (a + attempt) % n : a;
  }

  /** The entries in ring order as `[host, hash]` pairs (allocates; for inspection). */
  entries(): Array<readonly [Host, U64]> {
    const out: Array<readonly [Host, U64]> = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = [this.hosts[this.hostIndex[i]], { hi: this.hashHi[i], lo: this.hashLo[i] }];
    return out;
  }

  /** Entries per host, in {@link hosts} order. */
  entriesPerHost(): Uint32Array {
    const counts = new Uint32Array(this.hosts.length);
    for (let i = 0; i < this.hostIndex.length; i++) counts[this.hostIndex[i]]++;
    return counts;
  }
}

const EMPTY_RING = new Ring(EMPTY_HOSTS, new Uint32Array(0), new Uint32Array(0), new Uint8Array(0), 0, 0, 0);

/**
 * Builds a ring from normalized host weights, as Envoy's `Ring` constructor does:
 * `scale = min(ceil(minWeight * minimumRingSize) / minWeight, maximumRingSize)`; walking the hosts
 * in order with running sums, host i's entries continue while `entries so far < Σ scale * w`
 * (so fractional shares go to the hosts whose running sum crosses an integer); entry j of a host
 * hashes `key + "_" + j`; then entries are sorted by hash.
 *
 * @example
 * const ring = buildRing([{ host: a, weight: 0.5 }, { host: b, weight: 0.5 }], { minimumRingSize: 4 });
 * ring.length; // 4
 * ring.chooseHost(Uint32Array.of(0, 42), 0); // a or b
 * @throws UpstreamLbError for invalid options or weights that are not positive and finite
 */
export function buildRing(weights: NormalizedHostWeights | readonly NormalizedHostWeight[], options: RingOptions = {}): Ring {
  const resolved = resolveRingOptions(options);
  const w = toNormalizedHostWeights(weights);
  for (let i = 0; i < w.weights.length; i++) {
    if (!(w.weights[i] > 0)) throw new UpstreamLbError(`weights[${i}].weight`, w.weights[i], 'must be > 0 for a ring');
  }
  return buildRingUnchecked(w, resolved);
}

// Reused build buffers: the UTF-8 key with its "_<i>" suffix, and the unsorted entries.
let keyBytes = new Uint8Array(256);
const hashOut: U64 = { hi: 0, lo: 0 };
let encoder: InstanceType<typeof TextEncoder> | undefined;

/** Writes `key` as UTF-8 into `keyBytes` (growing it) and returns the byte length. */
function encodeKey(key: string): number {
  const n = key.length;
  if (keyBytes.length < n * 3 + 32) keyBytes = new Uint8Array(Math.max(keyBytes.length * 2, n * 3 + 32));
  let i = 0;
  for (; i < n; i++) {
    const c = key.charCodeAt(i);
    if (c >= 0x80) break;
    keyBytes[i] = c;
  }
  if (i === n) return n;
  encoder ??= new TextEncoder();
  return encoder.encodeInto(key, keyBytes).written;
}

/**
 * Hashes `keyBytes[0..keyLength) + "_" + j` for j = 0 .. count - 1 with xxHash64 (seed 0) into
 * the entry arrays from `at`, all for host `host`. The decimal suffix is incremented in place.
 */
function hashEntriesXx(keyLength: number, count: number, host: number, at: number, hi: Uint32Array, lo: Uint32Array, idx: Uint32Array): void {
  const buf = keyBytes;
  const out = hashOut;
  buf[keyLength] = 0x5f; // '_'
  const p = keyLength + 1;
  let digits = 1;
  buf[p] = 0x30;
  for (let j = 0; j < count; j++) {
    xxHash64Bytes(buf, 0, p + digits, 0, 0, out);
    hi[at + j] = out.hi;
    lo[at + j] = out.lo;
    idx[at + j] = host;
    digits = incrementDecimal(buf, p, digits);
  }
}

/** {@link hashEntriesXx} with Envoy's MurmurHash2 (seed 0xc70f6907). */
function hashEntriesMurmur(keyLength: number, count: number, host: number, at: number, hi: Uint32Array, lo: Uint32Array, idx: Uint32Array): void {
  const buf = keyBytes;
  const out = hashOut;
  buf[keyLength] = 0x5f;
  const p = keyLength + 1;
  let digits = 1;
  buf[p] = 0x30;
  for (let j = 0; j < count; j++) {
    murmurHash2Bytes(buf, 0, p + digits, 0, MURMUR_HASH2_DEFAULT_SEED_LO, out);
    hi[at + j] = out.hi;
    lo[at + j] = out.lo;
    idx[at + j] = host;
    digits = incrementDecimal(buf, p, digits);
  }
}

/** Adds 1 to the decimal number in `buf[p .. p + digits)`; returns the new digit count. */
function incrementDecimal(buf: Uint8Array, p: number, digits: number): number {
  let d = p + digits - 1;
  while (d >= p && buf[d] === 0x39) {
    buf[d] = 0x30;
    d--;
  }
  if (d >= p) {
    buf[d]++;
    return digits;
  }
  buf[p] = 0x31;
  buf[p + digits] = 0x30;
  return digits + 1;
}

/**
 * @internal Ring build from already validated inputs (the load balancer's rebuild path). Weights
 * must be positive.
 */
export function buildRingUnchecked(weights: NormalizedHostWeights, options: ResolvedRingOptions): Ring {
  const hosts = weights.hosts;
  const n = hosts.length;
  if (n === 0) return EMPTY_RING;
  const w = weights.weights;
  const minW = weights.min;
  const scale = Math.min(Math.ceil(minW * options.minimumRingSize) / minW, options.maximumRingSize);
  const ringSize = Math.ceil(scale);

  // Pass 1: entries per host from Envoy's running sums. The inner loop `while (current < target)
  // current += 1` leaves `current` at ceil(target) whenever it runs.
  const counts = new Uint32Array(n);
  let current = 0;
  let target = 0;
  let minPerHost = ringSize;
  let maxPerHost = 0;
  for (let i = 0; i < n; i++) {
    target += scale * w[i];
    const next = current < target ? Math.ceil(target) : current;
    const c = next - current;
    counts[i] = c;
    current = next;
    if (c < minPerHost) minPerHost = c;
    if (c > maxPerHost) maxPerHost = c;
  }
  const total = current;

  // Pass 2: hash "key_i" for every entry, in host order.
  const genHi = new Uint32Array(total);
  const genLo = new Uint32Array(total);
  const genIdx = new Uint32Array(total);
  for (let i = 0, e = 0; i < n; i++) {
    const c = counts[i];
    if (c === 0) continue;
    const kl = encodeKey(hashKeyOf(hosts[i], options.useHostnameForHashing));
    if (options.hashFunction === 'MURMUR_HASH_2') hashEntriesMurmur(kl, c, i, e, genHi, genLo, genIdx);
    else hashEntriesXx(kl, c, i, e, genHi, genLo, genIdx);
    e += c;
  }

  // Pass 3: sort by hash. The hashes are uniform, so a bucket pass on the top bits (about one
  // entry per bucket) followed by insertion sort inside each bucket is linear in practice.
  const hashHi = new Uint32Array(total);
  const hashLo = new Uint32Array(total);
  const hostIndex = hostIndexArray(n, total);
  sortEntries(genHi, genLo, genIdx, hashHi, hashLo, hostIndex, hosts);
  return new Ring(hosts, hashHi, hashLo, hostIndex, ringSize, minPerHost, maxPerHost);
}

/** Sorts generated entries by (hi, lo, host id) into the output arrays (the sources are scratch). */
function sortEntries(
  srcHi: Uint32Array,
  srcLo: Uint32Array,
  srcIdx: Uint32Array,
  hi: Uint32Array,
  lo: Uint32Array,
  idx: HostIndexArray,
  hosts: readonly Host[],
): void {
  if (srcHi.length > 65_536) radixSort(srcHi, srcLo, srcIdx, hi, lo, idx, hosts);
  else bucketSort(srcHi, srcLo, srcIdx, hi, lo, idx, hosts);
}

/**
 * Small rings: one scatter into buckets of the top bits (about one entry per bucket, the hashes
 * being uniform), then insertion sort inside each bucket.
 */
function bucketSort(
  srcHi: Uint32Array,
  srcLo: Uint32Array,
  srcIdx: Uint32Array,
  hi: Uint32Array,
  lo: Uint32Array,
  idx: HostIndexArray,
  hosts: readonly Host[],
): void {
  const total = srcHi.length;
  if (total === 0) return;
  let bits = 0;
  while (bits < 16 && 2 ** (bits + 1) <= total) bits++;
  const buckets = 2 ** bits;
  const shift = 32 - bits;
  const ends = new Uint32Array(buckets);
  if (bits === 0) {
    ends[0] = total;
    hi.set(srcHi);
    lo.set(srcLo);
    for (let i = 0; i < total; i++) idx[i] = srcIdx[i];
  } else {
    for (let i = 0; i < total; i++) ends[srcHi[i] >>> shift]++;
    let sum = 0;
    for (let b = 0; b < buckets; b++) {
      const c = ends[b];
      ends[b] = sum;
      sum += c;
    }
    // ends[b] holds the start of bucket b; scattering advances it to the bucket's end.
    for (let i = 0; i < total; i++) {
      const at = ends[srcHi[i] >>> shift]++;
      hi[at] = srcHi[i];
      lo[at] = srcLo[i];
      idx[at] = srcIdx[i];
    }
  }
  let start = 0;
  for (let b = 0; b < buckets; b++) {
    const end = ends[b];
    if (end - start > 1) {
      if (end - start <= 48) insertionSort(hi, lo, idx, hosts, start, end);
      else comparisonSort(hi, lo, idx, hosts, start, end);
    }
    start = end;
  }
}

/**
 * Large rings: a stable LSD radix sort of the high halves in three 11-bit passes (2,048 buckets
 * keep the scatter cache-friendly), then the rare runs of equal high halves by (lo, host id).
 */
function radixSort(
  aHi: Uint32Array,
  aLo: Uint32Array,
  aIdx: Uint32Array,
  hi: Uint32Array,
  lo: Uint32Array,
  idx: HostIndexArray,
  hosts: readonly Host[],
): void {
  const total = aHi.length;
  const counts = new Uint32Array(3 * 2048);
  for (let i = 0; i < total; i++) {
    const h = aHi[i];
    counts[h & 0x7ff]++;
    counts[2048 + ((h >>> 11) & 0x7ff)]++;
    counts[4096 + (h >>> 22)]++;
  }
  for (let pass = 0; pass < 3; pass++) {
    let sum = 0;
    for (let b = pass * 2048, end = b + 2048; b < end; b++) {
      const c = counts[b];
      counts[b] = sum;
      sum += c;
    }
  }
  scatterPass(aHi, aLo, aIdx, hi, lo, idx, counts, 0, 0);
  scatterPass(hi, lo, idx, aHi, aLo, aIdx, counts, 2048, 11);
  scatterPass(aHi, aLo, aIdx, hi, lo, idx, counts, 4096, 22);
  for (let i = 1; i < total; i++) {
    if (hi[i] !== hi[i - 1]) continue;
    let end = i + 1;
    while (end < total && hi[end] === hi[i - 1]) end++;
    insertionSort(hi, lo, idx, hosts, i - 1, end);
    i = end - 1;
  }
}

/** One stable counting-sort pass on the 11-bit digit of the high half at `shift`. */
function scatterPass(
  fromHi: Uint32Array,
  fromLo: Uint32Array,
  fromIdx: Uint32Array | HostIndexArray,
  toHi: Uint32Array,
  toLo: Uint32Array,
  toIdx: Uint32Array | HostIndexArray,
  offsets: Uint32Array,
  base: number,
  shift: number,
): void {
  const total = fromHi.length;
  for (let i = 0; i < total; i++) {
    const h = fromHi[i];
    const at = offsets[base + ((h >>> shift) & 0x7ff)]++;
    toHi[at] = h;
    toLo[at] = fromLo[i];
    toIdx[at] = fromIdx[i];
  }
}

function insertionSort(hi: Uint32Array, lo: Uint32Array, idx: HostIndexArray, hosts: readonly Host[], start: number, end: number): void {
  for (let i = start + 1; i < end; i++) {
    const h = hi[i];
    const l = lo[i];
    const x = idx[i];
    let j = i - 1;
    while (j >= start) {
      const hj = hi[j];
      if (hj < h || (hj === h && (lo[j] < l || (lo[j] === l && hosts[idx[j]].id <= hosts[x].id)))) break;
      hi[j + 1] = hj;
      lo[j + 1] = lo[j];
      idx[j + 1] = idx[j];
      j--;
    }
    hi[j + 1] = h;
    lo[j + 1] = l;
    idx[j + 1] = x;
  }
}

function comparisonSort(hi: Uint32Array, lo: Uint32Array, idx: HostIndexArray, hosts: readonly Host[], start: number, end: number): void {
  const order: number[] = [];
  for (let i = start; i < end; i++) order.push(i);
  order.sort((a, b) => hi[a] - hi[b] || lo[a] - lo[b] || hosts[idx[a]].id - hosts[idx[b]].id);
  const h = order.map((i) => hi[i]);
  const l = order.map((i) => lo[i]);
  const x = order.map((i) => idx[i]);
  for (let k = 0; k < order.length; k++) {
    hi[start + k] = h[k];
    lo[start + k] = l[k];
    idx[start + k] = x[k];
  }
}

/** Ring hash over a priority set, with `lastRing()` for inspection. Build one with `ringHash()`. */
export class RingHashLoadBalancer extends ThreadAwareLoadBalancer<Ring> {
  /** The validated ring options. */
  readonly ringOptions: ResolvedRingOptions;

  /**
   * @param prioritySet hosts to balance over
   * @param ringOptions validated ring options
   * @param options validated shared options
   */
  constructor(prioritySet: PrioritySet, ringOptions: ResolvedRingOptions, options: ResolvedThreadAwareOptions) {
    super(prioritySet, (weights, stats) => ringBuilder(weights, stats, ringOptions), options);
    this.ringOptions = ringOptions;
  }

  /** Entries `(host, hash)` of the last ring built with at least one host, in ring order. */
  lastRing(): ReadonlyArray<readonly [Host, U64]> {
    const ring = this.lastTable();
    return ring === null ? [] : ring.entries();
  }
}

function ringBuilder(weights: NormalizedHostWeights, stats: LbStats, options: ResolvedRingOptions): Ring {
  const ring = buildRingUnchecked(weights, options);
  if (weights.size > 0) {
    stats.size = ring.size;
    stats.min_hashes_per_host = ring.minHashesPerHost;
    stats.max_hashes_per_host = ring.maxHashesPerHost;
  }
  return ring;
}
