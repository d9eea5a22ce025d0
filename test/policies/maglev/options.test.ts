import { describe, expect, it } from 'vitest';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { ConfigError, UpstreamLbError } from '../../../src/errors.js';
import { loadCluster } from '../../../src/config/load.js';
import { buildMaglevTable, DEFAULT_TABLE_SIZE, isPrime, maglev, MAX_TABLE_SIZE, resolveMaglevOptions } from '../../../src/policies/maglev/index.js';

describe('isPrime(n)', () => {
  it('agrees with trial division up to 10,000 and rejects 0, 1 and non-integers', () => {
    const naive = (n: number) => n >= 2 && Array.from({ length: Math.floor(Math.sqrt(n)) - 1 }, (_, i) => i + 2).every((d) => n % d !== 0);
    for (let n = 0; n <= 10_000; n++) expect(isPrime(n)).toBe(naive(n));
    expect(isPrime(2.5)).toBe(false);
    expect(isPrime(65_537)).toBe(true);
    expect(isPrime(MAX_TABLE_SIZE)).toBe(true);
  });
});

describe('resolveMaglevOptions(options)', () => {
  it("defaults to Envoy's 65,537 slots", () => {
    expect(resolveMaglevOptions({})).toEqual({ tableSize: DEFAULT_TABLE_SIZE, useHostnameForHashing: false });
    expect(DEFAULT_TABLE_SIZE).toBe(65_537);
  });

  it("rejects a table size that is not prime, with Envoy's message", () => {
    expect(() => resolveMaglevOptions({ tableSize: 65_536 })).toThrow('tableSize: The table size of maglev must be prime number, got 65536');
    expect(() => resolveMaglevOptions({ tableSize: 1 })).toThrow(UpstreamLbError);
  });

  it("rejects a table size above Envoy's proto limit of 5,000,011 or not an integer", () => {
    expect(() => resolveMaglevOptions({ tableSize: 5_000_077 })).toThrow('tableSize: must be an integer in [0, 5000011], got 5000077');
    expect(() => resolveMaglevOptions({ tableSize: 7.5 })).toThrow('tableSize: must be an integer in [0, 5000011], got 7.5');
  });

  it('validates in the factory and in buildMaglevTable before building', () => {
    expect(() => maglev(new PrioritySet(), { tableSize: 9 })).toThrow(UpstreamLbError);
    expect(() => buildMaglevTable([], { tableSize: 9 })).toThrow('tableSize: The table size of maglev must be prime number, got 9');
  });
});

describe('MAGLEV config', () => {
  const cluster = (extra: Record<string, unknown>) => ({ name: 'c', lb_policy: 'MAGLEV', load_assignment: { cluster_name: 'c', endpoints: [] }, ...extra });

  it('reads table_size (number or decimal string)', () => {
    const lb = loadCluster(cluster({ maglev_lb_config: { table_size: '7' } })).lb as ReturnType<typeof maglev>;
    expect(lb.maglevOptions.tableSize).toBe(7);
    expect((loadCluster(cluster({})).lb as ReturnType<typeof maglev>).maglevOptions.tableSize).toBe(65_537);
  });

  it("rejects a non-prime table_size with Envoy's message and one above 5,000,011", () => {
    expect(() => loadCluster(cluster({ maglev_lb_config: { table_size: 8 } }))).toThrow(
      'maglev_lb_config.table_size: The table size of maglev must be prime number, got 8',
    );
    expect(() => loadCluster(cluster({ maglev_lb_config: { table_size: 5_000_012 } }))).toThrow(ConfigError);
    expect(() => loadCluster(cluster({ maglev_lb_config: { size: 7 } }))).toThrow('maglev_lb_config.size: is not a known field here, got 7');
  });
});
