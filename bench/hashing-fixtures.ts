/**
 * Inputs shared by the consistent hashing benchmarks: hosts named as the native C++ reference
 * names them, fixed pseudo-random request hashes, and 20-byte session keys.
 */
import { Host } from '../src/host/host.js';

/** Host i as the native reference names it: 10.0.(i / 256).(i % 256):8080. */
export function benchAddress(i: number): string {
  return `10.0.${Math.floor(i / 256)}.${i % 256}:8080`;
}
/** `n` hosts named as the native reference names them. */
export function benchHosts(n: number, weight: (i: number) => number = () => 1): Host[] {
  return Array.from({ length: n }, (_, i) => new Host({ address: benchAddress(i), weight: weight(i) }));
}
/** Normalized equal weights for `hosts`. */
export function equalWeights(hosts: Host[]): { host: Host; weight: number }[] {
  return hosts.map((host) => ({ host, weight: 1 / hosts.length }));
}

/** Pseudo-random u64 request hashes as [hi, lo] pairs (splitmix-style, fixed seed). */
export function queryHashes(count: number, seed = 42): Uint32Array {
  const out = new Uint32Array(count * 2);
  let x = seed | 0;
  for (let i = 0; i < out.length; i++) {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    out[i] = (z ^ (z >>> 16)) >>> 0;
  }
  return out;
}

/** 20-byte ASCII session keys, "sess-" + 15 hex digits, as flat strings. */
export function sessionKeys(count: number): string[] {
  const q = queryHashes(count, 7);
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  return Array.from({ length: count }, (_, i) =>
    decoder.decode(encoder.encode(`sess-${(q[2 * i] & 0xfffffff).toString(16).padStart(7, '0')}${q[2 * i + 1].toString(16).padStart(8, '0')}`)),
  );
}

