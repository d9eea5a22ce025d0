import { describe, expect, it } from 'vitest';
import { canonicalIpv6, formatSocketAddress, ipOf, isIpv4 } from '../../src/host/address.js';

describe('socket addresses', () => {
  it('formats IPv4 as ip:port and IPv6 as [canonical]:port, as Envoy\'s asString()', () => {
    expect(formatSocketAddress('127.0.0.1', 80)).toBe('127.0.0.1:80');
    expect(formatSocketAddress('::1', 90)).toBe('[::1]:90');
    expect(formatSocketAddress('2001:0DB8:0:0:0:0:2:1', 443)).toBe('[2001:db8::2:1]:443');
    expect(formatSocketAddress('webservice1', 80)).toBe('webservice1:80');
  });
  it('writes IPv6 in inet_ntop form: longest zero run of 2+ groups compressed, dotted IPv4 tails', () => {
    expect(canonicalIpv6('1:0:0:2:0:0:0:3')).toBe('1:0:0:2::3');
    expect(canonicalIpv6('fe80::1:0:0:1')).toBe('fe80::1:0:0:1');
    expect(canonicalIpv6('1:0:2:3:4:5:6:7')).toBe('1:0:2:3:4:5:6:7');
    expect(canonicalIpv6('::ffff:1.2.3.4')).toBe('::ffff:1.2.3.4');
    expect(canonicalIpv6('::1.2.3.4')).toBe('::1.2.3.4');
    expect(canonicalIpv6('::')).toBe('::');
    expect(canonicalIpv6('1::2::3')).toBeNull();
    expect(canonicalIpv6('12345::')).toBeNull();
  });
  it('rejects bad ports and malformed IPv6 with the field', () => {
    expect(() => formatSocketAddress('1.2.3.4', 70_000, 'sa')).toThrow('sa.port_value: must be an integer in [0, 65535], got 70000');
    expect(() => formatSocketAddress('1::2::3', 1, 'sa')).toThrow('sa.address: must be an IPv4 or IPv6 literal or a hostname, got "1::2::3"');
    expect(() => formatSocketAddress('', 1, 'sa')).toThrow('sa.address: must be a non-empty string, got ""');
  });
  it('recognises IPv4 literals and extracts the IP of an address', () => {
    expect(isIpv4('10.0.0.255')).toBe(true);
    expect(isIpv4('10.0.0.256')).toBe(false);
    expect(isIpv4('010.0.0.1')).toBe(false);
    expect(ipOf('10.1.2.3:80')).toBe('10.1.2.3');
    expect(ipOf('[::1]:80')).toBe('::1');
    expect(ipOf('::1')).toBe('::1');
  });
});
