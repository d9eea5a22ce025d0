/**
 * Re-export of the exact u64 reductions used on pick paths (kept for the policies that import it).
 */
export { FAST_MOD_LIMIT, modU64At as fastModU64At } from '../../common/u64.js';
