/**
 * Random (`RANDOM`): the draw that chose the priority also chooses the host, `hosts[r % n]`;
 * weights are ignored. Mirrors Envoy's `RandomLoadBalancer`.
 */
import type { Host } from '../../host/host.js';
import { modU64At } from '../../common/u64.js';
import type { SeededRandom } from '../../common/random.js';
import type { HostPicker, ZoneAwareLoadBalancer } from '../../lb/zone-aware.js';
import type { HostSource } from '../../lb/host-source.js';

/** @internal The random host picker. */
export class RandomPicker implements HostPicker {
  private lb!: ZoneAwareLoadBalancer;
  /** The load balancer's random source when it is the built-in generator (its draws are read in place). */
  private seeded: SeededRandom | null = null;

  attach(lb: ZoneAwareLoadBalancer): void {
    this.lb = lb;
    this.seeded = lb.seededRandom;
  }

  refresh(): void {}
  unchangedRefreshIsNoop(): boolean {
    return true;
  }
  hostsAdded(): void {}

  pick(source: HostSource, draw: Uint32Array): Host | null {
    const hosts = source.hosts;
    if (hosts.length === 0) return null;
    return hosts[modU64At(draw, 0, hosts.length)];
  }

  /** The fixed-source pick: with the built-in generator the draw is read in place from its batch. */
  pickFixed(source: HostSource): Host | null {
    const s = this.seeded;
    const hosts = source.hosts;
    if (s !== null && hosts.length !== 0) {
      const p = s.claim(1);
      if (p >= 0) return hosts[modU64At(s.buf, p, hosts.length)];
    }
    return this.pick(source, this.lb.takeDraw());
  }

  peek(source: HostSource, draw: Uint32Array): Host | null {
    return this.pick(source, draw);
  }
}
