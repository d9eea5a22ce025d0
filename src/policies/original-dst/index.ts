import { PrioritySet } from '../../cluster/priority-set.js';
import { systemClock } from '../../common/clock.js';
import { LbStats } from '../../lb/stats.js';
import { UpstreamLbError } from '../../errors.js';
import { OriginalDstLoadBalancer } from './original-dst.js';
import { type OriginalDstOptions, resolveOriginalDstOptions } from './options.js';

export type { OriginalDstOptions } from './options.js';
export { OriginalDstLoadBalancer } from './original-dst.js';

/**
 * An original destination load balancer over an empty priority set, as Envoy's `ORIGINAL_DST`
 * cluster with `lb_policy: CLUSTER_PROVIDED`: each pick returns the host at the request's
 * destination, creating it on demand; `cleanup(now)` removes hosts unused since the previous
 * cleanup.
 *
 * @example
 * const lb = originalDst(new PrioritySet(), { clock });
 * lb.chooseHost({ originalDestination: '10.0.0.7:8080' })?.address; // '10.0.0.7:8080'
 * lb.cleanup(clock.now()); // run periodically
 * @throws UpstreamLbError naming the option and value when an option is invalid, or when the
 *   priority set already has hosts
 */
export function originalDst(prioritySet: PrioritySet, options: OriginalDstOptions = {}): OriginalDstLoadBalancer {
  if (!(prioritySet instanceof PrioritySet)) throw new UpstreamLbError('prioritySet', prioritySet, 'must be a PrioritySet');
  const settings = resolveOriginalDstOptions(options);
  const count = prioritySet.allHosts().length;
  if (count > 0) {
    throw new UpstreamLbError('prioritySet', count, 'must have no hosts: an original destination cluster creates its hosts on demand');
  }
  return new OriginalDstLoadBalancer(prioritySet, settings, options.clock ?? systemClock, options.stats ?? new LbStats());
}
