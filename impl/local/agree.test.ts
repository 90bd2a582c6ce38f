/**
 * The implementation agrees with the grove-local model, side by side at every step (`harness.ts`):
 * fast-check schedules of 2–3 clients on every backend (fixed seeds), comparing rows, the remote read
 * back, each client's three logs, equivalences and canonical snapshot, and G8–G11 on the
 * implementation. The schedules must reach the interesting steps (conflicts, stale writes, rebases
 * onto others' entries), or the agreement says little.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { localModel } from '../../model/grove-local/model.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { StoreUsageError } from '../remote/errors.ts';
import { LOCAL_BACKENDS, type LocalBackendKind } from './store/index.ts';
import { runLocal } from './harness.ts';
import { choicesChooser } from '../testkit/chooser.ts';

const schedule = fc.record({
  clients: fc.integer({ min: 2, max: 3 }),
  writes: fc.integer({ min: 1, max: 3 }),
  pages: fc.constantFrom(['p'], ['p', 'q']),
  choices: fc.array(fc.nat(), { minLength: 60, maxLength: 60 }),
});

const budget: Record<LocalBackendKind, number> = { memory: 400, fs: 100, sqlite: 150 };

describe.each(LOCAL_BACKENDS)('generated schedules side by side on %s', (backend) => {
  it(`agree with the model at every step (seed 11, ${budget[backend]} schedules)`, async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(schedule, async ({ clients, writes, pages, choices }) => {
        const model = localModel({ clients, writes, pages });
        const e = await runLocal({ model, backend }, choicesChooser(choices));
        expect(e.finding, e.finding?.message).toBeNull();
        expect(e.rows.map(printRow)).toEqual(e.modelRows.map(printRow));
        for (const r of e.rows.map(printRow)) {
          if (r.includes('Err: conflict')) seen.add('conflict');
          if (r.includes('Err: stale')) seen.add('stale');
          if (/Pull<main> Ok\(a@[1-9]/.test(r)) seen.add('pull');
          if (r.includes('Rebase')) seen.add('rebase');
        }
      }),
      { seed: 11, numRuns: budget[backend] },
    );
    expect([...seen].sort()).toEqual(['conflict', 'pull', 'rebase', 'stale']);
  });
});

describe('the PostgreSQL backend', () => {
  it('is refused with a clear StoreUsageError (the local/staged/origin stores have none yet)', async () => {
    const model = localModel({ clients: 2, writes: 1 });
    const err = await runLocal({ model, backend: 'postgres' }, choicesChooser([])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUsageError);
    expect((err as Error).message).toMatch(/the local\/staged\/origin stores have no PostgreSQL backend yet/);
  });
});
