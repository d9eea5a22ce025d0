/**
 * Original destination load balancing (`lb_policy: CLUSTER_PROVIDED` on an `ORIGINAL_DST`
 * cluster): the request names its upstream. The destination comes from a request header (when
 * enabled) or from the connection's original destination; the load balancer returns the host with
 * that address, creating it on demand, and a periodic cleanup removes hosts that were not picked
 * since the previous cleanup. Mirrors `OriginalDstCluster` and its `LoadBalancer` in Envoy's
 * `source/extensions/clusters/original_dst/original_dst_cluster.{h,cc}`, without threads: a
 * created host joins priority 0 at once instead of through the main thread's dispatcher.
 */
import { Host } from '../../host/host.js';
import { canonicalIpv6, isIpv4 } from '../../host/address.js';
import type { PrioritySet } from '../../cluster/priority-set.js';
import type { Clock } from '../../common/clock.js';
import { LbStats } from '../../lb/stats.js';
import type { LoadBalancerContext, PickExplanation } from '../../lb/context.js';
import type { LoadBalancer, PriorityLoadSnapshot } from '../../lb/load-balancer.js';
import type { ResolvedOriginalDst } from './options.js';

/** One destination address: its host and Envoy's "picked since the last cleanup" bit. */
interface AddressEntry {
  readonly host: Host;
  used: boolean;
}

/**
 * Parses `ip:port` / `[ipv6]:port` as Envoy's `parseInternetAddressAndPortNoThrow(text, false)`
 * and returns the address as Envoy prints it (`asString()`), with `port` replacing the parsed port
 * when it is >= 0; null when the text is not an IP address with a port in [0, 65535].
 */
export function canonicalDestination(text: string, port = -1): string | null {
  let ip: string | null;
  let portText: string;
  if (text.startsWith('[')) {
    const end = text.lastIndexOf(']:');
    if (end < 0) return null;
    const v6 = canonicalIpv6(text.slice(1, end));
    ip = v6 === null ? null : `[${v6}]`;
    portText = text.slice(end + 2);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0) return null;
    const v4 = text.slice(0, colon);
    ip = isIpv4(v4) ? v4 : null;
    portText = text.slice(colon + 1);
  }
  if (ip === null || !/^\d+$/.test(portText)) return null;
  const parsed = Number(portText);
  if (parsed > 65_535) return null;
  return `${ip}:${port >= 0 ? port : parsed}`;
}

/** Case-insensitive header-name equality without allocating (`lower` is lower case). */
function sameHeaderName(name: string, lower: string): boolean {
  if (name === lower) return true;
  if (name.length !== lower.length) return false;
  for (let i = 0; i < name.length; i++) {
    let c = name.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** First value of a header value that may be a list. */
function firstValue(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.length > 0 && typeof v[0] === 'string') return v[0];
  return null;
}

/**
 * The first value of header `lower` in `request.headers`, which may be a list of `[name, value]`
 * pairs (matched case-insensitively), a `Map` or a plain object keyed by lower-case names (values
 * may be lists), or an object with a `get(name)` method (such as Fetch `Headers`).
 */
export function requestHeader(request: unknown, lower: string): string | null {
  if (request === null || typeof request !== 'object') return null;
  const headers = (request as { headers?: unknown }).headers;
  if (headers === null || typeof headers !== 'object') return null;
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i++) {
      const pair: unknown = headers[i];
      if (Array.isArray(pair) && typeof pair[0] === 'string' && sameHeaderName(pair[0], lower)) return firstValue(pair[1]);
    }
    return null;
  }
  if (headers instanceof Map) return firstValue(headers.get(lower));
  const get = (headers as { get?: unknown }).get;
  if (typeof get === 'function') return firstValue(get.call(headers, lower));
  return firstValue((headers as Record<string, unknown>)[lower]);
}

/**
 * The original destination load balancer. Build one with {@link originalDst}. It owns priority 0 of
 * its priority set: hosts are added there when first picked and removed by {@link cleanup}.
 */
export class OriginalDstLoadBalancer implements LoadBalancer {
  /** The priority set the created hosts live in (priority 0). */
  readonly prioritySet: PrioritySet;
  /** Stats: `original_dst_host_created`, `original_dst_host_removed`, `original_dst_host_invalid`. */
  readonly stats: LbStats;
  private readonly settings: ResolvedOriginalDst;
  private readonly clock: Clock;
  /** Hosts by address (`asString()`), Envoy's `HostMultiMap`. */
  private readonly hostMap = new Map<string, AddressEntry>();
  /** Destination texts already resolved to an entry (cleared at each cleanup), so repeat picks parse nothing. */
  private readonly resolved = new Map<string, AddressEntry>();
  private nextCleanupAt: number;

  /** @internal use {@link originalDst} */
  constructor(prioritySet: PrioritySet, settings: ResolvedOriginalDst, clock: Clock, stats: LbStats) {
    this.prioritySet = prioritySet;
    this.settings = settings;
    this.clock = clock;
    this.stats = stats;
    this.nextCleanupAt = clock.now() + settings.cleanupIntervalMs;
  }

  /** When the next cleanup is due (clock milliseconds). */
  get nextCleanupTime(): number {
    return this.nextCleanupAt;
  }

  /**
   * The host for the request's destination: the header named by `httpHeaderName` when
   * `useHttpHeader` is on and it holds a valid address (first value only), else
   * `context.originalDestination`; the port replaced by `upstreamPortOverride` when set. A new
   * address gets a new host (weight 1, healthy, no locality) added to priority 0. No context, or no
   * usable destination, gives null. Retries and priorities do not apply.
   */
  chooseHost(context?: LoadBalancerContext | null): Host | null {
    if (context === null || context === undefined) return null;
    const headerName = this.settings.headerName;
    if (headerName !== null) {
      const value = requestHeader(context.request, headerName);
      if (value !== null) {
        const host = this.hostFor(value);
        if (host !== null) return host;
        this.stats.original_dst_host_invalid++;
      }
    }
    const dst = context.originalDestination;
    if (typeof dst !== 'string') return null;
    return this.hostFor(dst);
  }

  /** Envoy's original destination load balancer does not preconnect: always null. */
  peekAnotherHost(): Host | null {
    return null;
  }

  explain(context?: LoadBalancerContext | null): PickExplanation {
    const host = this.chooseHost(context);
    return {
      host,
      attempts: [
        {
          hash: '',
          priority: host === null ? -1 : 0,
          availability: 'healthy',
          panic: false,
          source: host === null ? 'none' : 'all',
          localityIndex: -1,
          localityDecision: 'none',
          host,
          rejected: false,
        },
      ],
    };
  }

  /** Every pick goes to priority 0 (100% healthy load there once it exists); no panic. */
  priorityLoad(): PriorityLoadSnapshot {
    const n = this.prioritySet.hostSets.length;
    const healthy = new Array<number>(n).fill(0);
    if (n > 0) healthy[0] = 100;
    return { healthy, degraded: new Array<number>(n).fill(0), panic: new Array<boolean>(n).fill(false) };
  }

  destroy(): void {
    this.hostMap.clear();
    this.resolved.clear();
  }

  /** Hosts currently known, by address. */
  hosts(): Host[] {
    const out: Host[] = [];
    for (const e of this.hostMap.values()) out.push(e.host);
    return out;
  }

  /**
   * Runs Envoy's cleanup timer callback when it is due (`now >= ` the previous run plus
   * `cleanupIntervalMs`; the first run is due one interval after construction): every address
   * picked since the previous run is kept and its mark cleared; an address not picked since then is
   * removed unless `hostInUse(host)`. Removed hosts leave priority 0 in one update. The next run is
   * due one interval after this one. Returns the hosts removed (none when not due). Call it at least
   * once per interval to follow Envoy's timer.
   */
  cleanup(now: number = this.clock.now()): Host[] {
    if (now < this.nextCleanupAt) return [];
    this.nextCleanupAt = now + this.settings.cleanupIntervalMs;
    this.resolved.clear();
    const keep: Host[] = [];
    const removed: Host[] = [];
    for (const [address, entry] of this.hostMap) {
      let kept = false;
      if (entry.used) {
        kept = true;
        entry.used = false;
      } else if (this.settings.hostInUse(entry.host)) {
        kept = true;
      }
      if (kept) {
        keep.push(entry.host);
      } else {
        removed.push(entry.host);
        this.hostMap.delete(address);
      }
    }
    if (removed.length > 0) {
      this.stats.original_dst_host_removed += removed.length;
      this.prioritySet.updateHosts(0, keep, { hostsAdded: [], hostsRemoved: removed });
    }
    return removed;
  }

  /** The host for a destination text, created on first use; null when the text is not an address. */
  private hostFor(text: string): Host | null {
    let entry = this.resolved.get(text);
    if (entry === undefined) {
      const address = canonicalDestination(text, this.settings.portOverride);
      if (address === null) return null;
      entry = this.hostMap.get(address);
      if (entry === undefined) entry = this.addHost(address);
      this.resolved.set(text, entry);
    }
    entry.used = true;
    return entry.host;
  }

  /** Envoy's `addHost`: a new host at priority 0, marked used. */
  private addHost(address: string): AddressEntry {
    const host = new Host({ address, createdAt: this.clock.now() });
    const entry: AddressEntry = { host, used: true };
    this.hostMap.set(address, entry);
    this.stats.original_dst_host_created++;
    const current = this.prioritySet.hostSets.length > 0 ? this.prioritySet.hostSets[0].hosts : [];
    this.prioritySet.updateHosts(0, [...current, host], { hostsAdded: [host], hostsRemoved: [] });
    return entry;
  }
}
