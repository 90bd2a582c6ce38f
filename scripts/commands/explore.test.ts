/**
 * `grove-check explore` as a user meets it: prints a 127.0.0.1 address, serves the page and the API
 * there, loads a FILE given, stops cleanly on Ctrl+C (SIGINT → exit 0), and rejects bad flags with
 * exit 2 before listening.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_GUARD_MS } from '../../runtime/testing.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const cli = join(root, 'scripts', 'cli.ts');
const dir = mkdtempSync(join(tmpdir(), 'grove-explore-cli-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('grove-check explore', () => {
  it('serves on 127.0.0.1, loads FILE, and exits 0 on SIGINT', async () => {
    const child = spawn(process.execPath, [tsxCli, cli, 'explore', '--port', '0', '--save-dir', dir, 'scenarios/counterexamples/grove-logid-check-G6-2x1.scenario'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no address printed within the guard; stdout: ${out} stderr: ${err}`)), CLI_GUARD_MS);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /grove-check explore: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (m !== null) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.on('exit', () => reject(new Error(`exited early; stdout: ${out} stderr: ${err}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>grove-check explorer</title>');
      const state = (await (await fetch(`${url}api/state`)).json()) as { cursor: number; violation?: { property: string }; source?: string };
      expect(state).toMatchObject({ cursor: 7, violation: { property: 'G6' }, source: 'scenarios/counterexamples/grove-logid-check-G6-2x1.scenario' });
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('grove-check explore: stopped');
    expect(err).toBe('');
  });

  it('bad flags: exit 2 with a message, nothing served', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [tsxCli, cli, 'explore', ...args], { cwd: root, encoding: 'utf8', timeout: CLI_GUARD_MS });
    const a = run('--variant', 'no-such-variant', '--port', '0');
    expect(a.status).toBe(2);
    expect(a.stderr).toContain("unknown variant 'no-such-variant' for model grove");
    const b = run('--actors', 'many', '--port', '0');
    expect(b.status).toBe(2);
    expect(b.stderr).toContain("--actors takes a whole number, got 'many'");
  });
});
