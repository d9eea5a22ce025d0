/**
 * Round robin (`ROUND_ROBIN`): plain rotation when all weights are equal, Envoy's EDF scheduler
 * when they differ or a host is in slow start. One index per host source, seeded with the
 * construction draw and kept across host-set updates. Mirrors Envoy's `RoundRobinLoadBalancer`.
 */
import type { Host } from '../../host/host.js';
import { modU64 } from '../../common/u64.js';
import type { HostSource } from '../../lb/host-source.js';
import { EdfPicker } from '../common/edf-picker.js';
import type { ResolvedSlowStart } from '../common/slow-start.js';

const TWO_POW_32 = 4_294_967_296;

/** @internal The round robin host picker. */
export class RoundRobinPicker extends EdfPicker {
  /** Envoy's `peekahead_index_`, shared by every source and reset by any refresh. */
  private peekahead = 0;

  constructor(slowStart: ResolvedSlowStart) {
    super(slowStart);
  }

  protected refreshHostSource(source: HostSource): void {
    if (!source.rrInitialized) {
      source.rrInitialized = true;
      source.rrHi = this.seedHi;
      source.rrLo = this.seedLo;
      source.rrModulus = 0;
    }
    this.peekahead = 0;
  }

  protected override refreshUnchanged(): void {
    this.peekahead = 0;
  }

  protected refreshUnchangedIsNoop(): boolean {
    return this.peekahead === 0;
  }

  protected hostWeight(host: Host): number {
    if (!this.slowStart.noHostsInSlowStart()) return this.slowStart.apply(host.weight, host);
    return host.weight;
  }

  protected unweightedPick(source: HostSource): Host | null {
    if (this.peekahead > 0) this.peekahead--;
    const hosts = source.hosts;
    const n = hosts.length;
    if (source.rrModulus !== n) {
      source.rrResidue = modU64(source.rrHi, source.rrLo, n) | 0;
      source.rrModulus = n;
    }
    const i = source.rrResidue;
    source.rrResidue = i + 1 === n ? 0 : i + 1;
    const lo = source.rrLo + 1;
    if (lo === TWO_POW_32) {
      source.rrLo = 0;
      source.rrHi = (source.rrHi + 1) >>> 0;
    } else {
      source.rrLo = lo;
    }
    return hosts[i];
  }

  protected unweightedPeek(source: HostSource): Host | null {
    const n = source.hosts.length;
    const base = modU64(source.rrHi, source.rrLo, n);
    const i = (base + (this.peekahead % n)) % n;
    this.peekahead++;
    return source.hosts[i];
  }
}
