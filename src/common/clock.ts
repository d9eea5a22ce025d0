/**
 * Injected time. Slow start and original-destination cleanup read time in milliseconds from a
 * {@link Clock}; no algorithm reads the wall clock itself.
 */

/** A monotonic millisecond clock. */
export interface Clock {
  /** Current time in milliseconds (any origin; only differences matter). */
  now(): number;
}

/** A clock the caller moves by hand: for tests, simulations and replay. */
export class ManualClock implements Clock {
  private t: number;

  /** @param start initial reading in milliseconds */
  constructor(start = 0) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  /** Moves the clock forward by `ms` milliseconds (must be >= 0). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock: advance(ms) needs ms >= 0, got ${ms}`);
    this.t += ms;
  }

  /** Sets the reading; time may not go backwards. */
  set(ms: number): void {
    if (!(ms >= this.t)) throw new RangeError(`ManualClock: set(ms) cannot move back from ${this.t} to ${ms}`);
    this.t = ms;
  }
}

/** The platform's monotonic clock (`performance.now()`, or `Date.now()` where absent). */
export const systemClock: Clock = {
  now: typeof performance !== 'undefined' && typeof performance.now === 'function'
    ? () => performance.now()
    : () => Date.now(),
};
