import { describe, expect, it } from 'vitest';
import { originalDst } from '../../../src/policies/original-dst/index.js';
import { resolveOriginalDstOptions } from '../../../src/policies/original-dst/options.js';
import { PrioritySet } from '../../../src/cluster/priority-set.js';
import { loadCluster } from '../../../src/config/load.js';
import { makeHosts, setOf } from '../round-robin/fixtures.js';

const build = (options: Record<string, unknown>) => () => originalDst(new PrioritySet(), options as never);

describe('originalDst() options: defaults', () => {
  it('no header, no port override, cleanup every 5 s', () => {
    const r = resolveOriginalDstOptions({});
    expect(r).toMatchObject({ headerName: null, portOverride: -1, cleanupIntervalMs: 5_000 });
    expect(resolveOriginalDstOptions({ useHttpHeader: true }).headerName).toBe('x-envoy-original-dst-host');
    expect(resolveOriginalDstOptions({ useHttpHeader: true, httpHeaderName: '' }).headerName).toBe('x-envoy-original-dst-host');
  });
});

describe('originalDst() options: validation (exact messages)', () => {
  it('prioritySet must be an empty PrioritySet', () => {
    expect(() => originalDst(undefined as never)).toThrow('prioritySet: must be a PrioritySet, got undefined');
    expect(() => originalDst(setOf(makeHosts([80, 81])))).toThrow(
      'prioritySet: must have no hosts: an original destination cluster creates its hosts on demand, got 2',
    );
  });

  it('options must be an object', () => {
    expect(() => originalDst(new PrioritySet(), 'x' as never)).toThrow('options: must be an object, got "x"');
  });

  it('useHttpHeader (use_http_header) must be a boolean', () => {
    expect(build({ useHttpHeader: 'yes' })).toThrow('useHttpHeader: must be a boolean, got "yes"');
  });

  it('httpHeaderName (http_header_name) must be a string and needs useHttpHeader', () => {
    expect(build({ useHttpHeader: true, httpHeaderName: 5 })).toThrow('httpHeaderName: must be a string, got 5');
    expect(build({ httpHeaderName: 'x-dst' })).toThrow(
      'httpHeaderName: needs useHttpHeader: true (Envoy rejects http_header_name when use_http_header is false), got "x-dst"',
    );
  });

  it('upstreamPortOverride (upstream_port_override) must be a port', () => {
    expect(build({ upstreamPortOverride: 65_536 })).toThrow('upstreamPortOverride: must be an integer in [0, 65535], got 65536');
    expect(build({ upstreamPortOverride: -1 })).toThrow('upstreamPortOverride: must be an integer in [0, 65535], got -1');
  });

  it('cleanupIntervalMs (Cluster.cleanup_interval) must be a positive integer', () => {
    expect(build({ cleanupIntervalMs: 0 })).toThrow('cleanupIntervalMs: must be a positive integer number of milliseconds, got 0');
    expect(build({ cleanupIntervalMs: 1.5 })).toThrow('cleanupIntervalMs: must be a positive integer number of milliseconds, got 1.5');
  });

  it('hostInUse must be a function; clock a Clock; stats an object', () => {
    expect(build({ hostInUse: true })).toThrow('hostInUse: must be a function, got true');
    expect(build({ clock: {} })).toThrow('clock: must be a Clock (an object with a now() method), got {}');
    expect(build({ stats: 3 })).toThrow('stats: must be an object, got 3');
  });
});

describe('original_dst_lb_config validation (Envoy config)', () => {
  const load = (config: unknown, extra: Record<string, unknown> = {}) => () =>
    loadCluster({ lb_policy: 'CLUSTER_PROVIDED', original_dst_lb_config: config, ...extra });

  it('http_header_name without use_http_header is rejected, as Envoy does', () => {
    expect(load({ http_header_name: 'x-dst' })).toThrow(
      'original_dst_lb_config.http_header_name: needs use_http_header: true (Envoy: "Set use_http_header to true if http_header_name is desired"), got "x-dst"',
    );
  });

  it('upstream_port_override must be <= 65535', () => {
    expect(load({ upstream_port_override: 70_000 })).toThrow('original_dst_lb_config.upstream_port_override: must be <= 65535, got 70000');
  });

  it('metadata_key (dynamic metadata) is not supported', () => {
    expect(load({ metadata_key: { key: 'k', path: [] } })).toThrow('original_dst_lb_config.metadata_key: is not supported by upstream-lb');
  });

  it('a load assignment with endpoints is rejected (Envoy: no load assignment on ORIGINAL_DST clusters)', () => {
    expect(
      load({}, { load_assignment: { endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: '1.1.1.1', port_value: 1 } } } }] }] } }),
    ).toThrow('prioritySet: must have no hosts: an original destination cluster creates its hosts on demand, got 1');
  });
});
