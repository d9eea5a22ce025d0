import { describe, expect, it } from 'vitest';
import { leastRequest } from '../../../src/policies/least-request/index.js';
import { loadCluster } from '../../../src/config/load.js';
import { ScriptedRandom, SeededRandom } from '../../../src/common/random.js';
import { ManualClock } from '../../../src/common/clock.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { draws, makeHosts, picks, setOf } from '../round-robin/fixtures.js';

const A = '127.0.0.1:80';
const B = '127.0.0.1:81';

describe('leastRequest(): N_CHOICES (power of two choices)', () => {
  it('chooseHost() returns null without hosts (Envoy NoHosts)', () => {
    expect(leastRequest(new PrioritySet(), { random: draws() }).chooseHost()).toBeNull();
  });

  it('chooseHost() on one host still draws choice_count samples (Envoy SingleHost)', () => {
    const random = draws(0, 0, 2, 3);
    const hosts = makeHosts([80]);
    const ps = setOf(hosts);
    const lb = leastRequest(ps, { random });
    expect(lb.chooseHost()).toBe(hosts[0]);
    // seed, priority hash, two samples
    expect(random.drawCount).toBe(4);
    ps.updateHosts(0, []);
    expect(lb.chooseHost()).toBeNull();
  });

  it('chooseHost() keeps the second sample only with strictly fewer active requests (Envoy Normal)', () => {
    const hosts = makeHosts([{ port: 80, active: 1 }, { port: 81, active: 2 }]);
    const lb = leastRequest(setOf(hosts), { random: draws(0, 0, 2, 3, 0, 2, 3) });
    expect(lb.chooseHost()?.address).toBe(A);
    hosts[0].activeRequests = 2;
    hosts[1].activeRequests = 1;
    expect(lb.chooseHost()?.address).toBe(B);
  });

  it('chooseHost() keeps the earlier sample on a tie', () => {
    const hosts = makeHosts([{ port: 80, active: 3 }, { port: 81, active: 3 }]);
    // samples 1 % 2 = host :81 then 0 % 2 = host :80, tied: the first sample stays
    const lb = leastRequest(setOf(hosts), { random: draws(0, 0, 1, 0) });
    expect(lb.chooseHost()?.address).toBe(B);
  });

  it('chooseHost() with choiceCount 5 takes five samples and the least loaded (Envoy PNC)', () => {
    const hosts = makeHosts([
      { port: 80, active: 4 },
      { port: 81, active: 3 },
      { port: 82, active: 2 },
      { port: 83, active: 1 },
    ]);
    const random = draws(0, 0, 3, 0, 3, 2, 1);
    const lb = leastRequest(setOf(hosts), { random, choiceCount: 5 });
    expect(lb.chooseHost()).toBe(hosts[3]);
    expect(random.drawCount).toBe(7);
  });

  it('samples with replacement by default: two draws of 0 compare host 0 with itself', () => {
    const hosts = makeHosts([{ port: 80, active: 5 }, { port: 81, active: 0 }]);
    expect(leastRequest(setOf(hosts), { random: draws() }).chooseHost()).toBe(hosts[0]);
  });

  it('peekAnotherHost() in unweighted mode returns null after stashing its draw (Envoy SingleHostAndPeek)', () => {
    const hosts = makeHosts([80, 81]);
    // seed 0; the peek draws 1 (stashed); the pick replays 1 as its priority hash, then samples 1, 1
    const random = draws(0, 1, 1, 1);
    const lb = leastRequest(setOf(hosts), { random });
    expect(lb.peekAnotherHost()).toBeNull();
    expect(lb.stashedDraws).toBe(1);
    expect(lb.chooseHost()).toBe(hosts[1]);
    expect(random.drawCount).toBe(4);
  });
});

describe('leastRequest(): FULL_SCAN', () => {
  it('chooseHost() returns the single least loaded host without policy draws (Envoy FullScanOneHostWithLeastRequests)', () => {
    const hosts = makeHosts([
      { port: 80, active: 4 },
      { port: 81, active: 3 },
      { port: 82, active: 2 },
      { port: 83, active: 1 },
      { port: 84, active: 5 },
    ]);
    const random = draws();
    const lb = leastRequest(setOf(hosts), { random, selectionMethod: 'FULL_SCAN' });
    expect(lb.chooseHost()).toBe(hosts[3]);
    expect(random.drawCount).toBe(2); // seed and priority hash only
  });

  it('chooseHost() breaks ties by reservoir sampling: the k-th tied host wins when rng() % k == 0', () => {
    const spec = [
      { port: 80, active: 3 },
      { port: 81, active: 3 },
      { port: 82, active: 1 },
      { port: 83, active: 1 },
      { port: 84, active: 1 },
    ];
    // tie at :81 (k=2), then :83 (k=2) and :84 (k=3): one draw per tie
    const h1 = makeHosts(spec);
    const r1 = draws(0, 0, 1, 0, 2);
    expect(leastRequest(setOf(h1), { random: r1, selectionMethod: 'FULL_SCAN' }).chooseHost()).toBe(h1[3]);
    expect(r1.drawCount).toBe(5);
    const h2 = makeHosts(spec);
    expect(leastRequest(setOf(h2), { random: draws(0, 0, 0, 1, 3), selectionMethod: 'FULL_SCAN' }).chooseHost()).toBe(h2[4]);
    const h3 = makeHosts(spec);
    expect(leastRequest(setOf(h3), { random: draws(0, 0, 0, 1, 4), selectionMethod: 'FULL_SCAN' }).chooseHost()).toBe(h3[2]);
  });

  it('chooseHost() spreads evenly over tied hosts (Envoy FullScanMultipleHostsWithLeastRequests)', () => {
    const hosts = makeHosts([
      { port: 80, active: 3 },
      { port: 81, active: 3 },
      { port: 82, active: 1 },
      { port: 83, active: 1 },
      { port: 84, active: 1 },
    ]);
    const lb = leastRequest(setOf(hosts), { random: new SeededRandom(7), selectionMethod: 'FULL_SCAN' });
    const n = 60_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const h = lb.chooseHost();
      counts.set(h!.address, (counts.get(h!.address) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['127.0.0.1:82', '127.0.0.1:83', '127.0.0.1:84']);
    const bound = 5 * Math.sqrt(((1 / 3) * (2 / 3)) / n);
    for (const c of counts.values()) expect(Math.abs(c / n - 1 / 3)).toBeLessThan(bound);
  });
});

describe('leastRequest(): weighted mode (EDF on weight / (active + 1) ^ bias)', () => {
  it('re-weighs a host only when it is re-inserted (Envoy WeightImbalance)', () => {
    const hosts = makeHosts([{ port: 80, weight: 1 }, { port: 81, weight: 2 }]);
    const lb = leastRequest(setOf(hosts), { random: draws() });
    expect(picks(6, () => lb.chooseHost())).toEqual([B, A, B, B, A, B]);
    hosts[1].activeRequests = 1;
    expect(picks(5, () => lb.chooseHost())).toEqual([B, A, B, A, B]);
    hosts[0].activeRequests = 1;
    hosts[1].activeRequests = 0;
    expect(picks(10, () => lb.chooseHost())).toEqual([A, B, B, B, A, B, B, B, B, A]);
  });

  it('reads a negative or NaN bias as 1.0 (Envoy WeightImbalanceWithInvalidActiveRequestBias)', () => {
    for (const bad of [-1, Number.NaN]) {
      const hosts = makeHosts([{ port: 80, weight: 1 }, { port: 81, weight: 2 }]);
      const lb = leastRequest(setOf(hosts), { random: draws(), activeRequestBias: () => bad });
      expect(picks(6, () => lb.chooseHost())).toEqual([B, A, B, B, A, B]);
      hosts[1].activeRequests = 1;
      expect(picks(5, () => lb.chooseHost())).toEqual([B, A, B, A, B]);
    }
  });

  it('bias 0 ignores active requests (Envoy WeightImbalanceWithCustomActiveRequestBias)', () => {
    const hosts = makeHosts([{ port: 80, weight: 1 }, { port: 81, weight: 2, active: 1 }]);
    const lb = leastRequest(setOf(hosts), { random: draws(), activeRequestBias: 0 });
    expect(picks(6, () => lb.chooseHost())).toEqual([B, A, B, B, A, B]);
  });

  it('bias 2 divides by (active + 1)^2: weight 2 with one request weighs 0.5 against 1', () => {
    const hosts = makeHosts([{ port: 80, weight: 1 }, { port: 81, weight: 2, active: 1 }]);
    const lb = leastRequest(setOf(hosts), { random: draws(), activeRequestBias: 2 });
    expect(picks(6, () => lb.chooseHost())).toEqual([A, B, A, A, B, A]);
  });

  it('a configured bias forces EDF with equal weights (no sampling draws); the runtime flag off restores P2C', () => {
    const weighted = draws();
    const hosts = makeHosts([80, 81]);
    const lb = leastRequest(setOf(hosts), { random: weighted, activeRequestBias: 1 });
    lb.chooseHost();
    lb.chooseHost();
    expect(weighted.drawCount).toBe(3); // seed + one hash per pick
    const p2c = draws();
    const lb2 = leastRequest(setOf(makeHosts([80, 81])), { random: p2c, activeRequestBias: 1, activeRequestBiasForcesWeighted: false });
    lb2.chooseHost();
    expect(p2c.drawCount).toBe(4); // seed + hash + two samples
  });

  it('re-reads a bias function at every refresh', () => {
    let bias = 0;
    const hosts = makeHosts([{ port: 80, weight: 1 }, { port: 81, weight: 2, active: 3 }]);
    const ps = setOf(hosts);
    const lb = leastRequest(ps, { random: draws(), activeRequestBias: () => bias });
    expect(picks(3, () => lb.chooseHost())).toEqual([B, A, B]);
    bias = 1;
    ps.refresh();
    // weights 1 and 2/4 now: :80 twice as often
    expect(picks(6, () => lb.chooseHost())).toEqual([A, B, A, A, B, A]);
  });

  it('peekAnotherHost() in weighted mode returns the host the next pick replays', () => {
    const hosts = makeHosts([{ port: 80, weight: 1 }, { port: 81, weight: 2 }]);
    const lb = leastRequest(setOf(hosts), { random: draws() });
    const peeked = [lb.peekAnotherHost(), lb.peekAnotherHost()];
    expect(peeked.map((h) => h?.address)).toEqual([B, A]);
    expect(picks(3, () => lb.chooseHost())).toEqual([B, A, B]);
  });
});

describe('leastRequest(): distinctChoices (Envoy issue #11004 fix)', () => {
  it('never compares a host with itself: two draws of 0 sample hosts 0 and 1', () => {
    const hosts = makeHosts([{ port: 80, active: 5 }, { port: 81, active: 0 }]);
    expect(leastRequest(setOf(hosts), { random: draws(), distinctChoices: true }).chooseHost()).toBe(hosts[1]);
  });

  it('choice i draws rng() % (n - i) and takes that host among the ones not sampled yet', () => {
    const spec = [
      { port: 80, active: 4 },
      { port: 81, active: 3 },
      { port: 82, active: 2 },
      { port: 83, active: 1 },
    ];
    // 3 % 4 = :83; then 3 % 3 = 0 -> :80 (the 0th not sampled); :83 has fewer
    const a = makeHosts(spec);
    expect(leastRequest(setOf(a), { random: draws(0, 0, 3, 3), distinctChoices: true }).chooseHost()).toBe(a[3]);
    // 1 % 4 = :81; then 1 % 3 = 1 -> skip :81 -> :82
    const b = makeHosts(spec);
    expect(leastRequest(setOf(b), { random: draws(0, 0, 1, 1), distinctChoices: true }).chooseHost()).toBe(b[2]);
    // choiceCount 3: 0 -> :80, 0 -> :81, 1 -> :83
    const c = makeHosts(spec);
    const random = draws(0, 0, 0, 0, 1);
    expect(leastRequest(setOf(c), { random, choiceCount: 3, distinctChoices: true }).chooseHost()).toBe(c[3]);
    expect(random.drawCount).toBe(5);
  });

  it('samples every host once when there are fewer hosts than choices', () => {
    const hosts = makeHosts([{ port: 80, active: 2 }, { port: 81, active: 1 }]);
    const random = draws();
    expect(leastRequest(setOf(hosts), { random, choiceCount: 10, distinctChoices: true }).chooseHost()).toBe(hosts[1]);
    expect(random.drawCount).toBe(4); // seed, hash, two samples
  });
});

describe('leastRequest() from Envoy config', () => {
  const cluster = (extra: Record<string, unknown>) => ({
    lb_policy: 'LEAST_REQUEST',
    ...extra,
    load_assignment: {
      endpoints: [
        {
          lb_endpoints: [80, 81].map((p) => ({ endpoint: { address: { socket_address: { address: '127.0.0.1', port_value: p } } } })),
        },
      ],
    },
  });

  it('takes choice_count and active_request_bias.default_value', () => {
    const random = new ScriptedRandom([], 0);
    const { lb } = loadCluster(cluster({ least_request_lb_config: { choice_count: 3 } }), { random });
    lb.chooseHost();
    expect(random.drawCount).toBe(5); // seed, hash, three samples
    const r2 = new ScriptedRandom([], 0);
    const { lb: lb2 } = loadCluster(
      cluster({ least_request_lb_config: { active_request_bias: { default_value: 0.5, runtime_key: 'k' } } }),
      { random: r2 },
    );
    lb2.chooseHost();
    expect(r2.drawCount).toBe(2); // weighted: no samples
  });

  it('takes slow_start_config: EDF while a host is in its window, sampling again after it', () => {
    const clock = new ManualClock(0);
    const random = new ScriptedRandom([], 0);
    const { lb, cluster: c } = loadCluster(
      cluster({ least_request_lb_config: { slow_start_config: { slow_start_window: '10s', min_weight_percent: { value: 50 } } } }),
      { random, clock },
    );
    lb.chooseHost();
    expect(random.drawCount).toBe(2); // in slow start: EDF, no samples
    clock.advance(10_001);
    c.prioritySet.refresh();
    lb.chooseHost();
    expect(random.drawCount).toBe(5); // hash + two samples
  });
});
