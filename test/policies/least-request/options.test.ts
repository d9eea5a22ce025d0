import { describe, expect, it } from 'vitest';
import { leastRequest } from '../../../src/policies/least-request/index.js';
import { resolveLeastRequestOptions } from '../../../src/policies/least-request/options.js';
import { loadCluster } from '../../../src/config/load.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { makeHosts, setOf } from '../round-robin/fixtures.js';

const build = (options: Record<string, unknown>) => () => leastRequest(new PrioritySet(), options as never);

describe('leastRequest() options: defaults', () => {
  it('fills Envoy defaults: choice_count 2, no bias, N_CHOICES, slow start off, no distinct sampling', () => {
    const r = resolveLeastRequestOptions({});
    expect(r).toMatchObject({ choiceCount: 2, activeRequestBias: null, biasForcesWeighted: true, fullScan: false, distinctChoices: false });
    expect(r.slowStart).toEqual({ windowMs: 0, aggression: 1, minWeightFraction: 0.1 });
  });
});

describe('leastRequest() options: validation (exact messages)', () => {
  it('choiceCount must be an integer >= 2 (proto: choice_count gte 2)', () => {
    expect(build({ choiceCount: 1 })).toThrow('choiceCount: must be an integer in [2, 4294967295], got 1');
    expect(build({ choiceCount: 2.5 })).toThrow('choiceCount: must be an integer in [2, 4294967295], got 2.5');
    expect(build({ choiceCount: 2 ** 32 })).toThrow('choiceCount: must be an integer in [2, 4294967295], got 4294967296');
  });

  it('activeRequestBias must be a number or a function', () => {
    expect(build({ activeRequestBias: '1' })).toThrow('activeRequestBias: must be a number or a function returning one, got "1"');
    expect(build({ activeRequestBias: -1 })).not.toThrow(); // Envoy accepts it and uses 1.0
  });

  it('activeRequestBiasForcesWeighted must be a boolean', () => {
    expect(build({ activeRequestBiasForcesWeighted: 1 })).toThrow('activeRequestBiasForcesWeighted: must be a boolean, got 1');
  });

  it('selectionMethod must be N_CHOICES or FULL_SCAN', () => {
    expect(build({ selectionMethod: 'RANDOM' })).toThrow('selectionMethod: must be one of N_CHOICES, FULL_SCAN, got "RANDOM"');
  });

  it('distinctChoices must be a boolean', () => {
    expect(build({ distinctChoices: 'yes' })).toThrow('distinctChoices: must be a boolean, got "yes"');
  });

  it('slowStart fields are checked with their path', () => {
    expect(build({ slowStart: { windowMs: -1 } })).toThrow('slowStart.windowMs: must be a non-negative integer number of milliseconds, got -1');
    expect(build({ slowStart: { aggression: 'x' } })).toThrow('slowStart.aggression: must be a number or a function returning one, got "x"');
    expect(build({ slowStart: { minWeightPercent: 101 } })).toThrow('slowStart.minWeightPercent: must be a percentage in [0, 100], got 101');
  });

  it('shared options are checked before anything is built', () => {
    expect(build({ healthyPanicThreshold: 101 })).toThrow('healthyPanicThreshold: must be an integer in [0, 100], got 101');
    expect(build({ random: {} })).toThrow('random: must be a RandomSource (an object with a nextU64() method), got {}');
    expect(() => leastRequest({} as never)).toThrow('prioritySet: must be a PrioritySet, got {}');
  });

  it('validation happens before any random draw', () => {
    let drawn = 0;
    const random = { nextU64: (o: { hi: number; lo: number }) => (drawn++, o) };
    expect(() => leastRequest(setOf(makeHosts([80, 81])), { random, choiceCount: 1 })).toThrow();
    expect(drawn).toBe(0);
  });
});

describe('least_request_lb_config validation (Envoy config)', () => {
  const load = (config: unknown) => () =>
    loadCluster({ lb_policy: 'LEAST_REQUEST', least_request_lb_config: config, load_assignment: { endpoints: [] } });

  it('choice_count below 2 is rejected (proto gte: 2)', () => {
    expect(load({ choice_count: 1 })).toThrow('least_request_lb_config.choice_count: must be >= 2, got 1');
  });

  it('active_request_bias needs a non-empty runtime_key (RuntimeDouble)', () => {
    expect(load({ active_request_bias: { default_value: 1 } })).toThrow('least_request_lb_config.active_request_bias.runtime_key: must be a non-empty string, got ""');
    expect(load({ active_request_bias: { default_value: 'x', runtime_key: 'k' } })).toThrow(
      'least_request_lb_config.active_request_bias.default_value: must be a number, got "x"',
    );
  });

  it('selection_method is not a field of the legacy message', () => {
    expect(load({ selection_method: 'FULL_SCAN' })).toThrow('least_request_lb_config.selection_method: is not a known field here, got "FULL_SCAN"');
  });

  it('slow_start_config is validated field by field', () => {
    expect(load({ slow_start_config: { slow_start_window: '-1s' } })).toThrow('least_request_lb_config.slow_start_config.slow_start_window: must not be negative, got "-1s"');
    expect(load({ slow_start_config: { min_weight_percent: { value: 120 } } })).toThrow(
      'least_request_lb_config.slow_start_config.min_weight_percent.value: must be in [0, 100], got 120',
    );
    expect(load({ slow_start_config: { aggression: { default_value: 2 } } })).toThrow(
      'least_request_lb_config.slow_start_config.aggression.runtime_key: must be a non-empty string, got ""',
    );
  });
});
