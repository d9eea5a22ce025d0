/**
 * The examples in examples/ run and print what their comments promise.
 */
import { describe, expect, it } from 'vitest';
import { main as priorityFailover } from '../examples/priority-failover.js';
import { main as envoyConfig } from '../examples/envoy-config.js';
import { main as explain } from '../examples/explain.js';
import { main as zoneAware } from '../examples/zone-aware.js';

describe('examples', () => {
  it('priority-failover: one host down keeps 93% at P0 (2/3 x 140), two down spill to P1', () => {
    expect(priorityFailover()).toEqual(['10.0.0.1:80 down: P0 93%, P1 7%', '10.0.0.2:80 down: P0 46%, P1 54%']);
  });
  it('envoy-config: weights 3:1 give 300:100 over 400 round robin picks; non-LB fields are ignored', () => {
    expect(envoyConfig()).toEqual(['ignored: type, connect_timeout', '10.0.0.1:8080: 300', '10.0.0.2:8080: 100']);
  });
  it('explain: the draw chooses the priority and the host', () => {
    expect(explain()).toEqual([
      'draw 42: priority 0 (healthy), panic false, source healthy -> 10.0.0.1:80',
      'draw 85: priority 1 (healthy), panic false, source healthy -> 10.0.1.1:80',
    ]);
  });
  it('zone-aware: about half the traffic stays in the local zone, the rest goes to the zone with spare capacity', () => {
    const lines = zoneAware();
    const share = (z: string) => Number(lines.find((l) => l.startsWith(`zone ${z}:`))?.match(/([\d.]+)%/)?.[1] ?? 0);
    expect(Math.abs(share('A') - 50)).toBeLessThan(2);
    expect(Math.abs(share('C') - 50)).toBeLessThan(2);
    expect(share('B')).toBe(0);
  });
});
