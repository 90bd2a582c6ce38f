/**
 * How grove-check's own workers and child processes are started: compiled JavaScript runs as is,
 * TypeScript through tsx; and a user's `.ts` variant file loads in either mode of the bin.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compiled, moduleUrl, scriptCommand, workerSource } from './module.ts';
import { CLI_GUARD_MS } from './testing.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('runtime/module', () => {
  it('names a sibling module by its TypeScript file in either mode', () => {
    expect(compiled).toBe(false);
    expect(moduleUrl('./worker.ts', 'file:///p/dist/impl/run.js').href).toBe('file:///p/dist/impl/worker.js');
    expect(moduleUrl('./worker.ts', 'file:///p/impl/run.ts').href).toBe('file:///p/impl/worker.ts');
  });

  it('runs compiled JavaScript directly and TypeScript through tsx', () => {
    expect(scriptCommand(new URL('file:///p/dist/impl/worker.js'))).toEqual(['/p/dist/impl/worker.js']);
    const ts = scriptCommand(new URL('file:///p/impl/worker.ts'));
    expect(ts).toHaveLength(3);
    expect(ts[0]).toBe('--import');
    expect(ts[1]).toMatch(/^file:.*\/tsx\//);
    expect(ts[2]).toBe('/p/impl/worker.ts');
    expect(workerSource(new URL('file:///p/dist/w.js'), 'f')).toBe('import("file:///p/dist/w.js").catch(f);');
    expect(workerSource(new URL('file:///p/w.ts'), 'f')).toMatch(/^import\("file:.*tsx.*"\)\.then\(async \(tsx\) => \{ tsx\.register\(\); await import\("file:\/\/\/p\/w\.ts"\); \}\)\.catch\(f\);$/);
  });

  it('a child process started with scriptCommand runs a TypeScript module', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grove-runtime-'));
    const file = join(dir, 'child.ts');
    writeFileSync(file, 'const n: number = 6 * 7;\nprocess.stdout.write(String(n));\n');
    const r = spawnSync(process.execPath, scriptCommand(pathToFileURL(file)), { encoding: 'utf8', timeout: CLI_GUARD_MS });
    expect([r.status, r.stdout]).toEqual([0, '42']);
  });

  it('check --variant ./file.ts loads a user\'s TypeScript variant through the bin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grove-variant-'));
    const file = join(dir, 'my-variant.ts');
    // A file outside any "type": "module" package: tsx loads it as CommonJS when the bin runs dist/.
    writeFileSync(file, "const v: { name: string; title: string; refs: 'logref'; confirm: 'cas'; check: 'read' } = { name: 'mine', title: 'lsn-cas again', refs: 'logref', confirm: 'cas', check: 'read' };\nexport default v;\n");
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'grove-check.mjs'), 'check', '--variant', file, '--actors', '2', '--ops', '2', '--json'], { cwd: root, encoding: 'utf8', timeout: CLI_GUARD_MS });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'pass', variant: 'mine', stats: { states: 406 } });
  });
});
