import { describe, expect, it } from 'vitest';
import { resolveSlowStart } from '../../../src/policies/common/slow-start.js';
import { parseSlowStartConfig } from '../../../src/policies/common/config.js';
import { Reader, ReadLog } from '../../../src/config/reader.js';

const parse = (json: unknown) => parseSlowStartConfig(new Reader(json, 'slow_start_config', new ReadLog()));

describe('slow start options (SlowStartConfig)', () => {
  it('defaults: disabled, aggression 1.0, min_weight_percent 10', () => {
    expect(resolveSlowStart(undefined)).toEqual({ windowMs: 0, aggression: 1, minWeightFraction: 0.1 });
  });

  it('windowMs (slow_start_window) must be a non-negative integer', () => {
    expect(() => resolveSlowStart({ windowMs: -1 })).toThrow('slowStart.windowMs: must be a non-negative integer number of milliseconds, got -1');
    expect(() => resolveSlowStart({ windowMs: 0.5 })).toThrow('slowStart.windowMs: must be a non-negative integer number of milliseconds, got 0.5');
  });

  it('aggression (aggression, a RuntimeDouble) must be a number or a function', () => {
    expect(() => resolveSlowStart({ aggression: '2' as never })).toThrow('slowStart.aggression: must be a number or a function returning one, got "2"');
    expect(resolveSlowStart({ aggression: -1 }).aggression).toBe(-1); // accepted; read as 1.0 when used
  });

  it('minWeightPercent (min_weight_percent) must be in [0, 100]', () => {
    expect(() => resolveSlowStart({ minWeightPercent: 100.5 })).toThrow('slowStart.minWeightPercent: must be a percentage in [0, 100], got 100.5');
    expect(() => resolveSlowStart({ minWeightPercent: '5' as never })).toThrow('slowStart.minWeightPercent: must be a percentage in [0, 100], got "5"');
    expect(resolveSlowStart({ minWeightPercent: 35 }).minWeightFraction).toBe(0.35);
  });

  it('an error path can be given (least request and round robin use slowStart)', () => {
    expect(() => resolveSlowStart({ windowMs: -5 }, 'x.slow')).toThrow('x.slow.windowMs: must be a non-negative integer number of milliseconds, got -5');
  });
});

describe('parseSlowStartConfig() (Envoy JSON)', () => {
  it('reads slow_start_window, aggression.default_value and min_weight_percent', () => {
    expect(parse({ slow_start_window: '1.5s', aggression: { default_value: 2, runtime_key: 'a' }, min_weight_percent: { value: 25 } })).toEqual({
      windowMs: 1_500,
      aggression: 2,
      minWeightPercent: 25,
    });
    expect(parse({ slow_start_window: { seconds: 2, nanos: 999_999 } })?.windowMs).toBe(2_000);
  });

  it('an aggression without default_value is 0.0, which Envoy reads as 1.0', () => {
    expect(parse({ aggression: { runtime_key: 'a' } })?.aggression).toBe(0);
  });

  it('rejects unknown fields and bad values with their path', () => {
    expect(() => parse({ window: '1s' })).toThrow('slow_start_config.window: is not a known field here, got "1s"');
    expect(() => parse({ aggression: { default_value: 1, runtime_key: 'a', extra: 1 } })).toThrow('slow_start_config.aggression.extra: is not a known field here, got 1');
    expect(() => parse({ min_weight_percent: { value: -1 } })).toThrow('slow_start_config.min_weight_percent.value: must be in [0, 100], got -1');
  });
});
