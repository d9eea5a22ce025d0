import { describe, expect, it } from 'vitest';
import { ConfigError, UnsupportedConfigError, UpstreamLbError } from '../../src/errors.js';
import { type CookieAttribute, createAddCookie, generateCookieValue } from '../../src/hash/cookie.js';
import { HashPolicy, type HashRequest } from '../../src/hash/policy.js';
import { xxHash64, xxHash64List } from '../../src/hash/xxhash64.js';

const MASK = (1n << 64n) - 1n;
const rotl1 = (x: bigint) => ((x << 1n) | (x >> 63n)) & MASK;
const combine = (...hs: bigint[]) => hs.reduce((acc, h) => rotl1(acc) ^ h);

const policy = (...json: unknown[]) => HashPolicy.fromConfig(json);

describe('header policy', () => {
  it('hashes a single value as xxHash64(value) (HashPolicyImplTest.HeaderHashForSingleHeaderValue)', () => {
    const p = policy({ header: { header_name: 'x-test-header' } });
    expect(p.hash({ headers: [['x-test-header', 'test-value']] })).toBe(xxHash64('test-value'));
    expect(p.hash({ headers: [['x-test-header', 'test-value']] })).toBe(4724915109242149117n);
  });

  it('hashes several values sorted bytewise and chained through the seed (MultipleHeaderValues)', () => {
    const p = policy({ header: { header_name: 'x-multi' } });
    const expected = xxHash64List(['value1', 'value2']);
    expect(p.hash({ headers: [['x-multi', 'value2'], ['x-multi', 'value1']] })).toBe(expected);
    expect(p.hash({ headers: [['x-multi', 'value1'], ['x-multi', 'value2']] })).toBe(expected);
    // Bytewise (UTF-8) order, not UTF-16 order: U+FF5E (EF BD 9E) sorts before U+1F600 (F0 9F 98 80).
    const wide = ['😀', '～'];
    expect(p.hash({ headers: [['x-multi', wide[0]], ['x-multi', wide[1]]] })).toBe(xxHash64List(['～', '😀']));
    // Uppercase sorts before lowercase (byte values), so 'B' < 'a'.
    expect(p.hash({ headers: [['x-multi', 'a'], ['x-multi', 'B']] })).toBe(xxHash64List(['B', 'a']));
  });

  it('keeps duplicate values and does not split on commas', () => {
    const p = policy({ header: { header_name: 'x' } });
    expect(p.hash({ headers: [['x', 'a'], ['x', 'a']] })).toBe(xxHash64List(['a', 'a']));
    expect(p.hash({ headers: [['x', 'a, b']] })).toBe(xxHash64('a, b'));
  });

  it('matches header names case-insensitively, in the config and in the request', () => {
    const p = policy({ header: { header_name: 'X-Test' } });
    expect(p.hash({ headers: [['x-TEST', 'v']] })).toBe(xxHash64('v'));
    expect(p.hash({ headers: { 'X-Test': 'v' } })).toBe(xxHash64('v'));
  });

  it('reads the record form: a string is one value, an array one value per element', () => {
    const p = policy({ header: { header_name: 'x' } });
    expect(p.hash({ headers: { x: 'v' } })).toBe(xxHash64('v'));
    expect(p.hash({ headers: { x: ['b', 'a'] } })).toBe(xxHash64List(['a', 'b']));
    expect(p.hash({ headers: { x: [] } })).toBeNull();
    expect(p.hash({ headers: { X: 'b', x: 'a' } })).toBe(xxHash64List(['a', 'b']));
  });

  it('produces no hash when the header is missing, or the request has no headers', () => {
    const p = policy({ header: { header_name: 'x-missing' } });
    expect(p.hash({ headers: [['other', 'v']] })).toBeNull();
    expect(p.hash({})).toBeNull();
    expect(p.hash({ headers: null })).toBeNull();
  });

  it('hashes an empty value (the header is present)', () => {
    const p = policy({ header: { header_name: 'x' } });
    expect(p.hash({ headers: [['x', '']] })).toBe(xxHash64(''));
  });

  it('applies regex_rewrite to every value before sorting (RegexRewriteApplied)', () => {
    const p = policy({
      header: {
        header_name: 'x-test-header',
        regex_rewrite: { pattern: { google_re2: {}, regex: 'test' }, substitution: 'replaced' },
      },
    });
    expect(p.hash({ headers: [['x-test-header', 'test-value']] })).toBe(xxHash64('replaced-value'));
    expect(p.hash({ headers: [['x-test-header', 'test-value']] })).toBe(2623420006795671684n);
    // Rewriting can change the sort order: "b-test" → "b-zz" sorts after "aa".
    const q = policy({
      header: { header_name: 'x', regex_rewrite: { pattern: { regex: '^z' }, substitution: 'c' } },
    });
    expect(q.hash({ headers: [['x', 'zb'], ['x', 'ca']] })).toBe(xxHash64List(['ca', 'cb']));
  });

  it('hashes :path from request.path with a capture-group rewrite (RouterMatcherHashPolicyTest.HashHeadersRegexSubstitution)', () => {
    const p = policy({
      header: { header_name: ':path', regex_rewrite: { pattern: { google_re2: {}, regex: '^/(\\w+)$' }, substitution: '\\1' } },
    });
    // Envoy's test states the value: xxHash64("foo").
    expect(p.hash({ path: '/foo' })).toBe(3728699739546630719n);
  });

  it('takes :path from request.path over :path header entries, and from the first entry otherwise', () => {
    const p = policy({ header: { header_name: ':path' } });
    expect(p.hash({ path: '/a', headers: [[':path', '/b']] })).toBe(xxHash64('/a'));
    expect(p.hash({ headers: [[':path', '/b']] })).toBe(xxHash64('/b'));
    expect(p.hash({ path: '' })).toBe(xxHash64(''));
  });

  it('rejects malformed request headers with the request path of the bad entry', () => {
    const p = policy({ header: { header_name: 'x' } });
    const bad = { headers: [['x', 1]] } as unknown as HashRequest;
    expect(() => p.hash(bad)).toThrow('request.headers[0]: must be a [name, value] pair of strings, got ["x",1]');
    const badRecord = { headers: { x: [1] } } as unknown as HashRequest;
    expect(() => p.hash(badRecord)).toThrow('request.headers["x"][0]: must be a string, got 1');
    const badValue = { headers: { x: 5 } } as unknown as HashRequest;
    expect(() => p.hash(badValue)).toThrow('request.headers["x"]: must be a string or a list of strings, got 5');
    expect(() => p.hash({ path: 5 } as unknown as HashRequest)).not.toThrow();
    const q = policy({ header: { header_name: ':path' } });
    expect(() => q.hash({ path: 5 } as unknown as HashRequest)).toThrow('request.path: must be a string, got 5');
  });
});

describe('cookie policy', () => {
  it('hashes a present cookie by value (CookieHashForPresentCookie)', () => {
    const p = policy({ cookie: { name: 'test-cookie' } });
    expect(p.hash({ headers: [['cookie', 'test-cookie=cookie-value']] })).toBe(18280436253395164091n);
  });

  it('finds the cookie among others and across several Cookie headers', () => {
    const p = policy({ cookie: { name: 'hash' } });
    expect(p.hash({ headers: [['cookie', 'choco=late; hash=brown']] })).toBe(xxHash64('brown'));
    expect(p.hash({ headers: [['cookie', 'choco=late'], ['Cookie', 'hash=brown']] })).toBe(xxHash64('brown'));
    expect(p.hash({ headers: [['cookie', 'choco=late; su=gar']] })).toBeNull();
  });

  it('strips one pair of surrounding double quotes', () => {
    const p = policy({ cookie: { name: 'c' } });
    expect(p.hash({ headers: [['cookie', 'c="quoted"']] })).toBe(xxHash64('quoted'));
    expect(p.hash({ headers: [['cookie', 'c=""x""']] })).toBe(xxHash64('"x"'));
    expect(p.hash({ headers: [['cookie', 'c="']] })).toBe(xxHash64('"'));
  });

  it('keeps trailing spaces of the value and of the name, as Envoy parses', () => {
    const p = policy({ cookie: { name: 'c' } });
    expect(p.hash({ headers: [['cookie', 'a=1;   c=v  ']] })).toBe(xxHash64('v  '));
    // "c =v" names "c " (with the space), which is not "c".
    expect(p.hash({ headers: [['cookie', 'c =v']] })).toBeNull();
  });

  it('uses the first cookie with that name; an empty first value counts as absent', () => {
    const p = policy({ cookie: { name: 'c' } });
    expect(p.hash({ headers: [['cookie', 'c=1; c=2']] })).toBe(xxHash64('1'));
    expect(p.hash({ headers: [['cookie', 'c=; c=2']] })).toBeNull();
    expect(p.hash({ headers: [['cookie', 'c=""']] })).toBeNull();
  });

  it('hashes a non-ASCII cookie value as UTF-8', () => {
    const p = policy({ cookie: { name: 'c' } });
    expect(p.hash({ headers: [['cookie', 'x=1; c=grüße; y=2']] })).toBe(xxHash64('grüße'));
  });

  it('without ttl never asks for a cookie (CookieHashForAbsentCookieWithoutTTL)', () => {
    const p = policy({ cookie: { name: 'c' } });
    let calls = 0;
    expect(
      p.hash({}, () => {
        calls++;
        return 'x';
      }),
    ).toBeNull();
    expect(calls).toBe(0);
  });

  it('with ttl asks the callback and hashes its value (CookieHashForAbsentCookieWithTTL)', () => {
    const p = policy({
      cookie: { name: 'hash', ttl: '42s', path: '/p', attributes: [{ name: 'SameSite', value: 'Lax' }, { name: 'Secure' }] },
    });
    const seen: Array<[string, string, number, readonly CookieAttribute[]]> = [];
    const hash = p.hash({}, (name, path, ttlMs, attributes) => {
      seen.push([name, path, ttlMs, attributes]);
      return 'new-cookie-value';
    });
    expect(hash).toBe(xxHash64('new-cookie-value'));
    expect(seen).toEqual([
      ['hash', '/p', 42_000, [{ name: 'SameSite', value: 'Lax' }, { name: 'Secure', value: '' }]],
    ]);
  });

  it('with ttl but no callback produces no hash', () => {
    expect(policy({ cookie: { name: 'c', ttl: '1s' } }).hash({})).toBeNull();
  });

  it('treats an empty generated value as no hash (newer Envoy; older Envoy hashed "")', () => {
    expect(policy({ cookie: { name: 'c', ttl: '1s' } }).hash({}, () => '')).toBeNull();
  });

  it('passes ttl as whole seconds in ms: "0s" is a session cookie, fractions are dropped', () => {
    const ttls: number[] = [];
    const cb = (_n: string, _p: string, ttlMs: number) => {
      ttls.push(ttlMs);
      return 'v';
    };
    for (const ttl of ['0s', '1.999s', '-1.5s', { seconds: 7, nanos: 5 }, '0.5s']) policy({ cookie: { name: 'c', ttl } }).hash({}, cb);
    expect(ttls).toEqual([0, 1000, -1000, 7000, 0]);
    expect(Object.is(ttls[4], 0)).toBe(true);
  });

  it('does not call the callback when the cookie is present', () => {
    let calls = 0;
    const p = policy({ cookie: { name: 'c', ttl: '1s' } });
    p.hash({ headers: [['cookie', 'c=v']] }, () => {
      calls++;
      return 'x';
    });
    expect(calls).toBe(0);
  });

  it('rejects a callback that returns a non-string', () => {
    const p = policy({ cookie: { name: 'c', ttl: '1s' } });
    expect(() => p.hash({}, (() => undefined) as unknown as () => string)).toThrow(
      'addCookie(): must return a string, got undefined',
    );
  });

  it('with createAddCookie hashes the generated cookie and emits its Set-Cookie header', () => {
    const p = policy({ cookie: { name: 'sticky', ttl: '3600s', path: '/' } });
    const headers: string[] = [];
    const request = { sourceAddress: '1.2.3.4:5678', localAddress: '5.6.7.8:80' };
    const value = generateCookieValue('1.2.3.4:5678', '5.6.7.8:80');
    expect(p.hash(request, createAddCookie(request, (h) => headers.push(h)))).toBe(xxHash64(value));
    expect(headers).toEqual([`sticky="${value}"; Max-Age=3600; Path=/; HttpOnly`]);
    // The client's next request carries the cookie and lands on the same hash.
    expect(p.hash({ headers: [['cookie', headers[0].split(';')[0]]] })).toBe(xxHash64(value));
  });

  it('with createAddCookie and no local address produces no hash and no header', () => {
    const p = policy({ cookie: { name: 'sticky', ttl: '60s' } });
    const headers: string[] = [];
    const request = { sourceAddress: '1.2.3.4:5678' };
    expect(p.hash(request, createAddCookie(request, (h) => headers.push(h)))).toBeNull();
    expect(headers).toEqual([]);
  });
});

describe('connection_properties.source_ip policy', () => {
  const p = policy({ connection_properties: { source_ip: true } });

  it('hashes the IPv4 address without the port (IpHashForValidIp, HashIpv4DifferentAddresses)', () => {
    expect(p.hash({ sourceAddress: '192.168.1.1' })).toBe(4727775843391247014n);
    expect(p.hash({ sourceAddress: '192.168.1.1:8081' })).toBe(4727775843391247014n);
    expect(p.hash({ sourceAddress: '1.2.3.4' })).not.toBe(p.hash({ sourceAddress: '4.3.2.1' }));
  });

  it('hashes IPv6 in canonical form without brackets, port or zone (HashIpv6DifferentAddresses)', () => {
    const canonical = xxHash64('2001:db8:85a3::');
    expect(p.hash({ sourceAddress: '[2001:0db8:85a3:0000:0000::]:8081' })).toBe(canonical);
    expect(p.hash({ sourceAddress: '2001:DB8:85A3::' })).toBe(canonical);
    expect(p.hash({ sourceAddress: '[1:2:3:4:5::]:8081' })).toBe(p.hash({ sourceAddress: '[1:2:3:4:5::]:1331' }));
    expect(p.hash({ sourceAddress: 'fe80::1%eth0' })).toBe(xxHash64('fe80::1'));
    expect(p.hash({ sourceAddress: '::ffff:1.2.3.4' })).toBe(xxHash64('::ffff:1.2.3.4'));
  });

  it('produces no hash without an address or for a non-IP address (IpHashForNullAddress, HashIpNonIpAddress)', () => {
    expect(p.hash({})).toBeNull();
    expect(p.hash({ sourceAddress: null })).toBeNull();
    for (const a of ['', '/tmp/envoy.sock', 'example.com:80', '1.2.3', '1.2.3.256', '01.2.3.4', '1.2.3.4:', '1.2.3.4:65536', '[::1', '[::1]x', '[1.2.3.4]:80', ':::']) {
      expect(p.hash({ sourceAddress: a }), a).toBeNull();
    }
  });

  it('rejects a non-string address', () => {
    expect(() => p.hash({ sourceAddress: 5 } as unknown as HashRequest)).toThrow('request.sourceAddress: must be a string, got 5');
  });

  it('is not created at all for source_ip: false, terminal or not', () => {
    const q = policy({ connection_properties: { source_ip: false }, terminal: true }, { header: { header_name: 'x' } });
    expect(q.describe()).toEqual(['header x']);
    expect(q.hash({ sourceAddress: '1.2.3.4', headers: [['x', 'v']] })).toBe(xxHash64('v'));
    expect(policy({ connection_properties: {} }).describe()).toEqual([]);
  });
});

describe('query_parameter policy', () => {
  const p = policy({ query_parameter: { name: 'test-param' } });

  it('hashes the first value of the parameter in :path (QueryParameterHashForExistingParameter)', () => {
    expect(p.hash({ path: '/test?test-param=param-value' })).toBe(12592489336569404046n);
    expect(p.hash({ path: '/t?a=1&test-param=x&test-param=y' })).toBe(xxHash64('x'));
  });

  it('does not percent-decode the value (parseQueryString, decode_params = false)', () => {
    expect(p.hash({ path: '/t?test-param=a%20b+c' })).toBe(xxHash64('a%20b+c'));
    expect(p.hash({ path: '/t?test%2Dparam=v' })).toBeNull();
  });

  it('hashes an empty value for `name=` and for a bare `name`', () => {
    expect(p.hash({ path: '/t?test-param=' })).toBe(xxHash64(''));
    expect(p.hash({ path: '/t?test-param&x=1' })).toBe(xxHash64(''));
  });

  it('produces no hash for an absent parameter, a path without query, or no path (QueryParameterHashForMissingPathHeader)', () => {
    expect(p.hash({ path: '/test?some-param=other-value' })).toBeNull();
    expect(p.hash({ path: '/test' })).toBeNull();
    expect(p.hash({})).toBeNull();
  });

  it('reads a :path header entry when request.path is absent', () => {
    expect(p.hash({ headers: [[':path', '/t?test-param=h']] })).toBe(xxHash64('h'));
  });

  it('compares names case-sensitively', () => {
    expect(p.hash({ path: '/t?Test-Param=v' })).toBeNull();
  });
});

describe('filter_state policy', () => {
  const p = policy({ filter_state: { key: 'k' } });

  it("uses a bigint or {hi, lo} object's value as the hash (FilterStateHashForExistingKey)", () => {
    expect(p.hash({ filterState: { k: 1234567n } })).toBe(1234567n);
    expect(p.hash({ filterState: { k: { hi: 0xffffffff, lo: 1 } } })).toBe(0xffffffff00000001n);
    expect(p.hash({ filterState: { k: (1n << 64n) - 1n } })).toBe((1n << 64n) - 1n);
  });

  it('hashes a string object with xxHash64, as a hashable string filter-state object does', () => {
    expect(p.hash({ filterState: { k: 'tenant-a' } })).toBe(xxHash64('tenant-a'));
  });

  it('produces no hash for a missing key, a null value or no filter state (KeyNotFound, NullValue)', () => {
    expect(p.hash({ filterState: { other: 1n } })).toBeNull();
    expect(p.hash({ filterState: { k: null } as unknown as Record<string, bigint> })).toBeNull();
    expect(p.hash({})).toBeNull();
    // Inherited properties are not filter state.
    expect(policy({ filter_state: { key: 'toString' } }).hash({ filterState: {} })).toBeNull();
  });

  it('rejects values that are not a u64 or a string', () => {
    expect(() => p.hash({ filterState: { k: -1n } })).toThrow('request.filterState.k: must be a u64 in [0, 2^64), got -1');
    expect(() => p.hash({ filterState: { k: 1n << 64n } })).toThrow('request.filterState.k: must be a u64 in [0, 2^64)');
    expect(() => p.hash({ filterState: { k: 5 } as unknown as Record<string, bigint> })).toThrow(
      'request.filterState.k: must be a bigint, a {hi, lo} u64 or a string, got 5',
    );
    expect(() => p.hash({ filterState: { k: { hi: -1, lo: 0 } } })).toThrow(UpstreamLbError);
  });
});

describe('combination and terminal', () => {
  const bar = xxHash64('bar');

  it('combines as rotl64(previous, 1) ^ next, so a repeated policy does not cancel out', () => {
    const p = policy({ header: { header_name: 'x' } }, { header: { header_name: 'x' } });
    expect(p.hash({ headers: [['x', 'bar']] })).toBe(rotl1(bar) ^ bar);
    expect(p.hash({ headers: [['x', 'bar']] })).toBe(15701102675303656171n);
  });

  it('combines three policies in config order', () => {
    const p = policy(
      { header: { header_name: 'a' } },
      { connection_properties: { source_ip: true } },
      { query_parameter: { name: 'q' } },
    );
    const h = p.hash({ headers: [['a', 'A']], sourceAddress: '10.0.0.1:5', path: '/?q=Q' });
    expect(h).toBe(combine(xxHash64('A'), xxHash64('10.0.0.1'), xxHash64('Q')));
  });

  it('skips policies that produce nothing without rotating (HashMultiple)', () => {
    const p = policy({ header: { header_name: 'foo_header' }, terminal: false }, { connection_properties: { source_ip: true } });
    expect(p.hash({ sourceAddress: '4.3.2.1' })).toBe(xxHash64('4.3.2.1'));
    expect(p.hash({ headers: [['foo_header', 'bar']] })).toBe(bar);
    expect(p.hash({ headers: [['foo_header', 'bar']], sourceAddress: '4.3.2.1' })).toBe(combine(bar, xxHash64('4.3.2.1')));
    expect(p.hash({ path: '/foo' })).toBeNull();
  });

  it('stops at a terminal policy once a hash exists (HashTerminal)', () => {
    const p = policy(
      { cookie: { name: 'cookie_hash' } },
      { header: { header_name: 'foo_header' }, terminal: true },
      { connection_properties: { source_ip: true } },
    );
    const headers: [string, string][] = [['cookie', 'cookie_hash=foo;'], ['foo_header', 'bar']];
    const h1 = p.hash({ headers, sourceAddress: '4.3.2.1' });
    expect(h1).toBe(p.hash({ headers, sourceAddress: '1.2.3.4' }));
    expect(h1).toBe(combine(xxHash64('foo'), bar));
    // Nothing before or at the terminal policy: evaluation goes on to source_ip.
    expect(p.hash({ sourceAddress: '4.3.2.1' })).toBe(xxHash64('4.3.2.1'));
  });

  it('stops at a terminal policy that produced nothing when an earlier policy produced a hash', () => {
    const p = policy(
      { header: { header_name: 'a' } },
      { header: { header_name: 'missing' }, terminal: true },
      { header: { header_name: 'c' } },
    );
    expect(p.hash({ headers: [['a', 'A'], ['c', 'C']] })).toBe(xxHash64('A'));
  });

  it('a terminal first policy that hashes ignores the rest', () => {
    const p = policy({ header: { header_name: 'a' }, terminal: true }, { header: { header_name: 'b' } });
    expect(p.hash({ headers: [['a', 'A'], ['b', 'B']] })).toBe(xxHash64('A'));
    expect(p.hash({ headers: [['b', 'B']] })).toBe(xxHash64('B'));
  });

  it('an empty list produces no hash', () => {
    expect(HashPolicy.fromConfig([]).hash({ headers: [['x', 'v']] })).toBeNull();
  });
});

describe('HashPolicy.generateHash(request, out, index)', () => {
  it('writes [hi, lo] at out[index], out[index + 1] and returns true', () => {
    const p = policy({ filter_state: { key: 'k' } });
    const out = new Uint32Array(4).fill(7);
    expect(p.generateHash({ filterState: { k: 0x0123456789abcdefn } }, out, 1)).toBe(true);
    expect([...out]).toEqual([7, 0x01234567, 0x89abcdef, 7]);
  });

  it('leaves out untouched and returns false when no policy produced a hash', () => {
    const p = policy({ header: { header_name: 'x' } });
    const out = new Uint32Array(2).fill(9);
    expect(p.generateHash({}, out, 0)).toBe(false);
    expect([...out]).toEqual([9, 9]);
  });

  it('treats a hash equal to 0 as a produced hash (terminal still stops)', () => {
    const p = policy({ filter_state: { key: 'k' }, terminal: true }, { header: { header_name: 'x' } });
    const out = new Uint32Array(2).fill(9);
    expect(p.generateHash({ filterState: { k: 0n }, headers: [['x', 'v']] }, out, 0)).toBe(true);
    expect([...out]).toEqual([0, 0]);
  });
});

describe('HashPolicy.describe()', () => {
  it('lists the policies in evaluation order with their terminal flag', () => {
    const p = policy(
      { header: { header_name: 'X-User' }, terminal: true },
      { cookie: { name: 's' } },
      { connection_properties: { source_ip: true } },
      { query_parameter: { name: 'q' } },
      { filter_state: { key: 'k' } },
    );
    expect(p.describe()).toEqual([
      'header x-user (terminal)',
      'cookie s',
      'connection_properties.source_ip',
      'query_parameter q',
      'filter_state k',
    ]);
  });
});

describe('HashPolicy.fromConfig validation', () => {
  const err = (json: unknown, path?: string) => {
    try {
      HashPolicy.fromConfig(json as unknown[], path);
    } catch (e) {
      return e as Error;
    }
    throw new Error('expected an error');
  };

  it.each<[string, unknown, string]>([
    ['a non-list', { header: {} }, 'hash_policy: must be a list, got {"header":{}}'],
    ['a non-object entry', [5], 'hash_policy[0]: must be an object, got 5'],
    [
      'an entry with no specifier (InvalidHashPolicies)',
      [{ header: { header_name: 'a' } }, { terminal: true }],
      'hash_policy[1]: must set one of header, cookie, connection_properties, query_parameter, filter_state, got {"terminal":true}',
    ],
    [
      'an entry with two specifiers',
      [{ header: { header_name: 'a' }, cookie: { name: 'c' } }],
      'hash_policy[0]: must set only one of header, cookie, connection_properties, query_parameter, filter_state (found header, cookie), got {"header":{"header_name":"a"},"cookie":{"name":"c"}}',
    ],
    ['a missing header_name', [{ header: {} }], 'hash_policy[0].header.header_name: must be a non-empty string, got undefined'],
    ['an empty header_name', [{ header: { header_name: '' } }], 'hash_policy[0].header.header_name: must be a non-empty string, got ""'],
    ['a header_name with CR', [{ header: { header_name: 'a\rb' } }], 'hash_policy[0].header.header_name: must not contain NUL, CR or LF, got "a\\rb"'],
    ['a non-string header_name', [{ header: { header_name: 5 } }], 'hash_policy[0].header.header_name: must be a string, got 5'],
    ['an unknown header field', [{ header: { header_name: 'a', name: 'b' } }], 'hash_policy[0].header.name: is not a known field here, got "b"'],
    ['an unknown entry field', [{ header: { header_name: 'a' }, weight: 1 }], 'hash_policy[0].weight: is not a known field here, got 1'],
    ['a non-boolean terminal', [{ header: { header_name: 'a' }, terminal: 'yes' }], 'hash_policy[0].terminal: must be a boolean, got "yes"'],
    [
      'regex_rewrite without pattern',
      [{ header: { header_name: 'a', regex_rewrite: { substitution: 'x' } } }],
      'hash_policy[0].header.regex_rewrite.pattern: is required, got undefined',
    ],
    [
      'regex_rewrite with an empty regex',
      [{ header: { header_name: 'a', regex_rewrite: { pattern: { regex: '' } } } }],
      'hash_policy[0].header.regex_rewrite.pattern.regex: must be a non-empty string, got ""',
    ],
    [
      'an invalid regex',
      [{ header: { header_name: 'a', regex_rewrite: { pattern: { google_re2: {}, regex: '(+invalid regex)' } } } }],
      'hash_policy[0].header.regex_rewrite.pattern.regex: must be a valid RE2 regular expression (/(+invalid regex)/gu: Nothing to repeat), got "(+invalid regex)"',
    ],
    [
      'a backreference (RE2 has none)',
      [{ header: { header_name: 'a', regex_rewrite: { pattern: { regex: '(a)\\1' } } } }],
      'hash_policy[0].header.regex_rewrite.pattern.regex: must be a valid RE2 regular expression (backreferences are not supported by RE2 (\\1)), got "(a)\\\\1"',
    ],
    [
      'a substitution with LF',
      [{ header: { header_name: 'a', regex_rewrite: { pattern: { regex: 'a' }, substitution: 'x\ny' } } }],
      'hash_policy[0].header.regex_rewrite.substitution: must not contain NUL, CR or LF, got "x\\ny"',
    ],
    [
      'an unknown google_re2 field',
      [{ header: { header_name: 'a', regex_rewrite: { pattern: { google_re2: { x: 1 }, regex: 'a' } } } }],
      'hash_policy[0].header.regex_rewrite.pattern.google_re2.x: is not a known field here, got 1',
    ],
    ['a cookie without name', [{ cookie: { ttl: '1s' } }], 'hash_policy[0].cookie.name: must be a non-empty string, got undefined'],
    ['a malformed ttl', [{ cookie: { name: 'c', ttl: '10' } }], 'hash_policy[0].cookie.ttl: must be a duration such as "3600s", got "10"'],
    ['a ttl of the wrong type', [{ cookie: { name: 'c', ttl: 10 } }], 'hash_policy[0].cookie.ttl: must be a duration such as "3600s", got 10'],
    ['a ttl beyond the Duration range', [{ cookie: { name: 'c', ttl: '315576000001s' } }], 'hash_policy[0].cookie.ttl: must be within ±315576000000 seconds, got "315576000001s"'],
    ['a non-string path', [{ cookie: { name: 'c', path: 1 } }], 'hash_policy[0].cookie.path: must be a string, got 1'],
    ['an attribute without name', [{ cookie: { name: 'c', attributes: [{ value: 'v' }] } }], 'hash_policy[0].cookie.attributes[0].name: must be a non-empty string, got undefined'],
    ['an attribute value with NUL', [{ cookie: { name: 'c', attributes: [{ name: 'a', value: 'x\0' }] } }], 'hash_policy[0].cookie.attributes[0].value: must not contain NUL, CR or LF, got "x\\u0000"'],
    ['a non-boolean source_ip', [{ connection_properties: { source_ip: 1 } }], 'hash_policy[0].connection_properties.source_ip: must be a boolean, got 1'],
    ['a query parameter without name', [{ query_parameter: {} }], 'hash_policy[0].query_parameter.name: must be a non-empty string, got undefined'],
    ['a filter state without key', [{ filter_state: { key: '' } }], 'hash_policy[0].filter_state.key: must be a non-empty string, got ""'],
  ])('rejects %s', (_what, json, message) => {
    const e = err(json);
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toBe(message);
  });

  it('names the caller-given path', () => {
    expect(err([{}], 'route.hash_policy').message).toMatch(/^route\.hash_policy\[0\]: must set one of/);
  });

  it('raises UnsupportedConfigError for RE2 syntax JavaScript cannot express', () => {
    const e = err([{ header: { header_name: 'a', regex_rewrite: { pattern: { regex: '[[:alpha:]]' } } } }]);
    expect(e).toBeInstanceOf(UnsupportedConfigError);
    expect(e.message).toBe(
      'hash_policy[0].header.regex_rewrite.pattern.regex: uses a POSIX character class, which has no JavaScript equivalent in upstream-lb, got "[[:alpha:]]"',
    );
  });

  it('accepts null fields as unset, and the deprecated google_re2.max_program_size', () => {
    const p = HashPolicy.fromConfig([
      { header: { header_name: 'a', regex_rewrite: { pattern: { google_re2: { max_program_size: 100 }, regex: 'a' }, substitution: 'b' } }, cookie: null },
    ]);
    expect(p.hash({ headers: [['a', 'a']] })).toBe(xxHash64('b'));
  });
});
