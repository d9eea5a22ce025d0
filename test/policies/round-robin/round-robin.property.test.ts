import { roundRobin } from '../../../src/policies/round-robin/index.js';
import { describeLoadBalancerContract } from '../../contract.js';

describeLoadBalancerContract('roundRobin', (ps, random, o) => roundRobin(ps, { random, ...o }), { shares: 'weight' });
