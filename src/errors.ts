/**
 * Typed errors. Every validation failure names the field (an Envoy config path where the input
 * came from config) and the offending value, in one format:
 * `load_assignment.endpoints[1].lb_endpoints[0].load_balancing_weight: must be >= 1, got 0`.
 */

/** Formats a value for an error message. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return `${value}`;
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return String(value);
  }
}

/** Invalid input to a constructor, factory or config loader. */
export class UpstreamLbError extends Error {
  /** The field path (Envoy's snake_case path for config input). */
  readonly path: string;
  /** The rejected value. */
  readonly value: unknown;

  /**
   * @param path field path, e.g. `maglev_lb_config.table_size`
   * @param value the rejected value
   * @param rule what the value must satisfy, e.g. `must be a prime number`
   */
  constructor(path: string, value: unknown, rule: string) {
    super(`${path}: ${rule}, got ${formatValue(value)}`);
    this.name = 'UpstreamLbError';
    this.path = path;
    this.value = value;
  }
}

/** Invalid Envoy configuration (a {@link UpstreamLbError} raised by the config loader). */
export class ConfigError extends UpstreamLbError {
  constructor(path: string, value: unknown, rule: string) {
    super(path, value, rule);
    this.name = 'ConfigError';
  }
}

/**
 * Valid Envoy configuration that the library does not implement: raised instead of silently
 * ignoring a load-balancing setting that would change where traffic goes.
 */
export class UnsupportedConfigError extends UpstreamLbError {
  constructor(path: string, value: unknown, rule = 'is not supported by upstream-lb') {
    super(path, value, rule);
    this.name = 'UnsupportedConfigError';
  }
}
