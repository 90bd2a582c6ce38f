#!/usr/bin/env node
// The `grove-check` bin. It runs the CLI compiled into dist/ (`npm run build`, which `npm ci`,
// `npm install` and `npm pack` run as the `prepare` script) in this process: no TypeScript is compiled
// at start-up. In a development checkout with no build, or whose TypeScript is newer than the build,
// it runs scripts/cli.ts through tsx instead (a child process: Ctrl+C goes to it as well, and the
// parent exits with the child's own code, so `grove-check explore` stopped by Ctrl+C exits 0).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

// Runs, stores, reports and tsx's cache live under the temp directory: an unusable TMPDIR would otherwise fail inside tsx
// with a misleading `ENOENT mkdir tsx-0` and exit 1 (which means "violation"). Name it, exit 2.
try {
  rmSync(mkdtempSync(join(tmpdir(), 'grove-check-')), { recursive: true });
} catch (e) {
  process.stderr.write(`grove-check: the temp directory ${tmpdir()} is not usable (${e.code ?? e.message}): set TMPDIR to a writable directory\n`);
  process.exit(2);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'scripts', 'cli.js');

/**
 * The newest modification time of the TypeScript sources under `dir` (0 when there are none). Paths
 * are joined by hand: `path.join` on each of the checkout's ~500 entries made V8 optimize its
 * `normalizeString` on a background thread (8–13 ms of one of two cores), and with it a `lin` check
 * of c01-ok had a stall of 0.7–0.9 ms (1.14 ms against 0.41 without; 11 alternating cold runs); the
 * walk itself took 13.5 ms against 6.7.
 */
function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) newest = Math.max(newest, newestSource(`${dir}/${e.name}`));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(`${dir}/${e.name}`).mtimeMs);
  }
  return newest;
}

/** Folders that hold no sources of the CLI. */
const SKIP = new Set(['node_modules', 'dist', 'docs', 'examples']);

/** Whether dist/ holds a build at least as new as every source it is compiled from. */
function buildIsCurrent() {
  if (!existsSync(built)) return false;
  const stamp = statSync(built).mtimeMs;
  for (const e of readdirSync(root, { withFileTypes: true })) {
    if (!e.isDirectory() || SKIP.has(e.name) || e.name.startsWith('.')) continue;
    if (newestSource(join(root, e.name)) > stamp) return false;
  }
  for (const f of ['index.ts', 'scripts/cli.ts']) {
    const p = join(root, f);
    if (existsSync(p) && statSync(p).mtimeMs > stamp) return false;
  }
  return true;
}

if (buildIsCurrent()) {
  await import(built);
} else {
  const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
  const child = spawn(process.execPath, [tsxCli, join(root, 'scripts', 'cli.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 2 : 70)));
}
