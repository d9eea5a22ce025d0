/**
 * Endpoint metadata under the `envoy.lb` filter, as protobuf `Value`s, compared the way Envoy's
 * `ValueUtil::equal` compares them. Keys are stored in `Map`s and null-prototype objects, so keys
 * such as `__proto__` and `constructor` are ordinary keys.
 */

/** A `google.protobuf.Value`: null, number, string, boolean, list or struct. */
export type MetadataValue = null | number | string | boolean | readonly MetadataValue[] | MetadataStruct;

/** A `google.protobuf.Struct` (a null-prototype object after normalization). */
export interface MetadataStruct {
  readonly [key: string]: MetadataValue;
}

/** Read-only view of a host's `envoy.lb` metadata. */
export type LbMetadata = ReadonlyMap<string, MetadataValue>;

/** An empty metadata map shared by hosts without metadata. */
export const EMPTY_METADATA: LbMetadata = new Map();

/**
 * Copies a JSON-like value into a normalized {@link MetadataValue}: structs become frozen
 * null-prototype objects, lists frozen arrays. Throws `TypeError` for values JSON cannot hold.
 */
export function normalizeMetadataValue(value: unknown, path = 'value'): MetadataValue {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: metadata numbers must be finite, got ${value}`);
      return value;
    case 'object': {
      if (Array.isArray(value)) {
        return Object.freeze(value.map((v, i) => normalizeMetadataValue(v, `${path}[${i}]`)));
      }
      const out: Record<string, MetadataValue> = Object.create(null);
      for (const key of Object.keys(value as object)) {
        // defineProperty so that a key named __proto__ stays an own data property
        Object.defineProperty(out, key, {
          value: normalizeMetadataValue((value as Record<string, unknown>)[key], `${path}.${key}`),
          enumerable: true,
        });
      }
      return Object.freeze(out);
    }
    default:
      throw new TypeError(`${path}: metadata values must be JSON values, got ${typeof value}`);
  }
}

/** Builds an {@link LbMetadata} map from a plain object or entries. */
export function lbMetadata(init: Readonly<Record<string, unknown>> | Iterable<readonly [string, unknown]> | null | undefined): LbMetadata {
  if (init == null) return EMPTY_METADATA;
  const map = new Map<string, MetadataValue>();
  if (Symbol.iterator in (init as object)) {
    for (const [k, v] of init as Iterable<readonly [string, unknown]>) map.set(k, normalizeMetadataValue(v, k));
  } else {
    const obj = init as Readonly<Record<string, unknown>>;
    for (const k of Object.keys(obj)) map.set(k, normalizeMetadataValue(obj[k], k));
  }
  return map.size === 0 ? EMPTY_METADATA : map;
}

/**
 * Envoy's `ValueUtil::equal`: kinds must match exactly (the string "1" is not the number 1),
 * numbers compare as doubles, lists element-wise, structs key-wise.
 */
export function metadataValueEquals(a: MetadataValue, b: MetadataValue): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  const ta = typeof a;
  if (ta !== typeof b) return false;
  if (ta !== 'object') return false; // equal primitives were caught by ===
  const la = Array.isArray(a);
  if (la !== Array.isArray(b)) return false;
  if (la) {
    const x = a as readonly MetadataValue[];
    const y = b as readonly MetadataValue[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!metadataValueEquals(x[i], y[i])) return false;
    return true;
  }
  const x = a as MetadataStruct;
  const y = b as MetadataStruct;
  const kx = Object.keys(x);
  if (kx.length !== Object.keys(y).length) return false;
  for (const k of kx) {
    if (!Object.prototype.hasOwnProperty.call(y, k)) return false;
    if (!metadataValueEquals(x[k], y[k])) return false;
  }
  return true;
}

/** True when two metadata maps hold the same keys with equal values. */
export function lbMetadataEquals(a: LbMetadata, b: LbMetadata): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    if (!b.has(k)) return false;
    if (!metadataValueEquals(v, b.get(k) as MetadataValue)) return false;
  }
  return true;
}

/** A canonical string for a value (stable key order), used to index values in maps. */
export function metadataValueKey(v: MetadataValue): string {
  if (v === null) return 'n';
  switch (typeof v) {
    case 'string':
      return `s${JSON.stringify(v)}`;
    case 'number':
      // -0 and 0 are equal as doubles, so they share a key
      return `d${v === 0 ? 0 : v}`;
    case 'boolean':
      return v ? 'T' : 'F';
    default:
      if (Array.isArray(v)) return `[${(v as readonly MetadataValue[]).map(metadataValueKey).join(',')}]`;
      return `{${Object.keys(v as MetadataStruct)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${metadataValueKey((v as MetadataStruct)[k])}`)
        .join(',')}}`;
  }
}
