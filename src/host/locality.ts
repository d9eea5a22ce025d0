/**
 * Locality of an endpoint: Envoy's `config.core.v3.Locality` (region, zone, sub_zone).
 */
import { compareUtf8 } from '../common/strings.js';

/** A locality; fields missing in Envoy config are empty strings. */
export interface Locality {
  /** `region`. */
  readonly region: string;
  /** `zone`. */
  readonly zone: string;
  /** `sub_zone`. */
  readonly subZone: string;
}

/** The empty locality (all fields empty), Envoy's default. */
export const EMPTY_LOCALITY: Locality = Object.freeze({ region: '', zone: '', subZone: '' });

/** Creates a frozen {@link Locality}; omitted fields are empty. */
export function locality(init: Partial<Locality> = {}): Locality {
  const region = init.region ?? '';
  const zone = init.zone ?? '';
  const subZone = init.subZone ?? '';
  if (region === '' && zone === '' && subZone === '') return EMPTY_LOCALITY;
  return Object.freeze({ region, zone, subZone });
}

/** True when two localities are equal field by field (Envoy's `LocalityEqualTo`). */
export function localityEquals(a: Locality, b: Locality): boolean {
  return a === b || (a.region === b.region && a.zone === b.zone && a.subZone === b.subZone);
}

/** Orders localities by (region, zone, sub_zone), bytewise, as Envoy's `LocalityLess`. */
export function compareLocality(a: Locality, b: Locality): number {
  return compareUtf8(a.region, b.region) || compareUtf8(a.zone, b.zone) || compareUtf8(a.subZone, b.subZone);
}

/** A string key that identifies a locality by value (for maps). */
export function localityKey(l: Locality): string {
  return `${l.region}\u0000${l.zone}\u0000${l.subZone}`;
}

/** Human-readable form, e.g. `cn-north-1/zone-a/`. */
export function formatLocality(l: Locality): string {
  return `${l.region}/${l.zone}/${l.subZone}`;
}
