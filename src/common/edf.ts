/**
 * Earliest Deadline First scheduler, exactly as Envoy's `EdfScheduler`
 * (`source/common/upstream/edf_scheduler.h`): each entry's next deadline is
 * `current_time + 1 / weight`; the entry with the earliest deadline is picked, equal deadlines go
 * to the lower insertion order (FIFO). Weighted round robin and the locality scheduler run on it.
 *
 * Entries are small integers (indices into the caller's array). The heap lives in typed arrays
 * and picks allocate nothing.
 */

/** Weight of an entry when it is (re-)inserted; must be > 0. */
export type EdfWeightFn = (entry: number) => number;

/** `uint32 % 429496729`: Envoy caps emulated picks at `UINT_MAX / 10`. */
const MAX_PICKS = 429_496_729;
/** Epsilon Envoy adds to each weight in `createWithPicks` so exact multiples do not tie. */
const CREATE_EPSILON = 1e-13;

/** One queued entry of {@link EdfScheduler.snapshot}. */
export interface EdfQueueEntry {
  /** The entry (index into the caller's array). */
  entry: number;
  /** Its deadline in scheduler time. */
  deadline: number;
}

/** An EDF scheduler over integer entries. */
export class EdfScheduler {
  private deadline: Float64Array;
  private order: Float64Array;
  private entry: Int32Array;
  private size = 0;
  private currentTime = 0;
  private orderOffset = 0;
  // FIFO of entries picked by peekAgain and already re-added: a growable ring buffer.
  private prepick: Int32Array;
  private prepickHead = 0;
  private prepickLength = 0;

  /** @param capacity expected number of entries (the heap grows if exceeded) */
  constructor(capacity = 8) {
    const c = Math.max(1, capacity);
    this.deadline = new Float64Array(c);
    this.order = new Float64Array(c);
    this.entry = new Int32Array(c);
    this.prepick = new Int32Array(4);
  }

  /** Number of entries in the heap. */
  get length(): number {
    return this.size;
  }

  /** True when the scheduler holds no entry. */
  empty(): boolean {
    return this.size === 0;
  }

  /** The scheduler's current time (deadline of the last popped entry). */
  get now(): number {
    return this.currentTime;
  }

  /**
   * The queued entries with their deadlines in the order they would be picked (ignoring entries
   * already picked ahead by {@link peekAgain}). For inspection and tests; allocates.
   */
  snapshot(): EdfQueueEntry[] {
    const idx = Array.from({ length: this.size }, (_, i) => i);
    idx.sort((a, b) => this.deadline[a] - this.deadline[b] || this.order[a] - this.order[b]);
    return idx.map((i) => ({ entry: this.entry[i], deadline: this.deadline[i] }));
  }

  /** Inserts `entry` with deadline `now + 1 / weight`. */
  add(weight: number, entry: number): void {
    if (this.size === this.deadline.length) this.grow();
    const i = this.size++;
    // The deadline goes straight into the typed array: a double passed to a call that is not
    // inlined would be boxed, an allocation on every pick.
    this.deadline[i] = this.currentTime + 1 / weight;
    this.order[i] = this.orderOffset++;
    this.entry[i] = entry;
    this.siftUp(i);
  }

  /**
   * Returns the next entry and re-inserts it with its weight evaluated now; entries picked ahead by
   * {@link peekAgain} are returned first, in order, without re-inserting (they already were).
   * Returns -1 when empty.
   */
  pickAndAdd(weightOf: EdfWeightFn): number {
    if (this.prepickLength > 0) {
      const e = this.prepick[this.prepickHead];
      this.prepickHead = (this.prepickHead + 1) % this.prepick.length;
      this.prepickLength--;
      return e;
    }
    if (this.size === 0) return -1;
    const e = this.pop();
    this.add(weightOf(e), e);
    return e;
  }

  /**
   * Picks the next entry ahead of time: pops it, re-inserts it with its weight, and queues it so
   * the next {@link pickAndAdd} returns it. Returns -1 when empty.
   */
  peekAgain(weightOf: EdfWeightFn): number {
    if (this.size === 0) return -1;
    const e = this.pop();
    if (this.prepickLength === this.prepick.length) this.growPrepick();
    this.prepick[(this.prepickHead + this.prepickLength) % this.prepick.length] = e;
    this.prepickLength++;
    this.add(weightOf(e), e);
    return e;
  }

  /**
   * Builds a scheduler over entries `0..count-1` as if `picks` {@link pickAndAdd} calls had been
   * made on a fresh scheduler filled in entry order, in O(N log N): Envoy's `createWithPicks`.
   * `picks` is taken as Envoy's `uint32` argument (callers pass a u64 seed's low 32 bits) modulo
   * 429,496,729.
   */
  static createWithPicks(count: number, weightOf: EdfWeightFn, picks: number): EdfScheduler {
    const s = new EdfScheduler(count);
    picks = (picks >>> 0) % MAX_PICKS;
    if (count === 0) return s;
    let sum = 0;
    for (let i = 0; i < count; i++) sum += weightOf(i) + CREATE_EPSILON;
    let done = 0;
    let maxPickTime = 0;
    const floorPicks = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      // uint32 truncation of (w * picks) / sum, evaluated left to right as in C++
      floorPicks[i] = Math.trunc(((weightOf(i) + CREATE_EPSILON) * picks) / sum) >>> 0;
    }
    for (let i = 0; i < count; i++) {
      const w = weightOf(i) + CREATE_EPSILON;
      let fp = floorPicks[i];
      if (fp > 0 && fp / w >= picks / sum) fp--;
      const pickTime = fp / w;
      s.deadline[i] = (fp + 1) / w;
      s.order[i] = i;
      s.entry[i] = i;
      if (pickTime > maxPickTime) maxPickTime = pickTime;
      done += fp;
    }
    s.size = count;
    for (let i = (count >>> 1) - 1; i >= 0; i--) s.siftDown(i);
    s.currentTime = maxPickTime;
    s.orderOffset = count;
    while (done < picks) {
      s.pickAndAdd(weightOf);
      done++;
    }
    return s;
  }

  private less(a: number, b: number): boolean {
    const da = this.deadline[a];
    const db = this.deadline[b];
    return da < db || (da === db && this.order[a] < this.order[b]);
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private pop(): number {
    const e = this.entry[0];
    this.currentTime = this.deadline[0];
    const last = --this.size;
    if (last > 0) {
      this.deadline[0] = this.deadline[last];
      this.order[0] = this.order[last];
      this.entry[0] = this.entry[last];
      this.siftDown(0);
    }
    return e;
  }

  private siftDown(i: number): void {
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const m = r < n && this.less(r, l) ? r : l;
      if (!this.less(m, i)) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    const d = this.deadline[a];
    this.deadline[a] = this.deadline[b];
    this.deadline[b] = d;
    const o = this.order[a];
    this.order[a] = this.order[b];
    this.order[b] = o;
    const e = this.entry[a];
    this.entry[a] = this.entry[b];
    this.entry[b] = e;
  }

  private grow(): void {
    const c = this.deadline.length * 2;
    const d = new Float64Array(c);
    d.set(this.deadline);
    this.deadline = d;
    const o = new Float64Array(c);
    o.set(this.order);
    this.order = o;
    const e = new Int32Array(c);
    e.set(this.entry);
    this.entry = e;
  }

  private growPrepick(): void {
    const next = new Int32Array(this.prepick.length * 2);
    for (let i = 0; i < this.prepickLength; i++) next[i] = this.prepick[(this.prepickHead + i) % this.prepick.length];
    this.prepick = next;
    this.prepickHead = 0;
  }
}
