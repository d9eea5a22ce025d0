import { describe, expect, it } from 'vitest';
import {
  type TextRange,
  createAddCookie,
  envoyAddressString,
  findCookie,
  formatSetCookie,
  generateCookieValue,
} from '../../src/hash/cookie.js';
import { xxHash64 } from '../../src/hash/xxhash64.js';

const cookie = (header: string, name: string): string | null => {
  const r: TextRange = { start: -1, end: -1 };
  return findCookie(header, name, r) ? header.slice(r.start, r.end) : null;
};

describe('findCookie (Envoy forEachCookie + parseCookie)', () => {
  it('finds a cookie among several', () => {
    expect(cookie('choco=late; hash=brown', 'hash')).toBe('brown');
    expect(cookie('hash=brown;choco=late', 'hash')).toBe('brown');
    expect(cookie('choco=late; su=gar', 'hash')).toBeNull();
  });

  it('skips leading spaces of a name but keeps trailing ones', () => {
    expect(cookie(';;   a=1', 'a')).toBe('1');
    expect(cookie('a =1', 'a')).toBeNull();
    expect(cookie('a =1', 'a ')).toBe('1');
    // Only spaces are skipped, not tabs.
    expect(cookie('\ta=1', 'a')).toBeNull();
  });

  it('keeps everything after the first =, trailing spaces included', () => {
    expect(cookie('a=b=c', 'a')).toBe('b=c');
    expect(cookie('a=v  ; b=1', 'a')).toBe('v  ');
  });

  it('strips one pair of surrounding quotes from a value of two or more characters', () => {
    expect(cookie('a="v"', 'a')).toBe('v');
    expect(cookie('a=""', 'a')).toBe('');
    expect(cookie('a="', 'a')).toBe('"');
    expect(cookie('a="v', 'a')).toBe('"v');
    expect(cookie('a="v" ', 'a')).toBe('"v" ');
  });

  it('skips pieces without = and stops at the first match, even if empty', () => {
    expect(cookie('flag; a=1', 'a')).toBe('1');
    expect(cookie('a=; a=2', 'a')).toBe('');
    expect(cookie('a=1; a=2', 'a')).toBe('1');
  });

  it('compares names exactly', () => {
    expect(cookie('A=1', 'a')).toBeNull();
    expect(cookie('ab=1', 'a')).toBeNull();
  });
});

describe('formatSetCookie (Http::Utility::makeSetCookieValue with httponly)', () => {
  it('writes the forms Envoy tests expect (RouterTest.AddCookie, AddMultipleCookies)', () => {
    expect(formatSetCookie('foo', 'v', '', 1_337_000)).toBe('foo="v"; Max-Age=1337; HttpOnly');
    expect(formatSetCookie('foo', 'v', '/path', 1_337_000, [])).toBe('foo="v"; Max-Age=1337; Path=/path; HttpOnly');
    expect(formatSetCookie('choco', 'v', '', 15_000)).toBe('choco="v"; Max-Age=15; HttpOnly');
  });

  it('omits Max-Age for a session cookie (whole seconds 0) and truncates fractions', () => {
    expect(formatSetCookie('s', 'v', '/', 0)).toBe('s="v"; Path=/; HttpOnly');
    expect(formatSetCookie('s', 'v', '', 999)).toBe('s="v"; HttpOnly');
    expect(formatSetCookie('s', 'v', '', 1_999)).toBe('s="v"; Max-Age=1; HttpOnly');
    expect(formatSetCookie('s', 'v', '', -2_000)).toBe('s="v"; Max-Age=-2; HttpOnly');
  });

  it('writes attributes in order, valueless ones as a bare name', () => {
    expect(
      formatSetCookie('s', 'v', '/', 60_000, [
        { name: 'SameSite', value: 'Strict' },
        { name: 'Secure', value: '' },
      ]),
    ).toBe('s="v"; Max-Age=60; Path=/; SameSite=Strict; Secure; HttpOnly');
  });

  it('rejects a non-finite ttl', () => {
    expect(() => formatSetCookie('s', 'v', '', '5' as unknown as number)).toThrow(
      'ttlMs: must be a finite number of milliseconds, got "5"',
    );
    expect(() => formatSetCookie('s', 'v', '', Number.POSITIVE_INFINITY)).toThrow('ttlMs: must be a finite number of milliseconds');
  });
});

describe('generateCookieValue (hex16(xxHash64(remote.asString() + local.asString())))', () => {
  it('hashes the concatenated addresses into 16 lowercase hex digits', () => {
    const v = generateCookieValue('1.2.3.4:5678', '5.6.7.8:80');
    expect(v).toMatch(/^[0-9a-f]{16}$/);
    expect(v).toBe(xxHash64('1.2.3.4:56785.6.7.8:80').toString(16).padStart(16, '0'));
    // Cross-checked with xxhash-wasm's h64('1.2.3.4:56785.6.7.8:80').
    expect(v).toBe('1b0f493a8219dbfe');
  });

  it('zero-pads to 16 digits', () => {
    // Search a small space for a value whose top nibble is 0 and check the padding.
    let found = '';
    for (let port = 1; port < 2000 && found === ''; port++) {
      const v = generateCookieValue(`10.0.0.1:${port}`, '10.0.0.2:80');
      if (v.startsWith('0')) found = v;
    }
    expect(found).toMatch(/^0[0-9a-f]{15}$/);
  });

  it('differs per client port (a new connection gets a new cookie)', () => {
    expect(generateCookieValue('1.2.3.4:1', '5.6.7.8:80')).not.toBe(generateCookieValue('1.2.3.4:2', '5.6.7.8:80'));
  });

  it('writes IPv6 addresses in canonical form, as asString() does', () => {
    expect(generateCookieValue('[2001:DB8:0::1]:443', '[::1]:80')).toBe(generateCookieValue('[2001:db8::1]:443', '[::1]:80'));
    expect(envoyAddressString('[2001:DB8:0::1]:443')).toBe('[2001:db8::1]:443');
    expect(envoyAddressString('[bogus]:1')).toBe('[bogus]:1');
    expect(envoyAddressString('1.2.3.4:80')).toBe('1.2.3.4:80');
  });
});

describe('createAddCookie (Envoy generateCookie)', () => {
  it('emits the Set-Cookie header and returns the value', () => {
    const emitted: string[] = [];
    const add = createAddCookie({ sourceAddress: '1.2.3.4:5678', localAddress: '5.6.7.8:80' }, (h) => emitted.push(h));
    const value = add('sticky', '/', 3_600_000, [{ name: 'SameSite', value: 'Lax' }]);
    expect(value).toBe(generateCookieValue('1.2.3.4:5678', '5.6.7.8:80'));
    expect(emitted).toEqual([`sticky="${value}"; Max-Age=3600; Path=/; SameSite=Lax; HttpOnly`]);
  });

  it('returns "" and emits nothing without both addresses', () => {
    const emitted: string[] = [];
    for (const connection of [{}, { sourceAddress: '1.2.3.4:1' }, { localAddress: '1.2.3.4:1' }, { sourceAddress: '', localAddress: 'x' }]) {
      expect(createAddCookie(connection, (h) => emitted.push(h))('c', '', 0, [])).toBe('');
    }
    expect(emitted).toEqual([]);
  });
});
