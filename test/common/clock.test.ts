import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../src/common/clock.js';

describe('ManualClock', () => {
  it('moves only when told', () => {
    const c = new ManualClock(5);
    expect(c.now()).toBe(5);
    c.advance(10);
    expect(c.now()).toBe(15);
    c.set(20);
    expect(c.now()).toBe(20);
  });
  it('refuses to go backwards', () => {
    const c = new ManualClock(5);
    expect(() => c.advance(-1)).toThrow('ManualClock: advance(ms) needs ms >= 0, got -1');
    expect(() => c.set(4)).toThrow('ManualClock: set(ms) cannot move back from 5 to 4');
  });
});

describe('systemClock', () => {
  it('is monotonic', () => {
    const a = systemClock.now();
    const b = systemClock.now();
    expect(b).toBeGreaterThanOrEqual(a);
  });
});
