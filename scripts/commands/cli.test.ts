/** The command line as a user meets it: exit codes, --json, clear errors, reproducible output. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_GUARD_MS } from '../../runtime/testing.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'scripts', 'grove-check.mjs');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: CLI_GUARD_MS });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('grove-check command line', () => {
  it('check --variant logid-check --json: exit 1, a G6 violation with rows', () => {
    const r = run('check', '--variant', 'logid-check', '--json');
    expect(r.code).toBe(1);
    const o = JSON.parse(r.out);
    expect(o).toMatchObject({ outcome: 'violation', property: 'G6' });
    expect(o.rows).toContain('2 CAS<main, a, d> Ok');
    expect(typeof o.stats.states).toBe('number');
    expect(typeof o.stats.seconds).toBe('number');
    expect(o.replay).toMatch(/^grove-check check --model grove --variant logid-check/);
  });

  it('check on lsn-cas 2×2: exit 0 with the state count', () => {
    const r = run('check', '--variant', 'lsn-cas', '--actors', '2', '--ops', '2');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/PASS \(exhaustive\): 406 states/);
  });

  it('inconclusive is exit 3', () => {
    expect(run('check', '--max-states', '10', '--quiet').code).toBe(3);
  });

  it('bad input is exit 2 with a message and no stack trace', () => {
    const a = run('check', '--variant', 'no-such-variant');
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/unknown variant 'no-such-variant'/);
    expect(a.err).not.toMatch(/at .*\.ts:\d+/);
    const b = run('check', '--actors', 'three');
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/--actors takes a whole number, got 'three'/);
    const dir = mkdtempSync(join(tmpdir(), 'gc-bad-'));
    const file = join(dir, 'bad.scenario');
    writeFileSync(file, 'model: grove\n\n1 Append<a> Ok\n2 Check<main a> Ok\n');
    const c = run('replay', file);
    expect(c.code).toBe(2);
    expect(c.err.trim()).toBe(`grove-check: ${file}:4:14: expected ',' or '>', found 'a>'`);
    expect(run('nonsense').code).toBe(2);
  });

  it('the same seed gives byte-identical saved counterexamples and rows', () => {
    const dirs = [mkdtempSync(join(tmpdir(), 'gc-a-')), mkdtempSync(join(tmpdir(), 'gc-b-'))];
    const outs = dirs.map((d) => run('check', '--variant', 'logid-check', '--strategy', 'random', '--seed', '42', '--save', d, '--json'));
    const files = dirs.map((d) => readdirSync(d).sort().map((f) => readFileSync(join(d, f), 'utf8')));
    // The scenario and its ITF trace beside it (NAME.itf.json).
    expect(readdirSync(dirs[0]).sort()).toEqual(['grove-logid-check-G6-3x2.itf.json', 'grove-logid-check-G6-3x2.scenario']);
    expect(files[0]).toHaveLength(2);
    expect(files[0]).toEqual(files[1]);
    const [a, b] = outs.map((o) => JSON.parse(o.out));
    delete a.stats.seconds;
    delete b.stats.seconds;
    delete a.saved;
    delete b.saved;
    delete a.replay;
    delete b.replay;
    expect(a).toEqual(b);
    expect(a.seed).toBe(42);
  });

  it('replay of the scenario corpus: exit 0', () => {
    const r = run('replay', 'scenarios', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).outcome).toBe('pass');
  });

  it('list --json names the variants and properties', () => {
    const o = JSON.parse(run('list', '--json').out);
    const grove = o.models.find((m: { name: string }) => m.name === 'grove');
    expect(grove.variants.map((v: { name: string }) => v.name)).toEqual(expect.arrayContaining(['logid-check', 'lsn-advance', 'lsn-cas']));
    expect(grove.properties.map((p: { id: string }) => p.id)).toEqual(['G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7', 'D1']);
  });
});
