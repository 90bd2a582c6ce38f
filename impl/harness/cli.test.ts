/** `--against` on the command line: check (exit codes, JSON, saved scenario) and replay. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_GUARD_MS } from '../../runtime/testing.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'scripts', 'grove-check.mjs');
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: CLI_GUARD_MS });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('grove-check --against', () => {
  it('check --against impl:sqlite: the protocol flaw of logid-check, found on the implementation, saved and replayed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gc-against-'));
    const r = run('check', '--variant', 'logid-check', '--actors', '2', '--ops', '1', '--against', 'impl:sqlite', '--runs', '30', '--save', dir, '--json');
    expect(r.code).toBe(1);
    const o = JSON.parse(r.out);
    expect(o).toMatchObject({ outcome: 'violation', property: 'G6', strategy: 'random' });
    expect(o.rows.at(-1)).toBe('2 CAS<main, a, c> Ok');
    const files = readdirSync(dir);
    expect(files).toEqual(['grove-logid-check-G6-2x1-impl-sqlite.scenario']);
    const text = readFileSync(join(dir, files[0]), 'utf8');
    expect(text).toMatch(/^against: impl:sqlite$/m);
    expect(text).toMatch(/^expect: violation\(G6\)$/m);
    expect(text).toMatch(/^replay: grove-check check .* --against impl:sqlite$/m);
    // The model alone agrees with the file; against the implementation the same G6 shows, as the model's.
    expect(run('replay', join(dir, files[0])).code).toBe(0);
    const back = run('replay', join(dir, files[0]), '--against', 'impl:fs');
    expect(back.out).toMatch(/ok {3}.* impl:fs: violation\(G6\) at row 7, as the model/);
    expect(back.code).toBe(0);
  });

  it('check --against on lsn-cas passes; replay --against runs the corpus, skipping scripted and faulty scenarios', () => {
    const r = run('check', '--variant', 'lsn-cas', '--actors', '3', '--ops', '1', '--against', 'impl:memory', '--runs', '20', '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/against=impl:memory/);
    expect(r.out).toMatch(/PASS \(no violation in the schedules run\): 20 schedules/);
    const p = run('replay', 'scenarios/seed/000-push.scenario', 'scenarios/counterexamples/grove-logid-check-G6-2x1.scenario', '--against', 'impl:memory');
    expect(p.out).toMatch(/skip scenarios\/seed\/000-push.scenario push \[logid-check\] impl:memory: skipped \(scripted actors/);
    expect(p.out).toMatch(/ok {3}scenarios\/counterexamples\/grove-logid-check-G6-2x1.scenario .* impl:memory: violation\(G6\) at row 7, as the model/);
    expect(p.code).toBe(0);
  });

  it('impl:postgres: check and replay run against a fresh schema; an unreachable server is exit 2 naming the URL', () => {
    const r = run('check', '--variant', 'lsn-cas', '--actors', '2', '--ops', '1', '--against', 'impl:postgres', '--runs', '5', '--quiet');
    expect(r.out).toMatch(/PASS \(no violation in the schedules run\): 5 schedules/);
    expect(r.code).toBe(0);
    const p = run('replay', 'scenarios/counterexamples/grove-logid-check-G6-2x1.scenario', '--against', 'impl:postgres');
    expect(p.out).toMatch(/ok {3}scenarios\/counterexamples\/grove-logid-check-G6-2x1.scenario .* impl:postgres: violation\(G6\) at row 7, as the model/);
    expect(p.code).toBe(0);
    const bad = spawnSync(process.execPath, [bin, 'check', '--variant', 'lsn-cas', '--against', 'impl:postgres', '--runs', '1'], {
      cwd: root,
      encoding: 'utf8',
      timeout: CLI_GUARD_MS,
      env: { ...process.env, GROVE_PG_URL: 'postgres://grove:secret@127.0.0.1:1/grove' },
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/cannot reach PostgreSQL at postgres:\/\/grove:\*\*\*@127\.0\.0\.1:1\/grove/);
    expect(bad.stderr).not.toContain('secret');
  });

  it('bad --against values and strategies are exit 2', () => {
    expect(run('check', '--against', 'impl:nope').code).toBe(2);
    expect(run('check', '--against', 'impl:memory', '--strategy', 'bfs').err).toMatch(/random strategy only/);
    expect(run('replay', 'scenarios/seed', '--against', 'postgres').code).toBe(2);
  });
});
