/**
 * Envoy config messages shared by the round robin and least request policies:
 * `config.core.v3.RuntimeDouble` and `Cluster.SlowStartConfig`.
 */
import { ConfigError } from '../../errors.js';
import type { Reader } from '../../config/reader.js';
import type { SlowStartOptions } from './slow-start.js';

/**
 * Parses a `RuntimeDouble` (`{default_value, runtime_key}`) into its default value. The library
 * has no runtime loader, so `runtime_key` is validated (Envoy requires a non-empty key) and the
 * default value applies; pass a function in the TypeScript options to emulate a runtime override.
 */
export function parseRuntimeDouble(r: Reader): number {
  const value = r.number('default_value') ?? 0;
  const key = r.string('runtime_key');
  if (key === undefined || key.length === 0) {
    throw new ConfigError(r.at('runtime_key'), key ?? '', 'must be a non-empty string');
  }
  r.done();
  return value;
}

/** Parses a `SlowStartConfig` message (absent: slow start disabled). */
export function parseSlowStartConfig(r: Reader | undefined): SlowStartOptions | undefined {
  if (!r) return undefined;
  const windowMs = r.durationMs('slow_start_window') ?? 0;
  const a = r.message('aggression');
  const aggression = a ? parseRuntimeDouble(a) : undefined;
  const minWeightPercent = r.percent('min_weight_percent');
  r.done();
  return { windowMs, aggression, minWeightPercent };
}
