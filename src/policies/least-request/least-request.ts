/**
 * Least request (`LEAST_REQUEST`). With equal weights (and no configured bias, no host in slow
 * start) each pick samples `choice_count` hosts at random, with replacement, and keeps the one with
 * the fewest active requests (`N_CHOICES`, "power of two choices"), or scans every host
 * (`FULL_SCAN`). Otherwise Envoy's EDF scheduler runs with each host's weight divided by
 * `(active_requests + 1) ^ active_request_bias`, evaluated when the host is (re-)inserted.
 * Mirrors Envoy's `LeastRequestLoadBalancer` (`least_request_lb.{h,cc}`).
 */
import type { Host } from '../../host/host.js';
import type { U64 } from '../../common/u64.js';
import { FAST_MOD_LIMIT, modU64At } from '../../common/u64.js';
import type { HostSource } from '../../lb/host-source.js';
import type { ZoneAwareLoadBalancer } from '../../lb/zone-aware.js';
import type { SeededRandom } from '../../common/random.js';
import { EdfPicker } from '../common/edf-picker.js';
import type { ResolvedLeastRequest } from './options.js';

const TWO_POW_32 = 4_294_967_296;

/**
 * `v mod n` for an integer `0 <= v < 2^53` and `n <= 2^21`, given `inv = 1 / n`: the quotient from
 * the reciprocal is off by at most one, corrected once. Returned as an int32 (an array index).
 */
function reduce(v: number, n: number, inv: number): number {
  let r = v - Math.floor(v * inv) * n;
  if (r >= n) r -= n;
  else if (r < 0) r += n;
  return r | 0;
}

/** @internal The least request host picker. */
export class LeastRequestPicker extends EdfPicker {
  private readonly settings: ResolvedLeastRequest;
  /** `active_request_bias_`, re-read at every refresh. */
  private bias = 1;
  /** `always_use_weighted_selection_`, re-read at every refresh. */
  private weightedAlways = false;
  /** One policy draw as `[hi, lo]` (kept in a typed array so the u64 never boxes). */
  private readonly draw = new Uint32Array(2);
  /** Distinct sampling: indexes sampled in the current pick, ascending. */
  private sampled = new Int32Array(0);
  /** A draw as u64 halves, read directly by the P2C loop. */
  private readonly u64: U64 = { hi: 0, lo: 0 };
  /** Host count the cached reduction constants are for (0: none). */
  private modN = 0;
  /** `1 / modN`. */
  private modInv = 0;
  /** `2^32 mod modN`. */
  private modPow = 0;
  /** Plain `N_CHOICES` sampling (not full scan, not distinct). */
  private readonly plainChoices: boolean;
  /** The load balancer's random source when it is the built-in generator (its draws are read in place). */
  private seeded: SeededRandom | null = null;

  constructor(settings: ResolvedLeastRequest) {
    super(settings.slowStart);
    this.settings = settings;
    this.plainChoices = !settings.fullScan && !settings.distinctChoices;
  }

  override attach(lb: ZoneAwareLoadBalancer): void {
    this.seeded = lb.seededRandom;
    super.attach(lb);
  }

  /**
   * The fixed-source pick. With the built-in generator, unweighted `N_CHOICES` reads the priority
   * draw (unused: the source is fixed) and the samples straight from the generator's batch when
   * they are all in it; otherwise, and for every other case, the ordinary path runs. Both consume
   * the same draws and choose the same host.
   */
  override pickFixed(source: HostSource): Host | null {
    const s = this.seeded;
    const hosts = source.hosts;
    const n = hosts.length;
    if (s !== null && source.edf === null && this.plainChoices && n !== 0 && n <= FAST_MOD_LIMIT) {
      const k = this.settings.choiceCount;
      const start = s.claim(k + 1);
      if (start >= 0) {
        if (n !== this.modN) this.setModulus(n);
        // The first draw chose the priority (unused: the source is fixed); the samples follow.
        const words = s.buf;
        if (k !== 2) return this.sampleWords(hosts, words, start + 2, start + 2 * (k + 1));
        // The default choice_count of 2: the steps of sampleWords, unrolled.
        const inv = this.modInv;
        const p = this.modPow;
        const first = hosts[reduce(words[start + 2] * p + words[start + 3], n, inv)];
        const second = hosts[reduce(words[start + 4] * p + words[start + 5], n, inv)];
        return second.activeRequests < first.activeRequests ? second : first;
      }
    }
    return this.pick(source, this.lb.takeDraw());
  }

  /** The active request bias in use (from the last refresh). */
  get activeRequestBias(): number {
    return this.bias;
  }

  /** Envoy's `LeastRequestLoadBalancer::refresh`: re-reads the bias and the weighted-mode flag. */
  protected override beforeRefresh(): void {
    const configured = this.settings.activeRequestBias;
    let v = configured === null ? 1 : typeof configured === 'function' ? configured() : configured;
    if (typeof v !== 'number' || v < 0 || Number.isNaN(v)) v = 1;
    this.bias = v;
    this.weightedAlways = configured !== null && this.settings.biasForcesWeighted;
  }

  protected refreshUnchangedIsNoop(): boolean {
    return typeof this.settings.activeRequestBias !== 'function';
  }

  protected refreshHostSource(source: HostSource): void {
    if (!this.settings.distinctChoices) return;
    const need = Math.min(this.settings.choiceCount, source.hosts.length);
    if (this.sampled.length < need) this.sampled = new Int32Array(need);
  }

  protected override alwaysUseWeighted(): boolean {
    return this.weightedAlways;
  }

  /** `weight / (active + 1) ^ bias` (bias 1: a plain division; bias 0: the weight), then slow start. */
  protected hostWeight(host: Host): number {
    const active = host.activeRequests + 1;
    const bias = this.bias;
    let w = host.weight;
    if (bias === 1) w = host.weight / active;
    else if (bias !== 0) w = host.weight / Math.pow(active, bias);
    return this.slowStart.noHostsInSlowStart() ? w : this.slowStart.apply(w, host);
  }

  protected unweightedPick(source: HostSource): Host | null {
    if (this.settings.fullScan) return this.fullScan(source.hosts);
    if (this.settings.distinctChoices) return this.distinctChoices(source.hosts);
    return this.nChoices(source.hosts);
  }

  /** Least request never peeks in unweighted mode: another pick may change the counts meanwhile. */
  protected unweightedPeek(): Host | null {
    return null;
  }

  /** `N_CHOICES`: `choice_count` draws `rng() % n` (even for one host); a sample replaces the candidate only with strictly fewer requests. */
  private nChoices(hosts: readonly Host[]): Host | null {
    const n = hosts.length;
    if (n > FAST_MOD_LIMIT) return this.nChoicesLarge(hosts);
    if (n !== this.modN) this.setModulus(n);
    // u64 mod n without a floating-point remainder: x mod n = (hi * (2^32 mod n) + lo) mod n,
    // exact in a double for n <= 2^21; the quotient from 1/n is off by at most one.
    const inv = this.modInv;
    const p = this.modPow;
    const random = this.lb.random;
    const u = this.u64;
    let candidate: Host | null = null;
    for (let i = 0, k = this.settings.choiceCount; i < k; i++) {
      random.nextU64(u);
      const sampled = hosts[reduce(u.hi * p + u.lo, n, inv)];
      if (candidate === null || sampled.activeRequests < candidate.activeRequests) candidate = sampled;
    }
    return candidate;
  }

  /** {@link nChoices} over draws already generated: `[hi, lo]` pairs in `words[from..to)`. */
  private sampleWords(hosts: readonly Host[], words: Uint32Array, from: number, to: number): Host | null {
    const n = hosts.length;
    const inv = this.modInv;
    const p = this.modPow;
    let candidate: Host | null = null;
    for (let q = from; q < to; q += 2) {
      const sampled = hosts[reduce(words[q] * p + words[q + 1], n, inv)];
      if (candidate === null || sampled.activeRequests < candidate.activeRequests) candidate = sampled;
    }
    return candidate;
  }

  /** Caches `1 / n` and `2^32 mod n` for the sampling loop (host counts change only on updates). */
  private setModulus(n: number): void {
    const inv = 1 / n;
    this.modN = n;
    this.modInv = inv;
    this.modPow = reduce(TWO_POW_32, n, inv);
  }

  /** {@link nChoices} for more than 2^21 hosts. */
  private nChoicesLarge(hosts: readonly Host[]): Host | null {
    const draw = this.draw;
    let candidate: Host | null = null;
    for (let i = 0, k = this.settings.choiceCount; i < k; i++) {
      this.lb.drawInto(draw);
      const sampled = hosts[modU64At(draw, 0, hosts.length)];
      if (candidate === null || sampled.activeRequests < candidate.activeRequests) candidate = sampled;
    }
    return candidate;
  }

  /**
   * `FULL_SCAN`: every host in order; the least loaded wins, and the `k`-th host found tied with
   * the candidate replaces it when `rng() % k == 0` (reservoir sampling, one draw per tie only).
   */
  private fullScan(hosts: readonly Host[]): Host | null {
    const draw = this.draw;
    let candidate: Host | null = null;
    let tied = 0;
    for (let i = 0, n = hosts.length; i < n; i++) {
      const sampled = hosts[i];
      if (candidate === null) {
        candidate = sampled;
        tied = 1;
        continue;
      }
      if (sampled.activeRequests < candidate.activeRequests) {
        candidate = sampled;
        tied = 1;
      } else if (sampled.activeRequests === candidate.activeRequests) {
        tied++;
        this.lb.drawInto(draw);
        if (modU64At(draw, 0, tied) === 0) candidate = sampled;
      }
    }
    return candidate;
  }

  /** Opt-in (Envoy issue #11004): `min(choice_count, n)` distinct samples; see `distinctChoices`. */
  private distinctChoices(hosts: readonly Host[]): Host | null {
    const n = hosts.length;
    const k = Math.min(this.settings.choiceCount, n);
    const draw = this.draw;
    const sampled = this.sampled;
    let candidate: Host | null = null;
    for (let i = 0; i < k; i++) {
      this.lb.drawInto(draw);
      // The r-th host not sampled yet: step over every sampled index at or below it.
      let index = modU64At(draw, 0, n - i);
      let j = 0;
      while (j < i && sampled[j] <= index) {
        index++;
        j++;
      }
      for (let t = i; t > j; t--) sampled[t] = sampled[t - 1];
      sampled[j] = index;
      const host = hosts[index];
      if (candidate === null || host.activeRequests < candidate.activeRequests) candidate = host;
    }
    return candidate;
  }
}
