import { describe, expect, it } from 'vitest';
import { roundRobin } from '../../../src/policies/round-robin/index.js';
import { loadCluster } from '../../../src/config/load.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { ManualClock } from '../../../src/common/clock.js';
import { LbStats } from '../../../src/lb/stats.js';
import { draws, makeHosts, setOf } from './fixtures.js';

const build = (options: Record<string, unknown>) => () => roundRobin(new PrioritySet(), options as never);

describe('roundRobin() options: validation (exact messages)', () => {
  it('prioritySet must be a PrioritySet', () => {
    expect(() => roundRobin(null as never)).toThrow('prioritySet: must be a PrioritySet, got null');
  });

  it('options must be an object', () => {
    expect(() => roundRobin(new PrioritySet(), null as never)).toThrow('options: must be an object, got null');
  });

  it('random and runtimeRandom must be RandomSources', () => {
    expect(build({ random: 1 })).toThrow('random: must be a RandomSource (an object with a nextU64() method), got 1');
    expect(build({ runtimeRandom: {} })).toThrow('runtimeRandom: must be a RandomSource (an object with a nextU64() method), got {}');
  });

  it('clock must be a Clock', () => {
    expect(build({ clock: { now: 1 } })).toThrow('clock: must be a Clock (an object with a now() method), got {"now":1}');
  });

  it('stats must be an object', () => {
    expect(build({ stats: 'x' })).toThrow('stats: must be an object, got "x"');
  });

  it('healthyPanicThreshold must be an integer percent (healthy_panic_threshold)', () => {
    expect(build({ healthyPanicThreshold: -1 })).toThrow('healthyPanicThreshold: must be an integer in [0, 100], got -1');
    expect(build({ healthyPanicThreshold: 50.5 })).toThrow('healthyPanicThreshold: must be an integer in [0, 100], got 50.5');
  });

  it('localityWeighted must be a boolean (locality_weighted_lb_config)', () => {
    expect(build({ localityWeighted: 'yes' })).toThrow('localityWeighted: must be a boolean, got "yes"');
  });

  it('slowStart fields are checked (slow_start_config)', () => {
    expect(build({ slowStart: 5 })).toThrow('slowStart: must be an object, got 5');
    expect(build({ slowStart: { windowMs: 1.5 } })).toThrow('slowStart.windowMs: must be a non-negative integer number of milliseconds, got 1.5');
    expect(build({ slowStart: { aggression: null } })).not.toThrow(); // null = default 1.0
    expect(build({ slowStart: { aggression: true } })).toThrow('slowStart.aggression: must be a number or a function returning one, got true');
    expect(build({ slowStart: { minWeightPercent: -5 } })).toThrow('slowStart.minWeightPercent: must be a percentage in [0, 100], got -5');
  });

  it('accepts every option at once', () => {
    const lb = roundRobin(setOf(makeHosts([80, 81])), {
      random: draws(),
      runtimeRandom: draws(),
      clock: new ManualClock(0),
      stats: new LbStats(),
      healthyPanicThreshold: 0,
      localityWeighted: false,
      slowStart: { windowMs: 1000, aggression: 2, minWeightPercent: 20 },
    });
    expect(lb.chooseHost()).not.toBeNull();
  });
});

describe('round_robin_lb_config validation (Envoy config)', () => {
  const load = (config: unknown) => () => loadCluster({ lb_policy: 'ROUND_ROBIN', round_robin_lb_config: config });

  it('rejects unknown fields', () => {
    expect(load({ choice_count: 2 })).toThrow('round_robin_lb_config.choice_count: is not a known field here, got 2');
  });

  it('slow_start_config.aggression is a RuntimeDouble with a required runtime_key', () => {
    expect(load({ slow_start_config: { aggression: { default_value: 2, runtime_key: '' } } })).toThrow(
      'round_robin_lb_config.slow_start_config.aggression.runtime_key: must be a non-empty string, got ""',
    );
  });

  it('slow_start_window must be a duration', () => {
    expect(load({ slow_start_config: { slow_start_window: 60 } })).toThrow(
      'round_robin_lb_config.slow_start_config.slow_start_window: must be a duration such as "1.5s", got 60',
    );
  });
});
