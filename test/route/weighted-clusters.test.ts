import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { WeightedClusters, parseUint64Decimal } from '../../src/route/weighted-clusters.js';
import { ScriptedRandom, SeededRandom } from '../../src/common/random.js';
import { u64ToDecimal } from '../../src/common/u64.js';

const split9010 = () =>
  new WeightedClusters({
    clusters: [
      { name: 'web', weight: 90, metadataMatch: { version: '1.0' } },
      { name: 'web', weight: 10, metadataMatch: { version: '1.1' } },
    ],
    routeMetadataMatch: { stage: 'prod' },
  });

describe('new WeightedClusters(init)', () => {
  it('merges each entry criteria over the route criteria (the entry wins)', () => {
    const s = new WeightedClusters({
      clusters: [
        { name: 'a', weight: 1, metadataMatch: { stage: 'canary', version: '2' } },
        { name: 'b', weight: 1 },
      ],
      routeMetadataMatch: { stage: 'prod' },
    });
    expect(s.clusters[0].metadataMatch?.toJSON()).toEqual({ stage: 'canary', version: '2' });
    expect(s.clusters[1].metadataMatch?.toJSON()).toEqual({ stage: 'prod' });
    expect(s.totalWeight).toBe(2);
  });

  it("rejects invalid entries with Envoy's messages", () => {
    expect(() => new WeightedClusters({ clusters: [] })).toThrow('clusters: must contain at least 1 item(s), got []');
    expect(() => new WeightedClusters({ clusters: [{ weight: 1 }] })).toThrow(
      'clusters[0]: At least one of name or cluster_header need to be specified, got {"weight":1}',
    );
    expect(() => new WeightedClusters({ clusters: [{ name: 'a', clusterHeader: 'h', weight: 1 }] })).toThrow(
      'clusters[0]: Only one of name or cluster_header can be specified',
    );
    expect(() => new WeightedClusters({ clusters: [{ name: 'a', weight: -1 }] })).toThrow('clusters[0].weight: must be an integer in [0, 4294967295], got -1');
    expect(() => new WeightedClusters({ clusters: [{ name: 'a', weight: 0 }] })).toThrow(
      'clusters: Sum of weights in the weighted_cluster must be greater than 0., got 0',
    );
    expect(
      () =>
        new WeightedClusters({
          clusters: [
            { name: 'a', weight: 4_294_967_295 },
            { name: 'b', weight: 1 },
          ],
        }),
    ).toThrow('clusters: The sum of weights of all weighted clusters exceeds 4294967295, got 4294967296');
  });
});

describe('WeightedClusters.pickValue(value)', () => {
  it('maps value % total onto [begin, end) intervals in order', () => {
    const s = split9010();
    expect(s.pickValue(0).index).toBe(0);
    expect(s.pickValue(89).index).toBe(0);
    expect(s.pickValue(90).index).toBe(1);
    expect(s.pickValue(99).index).toBe(1);
    expect(s.pickValue(100).index).toBe(0);
    expect(s.pickValue(18_446_744_073_709_551_615n).index).toBe(0); // (2^64 - 1) % 100 = 15
    expect(s.pickValue(18_446_744_073_709_551_595n).index).toBe(1); // ...595 % 100 = 95
  });

  it('never picks a zero-weight entry', () => {
    const s = new WeightedClusters({
      clusters: [
        { name: 'a', weight: 0 },
        { name: 'b', weight: 3 },
        { name: 'c', weight: 0 },
      ],
    });
    for (let v = 0; v < 9; v++) expect(s.pickValue(v).name).toBe('b');
  });

  it('computes the u64 modulus exactly (property against BigInt)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 6 }), (v, weights) => {
        fc.pre(weights.some((w) => w > 0));
        const s = new WeightedClusters({ clusters: weights.map((w, i) => ({ name: `c${i}`, weight: w })) });
        const total = weights.reduce((a, b) => a + b, 0);
        const selected = Number(v % BigInt(total));
        let begin = 0;
        let expected = -1;
        for (let i = 0; i < weights.length; i++) {
          if (selected >= begin && selected < begin + weights[i]) {
            expected = i;
            break;
          }
          begin += weights[i];
        }
        expect(s.pickValue(v).index).toBe(expected);
      }),
    );
  });
});

describe('WeightedClusters.pick(random, headerValues)', () => {
  it('takes exactly one draw per pick and uses it as the random value', () => {
    const s = split9010();
    const r = new ScriptedRandom(['95', '5', '190', '18446744073709551615']);
    // 95 % 100 = 95, 5, 190 % 100 = 90, (2^64 - 1) % 100 = 15
    expect([s.pick(r), s.pick(r), s.pick(r), s.pick(r)].map((e) => e.index)).toEqual([1, 0, 1, 0]);
    expect(r.drawCount).toBe(4);
  });

  it('uses a single header value that parses as a u64 instead of the draw (the draw is still taken)', () => {
    const s = new WeightedClusters({ clusters: [{ name: 'a', weight: 90 }, { name: 'b', weight: 10 }], headerName: 'X-Random' });
    expect(s.headerName).toBe('x-random');
    const r = new ScriptedRandom(['0', '0', '0', '0']);
    expect(s.pick(r, ['95']).name).toBe('b');
    expect(s.pick(r, ['95', '1']).name).toBe('a'); // two values: ignored
    expect(s.pick(r, ['abc']).name).toBe('a'); // not a number: ignored
    expect(s.pick(r, null).name).toBe('a');
    expect(r.drawCount).toBe(4);
  });

  it('splits about 90/10 over many seeded draws', () => {
    const s = split9010();
    const r = new SeededRandom(7);
    let second = 0;
    for (let i = 0; i < 20_000; i++) if (s.pick(r).index === 1) second++;
    expect(Math.abs(second / 20_000 - 0.1)).toBeLessThan(5 * Math.sqrt((0.1 * 0.9) / 20_000));
  });
});

describe('parseUint64Decimal(text)', () => {
  it("accepts what absl's SimpleAtoi accepts for uint64", () => {
    expect(u64ToDecimal(parseUint64Decimal(' +42 ')!)).toBe('42');
    expect(u64ToDecimal(parseUint64Decimal('18446744073709551615')!)).toBe('18446744073709551615');
    expect(u64ToDecimal(parseUint64Decimal('000018446744073709551615')!)).toBe('18446744073709551615');
    expect(parseUint64Decimal('18446744073709551616')).toBeNull();
    expect(parseUint64Decimal('-1')).toBeNull();
    expect(parseUint64Decimal('1.5')).toBeNull();
    expect(parseUint64Decimal('')).toBeNull();
    expect(parseUint64Decimal('0x10')).toBeNull();
  });
});
