import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatReport, runVector, runVectors, summarize, type Vector } from '../../src/conformance/runner.js';

const core = JSON.parse(readFileSync(join(__dirname, 'core.json'), 'utf8')).vectors as Vector[];
const policies = JSON.parse(readFileSync(join(__dirname, 'policies.json'), 'utf8')).vectors as Vector[];
const byId = (id: string) => structuredClone([...core, ...policies].find((v) => v.id === id) as Vector);

describe('conformance runner', () => {
  it('fails a function-form vector whose expectation is wrong, reporting expected and actual', () => {
    const v = byId('prio-gentle-2');
    (v.call!.expect as { healthy: number[] }).healthy = [71, 29];
    const r = runVector(v);
    expect(r).toMatchObject({ status: 'failed', where: 'expect', expected: { healthy: [71, 29] } });
    expect((r.actual as { healthy: number[] }).healthy).toEqual([70, 30]);
  });
  it('fails a scenario vector whose pick sequence is wrong', () => {
    const v = byId('rr-seed');
    (v.steps![0].expect as string[])[2] = '127.0.0.1:82';
    expect(runVector(v)).toMatchObject({ status: 'failed', where: 'steps[0] (repeat 4)' });
  });
  it('fails a wrong stats expectation and a wrong count expectation', () => {
    const z = byId('za-small-zone');
    (z.steps![1].expect_stats as Record<string, number>).lb_zone_routing_sampled = 2;
    expect(runVector(z)).toMatchObject({ status: 'failed', where: 'steps[1] (stats)' });
    const l = byId('lwrr-overprovisioning-factor/opf-100');
    (l.steps![0].expect_counts as Record<string, number>)['127.0.0.1:80'] = 34;
    expect(runVector(l)).toMatchObject({ status: 'failed', where: 'steps[0] (count 100)' });
  });
  it('fails a vector whose expected error does not happen, and reports errors thrown by steps', () => {
    const v = byId('rr-seed');
    v.expect_error = 'something';
    expect(runVector(v)).toMatchObject({ status: 'failed', where: 'expect_error', actual: 'no error' });
    const w = byId('rr-seed');
    w.steps = [{ teleport: {} }];
    expect(runVector(w)).toMatchObject({ status: 'failed', where: 'error' });
  });
  it('skips vectors of unselected areas and calls without a handler', () => {
    expect(runVector(byId('rr-seed'), new Set(['edf']))).toMatchObject({ status: 'skipped' });
    expect(runVector({ id: 'x', area: 'hash', call: { fn: 'noSuchFunction', args: {}, expect: 1 } })).toMatchObject({ status: 'skipped' });
  });
  it('formats failures with id, expected and actual, lists skips, and ends with the tally line', () => {
    const bad = byId('prio-gentle-2');
    (bad.call!.expect as { healthy: number[] }).healthy = [1, 99];
    const results = runVectors([byId('prio-gentle-1'), bad, { id: 'skipme', area: 'hash', call: { fn: 'nope', args: {}, expect: 0 } }]);
    expect(summarize(results)).toEqual({ passed: 1, failed: 1, skipped: 1 });
    const lines = formatReport(results).split('\n');
    expect(lines[0]).toBe('FAIL prio-gentle-2 [priority-load] at expect');
    expect(lines[1]).toContain('expected: {"healthy":[1,99]');
    expect(lines[2]).toContain('actual:   {"healthy":[70,30]');
    expect(lines).toContain('  SKIP skipme [hash]: function "nope" has no handler');
    expect(lines[lines.length - 1]).toBe('1 passed, 1 failed, 1 skipped');
  });
  it('omits the skipped count from the tally when nothing was skipped', () => {
    expect(formatReport(runVectors([byId('prio-gentle-1')]))).toBe('1 passed, 0 failed');
  });
});
