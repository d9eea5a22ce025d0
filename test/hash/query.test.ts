import { describe, expect, it } from 'vitest';
import { queryParameterValue } from '../../src/hash/query.js';

describe('queryParameterValue (QueryParamsMulti::parseQueryString(path).getFirstValue)', () => {
  it('returns the first value of the parameter', () => {
    expect(queryParameterValue('/test?test-param=param-value', 'test-param')).toBe('param-value');
    expect(queryParameterValue('/p?a=1&b=2&a=3', 'a')).toBe('1');
    expect(queryParameterValue('/p?a=1&b=2&a=3', 'b')).toBe('2');
  });

  it('does not decode: %xx and + stay as written', () => {
    expect(queryParameterValue('/p?q=a%20b+c', 'q')).toBe('a%20b+c');
    expect(queryParameterValue('/p?q%20x=1', 'q x')).toBeNull();
    expect(queryParameterValue('/p?q%20x=1', 'q%20x')).toBe('1');
  });

  it('reads `name` and `name=` as an empty value', () => {
    expect(queryParameterValue('/p?flag', 'flag')).toBe('');
    expect(queryParameterValue('/p?flag=&x=1', 'flag')).toBe('');
    expect(queryParameterValue('/p?flag&x=1', 'flag')).toBe('');
  });

  it('splits the name at the first = only', () => {
    expect(queryParameterValue('/p?a=b=c', 'a')).toBe('b=c');
  });

  it('starts at the first ? and keeps later ? and # in values', () => {
    expect(queryParameterValue('/p?a=1?b=2', 'a')).toBe('1?b=2');
    expect(queryParameterValue('/p?a=1#frag', 'a')).toBe('1#frag');
  });

  it('returns null without a query or without the parameter', () => {
    expect(queryParameterValue('/p', 'a')).toBeNull();
    expect(queryParameterValue('/p?', 'a')).toBeNull();
    expect(queryParameterValue('/p?b=1', 'a')).toBeNull();
    expect(queryParameterValue('/p?ab=1', 'a')).toBeNull();
    expect(queryParameterValue('/p?A=1', 'a')).toBeNull();
  });

  it('handles empty pieces between separators', () => {
    expect(queryParameterValue('/p?&&a=1&', 'a')).toBe('1');
  });
});
