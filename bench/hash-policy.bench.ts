// Hash policy benchmarks: ns per HashPolicy.generateHash for each policy kind, and bytes allocated
// per call (printed after mitata's table). Registers benchmarks only; bench/index.ts runs them.
import { bench, do_not_optimize, group, summary } from 'mitata';
import type { U64 } from '../src/common/u64.js';
import { HashPolicy, type HashRequest } from '../src/hash/policy.js';
import { xxHash64StringInto } from '../src/hash/xxhash64.js';
import { afterRun, bytesPerCall } from './util.js';

const out = new Uint32Array(2);

// A flat string, as an HTTP parser produces it (a `+=`-built string is a rope and reads slower).
const flat = (s: string) => new TextDecoder().decode(new TextEncoder().encode(s));

interface Case {
  name: string;
  policy: HashPolicy;
  request: HashRequest;
}

const browserHeaders: [string, string][] = [
  [':authority', flat('example.com')],
  [':path', flat('/api/v1/items?id=12345&page=2')],
  ['user-agent', flat('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36')],
  ['accept', flat('application/json')],
  ['x-user-id', flat('user-8f14e45fceea167a')],
  ['cookie', flat('theme=dark; session=4f9a1c2be7d05e36; lang=en')],
];

const cases: Case[] = [
  {
    name: 'header, 1 value (6 headers, list form)',
    policy: HashPolicy.fromConfig([{ header: { header_name: 'x-user-id' } }]),
    request: { headers: browserHeaders },
  },
  {
    name: 'header, 1 value (record form)',
    policy: HashPolicy.fromConfig([{ header: { header_name: 'x-user-id' } }]),
    request: { headers: Object.fromEntries(browserHeaders) },
  },
  {
    name: 'header, 3 values (sorted, chained)',
    policy: HashPolicy.fromConfig([{ header: { header_name: 'x-tag' } }]),
    request: { headers: [['x-tag', flat('gamma')], ['x-tag', flat('alpha')], ['x-tag', flat('beta')]] },
  },
  {
    name: 'header + regex_rewrite',
    policy: HashPolicy.fromConfig([
      { header: { header_name: ':path', regex_rewrite: { pattern: { regex: '^/api/v1/(\\w+).*$' }, substitution: '\\1' } } },
    ]),
    request: { headers: browserHeaders },
  },
  {
    name: 'source_ip, IPv4 ip:port',
    policy: HashPolicy.fromConfig([{ connection_properties: { source_ip: true } }]),
    request: { sourceAddress: flat('203.0.113.45:51234') },
  },
  {
    name: 'source_ip, IPv6 [v6]:port (repeated address)',
    policy: HashPolicy.fromConfig([{ connection_properties: { source_ip: true } }]),
    request: { sourceAddress: flat('[2001:db8::8a2e:370:7334]:51234') },
  },
  {
    name: 'cookie, present (3 cookies)',
    policy: HashPolicy.fromConfig([{ cookie: { name: 'session', ttl: '3600s' } }]),
    request: { headers: browserHeaders },
  },
  {
    name: 'query_parameter',
    policy: HashPolicy.fromConfig([{ query_parameter: { name: 'id' } }]),
    request: { headers: browserHeaders },
  },
  {
    name: 'filter_state, bigint',
    policy: HashPolicy.fromConfig([{ filter_state: { key: 'tenant' } }]),
    request: { filterState: { tenant: 0x9e3779b97f4a7c15n } },
  },
  {
    name: 'header (missing) then terminal cookie then source_ip',
    policy: HashPolicy.fromConfig([
      { header: { header_name: 'x-missing' } },
      { cookie: { name: 'session' }, terminal: true },
      { connection_properties: { source_ip: true } },
    ]),
    request: { headers: browserHeaders, sourceAddress: flat('203.0.113.45:51234') },
  },
];

// Warm every case so the measured run sees settled field representations and JIT feedback.
for (let i = 0; i < 20_000; i++) for (const c of cases) c.policy.generateHash(c.request, out, 0);

// Baseline: the hash alone, of the value the single-header case hashes.
const userId = browserHeaders[4][1];
const baselineOut: U64 = { hi: 0, lo: 0 };
for (let i = 0; i < 20_000; i++) xxHash64StringInto(userId, 0, 0, baselineOut);

group('HashPolicy.generateHash', () => {
  summary(() => {
    bench('baseline: xxHash64StringInto of the 21-byte header value', () =>
      do_not_optimize(xxHash64StringInto(userId, 0, 0, baselineOut)),
    );
    for (const c of cases) {
      bench(c.name, () => do_not_optimize(c.policy.generateHash(c.request, out, 0)));
    }
  });
});

afterRun(() => {
  console.log('\nHashPolicy.generateHash allocation (bytes per call; < ~0.5 means none)');
  for (const c of cases) {
    const bytes = bytesPerCall(() => c.policy.generateHash(c.request, out, 0));
    console.log(`  ${c.name.padEnd(56)} ${bytes.toFixed(2)}`);
  }
});
