/** `grove-check stress` in-process: a short run's exit code and JSON report, the kept history re-checked by `lin`, bad input. */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import stress from './stress.ts';
import lin from './lin.ts';
import { InputError } from './_common.ts';
import { liveWorkers } from '../../impl/concurrency/run.ts';

async function run(cmd: (argv: string[]) => Promise<number>, ...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await cmd(argv), out };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
  expect(liveWorkers()).toBe(0);
});

describe('grove-check stress', () => {
  it('exit 0 and a JSON report for a passing run (sqlite, seed c1); --keep leaves a history that `lin` re-checks', async () => {
    const { code, out } = await run(stress, '--backend', 'sqlite', '--processes', '2', '--ops', '4', '--kills', '1', '--lost-replies', '0.2', '--seed', 'c1', '--json', '--keep');
    const j = JSON.parse(out) as { verdict: string; history: string; kills: { delivered: number }; lostReplyRate: number; kept: boolean };
    try {
      expect(code).toBe(0);
      expect(j).toMatchObject({ verdict: 'pass', kept: true, lostReplyRate: 0.2, kills: { delivered: 1 } });
      const again = await run(lin, j.history);
      expect(again.code).toBe(0);
      expect(again.out).toMatch(/: grove, \d+ operations .*\nlinearizable \(/s);
    } finally {
      rmSync(dirname(j.history), { recursive: true, force: true });
    }
  });

  it('bad input is an InputError (exit 2)', async () => {
    await expect(run(stress, '--backend', 'memory')).rejects.toThrow(InputError);
    await expect(run(stress, '--lost-replies', '1.5')).rejects.toThrow(/between 0 and 1/);
    await expect(run(stress, '--plant', 'cas-without-lock', '--backend', 'sqlite')).rejects.toThrow(/--plant for sqlite must be one of cas-outside-transaction/);
    await expect(run(stress, '--processes', '0')).rejects.toThrow(/at least 1/);
  });
});
