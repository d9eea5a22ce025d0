/**
 * The built package as users consume it: ESM import and CJS require of dist/, with the same
 * exports, and a pick through each.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const script = (kind: 'esm' | 'cjs') => `
const m = ${kind === 'esm' ? "await import('upstream-lb')" : "require('upstream-lb')"};
const ps = new m.PrioritySet();
ps.updateHosts(0, [new m.Host({ address: '10.0.0.1:80' }), new m.Host({ address: '10.0.0.2:80' })]);
const lb = m.roundRobin(ps, { random: new m.ScriptedRandom([], '0') });
console.log(JSON.stringify({ keys: Object.keys(m).sort(), picks: [lb.chooseHost().address, lb.chooseHost().address] }));
`;

function run(kind: 'esm' | 'cjs'): { keys: string[]; picks: string[] } {
  const args = kind === 'esm' ? ['--input-type=module', '-e', script('esm')] : ['-e', script('cjs')];
  const out = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  return JSON.parse(out);
}

describe('package exports', () => {
  it('declares types first, ESM and CJS entry points, and no side effects', () => {
    expect(Object.keys(pkg.exports['.'])).toEqual(['types', 'import', 'require']);
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.type).toBe('module');
    for (const f of [pkg.exports['.'].types, pkg.exports['.'].import, pkg.exports['.'].require]) expect(existsSync(join(root, f))).toBe(true);
  });
  it('imports the built package through ESM and CJS with the same exports and picks', () => {
    const esm = run('esm');
    const cjs = run('cjs');
    expect(esm.keys.length).toBeGreaterThan(50);
    expect(cjs.keys).toEqual(esm.keys);
    expect(esm.picks).toEqual(['10.0.0.1:80', '10.0.0.2:80']);
    expect(cjs.picks).toEqual(esm.picks);
  });
  it('keeps Node built-ins and the YAML parser out of the library bundle', () => {
    for (const f of ['dist/index.js', 'dist/index.cjs']) {
      const text = readFileSync(join(root, f), 'utf8');
      expect(text).not.toMatch(/from ['"]node:|require\(['"]node:|from ['"]yaml['"]|require\(['"]yaml['"]\)/);
    }
  });
});
