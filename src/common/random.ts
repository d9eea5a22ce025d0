/**
 * Injected randomness. Envoy's load balancers draw `uint64_t` values from a `RandomGenerator` at
 * fixed points (construction seed, one draw per pick for the priority, then policy draws). The
 * library never calls `Math.random()`; every draw goes through a {@link RandomSource} so a run can
 * be replayed exactly.
 */
import { type U64, toU64, u64FromDecimal } from './u64.js';
import { BATCH_WORDS, type Refill, defaultRefill } from './xoshiro256.js';

/** A source of unsigned 64-bit random draws. */
export interface RandomSource {
  /** Writes the next draw into `out` as two uint32 halves and returns `out`. Must not allocate. */
  nextU64(out: U64): U64;
}

/**
 * A fast seeded generator: xoshiro256** (one 64-bit output per draw, as `{hi, lo}`), generated 256
 * draws at a time by a small WebAssembly function where WebAssembly is available and by the same
 * algorithm in JavaScript elsewhere (both give identical draws). The same seed always gives the
 * same draws, on every platform.
 */
export class SeededRandom implements RandomSource {
  /** @internal Generated draws as `[hi, lo]` word pairs; see {@link claim}. */
  readonly buf = new Uint32Array(BATCH_WORDS);
  /** Index of the next unread word in {@link buf}. */
  private pos = BATCH_WORDS;
  private readonly state = new Uint32Array(8);
  private generate: Refill = defaultRefill();

  /** @param seed any integer, `bigint` or string; equal seeds give equal sequences. */
  constructor(seed: number | bigint | string = 0) {
    // Two independent 32-bit hashes of the seed's text, each expanded by splitmix32 into four
    // state words.
    const text = typeof seed === 'string' ? seed : String(seed);
    const st = this.state;
    let x = hashSeed(text, 0x811c9dc5);
    let y = hashSeed(text, 0x050c5d1f);
    for (let i = 0; i < 8; i += 2) {
      x = (x + 0x9e3779b9) | 0;
      y = (y + 0x9e3779b9) | 0;
      st[i] = mix32(x);
      st[i + 1] = mix32(y);
    }
    if ((st[0] | st[1] | st[2] | st[3] | st[4] | st[5] | st[6] | st[7]) === 0) st[0] = 1;
  }

  /** @internal The same generator with another batch implementation (to compare implementations). */
  static withRefill(seed: number | bigint | string, refill: Refill): SeededRandom {
    const r = new SeededRandom(seed);
    r.generate = refill;
    return r;
  }

  /** Next uint32 (half a draw: the high word of a draw, then its low word). */
  nextU32(): number {
    if (this.pos >= BATCH_WORDS) this.refill();
    return this.buf[this.pos++];
  }

  /**
   * @internal Consumes the next `draws` draws for reading in place, exactly as that many
   * `nextU64` calls would: returns the index in {@link buf} of the first one (draw `k` at
   * `index + 2k`), or -1, consuming nothing, when they are not all in the current batch.
   */
  claim(draws: number): number {
    const p = this.pos;
    const end = p + 2 * draws;
    if (end > BATCH_WORDS) return -1;
    this.pos = end;
    return p;
  }

  nextU64(out: U64): U64 {
    if (this.pos > BATCH_WORDS - 2) this.refill();
    const p = this.pos;
    out.hi = this.buf[p];
    out.lo = this.buf[p + 1];
    this.pos = p + 2;
    return out;
  }

  /** Generates the next batch of draws (any unread odd word left by {@link nextU32} is dropped). */
  private refill(): void {
    this.generate(this.state, this.buf);
    this.pos = 0;
  }
}

/** splitmix32's output function. */
function mix32(v: number): number {
  let z = v;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a over the UTF-16 code units of `text`, from `basis`. */
function hashSeed(text: string, basis: number): number {
  let h = basis;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

/**
 * Replays scripted draws, then returns a default value forever. This is how Envoy's unit tests
 * drive `MockRandomGenerator` (which returns 0 unless told otherwise), and how the conformance
 * vectors replay them.
 */
export class ScriptedRandom implements RandomSource {
  private readonly his: Uint32Array;
  private readonly los: Uint32Array;
  private readonly defHi: number;
  private readonly defLo: number;
  private index = 0;
  /** Number of draws taken so far (scripted and default). */
  drawCount = 0;

  /**
   * @param draws values returned first, in order (`bigint`, u64 objects, safe integers or decimal strings)
   * @param fallback value returned once the script is exhausted
   */
  constructor(draws: ReadonlyArray<U64 | bigint | number | string> = [], fallback: U64 | bigint | number | string = 0) {
    this.his = new Uint32Array(draws.length);
    this.los = new Uint32Array(draws.length);
    draws.forEach((d, i) => {
      const v = typeof d === 'string' ? u64FromDecimal(d) : toU64(d);
      this.his[i] = v.hi;
      this.los[i] = v.lo;
    });
    const f = typeof fallback === 'string' ? u64FromDecimal(fallback) : toU64(fallback);
    this.defHi = f.hi;
    this.defLo = f.lo;
  }

  /** Scripted draws not yet consumed. */
  get remaining(): number {
    return this.his.length - this.index;
  }

  nextU64(out: U64): U64 {
    this.drawCount++;
    if (this.index < this.his.length) {
      out.hi = this.his[this.index];
      out.lo = this.los[this.index];
      this.index++;
    } else {
      out.hi = this.defHi;
      out.lo = this.defLo;
    }
    return out;
  }
}

/**
 * A seed for {@link SeededRandom} from the platform's entropy (Web Crypto where present, the clock
 * otherwise). Used when a load balancer is built without an explicit random source, so that two
 * processes do not start their round robin at the same host, as Envoy seeds from its own generator.
 */
export function entropySeed(): string {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (c && typeof c.getRandomValues === 'function') {
    const a = c.getRandomValues(new Uint32Array(2));
    return `${a[0]}:${a[1]}`;
  }
  return `${Date.now()}:${typeof performance !== 'undefined' ? performance.now() : 0}`;
}
