// Hash function benchmarks: our XXH64 and MurmurHash64A (uint32 halves, no BigInt) against
// xxhash-wasm. Registers benchmarks only; bench/index.ts runs them.
//
// The project's acceptance criterion: our xxHash64 of a 20-byte key beats xxhash-wasm's `h64`.
import { bench, do_not_optimize, group, summary } from 'mitata';
import xxhashWasm from 'xxhash-wasm';
import { type U64 } from '../src/common/u64.js';
import {
  MURMUR_HASH2_DEFAULT_SEED_LO,
  murmurHash2Bytes,
  murmurHash2StringInto,
} from '../src/hash/murmur2.js';
import { xxHash64, xxHash64Bytes, xxHash64StringInto } from '../src/hash/xxhash64.js';

const wasm = await xxhashWasm();
const encoder = new TextEncoder();
const out: U64 = { hi: 0, lo: 0 };

// ASCII keys shaped like the values Envoy hashes (header values, cookies, ip:port). The 20-byte
// key is the headline case.
const KEY_SIZES = [4, 20, 64, 1024] as const;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789-._~ABCDEFGHIJKLMNOPQRSTUVWXYZ';

// Decoding bytes gives a flat sequential string, as an HTTP parser produces for a header value.
// A string built with `+=` or `slice` is a rope or a slice, and reading its characters costs more.
function asciiKey(length: number): string {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = ALPHABET.charCodeAt((i * 7 + 3) % ALPHABET.length);
  return new TextDecoder().decode(bytes);
}

// Warm up every path (ours and xxhash-wasm) with every key size and with seed halves on both sides of 2^31 before
// measuring. This settles the field representation of `out` (uint32 halves above 2^31 are not
// small integers) and gives the JIT feedback from all lengths and seeds, as a long-running server
// (chained list hashes feed hash halves back as seeds) has. The large cores also take tens of
// milliseconds to compile in the background. Without this, the first benchmarks pay for
// deoptimizations and unoptimized code.
for (let i = 0; i < 20_000; i++) {
  const seedHi = i & 1 ? 0x9e3779b1 : i;
  const seedLo = i & 2 ? 0xc2b2ae3d : i;
  for (const size of KEY_SIZES) {
    const key = asciiKey(size);
    const bytes = encoder.encode(key);
    xxHash64StringInto(key, seedHi, seedLo, out);
    xxHash64Bytes(bytes, 0, bytes.length, seedHi, seedLo, out);
    murmurHash2StringInto(key, seedHi, seedLo, out);
    murmurHash2Bytes(bytes, 0, bytes.length, seedHi, seedLo, out);
    if (i % 16 === 0) xxHash64(key);
    // The competitor gets the same warm-up, so its JS glue (string encoding, bigint result) is
    // optimized too.
    wasm.h64(key);
    wasm.h64Raw(bytes);
  }
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
        do_not_optimize(
          murmurHash2Bytes(bytes, 0, bytes.length, 0, MURMUR_HASH2_DEFAULT_SEED_LO, out),
        ),
      );
    });
  });
}
