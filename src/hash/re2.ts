/**
 * RE2 patterns and rewrites for the header hash policy's `regex_rewrite`
 * (`envoy.type.matcher.v3.RegexMatchAndSubstitute`), run on JavaScript's regular expression engine.
 *
 * Envoy compiles the pattern with RE2 and applies it with `RE2::GlobalReplace`. JavaScript has no
 * RE2, so the pattern is translated into an equivalent JavaScript `RegExp` (flags `gu`, plus `i`)
 * and the replacement loop of `GlobalReplace` is reproduced by hand. The translation keeps RE2's
 * meaning where the two dialects differ:
 *
 * | RE2 | meaning | JavaScript written |
 * | --- | --- | --- |
 * | `.` | any character but `\n` (JS also excludes `\r`, U+2028, U+2029) | `[^\n]` |
 * | `(?s)` then `.` | any character | `[\s\S]` |
 * | `\s` / `\S` | `[\t\n\f\r ]` only (JS adds `\v` and Unicode spaces) | `[\t\n\f\r ]` / `[^\t\n\f\r ]` |
 * | `(?m)` then `^` / `$` | after / before `\n` only (JS adds `\r`, U+2028, U+2029) | `(?<![^\n])` / `(?![^\n])` |
 * | `\A` / `\z` | start / end of text | `(?<![\s\S])` / `(?![\s\S])` |
 * | leading `(?i)`, `(?s)`, `(?m)` | flags | flag `i`, or the rewrites above |
 * | `(?P<name>re)` | named group | `(?<name>re)` |
 * | `\x{10FFFF}`, `\123`, `\a` | code point, octal, bell | `\u{10FFFF}`, `\u{53}`, `\x07` |
 * | `\pL`, `\p{Greek}` | Unicode class, script | `\p{L}`, `\p{Script=Greek}` |
 * | `\Q...\E` | literal text | the text, escaped |
 * | `\#`, `\_` (any escaped ASCII punctuation) | the character | the character |
 * | `a{`, `}`, `]`, `[]a]` | literal brackets | `a\{`, `\}`, `\]`, `[\]a]` |
 *
 * Constructs RE2 rejects are rejected here too, so a config Envoy refuses is refused:
 * backreferences (`\1`), lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`), repetition counts above 1000,
 * and unknown escapes (`\q`). RE2 features without a faithful JavaScript translation raise an
 * {@link UnsupportedConfigError}: flags after the start of the pattern or in a group (`(?i:a)`),
 * the ungreedy flag `U`, POSIX classes (`[[:alpha:]]`), `\C`, `\S` inside a class, `\b`/`\A`/`\z`
 * inside a class. Two differences remain and are documented rather than translated: with `(?i)`,
 * JavaScript's `\w` and `\b` also treat U+017F and U+212A as word characters; and RE2's
 * program-size limit (`max_program_size`) is not computed.
 *
 * @module
 */
import { ConfigError, UnsupportedConfigError } from '../errors.js';

/** A compiled `regex_rewrite`: RE2's `GlobalReplace(value, pattern, substitution)`. */
export class Re2Rewrite {
  /** The pattern as written in the config. */
  readonly pattern: string;
  /** The substitution as written in the config. */
  readonly substitution: string;
  /** The translated JavaScript pattern (flags `gu`, `giu` with `(?i)`). */
  readonly regex: RegExp;
  /** Literal text and group numbers of the substitution, in order. */
  private readonly parts: ReadonlyArray<string | number>;
  /**
   * False when the substitution names a group the pattern does not have: `GlobalReplace` then
   * returns without replacing anything.
   */
  private readonly applicable: boolean;

  /** @internal Use {@link compileRe2Rewrite}. */
  constructor(
    pattern: string,
    substitution: string,
    regex: RegExp,
    parts: ReadonlyArray<string | number>,
    applicable: boolean,
  ) {
    this.pattern = pattern;
    this.substitution = substitution;
    this.regex = regex;
    this.parts = parts;
    this.applicable = applicable;
  }

  /**
   * Replaces every non-overlapping match in `value` as `RE2::GlobalReplace` does: matches are
   * searched left to right; an empty match that starts where the previous match ended is skipped
   * (one character is copied instead), which is where RE2 differs from `String.replace`
   * (`"baaac"` with `a*` → `X` gives `XbXcX` in RE2, `XbXXcX` in JavaScript).
   *
   * @returns the rewritten value (the same string when nothing matched)
   */
  replaceAll(value: string): string {
    if (!this.applicable) return value;
    const re = this.regex;
    const n = value.length;
    let out = '';
    let p = 0;
    let lastEnd = -1;
    let count = 0;
    while (p <= n) {
      re.lastIndex = p;
      const m = re.exec(value);
      if (m === null) break;
      const start = m.index;
      const end = start + m[0].length;
      if (p < start) out += value.slice(p, start);
      if (start === end && start === lastEnd) {
        // An empty match right after the previous match: copy one character (a whole code point,
        // as RE2 advances by a UTF-8 rune) and search again from there.
        if (p < n) {
          const c = value.charCodeAt(p);
          const w = c >= 0xd800 && c <= 0xdbff && p + 1 < n && isLowSurrogate(value.charCodeAt(p + 1)) ? 2 : 1;
          out += value.slice(p, p + w);
          p += w;
        } else {
          p++;
        }
        continue;
      }
      out += this.rewrite(m);
      p = end;
      lastEnd = end;
      count++;
    }
    if (count === 0) return value;
    if (p < n) out += value.slice(p);
    return out;
  }

  /** The substitution for one match (`RE2::Rewrite`). */
  private rewrite(m: RegExpExecArray): string {
    const parts = this.parts;
    if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
    let s = '';
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      s += typeof part === 'string' ? part : (m[part] ?? '');
    }
    return s;
  }
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * Compiles `regex_rewrite`: the RE2 `pattern` translated to JavaScript, and the `substitution`
 * parsed as RE2's rewrite string (`\0`..`\9` name groups, `\\` is a backslash).
 *
 * The substitution keeps RE2's runtime behaviour rather than being validated: a reference to a
 * group the pattern lacks makes the rewrite a no-op (RE2's `GlobalReplace` returns early), and an
 * invalid escape (`\x`, or a trailing `\`) ends each replacement at that point (RE2's `Rewrite`
 * stops there). Envoy accepts both configs.
 *
 * @param pattern the RE2 pattern (`regex_rewrite.pattern.regex`)
 * @param substitution the rewrite (`regex_rewrite.substitution`)
 * @param path the config path of the pattern, for errors
 * @throws ConfigError when RE2 would reject the pattern
 * @throws UnsupportedConfigError when the pattern uses an RE2 feature JavaScript cannot express
 */
export function compileRe2Rewrite(pattern: string, substitution: string, path: string): Re2Rewrite {
  const { source, flags } = translateRe2(pattern, path);
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags);
  } catch (e) {
    const reason = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
    throw new ConfigError(path, pattern, `must be a valid RE2 regular expression (${reason})`);
  }
  const groups = new RegExp(`${source}|`, flags).exec('')!.length - 1;
  const { parts, maxGroup } = parseRewrite(substitution);
  return new Re2Rewrite(pattern, substitution, regex, parts, maxGroup <= groups);
}

/** Parses an RE2 rewrite string into literal parts and group numbers. */
function parseRewrite(rewrite: string): { parts: Array<string | number>; maxGroup: number } {
  // RE2::MaxSubmatch: the largest digit after a backslash anywhere in the string.
  let maxGroup = 0;
  for (let i = 0; i < rewrite.length; i++) {
    if (rewrite[i] !== '\\') continue;
    i++;
    const c = rewrite.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) maxGroup = Math.max(maxGroup, c - 0x30);
  }
  // RE2::Rewrite: copy text, `\d` inserts a group, `\\` a backslash; anything else stops.
  const parts: Array<string | number> = [];
  let text = '';
  for (let i = 0; i < rewrite.length; i++) {
    const ch = rewrite[i];
    if (ch !== '\\') {
      text += ch;
      continue;
    }
    i++;
    const next = rewrite[i];
    if (next !== undefined && next >= '0' && next <= '9') {
      if (text) parts.push(text);
      text = '';
      parts.push(next.charCodeAt(0) - 0x30);
    } else if (next === '\\') {
      text += '\\';
    } else {
      break;
    }
  }
  if (text || parts.length === 0) parts.push(text);
  return { parts, maxGroup };
}

// Characters that must stay escaped in a JavaScript `u`-mode pattern.
const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));
const RE2_SPACE = '\\t\\n\\f\\r ';
const MAX_REPEAT = 1000;

interface Translation {
  source: string;
  flags: string;
}

/** Translates an RE2 pattern into a JavaScript pattern with the same matches. */
export function translateRe2(pattern: string, path: string): Translation {
  const unsupported = (what: string): never => {
    throw new UnsupportedConfigError(path, pattern, `uses ${what}, which has no JavaScript equivalent in upstream-lb`);
  };
  const invalid = (what: string): never => {
    throw new ConfigError(path, pattern, `must be a valid RE2 regular expression (${what})`);
  };

  let i = 0;
  let flagI = false;
  let flagM = false;
  let flagS = false;
  // Leading flag groups: `(?i)`, `(?ms)`, `(?i-s)`.
  for (;;) {
    const m = /^\(\?([imsU]*)(?:-([imsU]*))?\)/.exec(pattern.slice(i));
    if (m === null) break;
    const on = m[1];
    const off = m[2] ?? '';
    if (on === '' && off === '') invalid('missing flags in (?)');
    if (on.includes('U') || off.includes('U')) unsupported('the ungreedy flag U');
    for (const f of on) {
      if (f === 'i') flagI = true;
      else if (f === 'm') flagM = true;
      else flagS = true;
    }
    for (const f of off) {
      if (f === 'i') flagI = false;
      else if (f === 'm') flagM = false;
      else flagS = false;
    }
    i += m[0].length;
  }

  let out = '';
  let inClass = false;
  const n = pattern.length;
  while (i < n) {
    const ch = pattern[i];
    if (ch === '\\') {
      const { text, next } = translateEscape(pattern, i, inClass, unsupported, invalid);
      out += text;
      // RE2 reads a `-` right after a class escape (`[\d-z]`, `[\s-z]`) as a literal; JavaScript
      // would reject it, or read a range after the expansion of `\s`.
      if (inClass && 'dDwWspP'.includes(pattern[i + 1]) && pattern[next] === '-' && pattern[next + 1] !== ']') {
        out += '\\-';
        i = next + 1;
      } else {
        i = next;
      }
      continue;
    }
    if (inClass) {
      if (ch === ']') {
        inClass = false;
        out += ']';
      } else if (ch === '[' && pattern[i + 1] === ':') {
        unsupported('a POSIX character class');
      } else {
        out += ch;
      }
      i++;
      continue;
    }
    switch (ch) {
      case '[': {
        out += '[';
        i++;
        if (pattern[i] === '^') {
          out += '^';
          i++;
        }
        // A `]` right after `[` or `[^` is a literal in RE2.
        if (pattern[i] === ']') {
          out += '\\]';
          i++;
        }
        inClass = true;
        continue;
      }
      case '.':
        out += flagS ? '[\\s\\S]' : '[^\\n]';
        i++;
        continue;
      case '^':
        out += flagM ? '(?<![^\\n])' : '^';
        i++;
        continue;
      case '$':
        out += flagM ? '(?![^\\n])' : '$';
        i++;
        continue;
      case '(': {
        if (pattern[i + 1] !== '?') {
          out += '(';
          i++;
          continue;
        }
        const rest = pattern.slice(i + 2);
        if (rest.startsWith(':')) {
          out += '(?:';
          i += 3;
        } else if (rest.startsWith('P<')) {
          out += '(?<';
          i += 4;
        } else if (rest.startsWith('<=') || rest.startsWith('<!') || rest.startsWith('=') || rest.startsWith('!')) {
          invalid('lookaround assertions are not supported by RE2');
        } else if (rest.startsWith('<')) {
          out += '(?<';
          i += 3;
        } else if (/^[imsU-]*[:)]/.test(rest)) {
          unsupported('flags after the start of the pattern or in a group');
        } else {
          invalid('invalid or unsupported Perl syntax after (?');
        }
        continue;
      }
      case '{': {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
        if (m === null) {
          // Not a repetition: RE2 reads a literal brace.
          out += '\\{';
          i++;
          continue;
        }
        const lo = Number(m[1]);
        const hi = m[3] === undefined || m[3] === '' ? lo : Number(m[3]);
        if (lo > MAX_REPEAT || hi > MAX_REPEAT) invalid(`bad repetition operator: ${m[0]}`);
        out += m[0];
        i += m[0].length;
        continue;
      }
      case '}':
      case ']':
        out += `\\${ch}`;
        i++;
        continue;
      default:
        out += ch;
        i++;
    }
  }
  return { source: out, flags: flagI ? 'giu' : 'gu' };
}

/** Translates the escape at `pattern[i] === '\\'`. */
function translateEscape(
  pattern: string,
  i: number,
  inClass: boolean,
  unsupported: (what: string) => never,
  invalid: (what: string) => never,
): { text: string; next: number } {
  const c = pattern[i + 1];
  if (c === undefined) return invalid('trailing \\');
  const at = i + 2;
  // Octal: \0, \0d, \0dd, and \1..\7 followed by an octal digit. A lone \1..\9 is a backreference.
  if (c >= '0' && c <= '9') {
    if (c === '8' || c === '9' || (c !== '0' && !isOctal(pattern[at]))) {
      return invalid(`backreferences are not supported by RE2 (\\${c})`);
    }
    let j = at;
    while (j < at + 2 && isOctal(pattern[j])) j++;
    const code = parseInt(pattern.slice(i + 1, j), 8);
    return { text: `\\u{${code.toString(16)}}`, next: j };
  }
  switch (c) {
    case 'x': {
      if (pattern[at] === '{') {
        const close = pattern.indexOf('}', at);
        const hex = close < 0 ? '' : pattern.slice(at + 1, close);
        if (!/^[0-9a-fA-F]+$/.test(hex) || parseInt(hex, 16) > 0x10ffff) invalid('invalid escape \\x{...}');
        return { text: `\\u{${hex}}`, next: close + 1 };
      }
      if (!/^[0-9a-fA-F]{2}$/.test(pattern.slice(at, at + 2))) invalid('invalid escape \\x');
      return { text: `\\x${pattern.slice(at, at + 2)}`, next: at + 2 };
    }
    case 'a':
      return { text: '\\x07', next: at };
    case 'f':
    case 'n':
    case 'r':
    case 't':
    case 'v':
    case 'd':
    case 'D':
    case 'w':
    case 'W':
      return { text: `\\${c}`, next: at };
    case 's':
      return { text: inClass ? RE2_SPACE : `[${RE2_SPACE}]`, next: at };
    case 'S':
      if (inClass) unsupported('\\S inside a character class');
      return { text: `[^${RE2_SPACE}]`, next: at };
    case 'b':
    case 'B':
      if (inClass) unsupported(`\\${c} inside a character class`);
      return { text: `\\${c}`, next: at };
    case 'A':
      if (inClass) unsupported('\\A inside a character class');
      return { text: '(?<![\\s\\S])', next: at };
    case 'z':
      if (inClass) unsupported('\\z inside a character class');
      return { text: '(?![\\s\\S])', next: at };
    case 'C':
      return unsupported('\\C (any byte)');
    case 'Q': {
      if (inClass) unsupported('\\Q inside a character class');
      const end = pattern.indexOf('\\E', at);
      const literal = end < 0 ? pattern.slice(at) : pattern.slice(at, end);
      let text = '';
      for (const ch of literal) text += JS_SYNTAX.has(ch) ? `\\${ch}` : ch;
      return { text, next: end < 0 ? pattern.length : end + 2 };
    }
    case 'p':
    case 'P': {
      let name: string;
      let next: number;
      if (pattern[at] === '{') {
        const close = pattern.indexOf('}', at);
        if (close < 0) invalid('missing } in \\p{...}');
        name = pattern.slice(at + 1, close);
        next = close + 1;
      } else {
        name = pattern[at] ?? '';
        next = at + 1;
      }
      let negate = c === 'P';
      if (name.startsWith('^')) {
        negate = !negate;
        name = name.slice(1);
      }
      if (!/^[A-Za-z_]+$/.test(name)) invalid(`invalid Unicode class \\${c}{${name}}`);
      // One- and two-letter names are general categories; `Any` is JavaScript's too; longer names
      // are scripts in RE2 and need the Script= prefix in JavaScript.
      const js = name.length <= 2 || name === 'Any' ? name : `Script=${name}`;
      return { text: `\\${negate ? 'P' : 'p'}{${js}}`, next };
    }
    default: {
      const code = c.charCodeAt(0);
      const isWord = (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
      if (code < 0x80 && !isWord) {
        // RE2 reads an escaped ASCII punctuation or space character as itself.
        if (JS_SYNTAX.has(c) || (inClass && c === '-')) return { text: `\\${c}`, next: at };
        return { text: c, next: at };
      }
      return invalid(`invalid escape sequence \\${c}`);
    }
  }
}

function isOctal(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '7';
}
