import { describe, expect, it } from 'vitest';
import { subset } from '../../../src/policies/subset/index.js';
import { parseSubsetConfig } from '../../../src/policies/subset/config.js';
import { loadCluster } from '../../../src/config/load.js';
import { Reader, ReadLog } from '../../../src/config/reader.js';
import { ConfigError, UpstreamLbError } from '../../../src/errors.js';
import { ScriptedRandom } from '../../../src/common/random.js';
import { h, setOf } from './helpers.js';

function parse(json: unknown) {
  return parseSubsetConfig(new Reader(json, 'lb_subset_config', new ReadLog()));
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('subset(ps, options) validation', () => {
  const ps = () => setOf(h(80, { a: 1 }));
  const cases: [string, Parameters<typeof subset>[1], string][] = [
    ['selectors missing', {} as never, 'selectors: must be a list of selectors, got undefined'],
    ['fallbackPolicy unknown', { selectors: [], fallbackPolicy: 'X' as never }, 'fallbackPolicy: must be one of NO_FALLBACK, ANY_ENDPOINT, DEFAULT_SUBSET, got "X"'],
    [
      'metadataFallbackPolicy unknown',
      { selectors: [], metadataFallbackPolicy: 'Y' as never },
      'metadataFallbackPolicy: must be one of METADATA_NO_FALLBACK, FALLBACK_LIST, got "Y"',
    ],
    ['a flag not boolean', { selectors: [], listAsAny: 1 as never }, 'listAsAny: must be a boolean, got 1'],
    ['keys not strings', { selectors: [{ keys: [1] as never }] }, 'selectors[0].keys: must be a list of strings, got [1]'],
    [
      'selector policy unknown',
      { selectors: [{ keys: ['a'], fallbackPolicy: 'Z' as never }] },
      'selectors[0].fallbackPolicy: must be one of NOT_DEFINED, NO_FALLBACK, ANY_ENDPOINT, DEFAULT_SUBSET, KEYS_SUBSET, got "Z"',
    ],
    [
      'fallback_keys_subset without KEYS_SUBSET',
      { selectors: [{ keys: ['a', 'b'], fallbackPolicy: 'ANY_ENDPOINT', fallbackKeysSubset: ['a'] }] },
      'selectors[0].fallbackKeysSubset: fallback_keys_subset can be set only for KEYS_SUBSET fallback_policy, got ["a"]',
    ],
    [
      'KEYS_SUBSET with an empty list',
      { selectors: [{ keys: ['a', 'b'], fallbackPolicy: 'KEYS_SUBSET' }] },
      'selectors[0].fallbackKeysSubset: fallback_keys_subset cannot be empty, got []',
    ],
    [
      'KEYS_SUBSET not a subset of keys',
      { selectors: [{ keys: ['a', 'b'], fallbackPolicy: 'KEYS_SUBSET', fallbackKeysSubset: ['c'] }] },
      'selectors[0].fallbackKeysSubset: fallback_keys_subset must be a subset of selector keys, got ["c"]',
    ],
    [
      'KEYS_SUBSET equal to keys',
      { selectors: [{ keys: ['a', 'b'], fallbackPolicy: 'KEYS_SUBSET', fallbackKeysSubset: ['b', 'a', 'a'] }] },
      'selectors[0].fallbackKeysSubset: fallback_keys_subset cannot be equal to keys, got ["b","a","a"]',
    ],
    ['singleHostPerSubset not boolean', { selectors: [{ keys: ['a'], singleHostPerSubset: 'yes' as never }] }, 'selectors[0].singleHostPerSubset: must be a boolean, got "yes"'],
    ['defaultSubset with a non-JSON value', { selectors: [], defaultSubset: { a: Number.NaN } }, 'defaultSubset.a: metadata numbers must be finite, got "NaN"'],
    ['healthyPanicThreshold out of range', { selectors: [], healthyPanicThreshold: 101 }, 'healthyPanicThreshold: must be an integer in [0, 100], got 101'],
  ];
  for (const [name, options, message] of cases) {
    it(`rejects ${name}`, () => {
      const e = errorOf(() => subset(ps(), options));
      expect(e).toBeInstanceOf(UpstreamLbError);
      expect(e.message).toBe(message);
    });
  }

  it('rejects runtime inputs that are not what they must be', () => {
    expect(errorOf(() => subset({} as never, { selectors: [] })).message).toBe('prioritySet: must be a PrioritySet, got {}');
    expect(errorOf(() => subset(ps(), { selectors: [], child: 1 as never })).message).toBe('child: must be a function (prioritySet, shared) => LoadBalancer, got 1');
    expect(errorOf(() => subset(ps(), { selectors: [], random: {} as never })).message).toBe('random: must be a RandomSource (an object with a nextU64() method), got {}');
    expect(errorOf(() => subset(ps(), { selectors: [], runtimeRandom: 2 as never })).message).toBe(
      'runtimeRandom: must be a RandomSource (an object with a nextU64() method), got 2',
    );
    expect(errorOf(() => subset(ps(), { selectors: [], clock: {} as never })).message).toBe('clock: must be a Clock (an object with a now() method), got {}');
    expect(errorOf(() => subset(ps(), { selectors: [], stats: null as never })).message).toBe('stats: must be an object, got null');
    expect(errorOf(() => subset(ps(), { selectors: [null as never] })).message).toBe('selectors[0]: must be an object, got null');
    expect(errorOf(() => subset(ps(), { selectors: [], defaultSubset: [1] as never })).message).toBe(
      'defaultSubset: must be an object of metadata keys to values, got [1]',
    );
  });

  it('validates selectors without keys only for their field types (Envoy skips them)', () => {
    expect(() => subset(ps(), { selectors: [{ keys: [], fallbackPolicy: 'KEYS_SUBSET' }] })).not.toThrow();
  });
});

describe('parseSubsetConfig(reader)', () => {
  it('returns null without selectors (subsetting disabled), and for an absent message', () => {
    expect(parse({ fallback_policy: 'ANY_ENDPOINT' })).toBeNull();
    expect(parseSubsetConfig(undefined)).toBeNull();
  });

  it('reads every field with enum names or numbers and Envoy defaults', () => {
    const spec = parse({
      fallback_policy: 2,
      default_subset: { stage: 'prod' },
      subset_selectors: [{ keys: ['b', 'a'], fallback_policy: 'KEYS_SUBSET', fallback_keys_subset: ['a'], single_host_per_subset: true }, { keys: [] }],
      locality_weight_aware: true,
      scale_locality_weight: true,
      panic_mode_any: true,
      list_as_any: true,
      allow_redundant_keys: true,
      metadata_fallback_policy: 'FALLBACK_LIST',
    })!;
    expect(spec.fallbackPolicy).toBe('DEFAULT_SUBSET');
    expect([...spec.defaultSubset]).toEqual([['stage', 'prod']]);
    expect(spec.selectors).toHaveLength(1);
    expect(spec.selectors[0].keys).toEqual(['a', 'b']);
    expect(spec.selectors[0].singleHostPerSubset).toBe(true);
    expect(spec).toMatchObject({
      localityWeightAware: true,
      scaleLocalityWeight: true,
      panicModeAny: true,
      listAsAny: true,
      allowRedundantKeys: true,
      metadataFallbackPolicy: 'FALLBACK_LIST',
    });
    const defaults = parse({ subset_selectors: [{ keys: ['a'] }] })!;
    expect(defaults).toMatchObject({ fallbackPolicy: 'NO_FALLBACK', metadataFallbackPolicy: 'METADATA_NO_FALLBACK', listAsAny: false, allowRedundantKeys: false });
  });

  it('stable-sorts selectors by key count, descending, with allow_redundant_keys', () => {
    const spec = parse({ allow_redundant_keys: true, subset_selectors: [{ keys: ['a'] }, { keys: ['x', 'y'] }, { keys: ['b'] }, { keys: ['c', 'd'] }] })!;
    expect(spec.selectors.map((s) => s.keys.join(','))).toEqual(['x,y', 'c,d', 'a', 'b']);
  });

  const configCases: [unknown, string][] = [
    [{ subset_selectors: [{ keys: ['a'] }], fallback_policy: 'X' }, 'lb_subset_config.fallback_policy: must be one of NO_FALLBACK, ANY_ENDPOINT, DEFAULT_SUBSET, got "X"'],
    [{ subset_selectors: [{ keys: ['a'], fallback_keys_subset: ['a'] }] }, 'lb_subset_config.subset_selectors[0].fallback_keys_subset: fallback_keys_subset can be set only for KEYS_SUBSET fallback_policy, got ["a"]'],
    [{ subset_selectors: [{ keys: ['a'], fallback_policy: 'KEYS_SUBSET' }] }, 'lb_subset_config.subset_selectors[0].fallback_keys_subset: fallback_keys_subset cannot be empty, got []'],
    [
      { subset_selectors: [{ keys: ['a', 'b'], fallback_policy: 'KEYS_SUBSET', fallback_keys_subset: ['c'] }] },
      'lb_subset_config.subset_selectors[0].fallback_keys_subset: fallback_keys_subset must be a subset of selector keys, got ["c"]',
    ],
    [
      { subset_selectors: [{ keys: ['a', 'b'], fallback_policy: 'KEYS_SUBSET', fallback_keys_subset: ['a', 'b'] }] },
      'lb_subset_config.subset_selectors[0].fallback_keys_subset: fallback_keys_subset cannot be equal to keys, got ["a","b"]',
    ],
    [{ subset_selectors: [{ keys: 'a' }] }, 'lb_subset_config.subset_selectors[0].keys: must be a list of strings, got "a"'],
    [{ subset_selectors: [{ keys: ['a'], extra: 1 }] }, 'lb_subset_config.subset_selectors[0].extra: is not a known field here, got 1'],
    [{ subset_selectors: [{ keys: ['a'] }], default_subset: [1] }, 'lb_subset_config.default_subset: must be an object (google.protobuf.Struct), got [1]'],
    [{ subset_selectors: [{ keys: ['a'] }], metadata_fallback_policy: 3 }, 'lb_subset_config.metadata_fallback_policy: must be one of METADATA_NO_FALLBACK, FALLBACK_LIST, got 3'],
    [{ subset_selectors: [{ keys: ['a'] }], panic_mode_any: 'true' }, 'lb_subset_config.panic_mode_any: must be a boolean, got "true"'],
  ];
  for (const [json, message] of configCases) {
    it(`rejects ${message.slice(0, message.indexOf(':'))}: ${message.slice(message.indexOf(':') + 2, message.indexOf(','))}`, () => {
      const e = errorOf(() => parse(json));
      expect(e).toBeInstanceOf(ConfigError);
      expect(e.message).toBe(message);
    });
  }
});

describe('loadCluster with lb_subset_config', () => {
  const endpoint = (port: number, md: Record<string, unknown>) => ({
    endpoint: { address: { socket_address: { address: '10.0.0.1', port_value: port } } },
    metadata: { filter_metadata: { 'envoy.lb': md } },
  });

  it('wraps the cluster policy in the subset load balancer, sharing random source and stats', () => {
    const { lb } = loadCluster(
      {
        name: 'c',
        lb_policy: 'ROUND_ROBIN',
        lb_subset_config: { fallback_policy: 'ANY_ENDPOINT', subset_selectors: [{ keys: ['v'] }] },
        load_assignment: { endpoints: [{ lb_endpoints: [endpoint(1, { v: 'a' }), endpoint(2, { v: 'b' })] }] },
      },
      { random: new ScriptedRandom([], '0') },
    );
    expect(lb.chooseHost({ metadataMatch: { v: 'b' } })?.address).toBe('10.0.0.1:2');
    expect(lb.chooseHost({ metadataMatch: { v: 'z' } })?.address).toBe('10.0.0.1:1');
    expect(lb.stats).toMatchObject({ lb_subsets_selected: 1, lb_subsets_fallback: 1, lb_subsets_active: 2 });
  });

  it('builds RANDOM children', () => {
    const { lb } = loadCluster(
      {
        lb_policy: 'RANDOM',
        lb_subset_config: { subset_selectors: [{ keys: ['v'] }] },
        load_assignment: { endpoints: [{ lb_endpoints: [endpoint(1, { v: 'a' }), endpoint(2, { v: 'a' })] }] },
      },
      { random: new ScriptedRandom(['0', '0', '0', '1'], '0') },
    );
    // Construction takes one finalize draw for the subset; then each pick's draw indexes the hosts.
    expect([0, 1, 2].map(() => lb.chooseHost({ metadataMatch: { v: 'a' } })?.address)).toEqual(['10.0.0.1:1', '10.0.0.1:1', '10.0.0.1:2']);
  });

  it("rejects CLUSTER_PROVIDED with Envoy's message", () => {
    const e = errorOf(() =>
      loadCluster({ lb_policy: 'CLUSTER_PROVIDED', type: 'ORIGINAL_DST', lb_subset_config: { subset_selectors: [{ keys: ['x'] }] } }),
    );
    expect(e.message).toContain('cluster: LB policy CLUSTER_PROVIDED cannot be combined with lb_subset_config');
  });
});
