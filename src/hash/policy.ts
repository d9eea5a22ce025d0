/**
 * Envoy's request hash policies (`envoy.config.route.v3.RouteAction.HashPolicy`), the list that
 * turns a request into the 64-bit hash the ring hash and Maglev load balancers pick with. The same
 * list appears on a route (`RouteAction.hash_policy`) and on the load balancer
 * (`ConsistentHashingLbConfig.hash_policy`); Envoy evaluates both with `Http::HashPolicyImpl`
 * (source/common/http/hash_policy.cc), which this module reproduces bit for bit.
 *
 * ```ts
 * const policy = HashPolicy.fromConfig([{ header: { header_name: 'x-user' } }]);
 * policy.hash({ headers: [['x-user', 'alice']] }); // xxHash64('alice')
 * ```
 *
 * @module
 */
import type { U64 } from '../common/u64.js';
import { ConfigError, UpstreamLbError } from '../errors.js';
import { compareUtf8 } from '../common/strings.js';
import { ReadLog, Reader, isObject } from '../config/reader.js';
import {
  type AddCookieCallback,
  type CookieAttribute,
  type TextRange,
  findCookie,
} from './cookie.js';
import { findQueryParameter } from './query.js';
import { Re2Rewrite, compileRe2Rewrite } from './re2.js';
import { sourceIpHashInto } from './source-ip.js';
import { asciiLower, equalsLowerAscii, hasNulCrLf, xxHash64RangeInto } from './text.js';
import { xxHash64StringInto } from './xxhash64.js';

/** Request headers as `[name, value]` entries, one per header line (names in any case). */
export type HashRequestHeaderList = ReadonlyArray<readonly [string, string]>;

/**
 * Request headers as an object (Node's `IncomingMessage.headers` shape): a string is one header
 * entry, an array is one entry per element. Names in any case.
 */
export type HashRequestHeaderRecord = Readonly<Record<string, string | readonly string[]>>;

/**
 * A filter-state object the `filter_state` policy can hash (Envoy's `Hashable`): a `bigint` or
 * {@link U64} is the object's `hash()` itself; a string is a string object whose `hash()` is
 * `xxHash64(string)` (the `set_filter_state` filter's hashable string objects).
 */
export type HashFilterStateValue = bigint | U64 | string;

/**
 * What a hash policy reads from a request. Every field is optional; a policy whose input is
 * missing produces no hash.
 */
export interface HashRequest {
  /**
   * Request headers. Names compare case-insensitively (Envoy lower-cases them). Each entry is one
   * header line as Envoy's header map holds it: a value that a client library already joined
   * (`a, b`) is one value. Pseudo-headers such as `:authority` may appear here.
   */
  headers?: HashRequestHeaderList | HashRequestHeaderRecord | null;
  /**
   * The downstream client address (`connection_properties.source_ip`): `ip`, `ip:port` or
   * `[v6]:port` (a bare IPv6 address takes no port). Not an IP address (for example a socket
   * path) means no source-IP hash.
   */
  sourceAddress?: string | null;
  /**
   * The proxy's local address of the downstream connection (`ip:port`). Not read by the policies;
   * cookie generation uses it ({@link createAddCookie}).
   */
  localAddress?: string | null;
  /**
   * The `:path` pseudo-header (path and query). When set it is the `:path` header: a header
   * policy on `:path` and the `query_parameter` policy read it, and `:path` entries in `headers`
   * are ignored. When null or absent, the first `:path` entry of `headers` is used, if any.
   */
  path?: string | null;
  /** Per-request filter state by key (`filter_state` policies). */
  filterState?: Readonly<Record<string, HashFilterStateValue>> | null;
}

// ---------------------------------------------------------------------------------------------
// Per-request scratch. Nothing here survives a call, and generateHash does not yield.

/** Result of one policy. */
const tmp: U64 = { hi: 0, lo: 0 };
/** Value range found by the cookie and query parameter parsers. */
const range: TextRange = { start: 0, end: 0 };
/** Header values of one header, gathered for sorting. */
const values: string[] = [];
/** Output of {@link HashPolicy.hash}. */
const hashOut = new Uint32Array(2);

/**
 * Gathers the values of header `lower` into {@link values} and returns their count. `:path` comes
 * from `request.path` when that is set.
 */
function gatherHeader(request: HashRequest, lower: string, isPath: boolean): number {
  if (isPath && request.path != null) {
    values[0] = checkedPath(request.path);
    return 1;
  }
  const headers = request.headers;
  if (headers == null) return 0;
  let count = 0;
  if (Array.isArray(headers)) {
    const list = headers as HashRequestHeaderList;
    for (let i = 0; i < list.length; i++) {
      const entry = list[i];
      if (entry == null || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') {
        throw new UpstreamLbError(`request.headers[${i}]`, entry, 'must be a [name, value] pair of strings');
      }
      if (equalsLowerAscii(entry[0], lower)) values[count++] = entry[1];
    }
    return count;
  }
  const record = headers as HashRequestHeaderRecord;
  for (const name in record) {
    if (!equalsLowerAscii(name, lower)) continue;
    const v = record[name];
    if (typeof v === 'string') {
      values[count++] = v;
    } else if (Array.isArray(v)) {
      for (let j = 0; j < v.length; j++) {
        if (typeof v[j] !== 'string') {
          throw new UpstreamLbError(`request.headers[${JSON.stringify(name)}][${j}]`, v[j], 'must be a string');
        }
        values[count++] = v[j];
      }
    } else if (v != null) {
      throw new UpstreamLbError(`request.headers[${JSON.stringify(name)}]`, v, 'must be a string or a list of strings');
    }
  }
  return count;
}

function checkedPath(path: unknown): string {
  if (typeof path !== 'string') throw new UpstreamLbError('request.path', path, 'must be a string');
  return path;
}

/** Drops the references {@link gatherHeader} left in {@link values}. */
function releaseValues(count: number): void {
  for (let i = 0; i < count; i++) values[i] = '';
}

/** The `:path` value: `request.path`, else the first `:path` header entry, else null. */
function pathOf(request: HashRequest): string | null {
  if (request.path != null) return checkedPath(request.path);
  const count = gatherHeader(request, ':path', false);
  if (count === 0) return null;
  const path = values[0];
  releaseValues(count);
  return path;
}

// ---------------------------------------------------------------------------------------------
// The five policy kinds (Envoy's HashMethod implementations).

/** One configured policy. `evaluate` writes its hash into `out` and returns true, or returns false. */
abstract class HashMethod {
  /** `HashPolicy.terminal`. */
  readonly terminal: boolean;
  constructor(terminal: boolean) {
    this.terminal = terminal;
  }
  abstract evaluate(request: HashRequest, out: U64, addCookie: AddCookieCallback | undefined): boolean;
  abstract describe(): string;
}

/**
 * `header`: all values of the header, each rewritten by `regex_rewrite` if set, sorted bytewise,
 * hashed as a chain (`h = 0; for v: h = XXH64(v, seed = h)`). Absent header: no hash.
 */
class HeaderMethod extends HashMethod {
  private readonly lower: string;
  private readonly isPath: boolean;
  private readonly rewrite: Re2Rewrite | null;
  constructor(name: string, rewrite: Re2Rewrite | null, terminal: boolean) {
    super(terminal);
    this.lower = asciiLower(name);
    this.isPath = this.lower === ':path';
    this.rewrite = rewrite;
  }
  evaluate(request: HashRequest, out: U64): boolean {
    const count = gatherHeader(request, this.lower, this.isPath);
    if (count === 0) return false;
    const rewrite = this.rewrite;
    if (rewrite !== null) {
      for (let i = 0; i < count; i++) values[i] = rewrite.replaceAll(values[i]);
    }
    if (count === 1) {
      xxHash64StringInto(values[0], 0, 0, out);
      values[0] = '';
      return true;
    }
    // std::sort of string_views: bytewise (UTF-8) order. Insertion sort: header lists are short.
    for (let i = 1; i < count; i++) {
      const v = values[i];
      let j = i - 1;
      while (j >= 0 && compareUtf8(values[j], v) > 0) {
        values[j + 1] = values[j];
        j--;
      }
      values[j + 1] = v;
    }
    out.hi = 0;
    out.lo = 0;
    for (let i = 0; i < count; i++) xxHash64StringInto(values[i], out.hi, out.lo, out);
    releaseValues(count);
    return true;
  }
  describe(): string {
    return `header ${this.lower}`;
  }
}

/**
 * `cookie`: the first cookie with that name in the `Cookie` headers; a non-empty value is hashed.
 * Otherwise, with a `ttl` and a callback, the callback's cookie value is hashed (empty: no hash).
 */
class CookieMethod extends HashMethod {
  private readonly name: string;
  private readonly path: string;
  private readonly ttlMs: number | null;
  private readonly attributes: readonly CookieAttribute[];
  constructor(name: string, path: string, ttlMs: number | null, attributes: readonly CookieAttribute[], terminal: boolean) {
    super(terminal);
    this.name = name;
    this.path = path;
    this.ttlMs = ttlMs;
    this.attributes = attributes;
  }
  evaluate(request: HashRequest, out: U64, addCookie: AddCookieCallback | undefined): boolean {
    const count = gatherHeader(request, 'cookie', false);
    let found = false;
    let i = 0;
    for (; i < count; i++) {
      if (findCookie(values[i], this.name, range)) {
        found = true;
        break;
      }
    }
    if (found && range.end > range.start) {
      xxHash64RangeInto(values[i], range.start, range.end, out);
      releaseValues(count);
      return true;
    }
    releaseValues(count);
    if (this.ttlMs === null || addCookie === undefined) return false;
    const value = addCookie(this.name, this.path, this.ttlMs, this.attributes);
    if (typeof value !== 'string') {
      throw new UpstreamLbError('addCookie()', value, 'must return a string');
    }
    if (value === '') return false;
    xxHash64StringInto(value, 0, 0, out);
    return true;
  }
  describe(): string {
    return `cookie ${this.name}`;
  }
}

/** `connection_properties.source_ip`: XXH64 of the client IP without port. */
class SourceIpMethod extends HashMethod {
  evaluate(request: HashRequest, out: U64): boolean {
    const address = request.sourceAddress;
    if (address == null) return false;
    if (typeof address !== 'string') {
      throw new UpstreamLbError('request.sourceAddress', address, 'must be a string');
    }
    return sourceIpHashInto(address, out);
  }
  describe(): string {
    return 'connection_properties.source_ip';
  }
}

/** `query_parameter`: XXH64 of the first value of the parameter in `:path`, not decoded. */
class QueryParameterMethod extends HashMethod {
  private readonly name: string;
  constructor(name: string, terminal: boolean) {
    super(terminal);
    this.name = name;
  }
  evaluate(request: HashRequest, out: U64): boolean {
    const path = pathOf(request);
    if (path === null) return false;
    if (!findQueryParameter(path, this.name, range)) return false;
    xxHash64RangeInto(path, range.start, range.end, out);
    return true;
  }
  describe(): string {
    return `query_parameter ${this.name}`;
  }
}

// bigint → halves without allocating: write into a BigUint64Array that shares its buffer.
const bigHalves = new Uint32Array(2);
const bigView = new BigUint64Array(bigHalves.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;
const MAX_U64 = 0xffff_ffff_ffff_ffffn;

/** `filter_state`: the stored object's own hash (a `bigint`/{@link U64}), or XXH64 of a string. */
class FilterStateMethod extends HashMethod {
  private readonly key: string;
  constructor(key: string, terminal: boolean) {
    super(terminal);
    this.key = key;
  }
  evaluate(request: HashRequest, out: U64): boolean {
    const state = request.filterState;
    if (state == null || !Object.prototype.hasOwnProperty.call(state, this.key)) return false;
    const v: unknown = state[this.key];
    if (v == null) return false;
    if (typeof v === 'bigint') {
      if (v < 0n || v > MAX_U64) {
        throw new UpstreamLbError(`request.filterState.${this.key}`, v, 'must be a u64 in [0, 2^64)');
      }
      bigView[0] = v;
      out.hi = bigHalves[HI];
      out.lo = bigHalves[LO];
      return true;
    }
    if (typeof v === 'string') {
      xxHash64StringInto(v, 0, 0, out);
      return true;
    }
    if (typeof v === 'object') {
      const { hi, lo } = v as Partial<U64>;
      if (isUint32(hi) && isUint32(lo)) {
        out.hi = hi;
        out.lo = lo;
        return true;
      }
    }
    throw new UpstreamLbError(
      `request.filterState.${this.key}`,
      v,
      'must be a bigint, a {hi, lo} u64 or a string',
    );
  }
  describe(): string {
    return `filter_state ${this.key}`;
  }
}

function isUint32(v: unknown): v is number {
  return typeof v === 'number' && v >= 0 && v <= 0xffff_ffff && Math.floor(v) === v;
}

// ---------------------------------------------------------------------------------------------

/**
 * An ordered list of request hash policies, evaluated exactly as Envoy's `HashPolicyImpl`:
 *
 * ```text
 * hash = none
 * for policy in list:
 *     h = policy.evaluate(request)            # may produce nothing
 *     if h: hash = hash present ? rotl64(hash, 1) ^ h : h
 *     if policy.terminal and hash present: stop
 * ```
 *
 * `terminal` checks the accumulated hash, so a terminal policy that produced nothing still stops
 * the evaluation when an earlier policy produced a hash. When no policy produces a hash, the load
 * balancer draws a random hash (Envoy's `random_.random()`), which is the caller's job:
 * {@link HashPolicy.generateHash} returns false.
 *
 * Build one with {@link HashPolicy.fromConfig}; it is immutable and can serve any number of
 * requests.
 */
export class HashPolicy {
  private readonly methods: readonly HashMethod[];

  private constructor(methods: readonly HashMethod[]) {
    this.methods = methods;
  }

  /**
   * Builds a policy list from Envoy v3 JSON: the `hash_policy` list of a `RouteAction` or of a
   * `ConsistentHashingLbConfig`, fields in snake_case as Envoy's JSON/YAML config writes them.
   *
   * Validation follows Envoy's proto rules and constructors, with errors naming the field:
   * exactly one of `header`, `cookie`, `connection_properties`, `query_parameter`, `filter_state`
   * per entry; non-empty `header_name`, cookie `name`, query parameter `name`, filter-state
   * `key` and cookie attribute `name`; no NUL, CR or LF in header names, substitutions and
   * cookie attributes; `regex_rewrite.pattern.regex` a valid RE2 pattern that JavaScript can run
   * (see re2.ts for the dialect differences); cookie `ttl` a `google.protobuf.Duration`. Unknown
   * fields are rejected. An entry `connection_properties: {source_ip: false}` is valid and adds
   * no policy, as in Envoy.
   *
   * @param json the `hash_policy` list
   * @param path the field path used in error messages
   * @throws ConfigError for invalid config
   * @throws UnsupportedConfigError for an RE2 pattern JavaScript cannot express
   */
  static fromConfig(json: readonly unknown[], path = 'hash_policy'): HashPolicy {
    if (!Array.isArray(json)) throw new ConfigError(path, json, 'must be a list');
    const log = new ReadLog();
    const methods: HashMethod[] = [];
    json.forEach((item, i) => {
      const method = parseOne(item, `${path}[${i}]`, log);
      if (method !== null) methods.push(method);
    });
    return new HashPolicy(methods);
  }

  /**
   * Computes the request's hash and writes it as `[hi, lo]` to `out[index]`, `out[index + 1]`.
   *
   * Allocation: nothing for header (one or more values, no rewrite), cookie (ASCII `Cookie`
   * header), IPv4 source address, query parameter (ASCII path) and filter-state policies beyond
   * what the input forces; a regex rewrite allocates its rewritten strings, a new IPv6 source
   * address its canonical form, a generated cookie whatever the callback allocates.
   *
   * @param request the request
   * @param out receives the hash halves when one is produced (untouched otherwise)
   * @param index where the high half goes; the low half goes to `index + 1`
   * @param addCookie called by a cookie policy whose cookie is absent and that has a `ttl` (see
   *   {@link createAddCookie}); without it such a policy produces no hash
   * @returns false when no policy produced a hash: draw a random hash, as Envoy does
   */
  generateHash(request: HashRequest, out: Uint32Array, index: number, addCookie?: AddCookieCallback): boolean {
    const methods = this.methods;
    let has = false;
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < methods.length; i++) {
      const method = methods[i];
      if (method.evaluate(request, tmp, addCookie)) {
        if (has) {
          // Rotating the previous value keeps two identical policies from cancelling out.
          const rhi = ((hi << 1) | (lo >>> 31)) >>> 0;
          const rlo = ((lo << 1) | (hi >>> 31)) >>> 0;
          hi = (rhi ^ tmp.hi) >>> 0;
          lo = (rlo ^ tmp.lo) >>> 0;
        } else {
          hi = tmp.hi;
          lo = tmp.lo;
          has = true;
        }
      }
      if (has && method.terminal) break;
    }
    if (has) {
      out[index] = hi;
      out[index + 1] = lo;
    }
    return has;
  }

  /**
   * {@link HashPolicy.generateHash} as a `bigint` for code off the hot path.
   *
   * @returns the hash, or null when no policy produced one (the load balancer then draws a
   *   random hash)
   */
  hash(request: HashRequest, addCookie?: AddCookieCallback): bigint | null {
    if (!this.generateHash(request, hashOut, 0, addCookie)) return null;
    return (BigInt(hashOut[0]) << 32n) | BigInt(hashOut[1]);
  }

  /** The configured policies in evaluation order, e.g. `['header x-user', 'cookie session (terminal)']`. */
  describe(): string[] {
    return this.methods.map((m) => (m.terminal ? `${m.describe()} (terminal)` : m.describe()));
  }
}

const SPECIFIERS = ['header', 'cookie', 'connection_properties', 'query_parameter', 'filter_state'] as const;

/** Parses one `HashPolicy` entry; null for `source_ip: false`. */
function parseOne(item: unknown, path: string, log: ReadLog): HashMethod | null {
  const r = new Reader(item, path, log);
  const set = SPECIFIERS.filter((k) => r.has(k));
  if (set.length === 0) {
    throw new ConfigError(path, item, `must set one of ${SPECIFIERS.join(', ')}`);
  }
  if (set.length > 1) {
    throw new ConfigError(path, item, `must set only one of ${SPECIFIERS.join(', ')} (found ${set.join(', ')})`);
  }
  // Mark the unset (null) alternatives as read.
  for (const k of SPECIFIERS) r.raw(k);
  const terminal = r.bool('terminal', false);
  let method: HashMethod | null;
  switch (set[0]) {
    case 'header': {
      const h = r.message('header')!;
      const name = requiredString(h, 'header_name');
      noNulCrLf(h.at('header_name'), name);
      let rewrite: Re2Rewrite | null = null;
      const rw = h.message('regex_rewrite');
      if (rw) {
        const pattern = rw.message('pattern');
        if (!pattern) throw new ConfigError(rw.at('pattern'), undefined, 'is required');
        const engine = pattern.message('google_re2');
        if (engine) {
          // Deprecated program-size limit; RE2's program size has no JavaScript counterpart.
          engine.integer('max_program_size', 0, 0xffff_ffff);
          engine.done();
        }
        const regex = requiredString(pattern, 'regex');
        pattern.done();
        const substitution = rw.string('substitution', '');
        noNulCrLf(rw.at('substitution'), substitution);
        rw.done();
        rewrite = compileRe2Rewrite(regex, substitution, pattern.at('regex'));
      }
      h.done();
      method = new HeaderMethod(name, rewrite, terminal);
      break;
    }
    case 'cookie': {
      const c = r.message('cookie')!;
      const name = requiredString(c, 'name');
      const ttlMs = ttlToMs(c.raw('ttl'), c.at('ttl'));
      const cookiePath = c.string('path', '');
      const attributes = Object.freeze(
        c.messages('attributes').map((a): CookieAttribute => {
          const attrName = requiredString(a, 'name');
          noNulCrLf(a.at('name'), attrName);
          const value = a.string('value', '');
          noNulCrLf(a.at('value'), value);
          a.done();
          return Object.freeze({ name: attrName, value });
        }),
      );
      c.done();
      method = new CookieMethod(name, cookiePath, ttlMs, attributes, terminal);
      break;
    }
    case 'connection_properties': {
      const cp = r.message('connection_properties')!;
      const sourceIp = cp.bool('source_ip', false);
      cp.done();
      method = sourceIp ? new SourceIpMethod(terminal) : null;
      break;
    }
    case 'query_parameter': {
      const q = r.message('query_parameter')!;
      const name = requiredString(q, 'name');
      q.done();
      method = new QueryParameterMethod(name, terminal);
      break;
    }
    default: {
      const f = r.message('filter_state')!;
      const key = requiredString(f, 'key');
      f.done();
      method = new FilterStateMethod(key, terminal);
    }
  }
  r.done();
  return method;
}

function requiredString(r: Reader, name: string): string {
  const v = r.string(name);
  if (v === undefined || v === '') throw new ConfigError(r.at(name), v, 'must be a non-empty string');
  return v;
}

function noNulCrLf(path: string, value: string): void {
  if (hasNulCrLf(value)) throw new ConfigError(path, value, 'must not contain NUL, CR or LF');
}

const MAX_DURATION_SECONDS = 315_576_000_000;

/**
 * A cookie `ttl` (`google.protobuf.Duration`: `"3600s"`, `"1.5s"`, `"-1s"` or `{seconds, nanos}`)
 * as Envoy keeps it, `std::chrono::seconds(ttl.seconds())`: whole seconds, the fraction dropped
 * (toward zero), returned in milliseconds. Null when absent. Negative durations are valid proto
 * values and give a negative `Max-Age`.
 */
function ttlToMs(v: unknown, path: string): number | null {
  if (v === undefined || v === null) return null;
  let seconds: number;
  if (typeof v === 'string') {
    const m = /^(-?)(\d+)(?:\.\d{1,9})?s$/.exec(v);
    if (m === null) throw new ConfigError(path, v, 'must be a duration such as "3600s"');
    seconds = Number(m[2]) * (m[1] === '-' ? -1 : 1);
  } else if (isObject(v)) {
    const r = new Reader(v, path, new ReadLog());
    seconds = r.integer('seconds', -MAX_DURATION_SECONDS, MAX_DURATION_SECONDS) ?? 0;
    r.integer('nanos', -999_999_999, 999_999_999);
    r.done();
  } else {
    throw new ConfigError(path, v, 'must be a duration such as "3600s"');
  }
  if (Math.abs(seconds) > MAX_DURATION_SECONDS) {
    throw new ConfigError(path, v, `must be within ±${MAX_DURATION_SECONDS} seconds`);
  }
  // `+ 0` turns -0 into 0.
  return seconds * 1000 + 0;
}
