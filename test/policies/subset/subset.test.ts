import { describe, expect, it } from 'vitest';
import { Host } from '../../../src/host/host.js';
import { locality, localityKey } from '../../../src/host/locality.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { Cluster, type LoadAssignmentInit } from '../../../src/cluster/cluster.js';
import { ScriptedRandom, SeededRandom } from '../../../src/common/random.js';
import { LbStats } from '../../../src/lb/stats.js';
import { roundRobin } from '../../../src/policies/round-robin/index.js';
import { random } from '../../../src/policies/random/index.js';
import { MetadataMatchCriteria } from '../../../src/route/metadata-match.js';
import { addrs, h, lbOf, picks, setOf, subsetMap } from './helpers.js';

/** The classic subset example (hosts e1-e7 with stage/version/type/xlarge) as 127.0.0.1:1-7. */
function seedHosts(): Host[] {
  const md = [
    { stage: 'prod', version: '1.0', type: 'std', xlarge: true },
    { stage: 'prod', version: '1.0', type: 'std' },
    { stage: 'prod', version: '1.1', type: 'std' },
    { stage: 'prod', version: '1.1', type: 'std' },
    { stage: 'prod', version: '1.0', type: 'bigmem' },
    { stage: 'prod', version: '1.1', type: 'bigmem' },
    { stage: 'dev', version: '1.2-pre', type: 'std' },
  ];
  return md.map((m, i) => h(i + 1, m));
}
const SEED_SELECTORS = [{ keys: ['stage', 'type'] }, { keys: ['stage', 'version'] }, { keys: ['version'] }, { keys: ['xlarge', 'version'] }];

describe('subset(prioritySet, options): building subsets', () => {
  it('makes one subset per distinct value combination of each selector, a host sitting in several', () => {
    const lb = lbOf(setOf(...seedHosts()), { selectors: SEED_SELECTORS, fallbackPolicy: 'DEFAULT_SUBSET', defaultSubset: { stage: 'prod', version: '1.0', type: 'std' } });
    expect(subsetMap(lb)).toEqual({
      'stage="prod",type="std"': addrs(1, 2, 3, 4),
      'stage="prod",type="bigmem"': addrs(5, 6),
      'stage="prod",version="1.0"': addrs(1, 2, 5),
      'stage="prod",version="1.1"': addrs(3, 4, 6),
      'stage="dev",type="std"': addrs(7),
      'stage="dev",version="1.2-pre"': addrs(7),
      'version="1.0"': addrs(1, 2, 5),
      'version="1.0",xlarge=true': addrs(1),
      'version="1.1"': addrs(3, 4, 6),
      'version="1.2-pre"': addrs(7),
    });
    expect(lb.fallbackSubsets().default?.map(String)).toEqual(addrs(1, 2));
    expect(lb.fallbackSubsets().any).toBeNull();
    expect(lb.stats.lb_subsets_active).toBe(10);
    expect(lb.stats.lb_subsets_created).toBe(10);
  });

  it('sorts and de-duplicates selector keys (a selector is a key set)', () => {
    const lb = lbOf(setOf(h(80, { b: 1, a: 2 })), { selectors: [{ keys: ['b', 'a', 'b'] }] });
    expect(subsetMap(lb)).toEqual({ 'a=2,b=1': addrs(80) });
  });

  it('ignores hosts that lack any key of a selector, and selectors with no keys', () => {
    const lb = lbOf(setOf(h(80, { a: 1 }), h(81, { a: 1, b: 2 }), h(82)), { selectors: [{ keys: ['a', 'b'] }, { keys: [] }] });
    expect(subsetMap(lb)).toEqual({ 'a=1,b=2': addrs(81) });
    expect(lb.spec.selectors).toHaveLength(1);
  });
});

describe('subset: picks', () => {
  it('round-robins within the subset the criteria select, whatever the key order of the criteria', () => {
    const lb = lbOf(setOf(...seedHosts()), { selectors: SEED_SELECTORS });
    expect(picks(lb, 4, { type: 'bigmem', stage: 'prod' })).toEqual(addrs(5, 6, 5, 6));
    expect(picks(lb, 3, { version: '1.2-pre', stage: 'dev' })).toEqual(addrs(7, 7, 7));
    expect(picks(lb, 4, { stage: 'prod', version: '1.1' })).toEqual(addrs(3, 4, 6, 3));
    expect(lb.stats.lb_subsets_selected).toBe(11);
  });

  it('accepts criteria as MetadataMatchCriteria, a Map or a plain object, with the same picks', () => {
    const a = lbOf(setOf(...seedHosts()), { selectors: SEED_SELECTORS });
    const b = lbOf(setOf(...seedHosts()), { selectors: SEED_SELECTORS });
    const c = lbOf(setOf(...seedHosts()), { selectors: SEED_SELECTORS });
    const criteria = MetadataMatchCriteria.from({ stage: 'prod', version: '1.0' });
    const map = new Map([
      ['version', '1.0'],
      ['stage', 'prod'],
    ]);
    for (let i = 0; i < 5; i++) {
      const x = a.chooseHost({ metadataMatch: criteria })?.address;
      expect(b.chooseHost({ metadataMatch: map })?.address).toBe(x);
      expect(c.chooseHost({ metadataMatch: { version: '1.0', stage: 'prod' } })?.address).toBe(x);
    }
  });

  it('requires the criteria keys to equal a selector key set: extra or missing keys do not match', () => {
    const lb = lbOf(setOf(...seedHosts()), { selectors: SEED_SELECTORS });
    expect(picks(lb, 1, { stage: 'prod' })).toEqual([null]);
    expect(picks(lb, 1, { stage: 'prod', version: '1.0', type: 'std' })).toEqual([null]);
    expect(picks(lb, 1, {})).toEqual([null]);
    expect(picks(lb, 1, null)).toEqual([null]);
    expect(picks(lb, 1)).toEqual([null]);
  });

  it('serves a matched subset even when all its hosts are unhealthy (panic inside the child), never the fallback', () => {
    const lb = lbOf(setOf(h(80, { v: 'a' }, { status: 'UNHEALTHY' }), h(81, { v: 'b' })), { selectors: [{ keys: ['v'] }], fallbackPolicy: 'ANY_ENDPOINT' });
    expect(picks(lb, 2, { v: 'a' })).toEqual(addrs(80, 80));
    expect(lb.stats.lb_subsets_fallback).toBe(0);
    expect(lb.stats.lb_healthy_panic).toBe(2);
  });

  it('runs any child policy: RANDOM picks inside the subset with its one draw', () => {
    const lb = lbOf(setOf(h(80, { v: 'a' }), h(81, { v: 'a' }), h(82, { v: 'b' })), {
      selectors: [{ keys: ['v'] }],
      random: new ScriptedRandom(['0', '0', '0', '0', '1', '2', '3'], '0'),
      child: (ps, shared) => random(ps, shared),
    });
    // Construction: one finalize draw per subset (2). Picks: draw 0, 1, 2, 3 -> index % 2.
    expect(picks(lb, 4, { v: 'a' })).toEqual(addrs(80, 80, 81, 80));
  });

  it('keeps priorities: the child fails over to the subset hosts of a lower priority', () => {
    const ps = new PrioritySet();
    ps.updateHosts(0, [h(80, { v: 'a' }, { status: 'UNHEALTHY' }), h(81, { v: 'b' })]);
    ps.updateHosts(1, [h(82, { v: 'a' })]);
    const lb = lbOf(ps, { selectors: [{ keys: ['v'] }] });
    expect(picks(lb, 2, { v: 'a' })).toEqual(addrs(82, 82));
    expect(subsetMap(lb)).toEqual({ 'v="a"': addrs(80, 82), 'v="b"': addrs(81) });
  });
});

describe('subset: cluster fallback_policy', () => {
  const hosts = () => setOf(h(80, { v: 'a' }), h(81, { v: 'b' }), h(82, { w: 'x' }));

  it('NO_FALLBACK returns null when no subset matches', () => {
    const lb = lbOf(hosts(), { selectors: [{ keys: ['v'] }], fallbackPolicy: 'NO_FALLBACK' });
    expect(picks(lb, 2, { v: 'z' })).toEqual([null, null]);
    expect(lb.stats.lb_subsets_fallback).toBe(0);
  });

  it('ANY_ENDPOINT round-robins over every host and counts lb_subsets_fallback', () => {
    const lb = lbOf(hosts(), { selectors: [{ keys: ['v'] }], fallbackPolicy: 'ANY_ENDPOINT' });
    expect(picks(lb, 4, { v: 'z' })).toEqual(addrs(80, 81, 82, 80));
    expect(picks(lb, 1)).toEqual(addrs(81));
    expect(lb.stats.lb_subsets_fallback).toBe(5);
    expect(lb.fallbackSubsets().any?.map(String)).toEqual(addrs(80, 81, 82));
  });

  it('DEFAULT_SUBSET uses the hosts whose metadata contain default_subset', () => {
    const lb = lbOf(hosts(), { selectors: [{ keys: ['v'] }], fallbackPolicy: 'DEFAULT_SUBSET', defaultSubset: { w: 'x' } });
    expect(picks(lb, 2, { v: 'z' })).toEqual(addrs(82, 82));
    expect(lb.stats.lb_subsets_fallback).toBe(2);
  });

  it('DEFAULT_SUBSET with an empty default_subset contains every host', () => {
    const lb = lbOf(hosts(), { selectors: [{ keys: ['v'] }], fallbackPolicy: 'DEFAULT_SUBSET' });
    expect(picks(lb, 3)).toEqual(addrs(80, 81, 82));
  });

  it('an empty default subset returns null, unless panic_mode_any tries every host (lb_subsets_fallback_panic)', () => {
    const noPanic = lbOf(hosts(), { selectors: [{ keys: ['v'] }], fallbackPolicy: 'DEFAULT_SUBSET', defaultSubset: { w: 'none' } });
    expect(picks(noPanic, 1, { v: 'z' })).toEqual([null]);
    const panic = lbOf(hosts(), { selectors: [{ keys: ['v'] }], fallbackPolicy: 'DEFAULT_SUBSET', defaultSubset: { w: 'none' }, panicModeAny: true });
    expect(picks(panic, 3, { v: 'z' })).toEqual(addrs(80, 81, 82));
    expect(panic.stats.lb_subsets_fallback).toBe(0);
    expect(panic.stats.lb_subsets_fallback_panic).toBe(3);
  });
});

describe('subset: per-selector fallback_policy', () => {
  const hosts = () =>
    setOf(
      h(80, { stage: 'prod', version: '1.0' }),
      h(81, { stage: 'prod', version: '1.1' }),
      h(82, { stage: 'dev', version: '1.0' }),
      h(83, { app: 'x', dflt: true }),
    );

  it('NOT_DEFINED defers to the cluster fallback', () => {
    const lb = lbOf(hosts(), { selectors: [{ keys: ['stage'], fallbackPolicy: 'NOT_DEFINED' }], fallbackPolicy: 'ANY_ENDPOINT' });
    expect(picks(lb, 2, { stage: 'qa' })).toEqual(addrs(80, 81));
    expect(lb.stats.lb_subsets_fallback).toBe(2);
  });

  it('NO_FALLBACK returns null for an unknown value of its keys, overriding the cluster fallback', () => {
    const lb = lbOf(hosts(), { selectors: [{ keys: ['stage'], fallbackPolicy: 'NO_FALLBACK' }], fallbackPolicy: 'ANY_ENDPOINT' });
    expect(picks(lb, 1, { stage: 'qa' })).toEqual([null]);
    expect(picks(lb, 1, { other: 'qa' })).toEqual(addrs(80));
  });

  it('ANY_ENDPOINT and DEFAULT_SUBSET create their fallback subsets even with the cluster NO_FALLBACK, without counting lb_subsets_fallback', () => {
    const lb = lbOf(hosts(), {
      selectors: [
        { keys: ['stage'], fallbackPolicy: 'ANY_ENDPOINT' },
        { keys: ['version'], fallbackPolicy: 'DEFAULT_SUBSET' },
      ],
      defaultSubset: { dflt: true },
    });
    expect(picks(lb, 2, { stage: 'qa' })).toEqual(addrs(80, 81));
    expect(picks(lb, 2, { version: '9' })).toEqual(addrs(83, 83));
    expect(lb.stats.lb_subsets_fallback).toBe(0);
  });

  it('KEYS_SUBSET retries with only fallback_keys_subset, chaining through selectors', () => {
    const lb = lbOf(hosts(), {
      selectors: [
        { keys: ['stage'], fallbackPolicy: 'NO_FALLBACK' },
        { keys: ['stage', 'version'], fallbackPolicy: 'KEYS_SUBSET', fallbackKeysSubset: ['stage'] },
        { keys: ['stage', 'version', 'app'], fallbackPolicy: 'KEYS_SUBSET', fallbackKeysSubset: ['version', 'stage'] },
      ],
    });
    expect(picks(lb, 3, { stage: 'prod', version: '2.0' })).toEqual(addrs(80, 81, 80));
    expect(picks(lb, 1, { stage: 'prod', version: '1.1', app: 'y' })).toEqual(addrs(81));
    expect(picks(lb, 1, { stage: 'qa', version: '2.0', app: 'y' })).toEqual([null]);
    expect(lb.stats.lb_subsets_selected).toBe(4);
  });

  it('settings land only on a selector trie node the selector creates: an earlier longer selector leaves it NOT_DEFINED', () => {
    // [stage, version] creates node "stage" as an intermediate; [stage]'s NO_FALLBACK is then lost.
    const lb = lbOf(hosts(), {
      selectors: [
        { keys: ['stage', 'version'], fallbackPolicy: 'NO_FALLBACK' },
        { keys: ['stage'], fallbackPolicy: 'NO_FALLBACK' },
      ],
      fallbackPolicy: 'ANY_ENDPOINT',
    });
    expect(picks(lb, 1, { stage: 'qa' })).toEqual(addrs(80));
    expect(picks(lb, 1, { stage: 'qa', version: '1.0' })).toEqual([null]);
  });
});

describe('subset: list_as_any, single_host_per_subset, allow_redundant_keys', () => {
  it('list_as_any puts a host in one subset per list element (a cartesian product across keys)', () => {
    const lb = lbOf(setOf(h(80, { a: ['1', '2'], b: ['x', 'y'] }), h(81, { a: '1', b: 'x' })), { selectors: [{ keys: ['a', 'b'] }], listAsAny: true });
    expect(subsetMap(lb)).toEqual({
      'a="1",b="x"': addrs(80, 81),
      'a="1",b="y"': addrs(80),
      'a="2",b="x"': addrs(80),
      'a="2",b="y"': addrs(80),
    });
  });

  it('list_as_any quirk kept: an empty list drops its key, so a subset of the remaining keys appears', () => {
    const lb = lbOf(setOf(h(80, { a: [], b: 'x' }), h(81, { a: ['1'], b: [] })), { selectors: [{ keys: ['a', 'b'] }], listAsAny: true });
    expect(subsetMap(lb)).toEqual({ 'b="x"': addrs(80) });
    expect(picks(lb, 1, { b: 'x' })).toEqual(addrs(80));
  });

  it('list_as_any quirk kept: the dropped key can land a host in another selector\'s subset, whose kind then depends on update order', () => {
    // Selector [a, b] (single host) sends {a: [], b: 'x'} to {b: 'x'}, the entry of selector [b].
    const selectors = [{ keys: ['a', 'b'], singleHostPerSubset: true }, { keys: ['b'] }];
    const first = h(80, { a: [], b: 'x' });
    const second = h(81, { b: 'x' });
    // Built with the first host alone, the [a, b] selector creates the entry: a single-host subset.
    const ps = setOf(first);
    const live = lbOf(ps, { selectors, listAsAny: true });
    ps.updateHosts(0, [second, first]);
    expect(subsetMap(live)).toEqual({ 'b="x"': addrs(81) });
    // Built with both hosts, the second host reaches the entry first through [b]: a subset of both.
    const fresh = lbOf(setOf(second, first), { selectors, listAsAny: true });
    expect(subsetMap(fresh)).toEqual({ 'b="x"': addrs(81, 80) });
  });

  it('-0 and 0: an EDS change between them is no metadata change, while the index keys them apart (as Envoy)', () => {
    const init = (v: number): LoadAssignmentInit => ({ endpoints: [{ endpoints: [{ address: '127.0.0.1:80', metadata: { a: v } }] }] });
    const live = new Cluster(init(0));
    const lb = lbOf(live.prioritySet, { selectors: [{ keys: ['a'] }] });
    live.update(init(-0));
    expect(Object.is(live.prioritySet.hostSets[0].hosts[0].metadata.get('a'), 0)).toBe(true);
    expect(subsetMap(lb)).toEqual({ 'a=0': addrs(80) });
    const fresh = lbOf(new Cluster(init(-0)).prioritySet, { selectors: [{ keys: ['a'] }] });
    expect(subsetMap(fresh)).toEqual({ 'a=-0': addrs(80) });
    expect(picks(fresh, 1, { a: 0 })).toEqual([null]);
  });

  it('list_as_any matches default_subset against any list element; without it a list is one value', () => {
    const hosts = () => setOf(h(80, { v: ['1', '2'] }), h(81, { v: '1' }));
    const any = lbOf(hosts(), { selectors: [{ keys: ['v'] }], fallbackPolicy: 'DEFAULT_SUBSET', defaultSubset: { v: '2' }, listAsAny: true });
    expect(any.fallbackSubsets().default?.map(String)).toEqual(addrs(80));
    const whole = lbOf(hosts(), { selectors: [{ keys: ['v'] }], fallbackPolicy: 'DEFAULT_SUBSET', defaultSubset: { v: ['1', '2'] } });
    expect(whole.fallbackSubsets().default?.map(String)).toEqual(addrs(80));
    expect(picks(whole, 1, { v: ['1', '2'] })).toEqual(addrs(80));
    expect(picks(whole, 1, { v: '2' })).toEqual(addrs(80)); // the default subset
  });

  it('single_host_per_subset keeps the first host per priority, the lowest priority serving, and counts duplicates', () => {
    const ps = new PrioritySet();
    const p0a = h(80, { k: 'a' });
    const p0b = h(82, { k: 'a' });
    ps.updateHosts(0, [p0a, p0b, h(83, { k: 'a' })]);
    ps.updateHosts(1, [h(81, { k: 'a' })]);
    const lb = lbOf(ps, { selectors: [{ keys: ['k'], singleHostPerSubset: true }] });
    expect(picks(lb, 2, { k: 'a' })).toEqual(addrs(80, 80));
    ps.updateHosts(0, [p0b]);
    expect(lb.stats.lb_subsets_single_host_per_subset_duplicate).toBe(0);
    expect(picks(lb, 1, { k: 'a' })).toEqual(addrs(82));
    ps.updateHosts(0, []);
    expect(picks(lb, 1, { k: 'a' })).toEqual(addrs(81));
    expect(subsetMap(lb)).toEqual({ 'k="a"': addrs(81) });
  });

  it('single_host_per_subset counts every extra host of a subset in the duplicate gauge', () => {
    const lb = lbOf(setOf(h(80, { k: 'a' }), h(81, { k: 'a' }), h(82, { k: 'a' }), h(83, { k: 'b' })), {
      selectors: [{ keys: ['k'], singleHostPerSubset: true }],
    });
    expect(lb.stats.lb_subsets_single_host_per_subset_duplicate).toBe(2);
  });

  it('allow_redundant_keys keeps the keys of the longest selector all of whose keys the criteria carry', () => {
    const lb = lbOf(setOf(h(80, { a: '1', b: '2' }), h(81, { a: '1', b: '3' })), {
      selectors: [{ keys: ['a'] }, { keys: ['a', 'b'] }],
      allowRedundantKeys: true,
    });
    expect(lb.spec.selectors.map((s) => s.keys)).toEqual([['a', 'b'], ['a']]);
    expect(picks(lb, 2, { a: '1', b: '3', c: 'x' })).toEqual(addrs(81, 81));
    expect(picks(lb, 2, { a: '1', c: 'x' })).toEqual(addrs(80, 81));
    expect(picks(lb, 1, { a: '1', b: '9', c: 'x' })).toEqual([null]);
  });
});

describe('subset: metadata_fallback_policy FALLBACK_LIST', () => {
  const hosts = () => setOf(h(80, { version: '1.0', hw: 'c32' }), h(81, { version: '2.0', hw: 'c64' }));

  it('tries each fallback_list struct merged over the other criteria until one gives a host', () => {
    const lb = lbOf(hosts(), { selectors: [{ keys: ['version'] }, { keys: ['hw', 'version'] }], metadataFallbackPolicy: 'FALLBACK_LIST' });
    expect(picks(lb, 1, { version: '9', fallback_list: [{ version: '8' }, { version: '2.0' }] })).toEqual(addrs(81));
    expect(picks(lb, 1, { version: '1.0', fallback_list: [{ hw: 'c32' }] })).toEqual(addrs(80));
    expect(picks(lb, 1, { version: '9', fallback_list: [{ version: '8' }] })).toEqual([null]);
  });

  it('a fallback_list that is not a list, or an empty one, leaves the other criteria', () => {
    const lb = lbOf(hosts(), { selectors: [{ keys: ['version'] }], metadataFallbackPolicy: 'FALLBACK_LIST' });
    expect(picks(lb, 1, { version: '2.0', fallback_list: 'x' })).toEqual(addrs(81));
    expect(picks(lb, 1, { version: '2.0', fallback_list: [] })).toEqual(addrs(81));
    expect(picks(lb, 1, { version: '2.0', fallback_list: ['not a struct'] })).toEqual(addrs(81));
  });

  it('with fallback_list as the only criterion, each entry alone is the criteria (Envoy would dereference null there)', () => {
    const lb = lbOf(hosts(), { selectors: [{ keys: ['version'] }], metadataFallbackPolicy: 'FALLBACK_LIST' });
    expect(picks(lb, 1, { fallback_list: [{ version: '7' }, { version: '2.0' }] })).toEqual(addrs(81));
    expect(picks(lb, 1, { fallback_list: [] })).toEqual([null]);
  });

  it("each attempt runs the whole selection, cluster fallback included: the first entry's fallback ends the list", () => {
    const lb = lbOf(hosts(), { selectors: [{ keys: ['version'] }], metadataFallbackPolicy: 'FALLBACK_LIST', fallbackPolicy: 'ANY_ENDPOINT' });
    expect(picks(lb, 1, { fallback_list: [{ version: '7' }, { version: '2.0' }] })).toEqual(addrs(80));
    expect(picks(lb, 1, { fallback_list: [] })).toEqual(addrs(81));
    expect(lb.stats.lb_subsets_fallback).toBe(2);
    expect(lb.stats.lb_subsets_selected).toBe(0);
  });

  it('without FALLBACK_LIST, fallback_list is an ordinary key', () => {
    const lb = lbOf(setOf(h(80, { fallback_list: 'x' })), { selectors: [{ keys: ['fallback_list'] }] });
    expect(picks(lb, 1, { fallback_list: 'x' })).toEqual(addrs(80));
  });
});

describe('subset: metadata values compare as protobuf values', () => {
  it('distinguishes kinds: the string "1" is not the number 1, "true" is not true; null, lists and structs match by content', () => {
    const lb = lbOf(
      setOf(
        h(80, { v: '1' }),
        h(81, { v: 1 }),
        h(82, { v: true }),
        h(83, { v: 'true' }),
        h(84, { v: null }),
        h(85, { v: [1, 2] }),
        h(86, { v: { x: 1, y: [true] } }),
      ),
      { selectors: [{ keys: ['v'] }] },
    );
    expect(picks(lb, 1, { v: '1' })).toEqual(addrs(80));
    expect(picks(lb, 1, { v: 1.0 })).toEqual(addrs(81));
    expect(picks(lb, 1, { v: true })).toEqual(addrs(82));
    expect(picks(lb, 1, { v: 'true' })).toEqual(addrs(83));
    expect(picks(lb, 1, { v: null })).toEqual(addrs(84));
    expect(picks(lb, 1, { v: [1, 2] })).toEqual(addrs(85));
    expect(picks(lb, 1, { v: [2, 1] })).toEqual([null]);
    expect(picks(lb, 1, { v: { y: [true], x: 1 } })).toEqual(addrs(86));
    expect(picks(lb, 1, { v: { x: 1 } })).toEqual([null]);
  });

  it('keeps -0 and 0 apart in the index (different protobuf hashes) but equal for default_subset', () => {
    const lb = lbOf(setOf(h(80, { n: 0 }), h(81, { n: -0 })), { selectors: [{ keys: ['n'] }], fallbackPolicy: 'DEFAULT_SUBSET', defaultSubset: { n: 0 } });
    expect(lb.subsets().map((x) => Object.is(x.metadata[0][1], -0))).toEqual([false, true]);
    expect(picks(lb, 2, { n: 0 })).toEqual(addrs(80, 80));
    expect(picks(lb, 2, { n: -0 })).toEqual(addrs(81, 81));
    expect(lb.fallbackSubsets().default?.map(String)).toEqual(addrs(80, 81));
  });

  it('treats __proto__ and constructor as ordinary keys', () => {
    const lb = lbOf(setOf(h(80, JSON.parse('{"__proto__": "a", "constructor": "b"}')), h(81, { toString: 'c' })), {
      selectors: [{ keys: ['__proto__'] }, { keys: ['constructor'] }, { keys: ['toString'] }],
    });
    expect(picks(lb, 1, JSON.parse('{"__proto__": "a"}'))).toEqual(addrs(80));
    expect(picks(lb, 1, { constructor: 'b' })).toEqual(addrs(80));
    expect(picks(lb, 1, { toString: 'c' })).toEqual(addrs(81));
    expect(picks(lb, 1, new Map([['__proto__', 'a']]))).toEqual(addrs(80));
    expect(picks(lb, 1, { hasOwnProperty: 'a' })).toEqual([null]);
  });
});

describe('subset: updates', () => {
  it('adds and removes hosts in the subsets they belong to; an emptied subset is purged and counted', () => {
    const a = h(80, { v: '1' });
    const b = h(81, { v: '2' });
    const c = h(82, { v: '1' });
    const ps = setOf(a, b);
    const lb = lbOf(ps, { selectors: [{ keys: ['v'] }], fallbackPolicy: 'ANY_ENDPOINT' });
    expect(picks(lb, 1, { v: '1' })).toEqual(addrs(80));
    ps.updateHosts(0, [a, c]);
    expect(subsetMap(lb)).toEqual({ 'v="1"': addrs(80, 82) });
    expect(lb.stats.lb_subsets_active).toBe(1);
    expect(lb.stats.lb_subsets_removed).toBe(1);
    // The 1 subset's round robin index (1 after one pick) survives the update.
    expect(picks(lb, 2, { v: '1' })).toEqual(addrs(82, 80));
    // v=2 is gone: the ANY_ENDPOINT fallback serves it.
    expect(picks(lb, 1, { v: '2' })).toEqual(addrs(80));
    expect(lb.stats.lb_subsets_fallback).toBe(1);
  });

  it('moves a host between subsets when its metadata changes in place', () => {
    const cluster = new Cluster({
      endpoints: [
        {
          endpoints: [
            { address: '127.0.0.1:80', metadata: { v: '1' } },
            { address: '127.0.0.1:81', metadata: { v: '2' } },
          ],
        },
      ],
    });
    const lb = lbOf(cluster.prioritySet, { selectors: [{ keys: ['v'] }] });
    cluster.update({
      endpoints: [
        {
          endpoints: [
            { address: '127.0.0.1:80', metadata: { v: '1' } },
            { address: '127.0.0.1:81', metadata: { v: '1' } },
          ],
        },
      ],
    });
    expect(subsetMap(lb)).toEqual({ 'v="1"': addrs(80, 81) });
    expect(picks(lb, 2, { v: '1' })).toEqual(addrs(80, 81));
    expect(picks(lb, 1, { v: '2' })).toEqual([null]);
    expect(lb.stats).toMatchObject({ lb_subsets_active: 1, lb_subsets_created: 2, lb_subsets_removed: 1 });
  });

  it('rebuilds a subset when only the health of its hosts changes', () => {
    const cluster = new Cluster({ endpoints: [{ endpoints: [{ address: '127.0.0.1:80', metadata: { v: '1' } }, { address: '127.0.0.1:81', metadata: { v: '1' } }] }] });
    const lb = lbOf(cluster.prioritySet, { selectors: [{ keys: ['v'] }] });
    cluster.setHealthStatus('127.0.0.1:80', 'UNHEALTHY');
    expect(picks(lb, 3, { v: '1' })).toEqual(addrs(81, 81, 81));
    cluster.setHealthStatus('127.0.0.1:80', 'HEALTHY');
    expect(new Set(picks(lb, 4, { v: '1' }))).toEqual(new Set(addrs(80, 81)));
  });

  it('keeps a subset in host order when it loses or gains hosts at its end or start', () => {
    const [x, a, b, c] = [h(80, { v: '2' }), h(81, { v: '1' }), h(82, { v: '1' }), h(83, { v: '1' })];
    const ps = setOf(x, a, b, c);
    const lb = lbOf(ps, { selectors: [{ keys: ['v'] }], fallbackPolicy: 'ANY_ENDPOINT' });
    const expectSubsets = (v1: number[], v2: number[], all: number[]) => {
      expect(subsetMap(lb, true)).toEqual({ 'v="1"': addrs(...v1), 'v="2"': addrs(...v2) });
      expect(lb.fallbackSubsets().any?.map(String)).toEqual(addrs(...all));
    };
    ps.updateHosts(0, [x, a, b]);
    expectSubsets([81, 82], [80], [80, 81, 82]);
    ps.updateHosts(0, [x, a, b, c]);
    expectSubsets([81, 82, 83], [80], [80, 81, 82, 83]);
    ps.updateHosts(0, [x, b, c]);
    expectSubsets([82, 83], [80], [80, 82, 83]);
    ps.updateHosts(0, [a, x, b, c]);
    expectSubsets([81, 82, 83], [80], [81, 80, 82, 83]);
    ps.updateHosts(0, [a, b]);
    expect(subsetMap(lb, true)).toEqual({ 'v="1"': addrs(81, 82) });
    expect(lb.fallbackSubsets().any?.map(String)).toEqual(addrs(81, 82));
  });

  it('rebuilds a subset that keeps its hosts when the priority\'s overprovisioning factor changes', () => {
    const [a, b, c] = [h(81, { v: '1' }, { zone: 'a' }), h(82, { v: '1' }, { zone: 'b', status: 'UNHEALTHY' }), h(83, { v: '1' }, { zone: 'a' })];
    const ps = new PrioritySet();
    ps.updateHosts(0, [a, b]);
    ps.updateHosts(1, [c]);
    const lb = lbOf(ps, { selectors: [{ keys: ['v'] }], random: new SeededRandom(4) });
    const p1Share = () => picks(lb, 1000, { v: '1' }).filter((x) => x === '127.0.0.1:83').length;
    // P0 availability 140 * 1 / 2 = 70: about 30% of picks go to P1.
    expect(p1Share()).toBeGreaterThan(200);
    ps.updateHosts(0, [a, b], { overprovisioningFactor: 200 });
    expect(p1Share()).toBe(0);
    ps.updateHosts(0, [a, b], { overprovisioningFactor: 140 });
    expect(p1Share()).toBeGreaterThan(200);
  });

  it('re-reads host weights when a subset keeps its hosts but a weight changed', () => {
    const assignment = (w80: number) => ({
      endpoints: [{ endpoints: [{ address: '127.0.0.1:80', weight: w80, metadata: { v: '1' } }, { address: '127.0.0.1:81', metadata: { v: '1' } }, { address: '127.0.0.1:82', metadata: { v: '2' } }] }],
    });
    const cluster = new Cluster(assignment(1));
    const lb = lbOf(cluster.prioritySet, { selectors: [{ keys: ['v'] }] });
    const share = () => picks(lb, 400, { v: '1' }).filter((a) => a === '127.0.0.1:80').length;
    expect(share()).toBe(200);
    // Same hosts and metadata in the v=1 subset: its host set is kept, its child refreshed.
    cluster.update(assignment(3));
    expect(share()).toBe(300);
    cluster.update(assignment(1));
    expect(share()).toBe(200);
    // A weight assigned in place, then an update that changes nothing else.
    (cluster.prioritySet.hostSets[0].hosts[0] as Host).weight = 3;
    cluster.prioritySet.refresh(0);
    expect(share()).toBe(300);
  });

  it('regroups a subset by locality when a host moves to another locality without leaving it', () => {
    const za = { zone: 'a' };
    const zb = { zone: 'b' };
    const assignment = (zoneOf81: { zone: string }) => ({
      endpoints: [
        { locality: za, weight: 1, endpoints: [{ address: '127.0.0.1:80', metadata: { v: '1' } }] },
        { locality: zoneOf81, weight: zoneOf81 === za ? 1 : 3, endpoints: [{ address: '127.0.0.1:81', metadata: { v: '1' } }] },
        { locality: zb, weight: 3, endpoints: [{ address: '127.0.0.1:82', metadata: { v: '2' } }] },
      ],
    });
    const cluster = new Cluster(assignment(za));
    const child = (ps: PrioritySet, shared: Parameters<typeof roundRobin>[1]) => roundRobin(ps, { ...shared, localityWeighted: true });
    const lb = lbOf(cluster.prioritySet, { selectors: [{ keys: ['v'] }], localityWeightAware: true, child });
    // Zone a (weight 1) holds both v=1 hosts: plain rotation inside it.
    expect(picks(lb, 2, { v: '1' })).toEqual(addrs(80, 81));
    cluster.update(assignment(zb));
    // :81 now sits in zone b (weight 3): the subset's localities follow, 3 picks of :81 per :80.
    const counts = picks(lb, 400, { v: '1' }).reduce<Record<string, number>>((acc, a) => ({ ...acc, [a as string]: (acc[a as string] ?? 0) + 1 }), {});
    expect(counts).toEqual({ '127.0.0.1:80': 100, '127.0.0.1:81': 300 });
  });

  it('destroy() counts the active subsets as removed and stops following updates', () => {
    const ps = setOf(h(80, { v: '1' }), h(81, { v: '2' }));
    const stats = new LbStats();
    const lb = lbOf(ps, { selectors: [{ keys: ['v'] }], stats });
    lb.destroy();
    expect(stats).toMatchObject({ lb_subsets_active: 0, lb_subsets_removed: 2 });
    ps.updateHosts(0, [h(82, { v: '3' })]);
    expect(stats.lb_subsets_created).toBe(2);
  });
});

describe('subset: random draws', () => {
  it('children draw at construction in creation order, with one draw per finalized subset', () => {
    // 0: ANY child seed, 1: ANY finalize, 2: child seed of v=a, 3: child seed of v=b, 4/5: finalize a, b.
    const r = new ScriptedRandom(['0', '0', '1', '0', '0', '0'], '0');
    const lb = lbOf(setOf(h(80, { v: 'a' }), h(81, { v: 'a' }), h(82, { v: 'b' })), { selectors: [{ keys: ['v'] }], fallbackPolicy: 'ANY_ENDPOINT', random: r });
    expect(r.drawCount).toBe(6);
    // The v=a child's round robin starts at index seed % 2 = 1.
    expect(picks(lb, 2, { v: 'a' })).toEqual(addrs(81, 80));
    expect(r.drawCount).toBe(8);
  });

  it('an empty cluster still finalizes the fallback subsets of priority 0 once (Envoy always has priority 0)', () => {
    const r = new ScriptedRandom([], '0');
    lbOf(new PrioritySet(), { selectors: [{ keys: ['v'] }], fallbackPolicy: 'ANY_ENDPOINT', panicModeAny: true, random: r });
    // The any subset's child seed, then its finalize.
    expect(r.drawCount).toBe(2);
  });

  it('every priority update draws once per fallback subset and once per subset', () => {
    const r = new ScriptedRandom([], '0');
    const ps = setOf(h(80, { v: 'a' }), h(81, { v: 'b' }));
    lbOf(ps, { selectors: [{ keys: ['v'] }], fallbackPolicy: 'DEFAULT_SUBSET', random: r });
    const before = r.drawCount;
    ps.updateHosts(0, [h(80, { v: 'a' })]);
    expect(r.drawCount - before).toBe(3);
  });

  it('a purged subset draws no more; one created again draws its child seed and then finalizes', () => {
    const r = new ScriptedRandom([], '0');
    const ps = setOf(h(80, { v: 'a' }), h(81, { v: 'b' }));
    lbOf(ps, { selectors: [{ keys: ['v'] }], fallbackPolicy: 'DEFAULT_SUBSET', random: r });
    ps.updateHosts(0, [h(80, { v: 'a' })]);
    // v=b lost its host and was purged: the default subset and v=a remain.
    let before = r.drawCount;
    ps.updateHosts(0, [h(80, { v: 'a' }), h(82, { v: 'a' })]);
    expect(r.drawCount - before).toBe(2);
    before = r.drawCount;
    ps.updateHosts(0, [h(80, { v: 'a' }), h(83, { v: 'b' })]);
    // The new v=b child's seed, then the default subset, v=a and v=b.
    expect(r.drawCount - before).toBe(4);
  });
});

describe('subset: locality weights (Envoy subset_test.cc locality tests)', () => {
  const za = locality({ zone: 'a' });
  const zb = locality({ zone: 'b' });
  function weighted(metadata0: string[], metadata1: string[], weights: [number, number]): PrioritySet {
    const hosts: Host[] = [];
    metadata0.forEach((v, i) => hosts.push(h(80 + i, { version: v }, { zone: 'a' })));
    metadata1.forEach((v, i) => hosts.push(h(80 + metadata0.length + i, { version: v }, { zone: 'b' })));
    const ps = new PrioritySet();
    ps.updateHosts(0, hosts, {
      localityWeights: new Map([
        [localityKey(za), weights[0]],
        [localityKey(zb), weights[1]],
      ]),
    });
    return ps;
  }
  const child = (ps: PrioritySet, shared: Parameters<typeof roundRobin>[1]) => roundRobin(ps, { ...shared, localityWeighted: true });

  it('EnabledLocalityWeightAwareness: locality weights 1/100 send the first pick to the second locality', () => {
    const ps = weighted(['1.0', '1.1'], ['1.0', '1.1', '1.0', '1.1'], [1, 100]);
    const lb = lbOf(ps, { selectors: [{ keys: ['version'] }], localityWeightAware: true, child });
    expect(picks(lb, 1, { version: '1.1' })).toEqual(addrs(83));
  });

  it('EnabledScaleLocalityWeights: 50/50 scaled by the share of hosts kept gives 25/13', () => {
    const ps = weighted(['1.0', '1.1'], ['1.0', '1.0', '1.0', '1.1'], [50, 50]);
    const lb = lbOf(ps, { selectors: [{ keys: ['version'] }], localityWeightAware: true, scaleLocalityWeight: true, child });
    expect(picks(lb, 9, { version: '1.1' })).toEqual(addrs(81, 85, 81, 81, 85, 81, 81, 85, 81));
  });

  it('EnabledScaleLocalityWeightsRounding: 2 * 3 / 4 = 1.5 rounds to 2 (std::round on a float)', () => {
    const ps = weighted(['1.0', '1.1'], ['1.0', '1.0', '1.0', '1.1'], [2, 2]);
    const lb = lbOf(ps, { selectors: [{ keys: ['version'] }], localityWeightAware: true, scaleLocalityWeight: true, child });
    expect(picks(lb, 7, { version: '1.0' })).toEqual(addrs(82, 80, 83, 84, 80, 82, 83));
  });

  it('without locality_weight_aware a subset has no locality weights, so the child ignores localities', () => {
    const ps = weighted(['1.0', '1.1'], ['1.0', '1.1', '1.0', '1.1'], [1, 100]);
    const lb = lbOf(ps, { selectors: [{ keys: ['version'] }], child });
    expect(picks(lb, 3, { version: '1.1' })).toEqual(addrs(81, 83, 85));
  });

  it('ScaleLocalityWeightsWithNoLocalityWeights: scaling without weights builds and picks', () => {
    const lb = lbOf(setOf(h(80, { version: '1.0' }), h(81, { version: '1.1' })), {
      selectors: [{ keys: ['version'] }],
      localityWeightAware: true,
      scaleLocalityWeight: true,
      child,
    });
    expect(picks(lb, 1, { version: '1.1' })).toEqual(addrs(81));
  });
});

describe('subset: explain, peek, loads', () => {
  it('explainSubset reports what served each pick', () => {
    const lb = lbOf(setOf(h(80, { v: 'a' }), h(81, { w: 'b' })), {
      selectors: [{ keys: ['v'] }, { keys: ['w'], fallbackPolicy: 'NO_FALLBACK' }],
      fallbackPolicy: 'ANY_ENDPOINT',
    });
    const hit = lb.explainSubset({ metadataMatch: { v: 'a' } });
    expect(hit).toMatchObject({ decision: 'subset', subset: [['v', 'a']] });
    expect(hit.host?.address).toBe('127.0.0.1:80');
    expect(hit.child?.attempts[0].source).toBe('healthy');
    expect(lb.explainSubset({ metadataMatch: { v: 'z' } }).decision).toBe('fallback');
    expect(lb.explainSubset({ metadataMatch: { w: 'z' } })).toMatchObject({ decision: 'selector_no_fallback', host: null });
    expect(lb.explain({ metadataMatch: { v: 'a' } }).host?.address).toBe('127.0.0.1:80');
  });

  it('peekAnotherHost returns null (Envoy does not preconnect through subsets)', () => {
    const lb = lbOf(setOf(h(80, { v: 'a' })), { selectors: [{ keys: ['v'] }], fallbackPolicy: 'ANY_ENDPOINT' });
    expect(lb.peekAnotherHost()).toBeNull();
  });

  it('priorityLoad() reports the whole cluster and follows updates', () => {
    const ps = new PrioritySet();
    ps.updateHosts(0, [h(80, { v: 'a' }, { status: 'UNHEALTHY' }), h(81, { v: 'a' })]);
    ps.updateHosts(1, [h(82, { v: 'a' })]);
    const lb = lbOf(ps, { selectors: [{ keys: ['v'] }] });
    expect(lb.priorityLoad()).toEqual({ healthy: [70, 30], degraded: [0, 0], panic: [false, false] });
    ps.updateHosts(0, [h(83, { v: 'a' })]);
    expect(lb.priorityLoad().healthy).toEqual([100, 0]);
  });
});

describe('subset: seeded picks stay inside the subset', () => {
  it('with a seeded random source every pick of a matched subset is one of its hosts', () => {
    const lb = subsetWithSeed();
    const members = new Set(addrs(1, 2, 5));
    for (let i = 0; i < 200; i++) expect(members.has(lb.chooseHost({ metadataMatch: { stage: 'prod', version: '1.0' } })?.address ?? '')).toBe(true);
  });
});

function subsetWithSeed() {
  return lbOf(setOf(...seedHosts()), { selectors: SEED_SELECTORS, random: new SeededRandom(11) });
}

describe('subset: a subset holding every host shares the cluster host set', () => {
  type WithAny = { subsetAny: { prioritySet: PrioritySet } };
  it('the ANY_ENDPOINT subset uses the cluster host set after an update instead of building an equal one', () => {
    const hosts = seedHosts();
    const ps = setOf(...hosts.slice(0, 6));
    const lb = lbOf(ps, { selectors: SEED_SELECTORS, fallbackPolicy: 'ANY_ENDPOINT' });
    ps.updateHosts(0, hosts);
    const anySet = (lb as unknown as WithAny).subsetAny.prioritySet;
    expect(anySet.hostSets[0]).toBe(ps.hostSets[0]);
    // The fallback still round-robins over all seven hosts.
    expect(new Set(picks(lb, 7, { version: 'none' }))).toEqual(new Set(addrs(1, 2, 3, 4, 5, 6, 7)));
  });

  it('builds its own host set when its locality weights differ from the cluster (weights not subset-aware)', () => {
    const a = h(1, { v: '1' }, { zone: 'a' });
    const b = h(2, { v: '1' }, { zone: 'b' });
    const ps = new PrioritySet();
    const weights = new Map([
      [localityKey(locality({ zone: 'a' })), 3],
      [localityKey(locality({ zone: 'b' })), 1],
    ]);
    ps.updateHosts(0, [a], { localityWeights: weights });
    const lb = lbOf(ps, { selectors: [{ keys: ['v'] }], fallbackPolicy: 'ANY_ENDPOINT' });
    ps.updateHosts(0, [a, b], { localityWeights: weights });
    const anySet = (lb as unknown as WithAny).subsetAny.prioritySet.hostSets[0];
    expect(anySet).not.toBe(ps.hostSets[0]);
    expect(ps.hostSets[0].localityWeights).toEqual([3, 1]);
    expect(anySet.localityWeights).toEqual([0, 0]);
    expect(anySet.hosts).toEqual([a, b]);
  });
});
