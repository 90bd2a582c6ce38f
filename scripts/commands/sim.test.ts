import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const run = (...args: string[]) => spawnSync(process.execPath, [tsx, ...args], { encoding: 'utf8' });
const sim = (...args: string[]) => run('scripts/cli.ts', 'sim', ...args);

describe('grove-check sim', () => {
  it('finds the wedge, prints the same bytes twice, and the report marks the fault', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-report-'));
    const a = sim('examples/sync/wedge.ts', '--runs', '20', '--report', dir);
    const b = sim('examples/sync/wedge.ts', '--runs', '20', '--report', dir);
    expect(a.status).toBe(1);
    expect(a.stdout).toContain('violation of drains: c2 still holds 1 pending mutation 2000 ms after the faults healed');
    expect(a.stdout).toContain('server AppliedError<c2, push;client=c2;mutations=[1]> Err: applied, error reply');
    expect(a.stdout).toMatch(/replay: grove-check sim examples\/sync\/wedge.ts --seed 1 --faults applied-error=1 --replay [01]+:/);
    expect(b.stdout).toBe(a.stdout);
    const html = readFileSync(join(dir, 'sim-report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('[applied-error]');
  });
  it('the corrected version passes the same budget; --json is one object', () => {
    const r = sim('examples/sync/wedge.ts', '--export', 'fixed', '--runs', '20', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'pass', model: 'wedge-fixed', config: { faults: 'applied-error=1' } });
  });
  it('bad input: one line, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-bad-'));
    writeFileSync(join(dir, 'broken.ts'), 'export default {\n  client: (\n');
    const broken = sim(join(dir, 'broken.ts'));
    expect(broken.status).toBe(2);
    expect(broken.stderr.trim().split('\n')).toHaveLength(1);
    expect(broken.stderr).toMatch(/broken\.ts:\d+:\d+: /);
    const escapes = sim('sim/testdata/escapes.ts', '--runs', '1');
    expect(escapes.status).toBe(2);
    expect(escapes.stderr.trim()).toBe("grove-check: sim/testdata/escapes.ts:1:1: actor 'c1' escaped the simulation: real setTimeout (use io.timers)");
    expect(sim('examples/sync/wedge.ts', '--faults', 'lost-ack=1').status).toBe(2);
  });
  it('--real: the same client against a real server process on loopback', () => {
    const buggy = run('examples/sync/duplicate-upload.ts', '--real');
    expect(buggy.status).toBe(1);
    expect(buggy.stdout).toContain("violation of exactly-once: the server applied c1's mutation 1 twice");
    const fixed = run('examples/sync/duplicate-upload.ts', '--real', '--fixed');
    expect(fixed.status).toBe(0);
    expect(fixed.stdout).toContain('applied c1#1\n');
  });
});
