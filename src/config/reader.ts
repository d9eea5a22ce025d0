/**
 * Reading Envoy v3 JSON (proto3 JSON mapping, as Envoy's YAML/JSON loader accepts it) with field
 * paths in every error. A {@link Reader} wraps one message; each accessor validates one field.
 * Fields the caller never reads are reported: unknown fields are errors, fields the caller marks as
 * outside load balancing are collected as ignored.
 */
import { ConfigError, UnsupportedConfigError } from '../errors.js';

/** A JSON object as parsed from Envoy config. */
export type JsonObject = { readonly [key: string]: unknown };

/** True for a plain JSON object. */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Collects ignored fields and notices while reading a config. */
export class ReadLog {
  /** Paths of accepted fields that do not affect load balancing. */
  readonly ignored: string[] = [];
  /** Other remarks (for example: endpoint names used without DNS resolution). */
  readonly notices: string[] = [];
}

/** Field access on one JSON message, with a path for errors. */
export class Reader {
  /** Path of this message, e.g. `load_assignment.endpoints[0]`. */
  readonly path: string;
  /** The message's JSON. */
  readonly obj: JsonObject;
  /** Where ignored fields and notices are collected. */
  readonly log: ReadLog;
  private readonly read = new Set<string>();

  constructor(obj: unknown, path: string, log: ReadLog) {
    if (!isObject(obj)) throw new ConfigError(path || '(root)', obj, 'must be an object');
    this.obj = obj;
    this.path = path;
    this.log = log;
  }

  /** Path of a field of this message. */
  at(name: string): string {
    return this.path ? `${this.path}.${name}` : name;
  }

  /** True when the field is present (not undefined or null). */
  has(name: string): boolean {
    return this.obj[name] !== undefined && this.obj[name] !== null;
  }

  /** The raw value of a field (marks it read). */
  raw(name: string): unknown {
    this.read.add(name);
    const v = this.obj[name];
    return v === null ? undefined : v;
  }

  /** A nested message, or undefined. */
  message(name: string): Reader | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    return new Reader(v, this.at(name), this.log);
  }

  /** A repeated message field (empty when absent). */
  messages(name: string): Reader[] {
    const v = this.raw(name);
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw new ConfigError(this.at(name), v, 'must be a list');
    return v.map((item, i) => new Reader(item, `${this.at(name)}[${i}]`, this.log));
  }

  /** A string field. */
  string(name: string, def: string): string;
  string(name: string): string | undefined;
  string(name: string, def?: string): string | undefined {
    const v = this.raw(name);
    if (v === undefined) return def;
    if (typeof v !== 'string') throw new ConfigError(this.at(name), v, 'must be a string');
    return v;
  }

  /** A list of strings. */
  strings(name: string): string[] {
    const v = this.raw(name);
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw new ConfigError(this.at(name), v, 'must be a list of strings');
    return v.map((s, i) => {
      if (typeof s !== 'string') throw new ConfigError(`${this.at(name)}[${i}]`, s, 'must be a string');
      return s;
    });
  }

  /** A bool field (`BoolValue` wrappers are plain booleans in JSON). */
  bool(name: string, def: boolean): boolean {
    const v = this.raw(name);
    if (v === undefined) return def;
    if (typeof v !== 'boolean') throw new ConfigError(this.at(name), v, 'must be a boolean');
    return v;
  }

  /**
   * An integer field (`uint32`, `uint64`, and their wrappers, which JSON writes as plain numbers or
   * decimal strings), checked against [min, max].
   */
  integer(name: string, min: number, max: number): number | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    return toInteger(v, this.at(name), min, max);
  }

  /** A double field. */
  number(name: string): number | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    throw new ConfigError(this.at(name), v, 'must be a number');
  }

  /** An enum field by name (or number, mapped through `values` order). */
  enumValue<T extends string>(name: string, values: readonly T[], def: T): T {
    const v = this.raw(name);
    if (v === undefined) return def;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < values.length) return values[v];
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
    throw new ConfigError(this.at(name), v, `must be one of ${values.join(', ')}`);
  }

  /**
   * An `envoy.type.v3.Percent` message (`{value: 0..100}`), converted to an integer of `max` as
   * Envoy's `PROTOBUF_PERCENT_TO_ROUNDED_INTEGER_OR_DEFAULT`: `uint64(max * (value / 100))`, which
   * truncates despite its name.
   */
  percentToInteger(name: string, max: number, def: number): number {
    const m = this.message(name);
    if (!m) return def;
    const value = m.number('value') ?? 0;
    m.done();
    if (!(value >= 0 && value <= 100)) throw new ConfigError(m.at('value'), value, 'must be in [0, 100]');
    return Math.trunc(max * (value / 100));
  }

  /** An `envoy.type.v3.Percent` as a double in [0, 100], or undefined. */
  percent(name: string): number | undefined {
    const m = this.message(name);
    if (!m) return undefined;
    const value = m.number('value') ?? 0;
    m.done();
    if (!(value >= 0 && value <= 100)) throw new ConfigError(m.at('value'), value, 'must be in [0, 100]');
    return value;
  }

  /** A `google.protobuf.Duration` (`"1.5s"` or `{seconds, nanos}`) in whole milliseconds. */
  durationMs(name: string): number | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    const path = this.at(name);
    if (typeof v === 'string') {
      const m = /^(-?)(\d+)(?:\.(\d{1,9}))?s$/.exec(v);
      if (!m) throw new ConfigError(path, v, 'must be a duration such as "1.5s"');
      if (m[1] === '-') throw new ConfigError(path, v, 'must not be negative');
      const nanos = Number((m[3] ?? '').padEnd(9, '0'));
      return Number(m[2]) * 1000 + Math.trunc(nanos / 1e6);
    }
    if (isObject(v)) {
      const r = new Reader(v, path, this.log);
      const seconds = r.integer('seconds', 0, 315_576_000_000) ?? 0;
      const nanos = r.integer('nanos', 0, 999_999_999) ?? 0;
      r.done();
      return seconds * 1000 + Math.trunc(nanos / 1e6);
    }
    throw new ConfigError(path, v, 'must be a duration such as "1.5s"');
  }

  /** Marks fields that exist in Envoy's proto but do not affect load balancing: reported as ignored. */
  ignore(...names: string[]): void {
    for (const n of names) {
      if (this.obj[n] !== undefined) {
        this.read.add(n);
        this.log.ignored.push(this.at(n));
      }
    }
  }

  /** Rejects fields that would change load balancing but are not implemented. */
  unsupported(...names: string[]): void {
    for (const n of names) {
      if (this.has(n)) throw new UnsupportedConfigError(this.at(n), this.obj[n]);
    }
  }

  /** Throws for any field not read, ignored or marked unsupported: Envoy rejects unknown fields. */
  done(): void {
    for (const key of Object.keys(this.obj)) {
      // A key present with the value undefined (objects built in code) is an absent field.
      if (!this.read.has(key) && this.obj[key] !== undefined) throw new ConfigError(this.at(key), this.obj[key], 'is not a known field here');
    }
  }
}

/** Converts a JSON integer (number or decimal string) with range checking. */
export function toInteger(v: unknown, path: string, min: number, max: number): number {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^-?\d+$/.test(v)) n = Number(v);
  else throw new ConfigError(path, v, 'must be an integer');
  if (!Number.isInteger(n)) throw new ConfigError(path, v, 'must be an integer');
  if (n < min) throw new ConfigError(path, v, `must be >= ${min}`);
  if (n > max) throw new ConfigError(path, v, `must be <= ${max}`);
  return n;
}
