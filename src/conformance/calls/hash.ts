/**
 * Conformance call handlers for the `hash` area: Envoy's `HashUtil::xxHash64` (one string, or a
 * span of strings chained through the seed) and `MurmurHash::murmurHash2`.
 */
import { u64FromDecimal, u64ToBigInt } from '../../common/u64.js';
import { MURMUR_HASH2_DEFAULT_SEED, murmurHash2 } from '../../hash/murmur2.js';
import { xxHash64, xxHash64List } from '../../hash/xxhash64.js';
import type { CallHandler } from '../calls.js';

/** A u64 decimal-string argument, or `def` when absent. */
function seedArg(args: Record<string, unknown>, def: bigint): bigint {
  const seed = args.seed;
  if (seed === undefined) return def;
  if (typeof seed !== 'string') throw new TypeError(`seed: must be a u64 decimal string, got ${JSON.stringify(seed)}`);
  return u64ToBigInt(u64FromDecimal(seed));
}

function stringArg(args: Record<string, unknown>, name: string): string {
  const v = args[name];
  if (typeof v !== 'string') throw new TypeError(`${name}: must be a string, got ${JSON.stringify(v)}`);
  return v;
}

/** Handlers by `fn` name. */
export const HASH_CALLS: Readonly<Record<string, CallHandler>> = {
  xxHash64(args) {
    const seed = seedArg(args, 0n);
    if (args.inputs !== undefined) {
      const inputs = args.inputs;
      if (!Array.isArray(inputs) || !inputs.every((s) => typeof s === 'string')) {
        throw new TypeError(`inputs: must be a list of strings, got ${JSON.stringify(inputs)}`);
      }
      return xxHash64List(inputs as string[], seed).toString();
    }
    return xxHash64(stringArg(args, 'input'), seed).toString();
  },
  murmurHash2(args) {
    return murmurHash2(stringArg(args, 'input'), seedArg(args, MURMUR_HASH2_DEFAULT_SEED)).toString();
  },
};
