/**
 * The 32-bit Mersenne Twister `std::mt19937` (Matsumoto and Nishimura 1998), exactly as the C++
 * standard library defines it: the same seeding recurrence, twist and tempering, so a given seed
 * yields the same sequence as Envoy's `std::mt19937 random(seed)`. Envoy's bounded-load hashing
 * seeds one with the request hash to shuffle the hosts it probes.
 *
 * State lives in a `Int32Array`, so seeding and drawing allocate nothing and one instance can be
 * reseeded per pick.
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x8000_0000;
const LOWER_MASK = 0x7fff_ffff;

/** `std::mt19937`: a reseedable 32-bit Mersenne Twister. */
export class Mt19937 {
  private readonly mt = new Int32Array(N);
  private index = N + 1;

  /** @param seed the seed; C++ reduces it modulo 2^32 (`x[0] = seed mod 2^32`). @defaultValue 5489, the C++ default */
  constructor(seed = 5489) {
    this.seed(seed);
  }

  /**
   * Reseeds with `seed mod 2^32` (any integer number; pass the low half of a u64 seed, which is
   * what the standard's reduction keeps).
   */
  seed(seed: number): void {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // 1812433253 * prev + i, modulo 2^32
      mt[i] = (Math.imul(1_812_433_253, prev) + i) | 0;
    }
    this.index = N;
  }

  /** The next output, an integer in [0, 2^32). */
  next(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * A draw in [0, k) as Envoy's bounded-load `uniform_int` lambda computes it: rejection sampling
   * of `next() / floor(2^32 / k)` (integer division) until the quotient is below k. Not the
   * `std::uniform_int_distribution` algorithm; the two differ.
   *
   * @param k the exclusive bound, an integer in [1, 2^32)
   */
  uniform(k: number): number {
    const divisor = Math.floor(4_294_967_296 / k);
    let x = k;
    while (x >= k) x = Math.floor(this.next() / divisor);
    return x;
  }

  private twist(): void {
    const mt = this.mt;
    let i = 0;
    for (; i < N - M; i++) {
      const y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
      mt[i] = mt[i + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; i < N - 1; i++) {
      const y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
      mt[i] = mt[i + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.index = 0;
  }
}
