/**
 * upstream-lb: Envoy's upstream load balancing as a zero-I/O TypeScript library.
 *
 * Every export is listed by name; the package has no side effects on import.
 * @packageDocumentation
 */

// Errors
export { UpstreamLbError, ConfigError, UnsupportedConfigError } from './errors.js';

// u64, randomness, time
export {
  u64,
  u64FromBigInt,
  u64ToBigInt,
  u64FromDecimal,
  u64ToDecimal,
  u64FromNumber,
  toU64,
  modU64,
  TWO_POW_32,
} from './common/u64.js';
export { SeededRandom, ScriptedRandom, entropySeed } from './common/random.js';
export { ManualClock, systemClock } from './common/clock.js';

// Host model
export {
  Host,
  host,
  HealthFlag,
  Health,
  coarseHealth,
  edsHealthFlags,
  EDS_HEALTH_STATUSES,
  UNHEALTHY_FLAGS,
  DEGRADED_FLAGS,
  EXCLUDED_FLAGS,
  MAX_HOST_WEIGHT,
} from './host/host.js';
export { locality, EMPTY_LOCALITY, localityEquals, compareLocality, localityKey, formatLocality } from './host/locality.js';
export { lbMetadata, metadataValueEquals, lbMetadataEquals, normalizeMetadataValue, EMPTY_METADATA } from './host/metadata.js';
export { formatSocketAddress, canonicalIpv6 } from './host/address.js';

// Host sets and clusters
export { HostSet, buildHostSet, emptyHostSet, EMPTY_HOSTS_PER_LOCALITY } from './cluster/host-set.js';
export { PrioritySet, MAX_PRIORITY } from './cluster/priority-set.js';
export { Cluster } from './cluster/cluster.js';

// Envoy's math
export {
  priorityLoad,
  priorityAvailability,
  normalizedTotalAvailability,
  distributeLoad,
  computePriorityLoads,
  computeTotalPanicLoads,
  isInPanic,
  choosePriority,
  Availability,
  DEFAULT_OVERPROVISIONING_FACTOR,
  DEFAULT_HEALTHY_PANIC_THRESHOLD,
} from './common/priority.js';
export { EdfScheduler } from './common/edf.js';
export { effectiveLocalityWeight, effectiveLocalityWeights, LocalityScheduler } from './common/locality.js';

// Load balancers
export { LbStats } from './lb/stats.js';
export { ZoneAwareLoadBalancer, calculateLocalityPercentages } from './lb/zone-aware.js';
export { PriorityState } from './lb/priority-state.js';
export { HostSource, PrioritySources, SourceType, LocalityRoutingState } from './lb/host-source.js';
export { roundRobin } from './policies/round-robin/index.js';
export { random } from './policies/random/index.js';
export { leastRequest } from './policies/least-request/index.js';
export { DEFAULT_CHOICE_COUNT } from './policies/least-request/options.js';
export { originalDst, OriginalDstLoadBalancer } from './policies/original-dst/index.js';
export { ORIGINAL_DST_HOST_HEADER, DEFAULT_CLEANUP_INTERVAL_MS } from './policies/original-dst/options.js';
export { DEFAULT_SLOW_START_MIN_WEIGHT_PERCENT } from './policies/common/slow-start.js';
export {
  ringHash,
  buildRing,
  Ring,
  RingHashLoadBalancer,
  resolveRingOptions,
  DEFAULT_MIN_RING_SIZE,
  DEFAULT_MAX_RING_SIZE,
  MAX_RING_SIZE,
} from './policies/ring-hash/index.js';
export {
  maglev,
  buildMaglevTable,
  MaglevTable,
  MaglevLoadBalancer,
  resolveMaglevOptions,
  isPrime,
  DEFAULT_TABLE_SIZE,
  MAX_TABLE_SIZE,
} from './policies/maglev/index.js';
export {
  ThreadAwareLoadBalancer,
  NormalizedHostWeights,
  normalizeWeights,
  toNormalizedHostWeights,
  hashKeyOf,
  hostIndexArray,
  resolveThreadAwareOptions,
  compileLbHashPolicy,
  sumActiveRequests,
} from './lb/thread-aware.js';
export { BoundedLoadTable, boundedLoad } from './policies/common/bounded-load.js';
export { Mt19937 } from './policies/common/mt19937.js';
export { subset } from './policies/subset/index.js';
export { SubsetLoadBalancer } from './policies/subset/subset.js';
export { SUBSET_FALLBACK_POLICIES, SELECTOR_FALLBACK_POLICIES, METADATA_FALLBACK_POLICIES, SelectorFallback } from './policies/subset/options.js';
export { parseSubsetConfig, buildSubset } from './policies/subset/config.js';

// Route side
export { MetadataMatchCriteria, mergeMetadataMatch } from './route/metadata-match.js';
export { WeightedClusters, MAX_TOTAL_CLUSTER_WEIGHT, parseUint64Decimal } from './route/weighted-clusters.js';
export { parseRouteAction } from './route/route-action.js';

// Hashing and hash policies
export { HashPolicy } from './hash/policy.js';
export { createAddCookie, formatSetCookie, generateCookieValue } from './hash/cookie.js';
export { xxHash64, xxHash64List, xxHash64Bytes, xxHash64StringInto, xxHash64ListInto } from './hash/xxhash64.js';
export {
  murmurHash2,
  murmurHash2Bytes,
  murmurHash2StringInto,
  MURMUR_HASH2_DEFAULT_SEED,
  MURMUR_HASH2_DEFAULT_SEED_LO,
} from './hash/murmur2.js';

// Envoy config
export { loadCluster, clustersOf, nodeLocalityOf } from './config/load.js';
export { parseCluster, parseCommonLbConfig, parseZoneAwareConfig } from './config/cluster-config.js';
export { parseLoadAssignment } from './config/load-assignment.js';

// Conformance
export { runVectors, runVector, formatReport, summarize } from './conformance/runner.js';

export type { U64 } from './common/u64.js';
export type { RandomSource } from './common/random.js';
export type { Clock } from './common/clock.js';
export type { HostInit, EdsHealthStatus, HealthValue } from './host/host.js';
export type { Locality } from './host/locality.js';
export type { MetadataValue, MetadataStruct, LbMetadata } from './host/metadata.js';
export type { HostsPerLocality, HostSetInput, LocalityWeightsInput } from './cluster/host-set.js';
export type {
  PrioritySetOptions,
  UpdateHostsOptions,
  PriorityUpdateCallback,
  MemberUpdateCallback,
  CallbackHandle,
} from './cluster/priority-set.js';
export type { ClusterOptions, EndpointInit, LocalityEndpointsInit, LoadAssignmentInit } from './cluster/cluster.js';
export type {
  PriorityLoad,
  PriorityCounts,
  PriorityLoadResult,
  PriorityAvailabilityInput,
} from './common/priority.js';
export type { EdfWeightFn, EdfQueueEntry } from './common/edf.js';
export type { LocalityCounts } from './common/locality.js';
export type { LbStatName } from './lb/stats.js';
export type { LoadBalancerContext, PickExplanation, PickAttempt } from './lb/context.js';
export type { LoadBalancer, PriorityLoadSnapshot } from './lb/load-balancer.js';
export type { ZoneAwareOptions, ZoneAwareLbOptions, HostPicker } from './lb/zone-aware.js';
export type { RoundRobinOptions } from './policies/round-robin/index.js';
export type { RandomOptions } from './policies/random/index.js';
export type { SlowStartOptions, RuntimeDoubleOption } from './policies/common/slow-start.js';
export type { LeastRequestOptions, LeastRequestSelectionMethod } from './policies/least-request/index.js';
export type { OriginalDstOptions } from './policies/original-dst/index.js';
export type { RingHashOptions, RingOptions, RingHashFunction, ResolvedRingOptions } from './policies/ring-hash/index.js';
export type { MaglevOptions, MaglevTableOptions, ResolvedMaglevOptions } from './policies/maglev/index.js';
export type {
  ThreadAwareLbOptions,
  ResolvedThreadAwareOptions,
  HashingTable,
  HashingTableBuilder,
  NormalizedHostWeight,
  RequestHashPolicy,
  HostIndexArray,
} from './lb/thread-aware.js';
export type { RingHashSpec } from './policies/ring-hash/config.js';
export type {
  SubsetOptions,
  SubsetSelectorOptions,
  SubsetFallbackPolicy,
  SelectorFallbackPolicy,
  MetadataFallbackPolicy,
  SubsetChildFactory,
  SubsetChildShared,
  SubsetSpec,
  ResolvedSelector,
} from './policies/subset/options.js';
export type { SubsetInfo, SubsetExplanation, SubsetDecision, FallbackSubsetHosts } from './policies/subset/subset.js';
export type { MetadataMatchInput } from './route/metadata-match.js';
export type { WeightedClusterInit, WeightedClustersInit, WeightedClusterEntry } from './route/weighted-clusters.js';
export type { RouteActionSpec } from './route/route-action.js';
export type { MaglevSpec } from './policies/maglev/config.js';
export type { LoadClusterOptions, LoadedCluster } from './config/load.js';
export type { ClusterSpec } from './config/cluster-config.js';
export type { CommonLbSpec, LbPolicyName } from './config/policy.js';
export type { HashRequest, HashRequestHeaderList, HashRequestHeaderRecord, HashFilterStateValue } from './hash/policy.js';
export type { AddCookieCallback, CookieAttribute } from './hash/cookie.js';
export type { Vector, VectorCall, VectorResult, RunOptions, Tally } from './conformance/runner.js';
export type { Reader, ReadLog, JsonObject } from './config/reader.js';
export type { PolicyDefinition, PolicyBuildContext } from './config/policy.js';
export type { NodeInfo } from './config/load.js';
export type { Availabilities, DistributeLoadResult } from './common/priority.js';
export type { LocalityPercentages } from './lb/zone-aware.js';
