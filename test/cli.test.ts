import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist/cli.js'), ...args], { cwd: root, encoding: 'utf8' });

describe('upstream-lb CLI', () => {
  it('conformance: passes the core vectors with exit status 0 and the tally as the last line', () => {
    const r = cli('conformance', 'test/conformance/core.json');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^\d+ passed, 0 failed$/);
  });
  it('conformance: exits 1 and prints id, expected and actual for a failing vector', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ulb-'));
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        schema: 'upstream-lb-conformance/1',
        vectors: [
          {
            id: 'bad-load',
            area: 'priority-load',
            call: { fn: 'priorityLoad', args: { priorities: [{ hosts: 2, healthy: 1, degraded: 0, excluded: 0 }] }, expect: { healthy: [99] } },
          },
        ],
      }),
    );
    const r = cli('conformance', file);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('FAIL bad-load [priority-load] at expect');
    expect(r.stdout).toContain('expected: {"healthy":[99]}');
    expect(r.stdout).toContain('actual:   {"healthy":[100]');
    expect(r.stdout.trim().split('\n').pop()).toBe('0 passed, 1 failed');
  });
  it('conformance: rejects files of another format with exit status 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ulb-'));
    const file = join(dir, 'x.json');
    writeFileSync(file, '{"vectors": []}');
    const r = cli('conformance', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('not an upstream-lb-conformance/1 file');
  });
  it('load: reads Envoy YAML and reports the loads, ignored fields and picks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ulb-'));
    const file = join(dir, 'c.yaml');
    writeFileSync(
      file,
      `name: demo\nconnect_timeout: 1s\nlb_policy: ROUND_ROBIN\nload_assignment:\n  endpoints:\n  - lb_endpoints:\n    - endpoint: { address: { socket_address: { address: 10.0.0.1, port_value: 80 } } }\n    - endpoint: { address: { socket_address: { address: 10.0.0.2, port_value: 80 } } }\n`,
    );
    const r = cli('load', file, '--picks', '10');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('cluster demo (ROUND_ROBIN)');
    expect(r.stdout).toContain('ignored: connect_timeout');
    expect(r.stdout).toContain('10.0.0.1:80: 5 (50.0%)');
  });
  it('load: prints a typed config error and exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ulb-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ name: 'x', lb_policy: 'NOPE' }));
    const r = cli('load', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('upstream-lb: lb_policy: must be one of');
  });
  it('prints usage for an unknown command', () => {
    const r = cli('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage:');
  });
});
