/**
 * Reports of grove-local runs through the command line: `check --model grove-local --variant
 * planted-watermark-snapshot --report DIR` writes a report that draws each client's three logs with
 * their equivalence edges at every step; and `check --model grove-local --against impl:B` runs the
 * implementation side by side (passing, and finding a bug planted with `--set plant=`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_GUARD_MS } from '../../runtime/testing.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'scripts', 'grove-check.mjs');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: CLI_GUARD_MS });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('grove-check check --model grove-local', () => {
  it('--variant planted-watermark-snapshot --report DIR: G10, and a report showing the three logs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grove-local-report-'));
    dirs.push(dir);
    const r = run('check', '--model', 'grove-local', '--variant', 'planted-watermark-snapshot', '--report', dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('VIOLATION of G10');
    expect(r.out).toContain(`report: ${join(dir, 'report.html')}`);
    const txt = readFileSync(join(dir, 'local.txt'), 'utf8');
    // Client 1 after the violation: c1 landed as a1, yet its snapshot reads c1 again on top of a2.
    expect(txt).toContain(['client 1:', '∅-------a1---a2  ← origin/main', ' \\     /', '  \\---b1  ← staged', '   \\ /', '    c1  ← local'].join('\n'));
    expect(txt).toContain(['canonical snapshot:', 'a1---a2  ← origin/main', '      \\', '       a1 ← local'].join('\n'));
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('Local, staged and origin/main, step by step');
    expect(html).toContain('G10 violated');
    // One template per state (13: initial + 12 steps), each with the SVG and the ASCII three logs.
    expect(html.match(/<template id="state-\d+">/g)).toHaveLength(13);
    for (const ref of ['← origin/main', '← staged', '← local']) expect(html).toContain(ref);
    expect(html).toContain('class="edge equivalence"');
    expect(readFileSync(join(dir, 'local.svg'), 'utf8')).toContain('class="edge equivalence"');
    expect(readFileSync(join(dir, 'sequence.txt'), 'utf8')).toContain('a2 = d1 (e1..=e1)');
    const page = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(page.states[12].local.clients[0].snapshot).toEqual({ origin: ['a1', 'a2'], staged: [], local: ['c1'] });
  });

  it('--against impl:sqlite passes; with --set plant=early-equivalence it finds G9 on the implementation', () => {
    const ok = run('check', '--model', 'grove-local', '--ops', '2', '--against', 'impl:sqlite', '--runs', '20', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ outcome: 'pass', config: { against: 'impl:sqlite' } });
    const bad = run('check', '--model', 'grove-local', '--ops', '2', '--against', 'impl:memory', '--set', 'plant=early-equivalence');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('VIOLATION of G9');
    expect(bad.out).toContain('client 1 records b1 => a1, but a1 is not in its origin/main (a@0) (on the memory implementation)');
    expect(bad.out).toContain('replay: grove-check check --model grove-local --variant three-logs --actors 2 --ops 2 --set pages=p --set plant=early-equivalence --against impl:memory --seed 1 --runs 100');
  });
});
