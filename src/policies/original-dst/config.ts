/**
 * `CLUSTER_PROVIDED` (legacy `ORIGINAL_DST_LB`) in Envoy config, for an `ORIGINAL_DST` cluster:
 * `original_dst_lb_config` (`use_http_header`, `http_header_name`, `upstream_port_override`) and
 * the cluster's `cleanup_interval`. The load assignment must be empty, as Envoy requires.
 */
import { ConfigError } from '../../errors.js';
import type { CommonLbSpec, PolicyDefinition } from '../../config/policy.js';
import { originalDst } from './index.js';

/** Parsed `original_dst_lb_config`. */
export interface OriginalDstSpec {
  /** `use_http_header`. */
  useHttpHeader: boolean;
  /** `http_header_name` ('' = default). */
  httpHeaderName: string;
  /** `upstream_port_override`, or null. */
  upstreamPortOverride: number | null;
}

/** The `CLUSTER_PROVIDED` policy definition (original destination). */
export const originalDstPolicy: PolicyDefinition<OriginalDstSpec> = {
  configField: 'original_dst_lb_config',
  parse(config) {
    const spec: OriginalDstSpec = { useHttpHeader: false, httpHeaderName: '', upstreamPortOverride: null };
    if (!config) return spec;
    spec.useHttpHeader = config.bool('use_http_header', false);
    spec.httpHeaderName = config.string('http_header_name', '');
    if (!spec.useHttpHeader && spec.httpHeaderName !== '') {
      throw new ConfigError(
        config.at('http_header_name'),
        spec.httpHeaderName,
        'needs use_http_header: true (Envoy: "Set use_http_header to true if http_header_name is desired")',
      );
    }
    spec.upstreamPortOverride = config.integer('upstream_port_override', 0, 65_535) ?? null;
    config.unsupported('metadata_key');
    config.done();
    return spec;
  },
  build(ctx, spec) {
    const common: CommonLbSpec = ctx.common;
    return originalDst(ctx.prioritySet, {
      useHttpHeader: spec.useHttpHeader,
      httpHeaderName: spec.httpHeaderName,
      upstreamPortOverride: spec.upstreamPortOverride,
      cleanupIntervalMs: common.cleanupIntervalMs,
      clock: ctx.clock,
      stats: ctx.stats,
    });
  },
};
