/**
 * The host sets of a cluster, one per priority, with update callbacks: Envoy's
 * `PrioritySetImpl`. Load balancers subscribe and rebuild their per-priority state when a
 * priority changes; picks never trigger work here.
 */
import type { Host } from '../host/host.js';
import type { Locality } from '../host/locality.js';
import { UpstreamLbError } from '../errors.js';
import { buildHostSet, emptyHostSet, type HostSet, type HostSetInput } from './host-set.js';

const NO_HOSTS: readonly Host[] = Object.freeze([]);

/** Envoy's limit on `LocalityLbEndpoints.priority`. */
export const MAX_PRIORITY = 128;

/** Called after a priority's host set changed: the priority, hosts added and removed there. */
export type PriorityUpdateCallback = (priority: number, hostsAdded: readonly Host[], hostsRemoved: readonly Host[]) => void;
/** Called after an update (or a batch) with all hosts added and removed across priorities. */
export type MemberUpdateCallback = (hostsAdded: readonly Host[], hostsRemoved: readonly Host[]) => void;

/** A registered callback; `remove()` unregisters it. */
export interface CallbackHandle {
  /** Unregisters the callback. */
  remove(): void;
}

/** Options for {@link PrioritySet}. */
export interface PrioritySetOptions {
  /**
   * Locality of the local Envoy (bootstrap `node.locality`): its hosts become locality index 0 of
   * each priority, which zone-aware routing needs. @defaultValue null
   */
  localLocality?: Locality | null;
}

/** Extra inputs of {@link PrioritySet.updateHosts}. */
export interface UpdateHostsOptions extends Omit<HostSetInput, 'hosts'> {
  /** Hosts added by this update; computed by identity against the previous list when omitted. */
  hostsAdded?: readonly Host[];
  /** Hosts removed by this update; computed by identity when omitted. */
  hostsRemoved?: readonly Host[];
}

/** Host sets per priority with update notifications. */
export class PrioritySet {
  /** Locality of the local Envoy, or null. */
  readonly localLocality: Locality | null;
  private sets: HostSet[] = [];
  private inputs: HostSetInput[] = [];
  // Callback lists are replaced, never modified, on subscribe and unsubscribe, so an update can run
  // the list it started with (a callback may unsubscribe itself) without copying it each time.
  private priorityCallbacks: readonly PriorityUpdateCallback[] = [];
  private memberCallbacks: readonly MemberUpdateCallback[] = [];
  private batchDepth = 0;
  private batchAdded: Host[] = [];
  private batchRemoved: Host[] = [];

  constructor(options: PrioritySetOptions = {}) {
    this.localLocality = options.localLocality ?? null;
  }

  /** @internal Number of priority and member callbacks registered. */
  get subscriberCount(): number {
    return this.priorityCallbacks.length + this.memberCallbacks.length;
  }

  /** Host sets indexed by priority. Priorities are created up to the highest one ever used. */
  get hostSets(): readonly HostSet[] {
    return this.sets;
  }

  /** The host set of `priority`, creating empty ones up to it (Envoy's `getOrCreateHostSet`). */
  getOrCreateHostSet(priority: number): HostSet {
    checkPriority(priority);
    while (this.sets.length <= priority) {
      const p = this.sets.length;
      this.sets.push(emptyHostSet(p));
      this.inputs.push({ hosts: [] });
    }
    return this.sets[priority];
  }

  /**
   * Replaces the hosts of `priority` and notifies subscribers: priority callbacks first, then (unless
   * inside {@link batchUpdate}) member callbacks, in Envoy's order.
   */
  updateHosts(priority: number, hosts: readonly Host[], options: UpdateHostsOptions = {}): void {
    this.getOrCreateHostSet(priority);
    const previous = this.sets[priority].hosts;
    const added = options.hostsAdded ?? diffHosts(hosts, previous);
    const removed = options.hostsRemoved ?? diffHosts(previous, hosts);
    const input: HostSetInput = {
      hosts,
      localityWeights: options.localityWeights ?? null,
      overprovisioningFactor: options.overprovisioningFactor,
      weightedPriorityHealth: options.weightedPriorityHealth,
      localities: options.localities ?? null,
    };
    this.inputs[priority] = input;
    this.sets[priority] = buildHostSet(priority, input, this.localLocality);
    this.notify(priority, added, removed);
  }

  /**
   * Re-partitions `priority` (or every priority) from the hosts' current health flags, weights and
   * localities, and notifies as an update with no hosts added or removed. Call it after changing
   * host health, as Envoy's health checker and outlier detector do.
   */
  refresh(priority?: number): void {
    const targets = priority === undefined ? this.sets.map((_, i) => i) : [priority];
    this.batchUpdate(() => {
      for (const p of targets) {
        this.getOrCreateHostSet(p);
        const input = this.inputs[p];
        this.updateHosts(p, input.hosts, {
          localityWeights: input.localityWeights,
          overprovisioningFactor: input.overprovisioningFactor,
          weightedPriorityHealth: input.weightedPriorityHealth,
          localities: input.localities,
          hostsAdded: [],
          hostsRemoved: [],
        });
      }
    });
  }

  /**
   * @internal Installs `set` (built by another priority set from an equal input: the same hosts in
   * the same order, localities, locality weights, overprovisioning factor and weighted priority
   * health) as the host set of `priority`, then notifies as {@link updateHosts} does. The subset
   * load balancer uses it for a subset that holds every host of the priority, so the cluster's
   * host set is not built a second time.
   */
  adoptHostSet(priority: number, set: HostSet, added: readonly Host[], removed: readonly Host[]): void {
    this.getOrCreateHostSet(priority);
    this.inputs[priority] = {
      hosts: set.hosts,
      localityWeights: set.localityWeights,
      overprovisioningFactor: set.overprovisioningFactor,
      weightedPriorityHealth: set.weightedPriorityHealth,
      localities: set.hostsPerLocality.localities,
    };
    this.sets[priority] = set;
    this.notify(priority, added, removed);
  }

  /**
   * Runs the update callbacks of `priority` for an update that changed nothing, without rebuilding
   * its host set: priority callbacks, then (unless inside {@link batchUpdate}) member callbacks
   * with no hosts added or removed. Envoy's subset load balancer updates every subset on each
   * cluster update, changed or not; this is that update for a subset whose hosts stayed the same.
   */
  notifyUnchanged(priority: number): void {
    this.getOrCreateHostSet(priority);
    this.notify(priority, NO_HOSTS, NO_HOSTS);
  }

  /** Priority callbacks, then member callbacks now or, inside {@link batchUpdate}, at its end. */
  private notify(priority: number, added: readonly Host[], removed: readonly Host[]): void {
    for (const cb of this.priorityCallbacks) cb(priority, added, removed);
    if (this.batchDepth > 0) {
      if (added.length > 0) this.batchAdded.push(...added);
      if (removed.length > 0) this.batchRemoved.push(...removed);
    } else {
      for (const cb of this.memberCallbacks) cb(added, removed);
    }
  }

  /**
   * Runs several updates as one batch: priority callbacks fire per update, member callbacks once at
   * the end with everything added and removed (Envoy's `batchHostUpdate`).
   */
  batchUpdate(fn: () => void): void {
    this.batchDepth++;
    try {
      fn();
    } finally {
      this.batchDepth--;
    }
    if (this.batchDepth === 0) {
      const added = this.batchAdded;
      const removed = this.batchRemoved;
      this.batchAdded = [];
      this.batchRemoved = [];
      for (const cb of this.memberCallbacks) cb(added, removed);
    }
  }

  /** Subscribes to per-priority updates. */
  addPriorityUpdateCallback(cb: PriorityUpdateCallback): CallbackHandle {
    this.priorityCallbacks = [...this.priorityCallbacks, cb];
    return { remove: () => (this.priorityCallbacks = without(this.priorityCallbacks, cb)) };
  }

  /** Subscribes to membership updates (hosts added and removed). */
  addMemberUpdateCallback(cb: MemberUpdateCallback): CallbackHandle {
    this.memberCallbacks = [...this.memberCallbacks, cb];
    return { remove: () => (this.memberCallbacks = without(this.memberCallbacks, cb)) };
  }

  /** Every host across priorities, in priority order. */
  allHosts(): Host[] {
    const out: Host[] = [];
    for (const s of this.sets) out.push(...s.hosts);
    return out;
  }

  /** Finds a host by address across priorities. */
  findHost(address: string): Host | undefined {
    for (const s of this.sets) for (const h of s.hosts) if (h.address === address) return h;
    return undefined;
  }

  /** The inputs last given for `priority` (hosts, locality weights, factor). */
  inputOf(priority: number): HostSetInput {
    this.getOrCreateHostSet(priority);
    return this.inputs[priority];
  }
}

function checkPriority(priority: number): void {
  if (!Number.isInteger(priority) || priority < 0 || priority > MAX_PRIORITY) {
    throw new UpstreamLbError('priority', priority, `must be an integer in [0, ${MAX_PRIORITY}]`);
  }
}

function diffHosts(a: readonly Host[], b: readonly Host[]): Host[] {
  if (b.length === 0) return a.slice();
  const set = new Set(b);
  return a.filter((h) => !set.has(h));
}

/** `list` without the first occurrence of `item` (a new array), or `list` itself. */
function without<T>(list: readonly T[], item: T): readonly T[] {
  const i = list.indexOf(item);
  return i < 0 ? list : [...list.slice(0, i), ...list.slice(i + 1)];
}
