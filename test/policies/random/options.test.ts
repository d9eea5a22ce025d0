import { describe, expect, it } from 'vitest';
import { random } from '../../../src/policies/random/index.js';
import { loadCluster } from '../../../src/config/load.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';

const build = (options: Record<string, unknown>) => () => random(new PrioritySet(), options as never);

describe('random() options: validation (exact messages)', () => {
  it('prioritySet must be a PrioritySet', () => {
    expect(() => random([] as never)).toThrow('prioritySet: must be a PrioritySet, got []');
  });

  it('random, runtimeRandom, clock and stats are type-checked', () => {
    expect(build({ random: { nextU64: 1 } })).toThrow('random: must be a RandomSource (an object with a nextU64() method), got {"nextU64":1}');
    expect(build({ runtimeRandom: 'r' })).toThrow('runtimeRandom: must be a RandomSource (an object with a nextU64() method), got "r"');
    expect(build({ clock: null })).toThrow('clock: must be a Clock (an object with a now() method), got null');
    expect(build({ stats: [] })).toThrow('stats: must be an object, got []');
  });

  it('healthyPanicThreshold must be an integer in [0, 100]', () => {
    expect(build({ healthyPanicThreshold: 200 })).toThrow('healthyPanicThreshold: must be an integer in [0, 100], got 200');
  });

  it('localityWeighted must be a boolean', () => {
    expect(build({ localityWeighted: 1 })).toThrow('localityWeighted: must be a boolean, got 1');
  });

  it('zoneAware settings are checked', () => {
    expect(build({ zoneAware: { routingEnabled: 101 } })).toThrow('zoneAware.routingEnabled: must be an integer in [0, 100], got 101');
    expect(build({ zoneAware: { localityBasis: 'X' } })).toThrow('zoneAware.localityBasis: must be one of HEALTHY_HOSTS_NUM, HEALTHY_HOSTS_WEIGHT, got "X"');
  });
});

describe('RANDOM in Envoy config', () => {
  it('takes no policy config: a round robin config beside it is ignored as Envoy does', () => {
    const { ignoredFields } = loadCluster({ lb_policy: 'RANDOM', round_robin_lb_config: {} });
    expect(ignoredFields).toContain('round_robin_lb_config');
  });
});
