import { describe, expect, it } from 'vitest';
import { random } from '../../../src/policies/random/index.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { ScriptedRandom } from '../../../src/common/random.js';
import { loadCluster } from '../../../src/config/load.js';
import { draws, makeHosts, picks, setOf } from '../round-robin/fixtures.js';

const P = (port: number) => `127.0.0.1:${port}`;

describe('random(): one draw for the priority and the host', () => {
  it('chooseHost() and peekAnotherHost() return null without hosts (Envoy NoHosts)', () => {
    const lb = random(new PrioritySet(), { random: draws() });
    expect(lb.peekAnotherHost()).toBeNull();
    expect(lb.chooseHost()).toBeNull();
  });

  it('draws nothing at construction', () => {
    const r = draws();
    random(setOf(makeHosts([80, 81])), { random: r });
    expect(r.drawCount).toBe(0);
  });

  it('chooseHost() returns hosts[draw % n] with the draw that chose the priority', () => {
    const lb = random(setOf(makeHosts([80, 81, 82])), { random: draws(5, 7, '18446744073709551615') });
    // 5 % 3 = 2, 7 % 3 = 1, (2^64 - 1) % 3 = 0
    expect(picks(3, () => lb.chooseHost())).toEqual([P(82), P(81), P(80)]);
  });

  it('the same draw first selects the priority: 75 % 100 + 1 = 76 goes to P1 under a 70/30 split', () => {
    const ps = new PrioritySet();
    const p0 = makeHosts([80, 81, { port: 82, health: 'UNHEALTHY' }, { port: 83, health: 'UNHEALTHY' }]);
    const p1 = makeHosts([90, 91, 92, 93]);
    ps.updateHosts(0, p0);
    ps.updateHosts(1, p1);
    const lb = random(ps, { random: draws(75, 69) });
    expect(lb.priorityLoad().healthy).toEqual([70, 30]);
    // 75 -> P1, 75 % 4 = 3; 69 -> 70 <= 70 -> P0 healthy [80, 81], 69 % 2 = 1
    expect(picks(2, () => lb.chooseHost())).toEqual([P(93), P(81)]);
  });

  it('ignores host weights', () => {
    const lb = random(setOf(makeHosts([{ port: 80, weight: 100 }, { port: 81, weight: 1 }])), { random: draws(1, 3, 5) });
    expect(picks(3, () => lb.chooseHost())).toEqual([P(81), P(81), P(81)]);
  });

  it('peeks stash their draws; picks replay them first-in first-out (Envoy Normal)', () => {
    const r = draws(2, 3);
    const lb = random(setOf(makeHosts([80, 81])), { random: r });
    expect([lb.peekAnotherHost(), lb.peekAnotherHost()].map((h) => h?.address)).toEqual([P(80), P(81)]);
    expect(lb.peekAnotherHost()).toBeNull(); // no more peeks than healthy hosts
    expect(picks(2, () => lb.chooseHost())).toEqual([P(80), P(81)]);
    expect(r.drawCount).toBe(2);
  });

  it('honours host-selection retries with a new draw per attempt', () => {
    const r = draws(0, 0, 1);
    const lb = random(setOf(makeHosts([80, 81])), { random: r });
    const host = lb.chooseHost({ hostSelectionRetryCount: 2, shouldSelectAnotherHost: (h) => h.address === P(80) });
    expect(host?.address).toBe(P(81));
    expect(r.drawCount).toBe(3);
  });

  it('RANDOM from Envoy config draws exactly as the API', () => {
    const { lb } = loadCluster(
      {
        lb_policy: 'RANDOM',
        load_assignment: {
          endpoints: [{ lb_endpoints: [80, 81, 82].map((p) => ({ endpoint: { address: { socket_address: { address: '127.0.0.1', port_value: p } } } })) }],
        },
      },
      { random: new ScriptedRandom([4, 8], 0) },
    );
    expect(picks(2, () => lb.chooseHost())).toEqual([P(81), P(82)]);
  });
});
