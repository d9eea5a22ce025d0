import { describe, expect, it } from 'vitest';
import { parseRouteAction } from '../../src/route/route-action.js';
import { ConfigError, UnsupportedConfigError } from '../../src/errors.js';

const lb = (s: Record<string, unknown>) => ({ filter_metadata: { 'envoy.lb': s } });

describe('parseRouteAction(json)', () => {
  it('parses cluster + metadata_match into sorted criteria', () => {
    const a = parseRouteAction({ cluster: 'webcluster1', metadata_match: lb({ version: '1.2-pre', stage: 'dev' }), timeout: '1s' });
    expect(a.cluster).toBe('webcluster1');
    expect(a.metadataMatch?.sortedKeys).toEqual(['stage', 'version']);
    expect(a.weightedClusters).toBeNull();
    expect(a.ignoredFields).toEqual(['route.timeout']);
  });

  it("parses weighted_clusters, merging each entry's metadata_match over the route's", () => {
    const a = parseRouteAction({
      weighted_clusters: {
        clusters: [
          { name: 'webcluster1', weight: 90, metadata_match: lb({ version: '1.0' }) },
          { name: 'webcluster1', weight: 10, metadata_match: lb({ version: '1.1' }) },
        ],
      },
      metadata_match: lb({ stage: 'prod' }),
    });
    const w = a.weightedClusters!;
    expect(w.totalWeight).toBe(100);
    expect(w.clusters.map((c) => c.metadataMatch?.toJSON())).toEqual([
      { stage: 'prod', version: '1.0' },
      { stage: 'prod', version: '1.1' },
    ]);
  });

  it('ignores other filters of metadata_match and treats a missing envoy.lb as no criteria', () => {
    expect(parseRouteAction({ cluster: 'c', metadata_match: { filter_metadata: { other: { a: 1 } } } }).metadataMatch).toBeNull();
    expect(parseRouteAction({ cluster: 'c', metadata_match: { filter_metadata: { 'envoy.lb': {} } } }).metadataMatch?.size).toBe(0);
  });

  it('keeps hash_policy as given and accepts cluster_header', () => {
    const a = parseRouteAction({ cluster_header: 'x-cluster', hash_policy: [{ header: { header_name: 'x' } }] });
    expect(a.clusterHeader).toBe('x-cluster');
    expect(a.hashPolicy).toEqual([{ header: { header_name: 'x' } }]);
  });

  it('reports a total_weight that differs from the sum (Envoy ignores the deprecated field)', () => {
    const a = parseRouteAction({ weighted_clusters: { total_weight: 99, clusters: [{ name: 'a', weight: 3 }, { name: 'b', weight: 3 }] } });
    expect(a.weightedClusters?.totalWeight).toBe(6);
    expect(a.notices).toEqual(['route.weighted_clusters.total_weight: 99 differs from the sum of the weights (6); total_weight is deprecated and Envoy uses the sum']);
  });

  it('rejects invalid route actions with typed errors naming the path', () => {
    const cases: [unknown, string][] = [
      [{}, 'route: one of cluster, cluster_header, weighted_clusters, cluster_specifier_plugin, inline_cluster_specifier_plugin is required (cluster_specifier), got {}'],
      [{ cluster: 'a', cluster_header: 'b' }, 'route.cluster_header: cannot be set together with cluster (cluster_specifier is a oneof), got "b"'],
      [{ cluster: '' }, 'route.cluster: value length must be at least 1 characters, got ""'],
      [{ cluster: 'a', bogus: 1 }, 'route.bogus: is not a known field here, got 1'],
      [{ weighted_clusters: { clusters: [] } }, 'route.weighted_clusters.clusters: value must contain at least 1 item(s), got []'],
      [{ weighted_clusters: { clusters: [{ weight: 1 }] } }, 'route.weighted_clusters.clusters[0]: At least one of name or cluster_header need to be specified'],
      [{ weighted_clusters: { clusters: [{ name: 'a', cluster_header: 'h', weight: 1 }] } }, 'route.weighted_clusters.clusters[0]: Only one of name or cluster_header can be specified'],
      [{ weighted_clusters: { clusters: [{ name: 'a' }] } }, "route.weighted_clusters.clusters[0].weight: Field 'weight' is missing, got undefined"],
      [{ weighted_clusters: { clusters: [{ name: 'a', weight: 0 }] } }, 'route.weighted_clusters.clusters: Sum of weights in the weighted_cluster must be greater than 0., got 0'],
      [
        { weighted_clusters: { clusters: [{ name: 'a', weight: 4294967295 }, { name: 'b', weight: 1 }] } },
        'route.weighted_clusters.clusters[1].weight: The sum of weights of all weighted clusters exceeds 4294967295, got 1',
      ],
      [{ weighted_clusters: { clusters: [{ name: 'a', weight: -1 }] } }, 'route.weighted_clusters.clusters[0].weight: must be >= 0, got -1'],
      [{ weighted_clusters: { total_weight: 0, clusters: [{ name: 'a', weight: 1 }] } }, 'route.weighted_clusters.total_weight: must be >= 1, got 0'],
      [{ cluster: 'a', metadata_match: { filter_metadata: { 'envoy.lb': 'x' } } }, 'route.metadata_match.filter_metadata["envoy.lb"]: must be an object (google.protobuf.Struct), got "x"'],
      [{ cluster: 'a', metadata_match: { filter_metadata: 3 } }, 'route.metadata_match.filter_metadata: must be an object, got 3'],
    ];
    for (const [json, message] of cases) {
      let error: unknown;
      try {
        parseRouteAction(json);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(message);
    }
  });

  it('rejects cluster specifier plugins and hash-policy weighted picks as unsupported', () => {
    expect(() => parseRouteAction({ cluster_specifier_plugin: 'p' })).toThrow(UnsupportedConfigError);
    expect(() => parseRouteAction({ weighted_clusters: { use_hash_policy: true, clusters: [{ name: 'a', weight: 1 }] } })).toThrow(
      'route.weighted_clusters.use_hash_policy: picking weighted clusters by hash policy is not supported by upstream-lb, got true',
    );
  });
});
