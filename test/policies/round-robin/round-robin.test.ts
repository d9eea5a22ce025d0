import { describe, expect, it } from 'vitest';
import { roundRobin } from '../../../src/policies/round-robin/index.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { ScriptedRandom } from '../../../src/common/random.js';
import { locality, localityKey } from '../../../src/host/locality.js';
import { Host } from '../../../src/host/host.js';
import { draws, makeHosts, picks, setOf } from './fixtures.js';

const P = (port: number) => `127.0.0.1:${port}`;

describe('roundRobin(): unweighted rotation', () => {
  it('chooseHost() returns null without hosts', () => {
    expect(roundRobin(new PrioritySet(), { random: draws() }).chooseHost()).toBeNull();
    const empty = new PrioritySet();
    empty.updateHosts(0, []);
    expect(roundRobin(empty, { random: draws() }).chooseHost()).toBeNull();
  });

  it('starts at the construction seed: seed 1 starts at host 1 (Envoy Seed)', () => {
    const lb = roundRobin(setOf(makeHosts([80, 81, 82])), { random: new ScriptedRandom([], 1) });
    expect(picks(4, () => lb.chooseHost())).toEqual([P(81), P(82), P(80), P(81)]);
  });

  it('takes one seed draw at construction and one priority draw per pick', () => {
    const random = draws();
    const lb = roundRobin(setOf(makeHosts([80, 81])), { random });
    expect(random.drawCount).toBe(1);
    lb.chooseHost();
    lb.chooseHost();
    expect(random.drawCount).toBe(3);
  });

  it('reduces a u64 seed modulo the host count (seed 2^64 - 1 on 3 hosts starts at index 0)', () => {
    const lb = roundRobin(setOf(makeHosts([80, 81, 82])), { random: new ScriptedRandom(['18446744073709551615'], 0) });
    // (2^64 - 1) mod 3 = 0
    expect(picks(2, () => lb.chooseHost())).toEqual([P(80), P(81)]);
  });

  it('keeps the index across host-set updates (Envoy does not reset rr_indexes_)', () => {
    const hosts = makeHosts([80, 81, 82, 83]);
    const ps = setOf(hosts.slice(0, 3));
    const lb = roundRobin(ps, { random: draws() });
    expect(picks(2, () => lb.chooseHost())).toEqual([P(80), P(81)]);
    ps.updateHosts(0, hosts);
    // index 2 of four hosts
    expect(picks(3, () => lb.chooseHost())).toEqual([P(82), P(83), P(80)]);
  });

  it('keeps one index per host source: the panic source (all hosts) starts at the seed on its own', () => {
    const hosts = makeHosts([80, 81, { port: 82, health: 'UNHEALTHY' }, { port: 83, health: 'UNHEALTHY' }, { port: 84, health: 'UNHEALTHY' }]);
    const ps = setOf(hosts);
    const lb = roundRobin(ps, { random: draws() });
    // 2 of 5 healthy: 40% < 50%, panic: all hosts
    expect(picks(3, () => lb.chooseHost())).toEqual([P(80), P(81), P(82)]);
    expect(lb.stats.lb_healthy_panic).toBe(3);
    for (const h of hosts) h.setEdsHealthStatus('HEALTHY');
    ps.refresh();
    // the healthy source was never used: it starts at the seed (0)
    expect(picks(2, () => lb.chooseHost())).toEqual([P(80), P(81)]);
  });
});

describe('roundRobin(): peek and stash', () => {
  it('peeks run ahead of picks and picks replay them (Envoy NormalPeekAndPick)', () => {
    const random = draws();
    const lb = roundRobin(setOf(makeHosts([80, 81])), { random });
    expect([lb.peekAnotherHost(), lb.peekAnotherHost()].map((h) => h?.address)).toEqual([P(80), P(81)]);
    expect(lb.stashedDraws).toBe(2);
    expect(picks(3, () => lb.chooseHost())).toEqual([P(80), P(81), P(80)]);
    expect(lb.stashedDraws).toBe(0);
    // two peeks drew; the first two picks replayed them; only the third drew
    expect(random.drawCount).toBe(1 + 2 + 1);
  });

  it('refuses to peek more than the healthy host count', () => {
    const lb = roundRobin(setOf(makeHosts([80, 81])), { random: draws() });
    lb.peekAnotherHost();
    lb.peekAnotherHost();
    expect(lb.peekAnotherHost()).toBeNull();
  });

  it('a host-set update drops stashed draws and resets the peek-ahead', () => {
    const ps = setOf(makeHosts([80, 81, 82]));
    const lb = roundRobin(ps, { random: draws() });
    expect(lb.peekAnotherHost()?.address).toBe(P(80));
    expect(lb.peekAnotherHost()?.address).toBe(P(81));
    ps.refresh();
    expect(lb.stashedDraws).toBe(0);
    expect(lb.peekAnotherHost()?.address).toBe(P(80));
  });

  it('an update that hands back the same host set follows weights assigned in place, both ways', () => {
    const hosts = makeHosts([80, 81, 82]);
    // Twin load balancers: one gets updates that hand back its host set, the other rebuilt ones.
    const kept = setOf(hosts);
    const rebuilt = setOf(hosts);
    const a = roundRobin(kept, { random: draws() });
    const b = roundRobin(rebuilt, { random: draws() });
    const update = () => {
      kept.notifyUnchanged(0);
      rebuilt.refresh(0);
    };
    update();
    const seq = () => [picks(7, () => a.chooseHost()), picks(7, () => b.chooseHost())];
    const same = () => {
      const [x, y] = seq();
      expect(x).toEqual(y);
      return x;
    };
    expect(same().filter((h) => h === P(81)).length).toBeLessThan(4);
    hosts[1].weight = 5;
    update();
    expect(same().filter((h) => h === P(81)).length).toBeGreaterThan(3);
    hosts[1].weight = 1;
    update();
    same();
    update();
    same();
  });

  it('an update that hands back the same host set also drops stashed draws and resets the peek-ahead', () => {
    const ps = setOf(makeHosts([80, 81, 82]));
    const lb = roundRobin(ps, { random: draws() });
    // The first update computes from this host set; the later ones hand it back unchanged.
    for (let round = 0; round < 3; round++) {
      expect(lb.peekAnotherHost()?.address).toBe(P(80));
      expect(lb.peekAnotherHost()?.address).toBe(P(81));
      ps.notifyUnchanged(0);
      expect(lb.stashedDraws).toBe(0);
    }
    expect(lb.peekAnotherHost()?.address).toBe(P(80));
  });

  it('weighted peeks go through the EDF prepick list: the next picks return the peeked hosts', () => {
    const lb = roundRobin(setOf(makeHosts([{ port: 80, weight: 1 }, { port: 81, weight: 2 }])), { random: draws() });
    const peeked = [lb.peekAnotherHost(), lb.peekAnotherHost()].map((h) => h?.address);
    expect(peeked).toEqual([P(81), P(80)]);
    expect(picks(6, () => lb.chooseHost())).toEqual([P(81), P(80), P(81), P(81), P(80), P(81)]);
  });
});

describe('roundRobin(): weighted (EDF)', () => {
  it('weights 1 and 2 give :81, :80, :81 repeating (Envoy Weighted, createWithPicks seed 0)', () => {
    const lb = roundRobin(setOf(makeHosts([{ port: 80, weight: 1 }, { port: 81, weight: 2 }])), { random: draws() });
    expect(picks(6, () => lb.chooseHost())).toEqual([P(81), P(80), P(81), P(81), P(80), P(81)]);
  });

  it('a weight changed without an update takes effect when the host is re-inserted', () => {
    const hosts = makeHosts([{ port: 80, weight: 1 }, { port: 81, weight: 2 }]);
    const lb = roundRobin(setOf(hosts), { random: draws() });
    expect(picks(6, () => lb.chooseHost())).toEqual([P(81), P(80), P(81), P(81), P(80), P(81)]);
    hosts[0].setWeight(2);
    hosts[1].setWeight(1);
    // :80 keeps its old deadline until its next pick re-inserts it with weight 2 (the sequence of
    // Envoy's RoundRobinLoadBalancerTest.Weighted, phase 2)
    expect(picks(6, () => lb.chooseHost())).toEqual([P(81), P(80), P(80), P(81), P(80), P(80)]);
  });

  it('an update rebuilds the scheduler with createWithPicks at the same seed', () => {
    const hosts = makeHosts([{ port: 80, weight: 2 }, { port: 81, weight: 1 }, { port: 82, weight: 3 }]);
    const ps = setOf(hosts.slice(0, 2));
    const lb = roundRobin(ps, { random: draws() });
    lb.chooseHost();
    ps.updateHosts(0, hosts);
    const fresh = roundRobin(setOf(makeHosts([{ port: 80, weight: 2 }, { port: 81, weight: 1 }, { port: 82, weight: 3 }])), {
      random: draws(),
    });
    expect(picks(12, () => lb.chooseHost())).toEqual(picks(12, () => fresh.chooseHost()));
  });

  it('equal weights above 1 rotate without EDF', () => {
    const lb = roundRobin(setOf(makeHosts([{ port: 80, weight: 7 }, { port: 81, weight: 7 }, { port: 82, weight: 7 }])), {
      random: draws(),
    });
    expect(picks(4, () => lb.chooseHost())).toEqual([P(80), P(81), P(82), P(80)]);
  });
});

describe('roundRobin(): locality-weighted sources', () => {
  it('picks a locality by weight, then rotates inside it with that locality\'s own index', () => {
    const ps = new PrioritySet();
    const a = locality({ zone: 'a' });
    const b = locality({ zone: 'b' });
    const hosts = [
      new Host({ address: P(80), locality: a }),
      new Host({ address: P(81), locality: a }),
      new Host({ address: P(90), locality: b }),
    ];
    ps.updateHosts(0, hosts, { localityWeights: new Map([[localityKey(a), 1], [localityKey(b), 1]]) });
    const lb = roundRobin(ps, { random: draws(), localityWeighted: true });
    const got = picks(6, () => lb.chooseHost());
    // zones alternate (equal weights); inside zone a the rotation continues
    expect(got.filter((x) => x !== P(90))).toEqual([P(80), P(81), P(80)]);
    expect(got.filter((x) => x === P(90)).length).toBe(3);
  });
});
