import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Host } from '../../../src/host/host.js';
import { type HashingTable, NormalizedHostWeights } from '../../../src/lb/thread-aware.js';
import { BoundedLoadTable, boundedLoad } from '../../../src/policies/common/bounded-load.js';
import { Mt19937 } from '../../../src/policies/common/mt19937.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { ringHash } from '../../../src/policies/ring-hash/index.js';
import { maglev } from '../../../src/policies/maglev/index.js';

/** Inner table of Envoy's test: hash h (low half) picks byHash[h], attempts recorded. */
class IndexTable implements HashingTable {
  readonly attempts: number[] = [];
  constructor(private readonly byHash: readonly Host[]) {}
  chooseHost(hash: Uint32Array, attempt: number): Host | null {
    this.attempts.push(attempt);
    return hash[1] < this.byHash.length ? this.byHash[hash[1]] : null;
  }
}

function hosts(n: number): Host[] {
  return Array.from({ length: n }, (_, i) => new Host({ address: `127.0.0.${10 + i}:90` }));
}
function equalWeights(hs: Host[]): NormalizedHostWeights {
  return new NormalizedHostWeights(hs, new Float64Array(hs.length).fill(1 / hs.length));
}
const h = (lo: number, hi = 0) => Uint32Array.of(hi, lo);

/** Envoy's BoundedLoadHashingLoadBalancer::chooseHost written with BigInt uint32 arithmetic. */
function reference(inner: Host | null, hs: Host[], ws: number[], factor: number, overall: number, seed: number): Host | null {
  if (hs.length === 0 || inner === null) return null;
  const u32 = (x: bigint) => x & 0xffff_ffffn;
  const totalSlots = u32(u32(u32(BigInt(overall) + 1n) * BigInt(factor)) + 99n) / 100n;
  const f = (host: Host, w: number) => {
    const slots = Math.max(Math.ceil(Number(totalSlots) * w), 1);
    return host.activeRequests / slots;
  };
  let best = inner;
  let bestF = f(inner, ws[hs.indexOf(inner)]);
  if (bestF <= 1) return inner;
  const rng = new Mt19937(seed);
  const idx = hs.map((_, i) => i);
  for (let i = 0; i < hs.length; i++) {
    const j = rng.uniform(hs.length - i);
    [idx[i], idx[i + j]] = [idx[i + j], idx[i]];
    const alt = hs[idx[i]];
    if (alt === inner) continue;
    const af = f(alt, ws[idx[i]]);
    if (af <= 1) return alt;
    if (bestF > af) {
      best = alt;
      bestF = af;
    }
  }
  return best;
}

describe('BoundedLoadTable.chooseHost(hash, attempt)', () => {
  it('returns the inner pick while it is within its slots', () => {
    const hs = hosts(5);
    const t = new BoundedLoadTable(new IndexTable(hs), equalWeights(hs), 150, () => 0);
    for (let i = 0; i < 5; i++) expect(t.chooseHost(h(i), 0)).toBe(hs[i]);
  });

  it('passes attempt to the inner table only; the probe order depends on the hash alone', () => {
    const hs = hosts(5);
    const inner = new IndexTable(hs);
    hs[2].activeRequests = 2;
    const t = new BoundedLoadTable(inner, equalWeights(hs), 1, () => 0);
    expect(t.chooseHost(h(2), 0)).toBe(hs[1]);
    expect(t.chooseHost(h(2), 7)).toBe(hs[1]);
    expect(inner.attempts).toEqual([0, 7]);
  });

  it('returns the least overloaded host when all are over (strictly smaller wins, ties keep the earlier)', () => {
    const hs = hosts(5);
    hs.forEach((x, i) => (x.activeRequests = [5, 3, 9, 3, 4][i]));
    const t = new BoundedLoadTable({ chooseHost: () => hs[0] }, equalWeights(hs), 1, () => 0);
    // Hash 2 seeds the probe order 2 1 0 4 3 from host 0 (load 5): 9, then 3 (best), 0 skipped,
    // 4, then 3 again (a tie keeps the earlier).
    expect(t.chooseHost(h(2), 0)).toBe(hs[1]);
  });

  it('gives null for no hosts or a null inner pick', () => {
    const hs = hosts(2);
    expect(new BoundedLoadTable(new IndexTable(hs), equalWeights([]), 150, () => 0).chooseHost(h(0), 0)).toBeNull();
    expect(new BoundedLoadTable(new IndexTable(hs), equalWeights(hs), 150, () => 0).chooseHost(h(9), 0)).toBeNull();
  });

  it('wraps the cluster gauge arithmetic at 2^32 as uint32', () => {
    const hs = hosts(2);
    hs[0].activeRequests = 2;
    // (2^32 - 1 + 1) * 150 wraps to 0: total slots (0 + 99) / 100 = 0, so every host has 1 slot.
    const t = new BoundedLoadTable(new IndexTable(hs), equalWeights(hs), 150, () => 4_294_967_295);
    expect(t.chooseHost(h(0), 0)).toBe(hs[1]);
  });

  it("equals a BigInt transcription of Envoy's algorithm on random loads", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 12 })), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 60 }),
        fc.nat({ max: 0xffff_ffff }),
        fc.nat({ max: 0xffff_ffff }),
        (spec, factor, overall, hi, lo) => {
          const hs = hosts(spec.length);
          const sum = spec.reduce((s, [w]) => s + w, 0);
          const ws = spec.map(([w]) => w / sum);
          spec.forEach(([, active], i) => (hs[i].activeRequests = active));
          const innerHost = hs[lo % hs.length];
          const inner: HashingTable = { chooseHost: () => innerHost };
          const t = boundedLoad(
            inner,
            hs.map((host, i) => ({ host, weight: ws[i] })),
            factor,
            () => overall,
          );
          expect(t.chooseHost(Uint32Array.of(hi, lo), 0)).toBe(reference(innerHost, hs, ws, factor, overall, lo));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects a factor outside [1, 2^32)', () => {
    const hs = hosts(1);
    expect(() => new BoundedLoadTable(new IndexTable(hs), equalWeights(hs), 0, () => 0)).toThrow(
      'hashBalanceFactor: must be an integer in [1, 4294967295], got 0',
    );
  });
});

describe('bounded load through ringHash() and maglev()', () => {
  const factories = {
    ringHash: (ps: PrioritySet, factor: number) => ringHash(ps, { hashBalanceFactor: factor, minimumRingSize: 64 }),
    maglev: (ps: PrioritySet, factor: number) => maglev(ps, { hashBalanceFactor: factor, tableSize: 251 }),
  };
  for (const [name, make] of Object.entries(factories)) {
    it(`${name}: keeps the hashed host within its slots, else returns a host within its slots when one exists`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 10 }),
          fc.integer({ min: 100, max: 300 }),
          fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
          (active, factor, hash) => {
            const hs = hosts(active.length);
            const ps = new PrioritySet();
            ps.updateHosts(0, hs);
            const plain = make(ps, 0);
            const bounded = make(ps, factor);
            hs.forEach((x, i) => (x.activeRequests = active[i]));
            const total = active.reduce((a, b) => a + b, 0);
            const totalSlots = Math.floor(((total + 1) * factor + 99) / 100);
            const slots = Math.max(Math.ceil(totalSlots / hs.length), 1);
            const within = (x: Host) => x.activeRequests / slots <= 1;
            const first = plain.chooseHost({ hashKey: hash }) as Host;
            const got = bounded.chooseHost({ hashKey: hash }) as Host;
            if (within(first)) expect(got).toBe(first);
            else if (hs.some(within)) expect(within(got)).toBe(true);
            else expect(got.activeRequests).toBe(Math.min(...active));
          },
        ),
        { numRuns: 150 },
      );
    });
  }
});
