/**
 * Route `metadata_match` criteria under the `envoy.lb` filter: Envoy's `MetadataMatchCriteriaImpl`.
 * Criteria are kept sorted by key (bytewise, as `std::string` orders them), which is what the
 * subset load balancer's index walks; merging a weighted cluster's criteria over the route's lets
 * the cluster entry win on conflicts, then re-sorts.
 */
import { compareUtf8 } from '../common/strings.js';
import { type MetadataStruct, type MetadataValue, normalizeMetadataValue } from '../host/metadata.js';
import { UpstreamLbError } from '../errors.js';

/** What the criteria functions accept: a struct as a plain object, a map, entries, or criteria. */
export type MetadataMatchInput =
  | MetadataMatchCriteria
  | Readonly<Record<string, unknown>>
  | ReadonlyMap<string, unknown>
  | Iterable<readonly [string, unknown]>;

const EMPTY_KEYS: readonly string[] = Object.freeze([]);
const EMPTY_VALUES: readonly MetadataValue[] = Object.freeze([]);

/**
 * Immutable match criteria sorted by key. It is a `ReadonlyMap`, so it can be passed directly as
 * `LoadBalancerContext.metadataMatch`; the subset load balancer then reads its sorted arrays
 * without sorting or allocating per pick.
 *
 * @example
 * const route = MetadataMatchCriteria.from({ stage: 'prod' });
 * const entry = route.merge({ version: '1.0' });
 * [...entry.keys()]; // ['stage', 'version']
 */
export class MetadataMatchCriteria implements ReadonlyMap<string, MetadataValue> {
  /** Criterion names in ascending bytewise order. */
  readonly sortedKeys: readonly string[];
  /** Criterion values, aligned with {@link sortedKeys}; normalized and frozen. */
  readonly sortedValues: readonly MetadataValue[];
  /** @internal the load balancer that last resolved these criteria (a per-pick lookup cache). */
  lookupOwner: unknown = null;
  /** @internal that load balancer's index version at the time. */
  lookupVersion = 0;
  /** @internal what it resolved them to. */
  lookupResult: unknown = null;

  /** @internal use {@link MetadataMatchCriteria.from} */
  constructor(sortedKeys: readonly string[], sortedValues: readonly MetadataValue[]) {
    this.sortedKeys = sortedKeys;
    this.sortedValues = sortedValues;
  }

  /**
   * Builds criteria from an `envoy.lb` struct (Envoy's `MetadataMatchCriteriaImpl(struct)`).
   * Values are normalized as protobuf `Value`s; keys such as `__proto__` are ordinary keys.
   * @throws UpstreamLbError when a value is not a JSON value
   */
  static from(input: MetadataMatchInput, path = 'metadata_match'): MetadataMatchCriteria {
    if (input instanceof MetadataMatchCriteria) return input;
    const keys: string[] = [];
    const values: MetadataValue[] = [];
    for (const [k, v] of entriesOf(input, path)) {
      keys.push(k);
      values.push(normalize(v, `${path}.${k}`));
    }
    return sortedCriteria(keys, values);
  }

  /** Criteria with no keys. */
  static readonly EMPTY: MetadataMatchCriteria = new MetadataMatchCriteria(EMPTY_KEYS, EMPTY_VALUES);

  /** Number of criteria. */
  get size(): number {
    return this.sortedKeys.length;
  }

  /**
   * Envoy's `mergeMatchCriteria(struct)`: these criteria with `override`'s keys replacing equal
   * names and new names added, sorted again.
   */
  merge(override: MetadataMatchInput, path = 'metadata_match'): MetadataMatchCriteria {
    const keys = this.sortedKeys.slice();
    const values = this.sortedValues.slice();
    const index = new Map<string, number>();
    keys.forEach((k, i) => index.set(k, i));
    const entries = override instanceof MetadataMatchCriteria ? override.entries() : entriesOf(override, path);
    for (const [k, v] of entries) {
      const value = normalize(v, `${path}.${k}`);
      const i = index.get(k);
      if (i === undefined) {
        index.set(k, keys.length);
        keys.push(k);
        values.push(value);
      } else {
        values[i] = value;
      }
    }
    return sortedCriteria(keys, values);
  }

  /**
   * Envoy's `filterMatchCriteria(names)`: the criteria whose names are listed, in sorted order, or
   * `null` when none remains.
   */
  filter(names: Iterable<string>): MetadataMatchCriteria | null {
    const set = names instanceof Set ? (names as ReadonlySet<string>) : new Set(names);
    const keys: string[] = [];
    const values: MetadataValue[] = [];
    for (let i = 0; i < this.sortedKeys.length; i++) {
      if (set.has(this.sortedKeys[i])) {
        keys.push(this.sortedKeys[i]);
        values.push(this.sortedValues[i]);
      }
    }
    return keys.length === 0 ? null : new MetadataMatchCriteria(Object.freeze(keys), Object.freeze(values));
  }

  /** The value of a criterion. */
  get(key: string): MetadataValue | undefined {
    const i = this.indexOf(key);
    return i < 0 ? undefined : this.sortedValues[i];
  }

  /** True when the criterion exists. */
  has(key: string): boolean {
    return this.indexOf(key) >= 0;
  }

  /** Calls `fn` for each criterion in key order. */
  forEach(fn: (value: MetadataValue, key: string, map: ReadonlyMap<string, MetadataValue>) => void, thisArg?: unknown): void {
    for (let i = 0; i < this.sortedKeys.length; i++) fn.call(thisArg, this.sortedValues[i], this.sortedKeys[i], this);
  }

  /** `[key, value]` pairs in key order. */
  *entries(): MapIterator<[string, MetadataValue]> {
    for (let i = 0; i < this.sortedKeys.length; i++) yield [this.sortedKeys[i], this.sortedValues[i]];
  }

  /** Keys in order. */
  *keys(): MapIterator<string> {
    yield* this.sortedKeys;
  }

  /** Values in key order. */
  *values(): MapIterator<MetadataValue> {
    yield* this.sortedValues;
  }

  /** Same as {@link entries}. */
  [Symbol.iterator](): MapIterator<[string, MetadataValue]> {
    return this.entries();
  }

  /** A plain null-prototype object of the criteria. */
  toJSON(): Record<string, MetadataValue> {
    const out: Record<string, MetadataValue> = Object.create(null);
    for (let i = 0; i < this.sortedKeys.length; i++) {
      Object.defineProperty(out, this.sortedKeys[i], { value: this.sortedValues[i], enumerable: true });
    }
    return out;
  }

  private indexOf(key: string): number {
    let lo = 0;
    let hi = this.sortedKeys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareUtf8(this.sortedKeys[mid], key);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/**
 * The criteria a weighted cluster entry routes with, as Envoy's `WeightedClusterEntry`: when the
 * entry has its own `metadata_match` (`envoy.lb` struct), the route's criteria merged with it (the
 * entry wins on equal keys); otherwise the route's criteria. Either side may be absent.
 *
 * @example
 * mergeMetadataMatch({ stage: 'prod', version: '1.0' }, { version: '1.1' }); // stage=prod, version=1.1
 */
export function mergeMetadataMatch(
  route: MetadataMatchInput | null | undefined,
  clusterEntry: MetadataMatchInput | null | undefined,
): MetadataMatchCriteria | null {
  const parent = route == null ? null : MetadataMatchCriteria.from(route, 'route.metadata_match');
  if (clusterEntry == null) return parent;
  if (parent === null) return MetadataMatchCriteria.from(clusterEntry, 'weighted_clusters.metadata_match');
  return parent.merge(clusterEntry, 'weighted_clusters.metadata_match');
}

function sortedCriteria(keys: string[], values: MetadataValue[]): MetadataMatchCriteria {
  if (keys.length === 0) return MetadataMatchCriteria.EMPTY;
  const order = keys.map((_, i) => i).sort((a, b) => compareUtf8(keys[a], keys[b]));
  return new MetadataMatchCriteria(Object.freeze(order.map((i) => keys[i])), Object.freeze(order.map((i) => values[i])));
}

function normalize(v: unknown, path: string): MetadataValue {
  try {
    return normalizeMetadataValue(v, path);
  } catch (e) {
    // `normalizeMetadataValue` reports `path: rule, got value`; keep its path and rule.
    const text = e instanceof Error ? e.message : String(e);
    const m = /^(.*?): (.*), got (.*)$/.exec(text);
    throw m ? new UpstreamLbError(m[1], m[3], m[2]) : new UpstreamLbError(path, undefined, text);
  }
}

function entriesOf(input: MetadataMatchInput, path: string): Iterable<readonly [string, unknown]> {
  if (input instanceof MetadataMatchCriteria) return input.entries();
  if (input instanceof Map) return input.entries();
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new UpstreamLbError(path, input, 'must be an object of metadata keys to values');
  }
  if (Symbol.iterator in input) return input as Iterable<readonly [string, unknown]>;
  const obj = input as Readonly<Record<string, unknown>>;
  return Object.keys(obj).map((k): readonly [string, unknown] => [k, obj[k]]);
}

/** True when `v` is a metadata struct (a plain object value). */
export function isMetadataStruct(v: MetadataValue | undefined): v is MetadataStruct {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
