/**
 * Injected randomness. Envoy's load balancers draw `uint64_t` values from a `RandomGenerator` at
 * fixed points (construction seed, one draw per pick for the priority, then policy draws). The
 * library never calls `Math.random()`; every draw goes through a {@link RandomSource} so a run can
 * be replayed exactly.
 */
import { type U64, toU64, u64FromDecimal } from './u64.js';

/** A source of unsigned 64-bit random draws. */
export interface RandomSource {
  /** Writes the next draw into `out` as two uint32 halves and returns `out`. Must not allocate. */
  nextU64(out: U64): U64;
}

/**
 * A fast seeded generator (xoshiro128**, two 32-bit outputs per u64 draw, high half first).
 * The same seed always gives the same draws.
 */
export class SeededRandom implements RandomSource {
  // xoshiro128** state in a typed array, and outputs generated 256 draws at a time into a buffer:
  // a pick reads two uint32 and the generator runs in a tight loop, with nothing boxed.
  private readonly s = new Int32Array(4);
  private readonly buf = new Uint32Array(512);
  private pos = 512;

  /** @param seed any integer, `bigint` or string; equal seeds give equal sequences. */
  constructor(seed: number | bigint | string = 0) {
    // splitmix32 expands the seed into four state words.
    let x = hashSeed(seed);
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = z ^ (z >>> 16);
    }
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  /** Next uint32 output. */
  nextU32(): number {
    if (this.pos === 512) this.refill();
    return this.buf[this.pos++];
  }

  nextU64(out: U64): U64 {
    if (this.pos === 512) this.refill();
    const p = this.pos;
    out.hi = this.buf[p];
    out.lo = this.buf[p + 1];
    this.pos = p + 2;
    return out;
  }

  /** Generates the next 512 uint32 outputs of xoshiro128**. */
  private refill(): void {
    const st = this.s;
    const buf = this.buf;
    let s0 = st[0];
    let s1 = st[1];
    let s2 = st[2];
    let s3 = st[3];
    for (let i = 0; i < 512; i++) {
      buf[i] = Math.imul(rotl32(Math.imul(s1, 5), 7), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl32(s3, 11);
    }
    st[0] = s0;
    st[1] = s1;
    st[2] = s2;
    st[3] = s3;
    this.pos = 0;
  }
}

function rotl32(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function hashSeed(seed: number | bigint | string): number {
  const text = typeof seed === 'string' ? seed : String(seed);
  let h = 0x811c9dc5;
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
