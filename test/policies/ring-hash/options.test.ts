import { describe, expect, it } from 'vitest';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { ConfigError, UpstreamLbError } from '../../../src/errors.js';
import { xxHash64 } from '../../../src/hash/xxhash64.js';
import { loadCluster } from '../../../src/config/load.js';
import { buildRing, DEFAULT_MAX_RING_SIZE, DEFAULT_MIN_RING_SIZE, resolveRingOptions, ringHash } from '../../../src/policies/ring-hash/index.js';
import { Host } from '../../../src/host/host.js';

describe('resolveRingOptions(options)', () => {
  it("fills Envoy's defaults: 1,024 / 8,388,608, XX_HASH, addresses", () => {
    expect(resolveRingOptions({})).toEqual({
      minimumRingSize: DEFAULT_MIN_RING_SIZE,
      maximumRingSize: DEFAULT_MAX_RING_SIZE,
      hashFunction: 'XX_HASH',
      useHostnameForHashing: false,
    });
    expect([DEFAULT_MIN_RING_SIZE, DEFAULT_MAX_RING_SIZE]).toEqual([1024, 8_388_608]);
  });

  it("rejects minimum > maximum with Envoy's message", () => {
    expect(() => resolveRingOptions({ minimumRingSize: 20, maximumRingSize: 10 })).toThrow(
      'minimumRingSize: ring hash: minimum_ring_size (20) > maximum_ring_size (10), got 20',
    );
  });

  it("rejects sizes above Envoy's proto limit of 8,388,608 and non-integers", () => {
    expect(() => resolveRingOptions({ maximumRingSize: 8_388_609 })).toThrow('maximumRingSize: must be an integer in [0, 8388608], got 8388609');
    expect(() => resolveRingOptions({ minimumRingSize: 1.5 })).toThrow('minimumRingSize: must be an integer in [0, 8388608], got 1.5');
    expect(() => resolveRingOptions({ minimumRingSize: -1 })).toThrow(UpstreamLbError);
  });

  it('rejects an unknown hash function', () => {
    expect(() => resolveRingOptions({ hashFunction: 'MD5' as never })).toThrow('hashFunction: must be XX_HASH or MURMUR_HASH_2, got "MD5"');
  });
});

describe('ringHash(prioritySet, options) validation', () => {
  it('throws before subscribing to the priority set or building anything', () => {
    const ps = new PrioritySet();
    ps.updateHosts(0, [new Host({ address: '1.1.1.1:80' })]);
    expect(() => ringHash(ps, { minimumRingSize: 20, maximumRingSize: 10 })).toThrow(UpstreamLbError);
    expect(() => ringHash(ps, { hashBalanceFactor: 50 })).toThrow('hashBalanceFactor: must be 0 (off) or an integer in [100, 4294967295], got 50');
  });

  it('buildRing rejects weights that are not positive', () => {
    const h = new Host({ address: '1.1.1.1:80' });
    expect(() => buildRing([{ host: h, weight: 0 }])).toThrow('weights[0].weight: must be > 0 for a ring, got 0');
  });
});

describe('RING_HASH config', () => {
  const cluster = (ring: unknown, extra: Record<string, unknown> = {}) => ({
    name: 'c',
    lb_policy: 'RING_HASH',
    ...(ring === undefined ? {} : { ring_hash_lb_config: ring }),
    load_assignment: { cluster_name: 'c', endpoints: [] },
    ...extra,
  });

  it('reads minimum_ring_size, maximum_ring_size and the legacy hash_function enum (MURMUR_HASH_2 = 1)', () => {
    const lb = loadCluster(cluster({ minimum_ring_size: '12', maximum_ring_size: 24, hash_function: 1 })).lb as ReturnType<typeof ringHash>;
    expect(lb.ringOptions).toEqual({ minimumRingSize: 12, maximumRingSize: 24, hashFunction: 'MURMUR_HASH_2', useHostnameForHashing: false });
    const byName = loadCluster(cluster({ hash_function: 'XX_HASH' })).lb as ReturnType<typeof ringHash>;
    expect(byName.ringOptions.hashFunction).toBe('XX_HASH');
  });

  it("rejects minimum > maximum with Envoy's message and a size above the proto limit", () => {
    expect(() => loadCluster(cluster({ minimum_ring_size: 20, maximum_ring_size: 10 }))).toThrow(
      'ring_hash_lb_config.minimum_ring_size: ring hash: minimum_ring_size (20) > maximum_ring_size (10), got 20',
    );
    expect(() => loadCluster(cluster({ minimum_ring_size: 8_388_609 }))).toThrow(ConfigError);
    expect(() => loadCluster(cluster({ hash_function: 'CITY' }))).toThrow('ring_hash_lb_config.hash_function: must be one of XX_HASH, MURMUR_HASH_2, got "CITY"');
    expect(() => loadCluster(cluster({ ring_size: 3 }))).toThrow('ring_hash_lb_config.ring_size: is not a known field here, got 3');
  });

  it('takes use_hostname_for_hashing and hash_balance_factor from consistent_hashing_lb_config', () => {
    const { lb } = loadCluster(
      cluster(undefined, {
        common_lb_config: { consistent_hashing_lb_config: { use_hostname_for_hashing: true, hash_balance_factor: 150 } },
      }),
    );
    expect((lb as ReturnType<typeof ringHash>).ringOptions.useHostnameForHashing).toBe(true);
  });

  it('compiles consistent_hashing_lb_config.hash_policy and hashes the context request with it', () => {
    const { lb } = loadCluster(
      cluster(
        { minimum_ring_size: 12 },
        {
          common_lb_config: { consistent_hashing_lb_config: { hash_policy: [{ header: { header_name: 'x-user' } }] } },
          load_assignment: {
            cluster_name: 'c',
            endpoints: [{ lb_endpoints: [90, 91, 92].map((port) => ({ endpoint: { address: { socket_address: { address: '127.0.0.1', port_value: port } } } })) }],
          },
        },
      ),
    );
    const byHeader = lb.chooseHost({ request: { headers: [['x-user', 'alice']] } });
    expect(lb.chooseHost({ hashKey: xxHash64('alice') })).toBe(byHeader);
    expect(() =>
      loadCluster(cluster(undefined, { common_lb_config: { consistent_hashing_lb_config: { hash_policy: [{ terminal: true }] } } })),
    ).toThrow(ConfigError);
  });
});
