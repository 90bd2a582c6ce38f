#!/usr/bin/env node
// The `grove-check` bin: runs scripts/cli.ts through tsx so that no build step is needed.
// Ctrl+C goes to the child as well (same process group); the parent waits for the child's own exit
// code instead of dying of the signal, so `grove-check explore` stopped by Ctrl+C exits 0.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

// tsx keeps its cache under the temp directory: an unusable TMPDIR would otherwise fail inside tsx
// with a misleading `ENOENT mkdir tsx-0` and exit 1 (which means "violation"). Name it, exit 2.
try {
  rmSync(mkdtempSync(join(tmpdir(), 'grove-check-')), { recursive: true });
} catch (e) {
  process.stderr.write(`grove-check: the temp directory ${tmpdir()} is not usable (${e.code ?? e.message}): set TMPDIR to a writable directory\n`);
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const tsxCli = require.resolve('tsx/cli');
const child = spawn(process.execPath, [tsxCli, join(here, 'cli.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 2 : 70)));
