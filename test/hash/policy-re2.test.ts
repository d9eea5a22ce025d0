// regex_rewrite of the header hash policy: RE2 patterns run on JavaScript, with RE2's meaning, and
// RE2::GlobalReplace / RE2::Rewrite semantics.
import { describe, expect, it } from 'vitest';
import { ConfigError, UnsupportedConfigError } from '../../src/errors.js';
import { compileRe2Rewrite, translateRe2 } from '../../src/hash/re2.js';

const replace = (pattern: string, substitution: string, value: string) =>
  compileRe2Rewrite(pattern, substitution, 'p').replaceAll(value);

describe('compileRe2Rewrite(...).replaceAll (RE2::GlobalReplace)', () => {
  it('replaces every match left to right', () => {
    expect(replace('test', 'replaced', 'test-value-test')).toBe('replaced-value-replaced');
    expect(replace('^/(\\w+)$', '\\1', '/foo')).toBe('foo');
  });

  it('returns the value unchanged when nothing matches', () => {
    expect(replace('zzz', 'y', 'abc')).toBe('abc');
  });

  it('skips an empty match right after the previous match (RE2 differs from String.replace)', () => {
    expect(replace('a*', 'X', 'baaac')).toBe('XbXcX');
    expect('baaac'.replace(/a*/g, 'X')).toBe('XbXXcX');
    expect(replace('x*', '-', '')).toBe('-');
    expect(replace('x*', '-', 'ab')).toBe('-a-b-');
  });

  it('advances over a whole code point after an empty match', () => {
    expect(replace('x*', '-', '😀')).toBe('-😀-');
    expect(replace('(?:)', '.', 'é😀')).toBe('.é.😀.');
  });

  it('matches code points, not UTF-16 units', () => {
    expect(replace('^.$', 'one', '😀')).toBe('one');
  });
});

describe('RE2 rewrite strings (RE2::Rewrite)', () => {
  it('inserts groups with \\0..\\9 and a backslash with \\\\', () => {
    expect(replace('(a)(b)', '\\2\\1[\\0]', 'xaby')).toBe('xba[ab]y');
    expect(replace('a', '\\\\', 'bab')).toBe('b\\b');
  });

  it('treats JavaScript replacement syntax as literal text', () => {
    expect(replace('(a)', '$1$&$$', 'a')).toBe('$1$&$$');
  });

  it('inserts nothing for a group that did not participate', () => {
    expect(replace('(a)|(b)', '<\\1\\2>', 'ab')).toBe('<a><b>');
  });

  it('leaves the value unchanged when the rewrite names a group the pattern lacks', () => {
    expect(replace('(a)', '\\2', 'aaa')).toBe('aaa');
    // MaxSubmatch looks at the whole rewrite, also after an invalid escape.
    expect(replace('a', 'x\\q\\1', 'aaa')).toBe('aaa');
  });

  it('ends each replacement at an invalid escape or a trailing backslash', () => {
    expect(replace('b', 'x\\qy', 'abc')).toBe('axc');
    expect(replace('b', 'x\\', 'abcb')).toBe('axcx');
  });
});

describe('translateRe2: RE2 meaning on JavaScript', () => {
  const js = (pattern: string) => translateRe2(pattern, 'p');

  it('`.` excludes only \\n (JavaScript also excludes \\r and U+2028)', () => {
    expect(js('a.b').source).toBe('a[^\\n]b');
    expect(replace('a.b', 'X', 'a\rb a\u2028b a\nb')).toBe('X X a\nb');
  });

  it('(?s) makes `.` match \\n', () => {
    expect(replace('(?s)a.b', 'X', 'a\nb')).toBe('X');
  });

  it('\\s is [\\t\\n\\f\\r ] only, also inside a class; \\S its complement', () => {
    expect(replace('\\s', '_', 'a b\tc\vd\u00a0e')).toBe('a_b_c\vd\u00a0e');
    expect(replace('[\\s,]', '_', 'a,b c\vd')).toBe('a_b_c\vd');
    expect(replace('\\S+', 'w', 'ab\u00a0c d')).toBe('w w');
  });

  it('(?i) sets the i flag; (?m) anchors at \\n only', () => {
    expect(js('(?i)abc').flags).toBe('giu');
    expect(replace('(?i)/xxx/', '/yyy/', '/aaa/XxX/bbb')).toBe('/aaa/yyy/bbb');
    expect(replace('(?m)^a', 'X', 'a\na\ra')).toBe('X\nX\ra');
    expect(replace('(?m)a$', 'X', 'a\ra\na')).toBe('a\rX\nX');
    expect(replace('(?i-i)a', 'X', 'Aa')).toBe('AX');
  });

  it('without (?m), ^ and $ anchor at the text ends only', () => {
    expect(replace('^a', 'X', 'a\na')).toBe('X\na');
    expect(replace('a$', 'X', 'a\na')).toBe('a\nX');
  });

  it('\\A and \\z anchor at the text ends even with (?m)', () => {
    expect(replace('(?m)\\Aa', 'X', 'a\na')).toBe('X\na');
    expect(replace('(?m)a\\z', 'X', 'a\na')).toBe('a\nX');
  });

  it('translates named groups, code point escapes, octal and bell', () => {
    expect(replace('(?P<n>a)b', '\\1', 'ab')).toBe('a');
    expect(replace('(?<n>a)b', '\\1', 'ab')).toBe('a');
    expect(replace('\\x{1F600}', 'smile', '😀')).toBe('smile');
    expect(replace('\\x41', 'x', 'A')).toBe('x');
    expect(replace('\\101\\0', 'x', 'A\0')).toBe('x');
    expect(replace('\\a', 'bell', '\x07')).toBe('bell');
  });

  it('translates Unicode classes and scripts', () => {
    expect(replace('\\pL+', 'L', 'héllo 1')).toBe('L 1');
    expect(replace('\\PL', '_', 'a1')).toBe('a_');
    expect(replace('\\p{Greek}', 'g', 'aβ')).toBe('ag');
    expect(replace('\\p{^Greek}', 'x', 'aβ')).toBe('xβ');
    expect(replace('\\p{Lu}', 'U', 'aB')).toBe('aU');
  });

  it('quotes \\Q...\\E literally', () => {
    expect(replace('\\Q.*{}\\E', 'lit', 'a.*{}b')).toBe('alitb');
    expect(replace('\\Q(a', 'x', '(a')).toBe('x');
  });

  it('reads escaped ASCII punctuation as itself', () => {
    expect(replace('\\#\\_\\:\\-\\.', 'x', '#_:-.')).toBe('x');
    expect(replace('[\\-\\]]', 'x', '-]')).toBe('xx');
  });

  it('reads a - right after a class escape as a literal, not a range', () => {
    expect(replace('[\\d-z]', '_', '5-za')).toBe('___a');
    expect(replace('[\\s-z]', '_', ' -zab')).toBe('___ab');
    expect(replace('[\\w-]', '_', 'a-!')).toBe('__!');
  });

  it('reads braces and brackets that are not syntax as literals', () => {
    expect(replace('a{', 'x', 'a{')).toBe('x');
    expect(replace('a{,2}', 'x', 'a{,2}')).toBe('x');
    expect(replace('a{2}', 'x', 'aaa')).toBe('xa');
    expect(replace('a{1,}', 'x', 'aaa')).toBe('x');
    expect(replace('}]', 'x', '}]')).toBe('x');
    expect(replace('[]a]', 'x', ']a')).toBe('xx');
    expect(replace('[^]a]', 'x', ']ab')).toBe(']ax');
  });
});

describe('translateRe2: rejected patterns', () => {
  const fails = (pattern: string) => {
    try {
      translateRe2(pattern, 'p');
    } catch (e) {
      return e as Error;
    }
    throw new Error(`expected ${pattern} to fail`);
  };

  it.each<[string, string]>([
    ['(a)\\1', 'p: must be a valid RE2 regular expression (backreferences are not supported by RE2 (\\1)), got "(a)\\\\1"'],
    ['\\8', 'p: must be a valid RE2 regular expression (backreferences are not supported by RE2 (\\8)), got "\\\\8"'],
    ['a(?=b)', 'p: must be a valid RE2 regular expression (lookaround assertions are not supported by RE2), got "a(?=b)"'],
    ['(?<!a)b', 'p: must be a valid RE2 regular expression (lookaround assertions are not supported by RE2), got "(?<!a)b"'],
    ['a{1001}', 'p: must be a valid RE2 regular expression (bad repetition operator: {1001}), got "a{1001}"'],
    ['\\q', 'p: must be a valid RE2 regular expression (invalid escape sequence \\q), got "\\\\q"'],
    ['a\\', 'p: must be a valid RE2 regular expression (trailing \\), got "a\\\\"'],
    ['(?)', 'p: must be a valid RE2 regular expression (missing flags in (?)), got "(?)"'],
    ['(?#c)', 'p: must be a valid RE2 regular expression (invalid or unsupported Perl syntax after (?), got "(?#c)"'],
    ['\\xZZ', 'p: must be a valid RE2 regular expression (invalid escape \\x), got "\\\\xZZ"'],
    ['\\x{110000}', 'p: must be a valid RE2 regular expression (invalid escape \\x{...}), got "\\\\x{110000}"'],
  ])('rejects %s as RE2 does', (pattern, message) => {
    const e = fails(pattern);
    expect(e).toBeInstanceOf(ConfigError);
    expect(e).not.toBeInstanceOf(UnsupportedConfigError);
    expect(e.message).toBe(message);
  });

  it.each<[string, string]>([
    ['(?U)a*', 'the ungreedy flag U'],
    ['a(?i)b', 'flags after the start of the pattern or in a group'],
    ['(?i:a)', 'flags after the start of the pattern or in a group'],
    ['[[:alpha:]]', 'a POSIX character class'],
    ['\\C', '\\C (any byte)'],
    ['[\\S]', '\\S inside a character class'],
    ['[\\b]', '\\b inside a character class'],
    ['[\\z]', '\\z inside a character class'],
    ['[\\Qa\\E]', '\\Q inside a character class'],
  ])('reports %s as unsupported', (pattern, what) => {
    const e = fails(pattern);
    expect(e).toBeInstanceOf(UnsupportedConfigError);
    expect(e.message).toBe(`p: uses ${what}, which has no JavaScript equivalent in upstream-lb, got ${JSON.stringify(pattern)}`);
  });

  it('reports JavaScript syntax errors as invalid RE2', () => {
    expect(() => compileRe2Rewrite('(a', '', 'p')).toThrow(/^p: must be a valid RE2 regular expression \(.*\), got "\(a"$/);
    expect(() => compileRe2Rewrite('[b-a]', '', 'p')).toThrow(ConfigError);
  });
});
