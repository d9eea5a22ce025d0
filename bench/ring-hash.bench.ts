// Ring hash benchmarks: ring build at 10 to 10,000 hosts for Envoy's default sizes (minimum 1,024 /
// maximum 8,388,608) and for a 160-entries-per-host ring (the size of npm's `hashring`: 40 vnodes
// x 4 replicas), picks with a precomputed hash and from a string key (xxHash64 included), npm's
// `hashring` build and get(key) at the same ring size, and a bare binary search over a sorted
// Uint32Array as the floor. Registers benchmarks only; bench/index.ts runs them.
//
// Acceptance: ring pick from a string key faster than hashring.get(key) and ring build faster than
// hashring's at the same ring size; zero bytes per pick; <= 12 bytes per ring entry.
import { bench, do_not_optimize, group, summary } from 'mitata';
import { Host } from '../src/host/host.js';
import { PrioritySet } from '../src/cluster/priority-set.js';
import { type U64 } from '../src/common/u64.js';
import { xxHash64StringInto } from '../src/hash/xxhash64.js';
import { buildRing, ringHash, type Ring } from '../src/policies/ring-hash/index.js';
import { afterRun, bytesPerCall, HOST_COUNTS } from './util.js';
import { benchHosts, equalWeights, queryHashes, sessionKeys } from './hashing-fixtures.js';

/** npm `hashring` (no type declarations): the parts used here. */
interface HashRingLike {
  get(key: string): string | undefined;
  ring: unknown[];
}
type HashRingCtor = new (servers: string[]) => HashRingLike;
const HashRing = ((await import('hashring' as string)) as { default: HashRingCtor }).default;

const PER_HOST = 160;
const QUERIES = 65_536;

const hashes = queryHashes(QUERIES);
const keys = sessionKeys(QUERIES);
const h = new Uint32Array(2);
const out: U64 = { hi: 0, lo: 0 };

// pickHash and pickKey mirror those of the other hashing benchmark file on purpose: one shared
// copy would see both table classes when every file runs in one process (`npm run bench`), and
// its calls would turn polymorphic.
function pickHash(ring: Ring, i: number): Host | null {
  const j = (i & (QUERIES - 1)) << 1;
  h[0] = hashes[j];
  h[1] = hashes[j + 1];
  return ring.chooseHost(h, 0);
}
function pickKey(ring: Ring, i: number): Host | null {
  xxHash64StringInto(keys[i & (QUERIES - 1)], 0, 0, out);
  h[0] = out.hi;
  h[1] = out.lo;
  return ring.chooseHost(h, 0);
}

const rings = new Map<string, Ring>();
for (const n of HOST_COUNTS) {
  const entries = equalWeights(benchHosts(n));
  const servers = entries.map((e) => e.host.address);
  const envoyDefault = buildRing(entries);
  const perHost = buildRing(entries, { minimumRingSize: PER_HOST * n, maximumRingSize: PER_HOST * n });
  rings.set(`default/${n}`, envoyDefault);
  rings.set(`160/${n}`, perHost);

  group(`ring build, ${n.toLocaleString('en-US')} hosts`, () => {
    summary(() => {
      bench(`ours, Envoy defaults (${envoyDefault.length.toLocaleString('en-US')} entries)`, () => do_not_optimize(buildRing(entries)));
      bench(`ours, 160 per host (${perHost.length.toLocaleString('en-US')} entries)`, () =>
        do_not_optimize(buildRing(entries, { minimumRingSize: PER_HOST * n, maximumRingSize: PER_HOST * n })),
      );
      // 10,000 hosts take hashring several seconds per build; timed once in the report instead.
      if (n <= 1_000) bench(`hashring, 160 per host`, () => do_not_optimize(new HashRing(servers)));
    });
  });

  const peer = new HashRing(servers);
  // Bare floor: lower_bound over the sorted high halves only, no wrap or tie handling.
  const sortedHi = perHost.hashHi;
  group(`ring pick, ${n.toLocaleString('en-US')} hosts`, () => {
    summary(() => {
      let i = 0;
      bench('ours, precomputed hash, Envoy defaults', () => do_not_optimize(envoyDefault.chooseHost(hashes, 0, (i++ & (QUERIES - 1)) << 1)));
      bench('ours, precomputed hash, 160 per host', () => do_not_optimize(perHost.chooseHost(hashes, 0, (i++ & (QUERIES - 1)) << 1)));
      bench('ours, precomputed hash copied to [hi, lo] first, 160 per host', () => do_not_optimize(pickHash(perHost, i++)));
      bench('bare binary search over sorted Uint32Array (160 per host)', () => {
        const q = hashes[(i++ & (QUERIES - 1)) << 1];
        let a = 0;
        let b = sortedHi.length;
        while (a < b) {
          const mid = (a + b) >>> 1;
          if (sortedHi[mid] < q) a = mid + 1;
          else b = mid;
        }
        return do_not_optimize(a);
      });
      bench('ours, string key (xxHash64 + lookup), 160 per host', () => do_not_optimize(pickKey(perHost, i++)));
      bench('hashring.get(key), 160 per host', () => do_not_optimize(peer.get(keys[i++ & (QUERIES - 1)])));
    });
  });
}

// The load balancer's whole pick: context hash -> priority -> ring lookup.
{
  const ps = new PrioritySet();
  ps.updateHosts(0, benchHosts(1_000));
  const lb = ringHash(ps);
  const ctx = { hashKey: { hi: 0, lo: 0 } };
  group('ring hash load balancer chooseHost, 1,000 hosts (Envoy defaults)', () => {
    let i = 0;
    bench('ours chooseHost({hashKey: U64})', () => {
      const j = (i++ & (QUERIES - 1)) << 1;
      ctx.hashKey.hi = hashes[j];
      ctx.hashKey.lo = hashes[j + 1];
      return do_not_optimize(lb.chooseHost(ctx));
    });
  });
}

afterRun(() => {
  console.log('\nring hash: memory and allocation');
  console.log('| ring | hosts | entries | bytes/entry | bytes/pick (hash) | bytes/pick (key) |\n| --- | --- | --- | --- | --- | --- |');
  for (const n of HOST_COUNTS) {
    for (const kind of ['default', '160'] as const) {
      const ring = rings.get(`${kind}/${n}`) as Ring;
      let i = 0;
      const hashBytes = bytesPerCall(() => pickHash(ring, i++), 200_000);
      const keyBytes = bytesPerCall(() => pickKey(ring, i++), 200_000);
      console.log(
        `| ${kind === 'default' ? 'Envoy defaults' : '160 per host'} | ${n} | ${ring.length} | ${(ring.byteLength / ring.length).toFixed(2)} | ${hashBytes.toFixed(3)} | ${keyBytes.toFixed(3)} |`,
      );
    }
  }
  const ps = new PrioritySet();
  ps.updateHosts(0, benchHosts(1_000));
  const lb = ringHash(ps);
  const bounded = ringHash(ps, { hashBalanceFactor: 150 });
  const ctx = { hashKey: { hi: 0, lo: 0 } };
  let i = 0;
  const viaLb = (x: typeof lb) => () => {
    const j = (i++ & (QUERIES - 1)) << 1;
    ctx.hashKey.hi = hashes[j];
    ctx.hashKey.lo = hashes[j + 1];
    return x.chooseHost(ctx);
  };
  console.log(`ringHash chooseHost({hashKey}) 1,000 hosts: ${bytesPerCall(viaLb(lb), 200_000).toFixed(3)} bytes/pick`);
  console.log(`ringHash + bounded load 150, no load: ${bytesPerCall(viaLb(bounded), 200_000).toFixed(3)} bytes/pick`);
  console.log(`ringHash chooseHost() (random draw as hash): ${bytesPerCall(() => lb.chooseHost(), 200_000).toFixed(3)} bytes/pick`);
  const servers = benchHosts(10_000).map((x) => x.address);
  const t0 = performance.now();
  const big = new HashRing(servers);
  const t1 = performance.now();
  const entries = equalWeights(benchHosts(10_000));
  const t2 = performance.now();
  buildRing(entries, { minimumRingSize: PER_HOST * 10_000, maximumRingSize: PER_HOST * 10_000 });
  const t3 = performance.now();
  console.log(
    `one-shot build, 10,000 hosts x 160 (${big.ring.length} entries): hashring ${(t1 - t0).toFixed(0)} ms, ours ${(t3 - t2).toFixed(0)} ms`,
  );
});
