/**
 * The subset index: Envoy's `LbSubsetMap` trie (key name → value → entry, one level per sorted
 * selector key) and the selector trie that holds per-selector fallback settings. Values are
 * matched as Envoy's `HashedValue` matches them: same kind and equal value (the string "1" is not
 * the number 1), with -0 and 0 distinct (their protobuf hashes differ), structs and lists by
 * content.
 */
import type { MetadataStruct, MetadataValue } from '../../host/metadata.js';
import { compareUtf8 } from '../../common/strings.js';

/** One subset of the index, and whatever it holds. */
export interface LbSubset {
  /** True while the subset has a host in any priority (health ignored). */
  readonly active: boolean;
}

/** An entry of the subset trie: one (key, value) step of a path, maybe with a subset attached. */
export class SubsetEntry<S extends LbSubset = LbSubset> {
  /** Metadata key of this step. */
  readonly key: string;
  /** Metadata value of this step. */
  readonly value: MetadataValue;
  /** The entry one level up, or null at the root level. */
  readonly parent: SubsetEntry<S> | null;
  /** Next level (key → values), or null when empty. */
  children: Map<string, ValueMap<S>> | null = null;
  /** The subset ending at this entry, once a selector's full key path reached it. */
  subset: S | null = null;
  /** True when the subset keeps a single host (`single_host_per_subset` of the selector that created it). */
  singleHost = false;
  /** The key of this entry in its {@link ValueMap}. */
  readonly mapKey: unknown;
  /** Canonical text of a structured value, else null. */
  readonly structKey: string | null;

  constructor(key: string, value: MetadataValue, parent: SubsetEntry<S> | null, mapKey: unknown, structKey: string | null) {
    this.key = key;
    this.value = value;
    this.parent = parent;
    this.mapKey = mapKey;
    this.structKey = structKey;
  }

  /** Envoy's `LbSubsetEntry::active()`: initialized and holding a host. */
  active(): boolean {
    return this.subset !== null && this.subset.active;
  }

  /** The (key, value) path from the root to this entry. */
  path(): [string, MetadataValue][] {
    const out: [string, MetadataValue][] = [];
    for (let e: SubsetEntry<S> | null = this; e !== null; e = e.parent) out.push([e.key, e.value]);
    return out.reverse();
  }
}

/** The token standing for -0 in value maps (a JS `Map` would merge it with 0). */
const NEG_ZERO: object = Object.freeze({ negativeZero: true });

/** Values of one key at one trie level → entries, in insertion order. */
export class ValueMap<S extends LbSubset = LbSubset> {
  /** Primitive values (and tokens for -0 and structured values) → entries. */
  readonly map = new Map<unknown, SubsetEntry<S>>();
  private tokens: Map<string, object> | null = null;

  /** The entry for `value`, if any. Allocates only for unfrozen list or struct values. */
  get(value: MetadataValue): SubsetEntry<S> | undefined {
    if (typeof value === 'object' && value !== null) {
      if (this.tokens === null) return undefined;
      const t = this.tokens.get(structuredKey(value));
      return t === undefined ? undefined : this.map.get(t);
    }
    if (value === 0 && 1 / value < 0) return this.map.get(NEG_ZERO);
    return this.map.get(value);
  }

  /** The entry for `value`, created (empty) when missing. */
  getOrCreate(key: string, value: MetadataValue, parent: SubsetEntry<S> | null): SubsetEntry<S> {
    const found = this.get(value);
    if (found !== undefined) return found;
    let mapKey: unknown;
    let structKey: string | null = null;
    if (typeof value === 'object' && value !== null) {
      structKey = structuredKey(value);
      mapKey = Object.freeze({ structKey });
      (this.tokens ??= new Map()).set(structKey, mapKey as object);
    } else if (value === 0 && 1 / value < 0) {
      mapKey = NEG_ZERO;
    } else {
      mapKey = value;
    }
    const entry = new SubsetEntry<S>(key, value, parent, mapKey, structKey);
    this.map.set(mapKey, entry);
    return entry;
  }

  /** Removes an entry. */
  delete(entry: SubsetEntry<S>): void {
    this.map.delete(entry.mapKey);
    if (entry.structKey !== null && this.tokens !== null) this.tokens.delete(entry.structKey);
  }
}

/** A trie level: key → values. */
export type SubsetLevel<S extends LbSubset = LbSubset> = Map<string, ValueMap<S>>;

const keyCache = new WeakMap<object, string>();

/**
 * Canonical text of a list or struct value: equal for values Envoy's `HashedValue` treats as
 * equal (kinds must match, struct key order does not matter, -0 differs from 0). Cached for frozen
 * values, so criteria built once (route criteria) cost nothing per pick.
 */
export function structuredKey(value: object): string {
  const cached = keyCache.get(value);
  if (cached !== undefined) return cached;
  const key = canonical(value as MetadataValue);
  if (Object.isFrozen(value)) keyCache.set(value, key);
  return key;
}

function canonical(v: MetadataValue): string {
  if (v === null) return 'n';
  switch (typeof v) {
    case 'string':
      return `s${JSON.stringify(v)}`;
    case 'number':
      return v === 0 && 1 / v < 0 ? 'd-0' : `d${v}`;
    case 'boolean':
      return v ? 'T' : 'F';
    default:
      if (Array.isArray(v)) return `[${(v as readonly MetadataValue[]).map(canonical).join(',')}]`;
      return `{${Object.keys(v as MetadataStruct)
        .sort(compareUtf8)
        .map((k) => `${JSON.stringify(k)}:${canonical((v as MetadataStruct)[k])}`)
        .join(',')}}`;
  }
}

/** A node of the selector trie (Envoy's `SubsetSelectorMap`). */
export class SelectorNode {
  /** Next key → node. */
  readonly children = new Map<string, SelectorNode>();
  /** Selector fallback code at this node (`NOT_DEFINED` = 0 unless a selector ends here). */
  fallbackPolicy = 0;
  /** `fallback_keys_subset` of the selector ending here. */
  fallbackKeysSubset: ReadonlySet<string> | null = null;
}
