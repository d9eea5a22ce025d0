import { describe, expect, it } from 'vitest';
import { resolveSlowStart, SlowStart } from '../../../src/policies/common/slow-start.js';
import { roundRobin } from '../../../src/policies/round-robin/index.js';
import { leastRequest } from '../../../src/policies/least-request/index.js';
import { ManualClock } from '../../../src/common/clock.js';
import { HealthFlag } from '../../../src/host/host.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { draws, makeHosts, picks } from '../round-robin/fixtures.js';

const P = (port: number) => `127.0.0.1:${port}`;

function slowStart(windowMs: number, extra: { aggression?: number | (() => number); minWeightPercent?: number } = {}) {
  const clock = new ManualClock(0);
  return { clock, ss: new SlowStart(resolveSlowStart({ windowMs, ...extra }), clock) };
}

describe('SlowStart.apply(): Envoy applySlowStartFactor', () => {
  it('scales by max(elapsed, 1 ms) / window, floored at min_weight_percent (default 10%)', () => {
    const { clock, ss } = slowStart(60_000);
    const [h] = makeHosts([80]);
    h.lastHcPassTime = 0;
    expect(ss.apply(10, h)).toBeCloseTo(1, 12); // 1 ms / 60 s -> 0.1 floor
    clock.advance(30_000);
    expect(ss.apply(10, h)).toBe(10 * (30_000 / 60_000));
    clock.advance(29_999);
    expect(ss.apply(10, h)).toBe(10 * (59_999 / 60_000));
    clock.advance(1);
    expect(ss.apply(10, h)).toBe(10); // elapsed == window: out of slow start
  });

  it('truncates elapsed time to whole milliseconds (duration_cast)', () => {
    const { clock, ss } = slowStart(1_000, { minWeightPercent: 0 });
    const [h] = makeHosts([80]);
    h.lastHcPassTime = 0;
    clock.advance(500.9);
    expect(ss.apply(1, h)).toBe(0.5);
  });

  it('applies aggression as timeFactor ^ (1 / aggression)', () => {
    const { clock, ss } = slowStart(60_000, { aggression: 2 });
    const [h] = makeHosts([80]);
    h.lastHcPassTime = 0;
    clock.advance(26_000);
    expect(ss.apply(1, h)).toBe(Math.pow(26_000 / 60_000, 1 / 2));
  });

  it('reads aggression <= 0 or NaN as 1.0, and calls an aggression function at each use', () => {
    for (const bad of [0, -2, Number.NaN]) {
      const { clock, ss } = slowStart(100, { aggression: bad, minWeightPercent: 0 });
      const [h] = makeHosts([80]);
      h.lastHcPassTime = 0;
      clock.advance(25);
      expect(ss.apply(1, h)).toBe(0.25);
    }
    let a = 1;
    const { clock, ss } = slowStart(100, { aggression: () => a, minWeightPercent: 0 });
    const [h] = makeHosts([80]);
    h.lastHcPassTime = 0;
    clock.advance(25);
    expect(ss.apply(1, h)).toBe(0.25);
    a = 2;
    expect(ss.apply(1, h)).toBe(0.5);
  });

  it('min_weight_percent floors the factor', () => {
    const { clock, ss } = slowStart(60_000, { minWeightPercent: 35 });
    const [h] = makeHosts([80]);
    h.lastHcPassTime = 0;
    clock.advance(12_000);
    expect(ss.apply(1, h)).toBe(0.35);
    clock.advance(18_000);
    expect(ss.apply(1, h)).toBe(0.5);
  });

  it('leaves hosts without a pass time, or not healthy, at full weight', () => {
    const { clock, ss } = slowStart(60_000);
    const [fresh, degraded, failed] = makeHosts([80, { port: 81, health: 'DEGRADED' }, 82]);
    degraded.lastHcPassTime = 0;
    failed.lastHcPassTime = 0;
    failed.setHealthFlag(HealthFlag.FAILED_ACTIVE_HC);
    clock.advance(1_000);
    expect(ss.apply(3, fresh)).toBe(3);
    expect(ss.apply(3, degraded)).toBe(3);
    expect(ss.apply(3, failed)).toBe(3);
  });
});

describe('SlowStart.recalculate() and noHostsInSlowStart(): Envoy bookkeeping', () => {
  it('stamps healthy hosts without a pass time with now, and tracks the latest entry within the window', () => {
    const { clock, ss } = slowStart(10_000);
    const [a, b, down] = makeHosts([80, 81, { port: 82, health: 'UNHEALTHY' }]);
    clock.advance(2_000);
    ss.recalculate([a, down]);
    expect(a.lastHcPassTime).toBe(2_000);
    expect(down.lastHcPassTime).toBeNull();
    expect(ss.latestHostAddedTime).toBe(2_000);
    expect(ss.noHostsInSlowStart()).toBe(false);
    b.lastHcPassTime = 500; // older than the latest entry: no change
    ss.recalculate([b]);
    expect(ss.latestHostAddedTime).toBe(2_000);
    clock.advance(10_000);
    expect(ss.noHostsInSlowStart()).toBe(false); // elapsed == window: still in (<=)
    clock.advance(1);
    expect(ss.noHostsInSlowStart()).toBe(true);
  });

  it('ignores a pass time older than the window', () => {
    const { clock, ss } = slowStart(1_000);
    clock.advance(5_000);
    const [h] = makeHosts([80]);
    h.lastHcPassTime = 4_000 - 1; // 1001 ms ago
    const before = ss.latestHostAddedTime;
    ss.recalculate([h]);
    expect(ss.latestHostAddedTime).toBe(before);
  });

  it('is disabled with a zero window', () => {
    const { ss } = slowStart(0);
    expect(ss.enabled).toBe(false);
    expect(ss.noHostsInSlowStart()).toBe(true);
  });
});

describe('slow start in round robin and least request', () => {
  it('round robin: a host that joins later ramps up, then equal-weight rotation resumes', () => {
    const clock = new ManualClock(0);
    const [a, b] = makeHosts([80, 90]);
    const ps = new PrioritySet();
    ps.updateHosts(0, [a]);
    const lb = roundRobin(ps, { random: draws(), clock, slowStart: { windowMs: 60_000 } });
    clock.advance(61_000);
    ps.updateHosts(0, [a, b]);
    expect(b.lastHcPassTime).toBe(61_000);
    clock.advance(30_000);
    ps.refresh();
    // :90 at half weight: 2:1
    const ramp = picks(6, () => lb.chooseHost());
    expect(ramp.filter((x) => x === P(80)).length).toBe(4);
    clock.advance(31_000);
    ps.refresh();
    const after = picks(4, () => lb.chooseHost());
    expect(new Set(after)).toEqual(new Set([P(80), P(90)]));
    expect(after[0]).not.toBe(after[1]);
  });

  it('least request: slow start forces EDF and multiplies the active-request weight', () => {
    const clock = new ManualClock(0);
    const [a, b] = makeHosts([80, 90]);
    const ps = new PrioritySet();
    ps.updateHosts(0, [a]);
    const random = draws();
    const lb = leastRequest(ps, { random, clock, slowStart: { windowMs: 60_000 } });
    clock.advance(61_000);
    ps.updateHosts(0, [a, b]);
    clock.advance(30_000);
    ps.refresh();
    const before = random.drawCount;
    a.activeRequests = 1; // weight 1/2, :90 weight 1 * 0.5: equal
    const got = picks(4, () => lb.chooseHost());
    expect(random.drawCount - before).toBe(4); // hashes only: EDF, no P2C samples
    expect(got.filter((x) => x === P(90)).length).toBe(2);
  });
});
