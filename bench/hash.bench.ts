// Hash function benchmarks: our XXH64 and MurmurHash64A (uint32 halves, no BigInt) against
// xxhash-wasm. Registers benchmarks only; bench/index.ts runs them.
//
// The project's acceptance criterion: our xxHash64 of a 20-byte key beats xxhash-wasm's `h64`.
import { bench, do_not_optimize, group, summary } from 'mitata';
import xxhashWasm from 'xxhash-wasm';
import { type U64 } from '../src/common/u64.js';
import { MURMUR_HASH2_DEFAULT_SEED_LO, murmurHash2Bytes, murmurHash2StringInto } from '../src/hash/murmur2.js';
import { xxHash64, xxHash64Bytes, xxHash64StringInto } from '../src/hash/xxhash64.js';

const wasm = await xxhashWasm();
const encoder = new TextEncoder();
const out: U64 = { hi: 0, lo: 0 };

// ASCII keys shaped like the values Envoy hashes (header values, cookies, ip:port). The 20-byte
// key is the headline case.
const KEY_SIZES = [4, 20, 64, 1024] as const;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789-._~ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function asciiKey(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[(i * 7 + 3) % ALPHABET.length];
  return s;
}

for (const size of KEY_SIZES) {
  const key = asciiKey(size);
  const bytes = encoder.encode(key);

  group(`xxHash64, ${size}-byte ASCII key`, () => {
    summary(() => {
      bench('ours xxHash64StringInto (string -> U64)', () =>
        do_not_optimize(xxHash64StringInto(key, 0, 0, out)),
      );
      bench('ours xxHash64Bytes (Uint8Array -> U64)', () =>
        do_not_optimize(xxHash64Bytes(bytes, 0, bytes.length, 0, 0, out)),
      );
      bench('ours xxHash64 (string -> bigint)', () => do_not_optimize(xxHash64(key)));
      bench('xxhash-wasm h64 (string -> bigint)', () => do_not_optimize(wasm.h64(key)));
      bench('xxhash-wasm h64Raw (Uint8Array -> bigint)', () =>
        do_not_optimize(wasm.h64Raw(bytes)),
      );
    });
  });
}

for (const size of KEY_SIZES) {
  const key = asciiKey(size);
  const bytes = encoder.encode(key);

  group(`murmurHash2, ${size}-byte ASCII key`, () => {
    summary(() => {
      bench('ours murmurHash2StringInto (string -> U64)', () =>
        do_not_optimize(murmurHash2StringInto(key, 0, MURMUR_HASH2_DEFAULT_SEED_LO, out)),
      );
      bench('ours murmurHash2Bytes (Uint8Array -> U64)', () =>
        do_not_optimize(murmurHash2Bytes(bytes, 0, bytes.length, 0, MURMUR_HASH2_DEFAULT_SEED_LO, out)),
      );
    });
  });
}
