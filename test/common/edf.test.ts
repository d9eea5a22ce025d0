import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EdfScheduler } from '../../src/common/edf.js';

function filled(weights: number[]): EdfScheduler {
  const s = new EdfScheduler(weights.length);
  weights.forEach((w, i) => s.add(w, i));
  return s;
}

describe('EdfScheduler', () => {
  it('pickAndAdd on equal weights rotates in insertion order (FIFO ties)', () => {
    const s = filled([1, 1, 1]);
    const w = () => 1;
    expect([0, 1, 2, 3, 4, 5].map(() => s.pickAndAdd(w))).toEqual([0, 1, 2, 0, 1, 2]);
  });
  it('picks weights 1:2 as Envoy does (entry 1 first)', () => {
    const weights = [1, 2];
    const s = filled(weights);
    expect(Array.from({ length: 6 }, () => s.pickAndAdd((i) => weights[i]))).toEqual([1, 0, 1, 1, 0, 1]);
  });
  it('peekAgain returns the next picks in order and pickAndAdd replays them without re-adding', () => {
    const weights = [1, 2, 3];
    const a = filled(weights);
    const b = filled(weights);
    const wf = (i: number) => weights[i];
    const peeks = [a.peekAgain(wf), a.peekAgain(wf), a.peekAgain(wf)];
    const picks = Array.from({ length: 8 }, () => a.pickAndAdd(wf));
    const plain = Array.from({ length: 8 }, () => b.pickAndAdd(wf));
    expect(picks.slice(0, 3)).toEqual(peeks);
    expect(picks).toEqual(plain);
  });
  it('a changed weight takes effect when the entry is next re-added', () => {
    const weights = [1, 1];
    const s = filled(weights);
    const wf = (i: number) => weights[i];
    expect(s.pickAndAdd(wf)).toBe(0); // re-added with weight 1 (deadline 2)
    weights[1] = 4; // entry 1 is still queued at deadline 1
    expect(s.pickAndAdd(wf)).toBe(1); // now re-added with weight 4 (deadline 1.25)
    expect(s.pickAndAdd(wf)).toBe(1);
    expect(s.pickAndAdd(wf)).toBe(1);
  });
  it('returns -1 when empty, for picks and peeks', () => {
    const s = new EdfScheduler();
    expect(s.pickAndAdd(() => 1)).toBe(-1);
    expect(s.peekAgain(() => 1)).toBe(-1);
    expect(EdfScheduler.createWithPicks(0, () => 1, 123).pickAndAdd(() => 1)).toBe(-1);
  });
  it('grows its heap and peek queue beyond the initial capacity', () => {
    const s = new EdfScheduler(1);
    for (let i = 0; i < 50; i++) s.add(1, i);
    const w = () => 1;
    const peeks = Array.from({ length: 20 }, () => s.peekAgain(w));
    expect(peeks).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(Array.from({ length: 20 }, () => s.pickAndAdd(w))).toEqual(peeks);
    expect(s.length).toBe(50);
  });
});

/** Envoy's compareEdfSchedulers: same entries in pick order, deadlines within 1e-5. */
function expectSameQueue(a: EdfScheduler, b: EdfScheduler): void {
  const qa = a.snapshot();
  const qb = b.snapshot();
  expect(qb.map((e) => e.entry)).toEqual(qa.map((e) => e.entry));
  qa.forEach((e, i) => expect(Math.abs(e.deadline - qb[i].deadline)).toBeLessThanOrEqual(1e-5));
}

describe('EdfScheduler.createWithPicks', () => {
  it('with 0 picks equals adding the entries in order (Envoy SchedulerWithZeroPicksEqualToEmptyWithAddedEntries)', () => {
    const weights = Array.from({ length: 128 }, (_, i) => i + 1);
    const wf = (i: number) => weights[i];
    expectSameQueue(filled(weights), EdfScheduler.createWithPicks(weights.length, wf, 0));
  });
  it("equals k pickAndAdd calls on a fresh scheduler for Envoy's distinct weights and pick counts", () => {
    // Envoy's SchedulerWithSomePicksEqualToEmptyWithAddedEntries: 128 weights in [0.01, 100.5].
    const n = 128;
    const weights = Array.from({ length: n }, (_, i) => ((100.5 - 0.01) / n) * i + 0.01);
    const wf = (i: number) => weights[i];
    for (const picks of [5, 140, 501, 123_456, 894_571]) {
      const a = filled(weights);
      for (let i = 0; i < picks; i++) a.pickAndAdd(wf);
      const b = EdfScheduler.createWithPicks(n, wf, picks);
      expectSameQueue(a, b);
      for (let i = 0; i < 2_000; i++) expect(b.pickAndAdd(wf)).toBe(a.pickAndAdd(wf));
    }
  });
  it('reduces picks modulo 429,496,729 and takes the low 32 bits of larger values', () => {
    const weights = [1, 2, 3];
    const wf = (i: number) => weights[i];
    const seq = (s: EdfScheduler) => Array.from({ length: 12 }, () => s.pickAndAdd(wf));
    expect(seq(EdfScheduler.createWithPicks(3, wf, 429_496_729 + 7))).toEqual(seq(EdfScheduler.createWithPicks(3, wf, 7)));
    expect(seq(EdfScheduler.createWithPicks(3, wf, 2 ** 32 + 5))).toEqual(seq(EdfScheduler.createWithPicks(3, wf, 5)));
  });
  it('property: createWithPicks(k) holds the state of k pickAndAdd calls on a fresh scheduler, up to one pick where deadlines tie within rounding', () => {
    // Each entry's deadline is (picks + 1) / weight, so the picks it has had are recovered from
    // the snapshot. Both schedulers made exactly k picks; an entry may differ by one pick only when
    // two deadlines are equal up to floating-point rounding (the fresh scheduler accumulates them,
    // createWithPicks computes them directly), as Envoy's own comment on createWithPicks says.
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 24 }),
        fc.integer({ min: 0, max: 50_000 }),
        (ints, k) => {
          const weights = ints.map((x) => x / 1000);
          const wf = (i: number) => weights[i];
          const a = filled(weights);
          for (let i = 0; i < k; i++) a.pickAndAdd(wf);
          const b = EdfScheduler.createWithPicks(weights.length, wf, k);
          const picks = (s: EdfScheduler) => new Map(s.snapshot().map((e) => [e.entry, Math.round(e.deadline * weights[e.entry]) - 1]));
          const pa = picks(a);
          const pb = picks(b);
          let sumA = 0;
          let sumB = 0;
          for (const [entry, n] of pa) {
            const m = pb.get(entry) as number;
            sumA += n;
            sumB += m;
            expect(Math.abs(n - m)).toBeLessThanOrEqual(1);
          }
          expect([sumA, sumB]).toEqual([k, k]);
        },
      ),
      { numRuns: 300 },
    );
  });
  it('property: long-run pick frequencies are proportional to weights (within one pick per entry)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 16 }), fc.integer({ min: 0, max: 10_000 }), (weights, seed) => {
        const wf = (i: number) => weights[i];
        const s = EdfScheduler.createWithPicks(weights.length, wf, seed);
        const total = weights.reduce((a, b) => a + b, 0);
        const rounds = 50;
        const counts = new Array<number>(weights.length).fill(0);
        for (let i = 0; i < total * rounds; i++) counts[s.pickAndAdd(wf)]++;
        weights.forEach((w, i) => expect(Math.abs(counts[i] - w * rounds)).toBeLessThanOrEqual(1));
      }),
      { numRuns: 200 },
    );
  });
});
