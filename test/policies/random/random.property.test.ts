import { random } from '../../../src/policies/random/index.js';
import { describeLoadBalancerContract } from '../../contract.js';

describeLoadBalancerContract('random', (ps, r, o) => random(ps, { random: r, ...o }), { shares: 'equal' });
