// Properties of HashPolicy, checked against small reference models written with BigInt.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareUtf8 } from '../../src/common/strings.js';
import { HashPolicy, type HashRequest } from '../../src/hash/policy.js';
import { xxHash64, xxHash64List } from '../../src/hash/xxhash64.js';

const MASK = (1n << 64n) - 1n;
const rotl1 = (x: bigint) => ((x << 1n) | (x >> 63n)) & MASK;
const u64 = fc.bigInt({ min: 0n, max: MASK });
const headerValue = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }));

describe('HashPolicy properties', () => {
  it('header: the order of the values does not change the hash', () => {
    const p = HashPolicy.fromConfig([{ header: { header_name: 'x-h' } }]);
    fc.assert(
      fc.property(fc.array(headerValue, { minLength: 1, maxLength: 6 }), fc.nat(), (vals, seed) => {
        const shuffled = [...vals].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7));
        const h1 = p.hash({ headers: vals.map((v) => ['x-h', v] as const) });
        const h2 = p.hash({ headers: shuffled.map((v) => ['X-H', v] as const) });
        expect(h2).toBe(h1);
      }),
    );
  });

  it('header: the hash is the seed chain over the values in UTF-8 byte order', () => {
    const p = HashPolicy.fromConfig([{ header: { header_name: 'x-h' } }]);
    const utf8 = new TextEncoder();
    const byteOrder = (a: string, b: string) => {
      const x = utf8.encode(a);
      const y = utf8.encode(b);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
      return x.length - y.length;
    };
    fc.assert(
      fc.property(fc.array(headerValue, { minLength: 1, maxLength: 6 }), (vals) => {
        expect(p.hash({ headers: vals.map((v) => ['x-h', v] as const) })).toBe(xxHash64List([...vals].sort(byteOrder)));
        // compareUtf8 is the order the policy sorts with; it agrees with the byte order.
        expect([...vals].sort(compareUtf8)).toEqual([...vals].sort(byteOrder));
      }),
    );
  });

  it('header: the list form and the record form give the same hash', () => {
    const p = HashPolicy.fromConfig([{ header: { header_name: 'x-h' } }]);
    fc.assert(
      fc.property(fc.array(headerValue, { minLength: 1, maxLength: 4 }), (vals) => {
        expect(p.hash({ headers: { 'x-h': vals } })).toBe(p.hash({ headers: vals.map((v) => ['x-h', v] as const) }));
      }),
    );
  });

  it('combination: equals the rotl64/xor fold of the produced hashes with terminal semantics (model)', () => {
    // Each policy is a filter_state lookup; the request decides which ones produce a hash.
    const entry = fc.record({ present: fc.boolean(), value: u64, terminal: fc.boolean() });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (entries) => {
        const p = HashPolicy.fromConfig(entries.map((e, i) => ({ filter_state: { key: `k${i}` }, terminal: e.terminal })));
        const state: Record<string, bigint> = {};
        entries.forEach((e, i) => {
          if (e.present) state[`k${i}`] = e.value;
        });
        let model: bigint | null = null;
        for (const e of entries) {
          if (e.present) model = model === null ? e.value : rotl1(model) ^ e.value;
          if (e.terminal && model !== null) break;
        }
        expect(p.hash({ filterState: state })).toBe(model);
      }),
    );
  });

  it('terminal: once a terminal policy has hashed, later policies do not matter', () => {
    const p = HashPolicy.fromConfig([
      { header: { header_name: 'a' }, terminal: true },
      { header: { header_name: 'b' } },
      { connection_properties: { source_ip: true } },
    ]);
    fc.assert(
      fc.property(headerValue, fc.option(headerValue), fc.ipV4(), (a, b, ip) => {
        const headers: [string, string][] = [['a', a]];
        if (b !== null) headers.push(['b', b]);
        expect(p.hash({ headers, sourceAddress: ip })).toBe(xxHash64(a));
      }),
    );
  });

  it('no policy producing a hash: generateHash returns false and leaves out untouched', () => {
    const p = HashPolicy.fromConfig([
      { header: { header_name: 'x-missing' } },
      { cookie: { name: 'missing', ttl: '10s' } },
      { query_parameter: { name: 'missing' } },
      { filter_state: { key: 'missing' } },
      { connection_properties: { source_ip: true } },
    ]);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('x-other', 'cookie'), fc.string({ maxLength: 10 }).filter((s) => !s.includes('missing='))), { maxLength: 4 }),
        fc.option(fc.constantFrom('/p', '/p?other=1', '/p?missinG=2')),
        fc.nat({ max: 6 }),
        (headers, path, index) => {
          const out = new Uint32Array(8).fill(0xabcdef);
          const request: HashRequest = { headers, path, sourceAddress: '/unix/socket', filterState: { other: 1n } };
          expect(p.generateHash(request, out, index)).toBe(false);
          expect(p.generateHash(request, out, index, () => '')).toBe(false);
          expect([...out].every((x) => x === 0xabcdef)).toBe(true);
        },
      ),
    );
  });

  it('cookie: a value written into a Cookie header is found and hashed', () => {
    const p = HashPolicy.fromConfig([{ cookie: { name: 'sid' } }]);
    const value = fc.string({ minLength: 1, maxLength: 16 }).filter((s) => !s.includes(';') && !(s.length >= 2 && s.startsWith('"') && s.endsWith('"')));
    fc.assert(
      fc.property(value, fc.array(fc.constantFrom('a=1', 'b', ' c=2', 'sidx=3'), { maxLength: 3 }), (v, others) => {
        const header = [...others, `sid=${v}`, 'sid=later'].join('; ');
        expect(p.hash({ headers: [['cookie', header]] })).toBe(xxHash64(v));
        expect(p.hash({ headers: [['cookie', `sid="${v}"`]] })).toBe(xxHash64(v));
      }),
    );
  });

  it('query_parameter: a value written into the query string is found and hashed undecoded', () => {
    const p = HashPolicy.fromConfig([{ query_parameter: { name: 'q' } }]);
    fc.assert(
      fc.property(fc.string({ maxLength: 16 }).filter((s) => !s.includes('&')), fc.webPath(), (v, path) => {
        const base = path.split('?')[0];
        expect(p.hash({ path: `${base}?x=1&q=${v}&q=other` })).toBe(xxHash64(v));
      }),
    );
  });

  it('source_ip: the port never changes the hash', () => {
    const p = HashPolicy.fromConfig([{ connection_properties: { source_ip: true } }]);
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 65_535 }), (ip, port) => {
        expect(p.hash({ sourceAddress: `${ip}:${port}` })).toBe(p.hash({ sourceAddress: ip }));
      }),
    );
    fc.assert(
      fc.property(fc.ipV6(), fc.integer({ min: 0, max: 65_535 }), (ip, port) => {
        expect(p.hash({ sourceAddress: `[${ip}]:${port}` })).toBe(p.hash({ sourceAddress: ip }));
      }),
    );
  });

  it('generateHash and hash agree at every output index', () => {
    const p = HashPolicy.fromConfig([{ filter_state: { key: 'k' } }, { header: { header_name: 'x' } }]);
    fc.assert(
      fc.property(u64, headerValue, fc.nat({ max: 5 }), (k, x, index) => {
        const request: HashRequest = { filterState: { k }, headers: [['x', x]] };
        const out = new Uint32Array(7);
        expect(p.generateHash(request, out, index)).toBe(true);
        expect((BigInt(out[index]) << 32n) | BigInt(out[index + 1])).toBe(p.hash(request));
      }),
    );
  });
});
