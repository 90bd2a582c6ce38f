/** A stress run whose harness fails keeps its run directory and says where (issue 20, item 3). */
import { existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../testkit/errors.ts';
import { liveWorkers, runStress } from './run.ts';

const parents: string[] = [];
afterEach(() => {
  for (const p of parents.splice(0)) rmSync(p, { recursive: true, force: true });
  expect(liveWorkers()).toBe(0);
});

describe('stress: a run that crashes keeps its evidence', () => {
  it('workers that cannot open the store: HarnessError naming the kept run directory, which holds the store and the histories', async () => {
    const parentDir = mkdtempSync(join(tmpdir(), 'grove-kept-test-'));
    parents.push(parentDir);
    const run = runStress({
      backend: 'fs',
      processes: 2,
      ops: 2,
      seed: 'kept',
      parentDir,
      keep: 'never', // even then: a harness failure is evidence
      afterCreate: async (spec) => {
        if (spec.backend === 'fs') unlinkSync(join(spec.root, 'grove-store.json')); // no longer a Grove store
      },
    });
    const e = (await run.then(
      () => null,
      (x: unknown) => x,
    )) as HarnessError;
    expect(e).toBeInstanceOf(HarnessError);
    const [dir] = readdirSync(parentDir);
    expect(dir).toMatch(/^grove-stress-fs-/);
    expect(e.kept).toBe(join(parentDir, dir));
    expect(e.message).toMatch(/worker slot \d \(client \d\) exited with code 1:[\s\S]*not a Grove store[\s\S]*\nrun directory kept: .*grove-stress-fs-/);
    expect(existsSync(join(parentDir, dir, 'store', 'logs'))).toBe(true);
    expect(existsSync(join(parentDir, dir, 'history'))).toBe(true);
  });
});
