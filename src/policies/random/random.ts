/**
 * Random (`RANDOM`): the draw that chose the priority also chooses the host, `hosts[r % n]`;
 * weights are ignored. Mirrors Envoy's `RandomLoadBalancer`.
 */
import type { Host } from '../../host/host.js';
import { modU64At } from '../../common/u64.js';
import type { HostPicker, ZoneAwareLoadBalancer } from '../../lb/zone-aware.js';
import type { HostSource } from '../../lb/host-source.js';

/** @internal The random host picker. */
export class RandomPicker implements HostPicker {
  private lb!: ZoneAwareLoadBalancer;

  attach(lb: ZoneAwareLoadBalancer): void {
    this.lb = lb;
  }

  refresh(): void {}
  hostsAdded(): void {}

  pick(source: HostSource, draw: Uint32Array): Host | null {
    const hosts = source.hosts;
    if (hosts.length === 0) return null;
    return hosts[modU64At(draw, 0, hosts.length)];
  }

  pickFixed(source: HostSource): Host | null {
    return this.pick(source, this.lb.takeDraw());
  }

  peek(source: HostSource, draw: Uint32Array): Host | null {
    return this.pick(source, draw);
  }
}
