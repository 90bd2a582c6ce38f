/**
 * `check`'s flags are read by their schema and bounds before any work: a check of no actors, a
 * negative or huge size, a bad `--set` are one-line usage errors (exit 2) and nothing is printed or
 * explored first; `--timeout 0` means no limit, as for `lin`.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import checkCmd from './check.ts';
import { CLI_GUARD_MS } from '../../runtime/testing.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

afterEach(() => vi.restoreAllMocks());

/** Runs `check` in-process; resolves to the error message and what was written to stdout. */
async function refused(...argv: string[]): Promise<{ message: string; printed: string }> {
  let printed = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  });
  try {
    await checkCmd(argv);
  } catch (e) {
    return { message: (e as Error).message, printed };
  }
  throw new Error(`check ${argv.join(' ')} was not refused; it printed ${printed}`);
}

describe('check: every size is bounded before any work', () => {
  it.each([
    [['--actors', '0'], '--actors must be at least 1, got 0'],
    [['--actors', '-1'], '--actors must be at least 1, got -1'],
    [['--actors', '65'], '--actors must be at most 64, got 65'],
    [['--ops', '1000000000'], '--ops must be at most 1000, got 1000000000'],
    [['--ops', '-2'], '--ops must be at least 0, got -2'],
    [['--max-lost-replies', '101'], '--max-lost-replies must be at most 100, got 101'],
    [['--max-states', '0'], '--max-states must be at least 1, got 0'],
    [['--max-states', '1000000000001'], '--max-states must be at most 1000000000000, got 1000000000001'],
    [['--max-depth', '2000000'], '--max-depth must be at most 1000000, got 2000000'],
    [['--runs', '0'], '--runs must be at least 1, got 0'],
    [['--timeout', '-1'], '--timeout must be at least 0, got -1'],
    [['--seed', '-5'], '--seed must be at least 0, got -5'],
    [['--strategy', 'fast', '--bitstate', '40'], '--bitstate must be at most 35, got 40'],
    [['--set', 'nonsense'], "--set takes KEY=VALUE, got 'nonsense'"],
  ])('check %j: %s', async (argv, message) => {
    const r = await refused(...argv);
    expect(r.message).toBe(message);
    expect(r.printed).toBe('');
  });

  it('--timeout 0 is no limit: the check runs to its verdict', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await checkCmd(['--actors', '2', '--ops', '1', '--timeout', '0', '--quiet'])).toBe(0);
  });

  it('--actors -1 on the command line: exit 2 and one line, not the usage', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'grove-check.mjs'), 'check', '--actors', '-1'], { cwd: root, encoding: 'utf8', timeout: CLI_GUARD_MS });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('grove-check: --actors must be at least 1, got -1\n');
    expect(r.stdout).toBe('');
  });
});
