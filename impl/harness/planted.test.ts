/**
 * Planted bugs in the implementation, each found by the harness with the exact property (seeded, so
 * the minimal counterexample is pinned), and the same search passing on the correct implementation.
 * Bugs that need two calls to overlap (a check-then-write, a CAS without its lock) are found by
 * splitting calls at the backends' yield points (scheduler.ts).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { groveModel } from '../../model/grove/model.ts';
import { lsnCas } from '../../model/grove/variants/standard.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { checkAgainst } from './random.ts';
import { runImpl, type CrashPlan } from './run.ts';
import { choicesChooser } from '../testkit/chooser.ts';

const model = groveModel({ variant: lsnCas, actors: 2, ops: 1 });
// shrink: false sends the first failing schedule straight to minimizeImpl (1-minimal either way, and fast).
const rowsOf = (o: Awaited<ReturnType<typeof checkAgainst>>) => (o.outcome === 'violation' ? o.rows.map(printRow) : []);

describe('planted implementation bugs (seed 1)', () => {
  it('fs append without exclusive create (check, then rename over): G1, two appends at a@1 both Ok', async () => {
    const o = await checkAgainst(model, { backend: 'fs', store: { fsPlant: 'no-exclusive-create' }, split: true, runs: 200, seed: 1, shrink: false });
    expect(o).toMatchObject({ outcome: 'violation', property: 'G1', message: 'entry a@1 changed from commit 1.1 to 2.1 (on the fs implementation)' });
    expect(rowsOf(o)).toEqual(['1 Pull<main> Ok(a@0)', '2 Pull<main> Ok(a@0)', '1 Append<a@1> Ok', '2 Append<a@1> Ok']);
    expect(o.pauses).toEqual(['2 append paused at append:checked', '1 append paused at append:checked']);
  });

  it('fs CAS without its lock: G6, two overlapping CASes from a@0 both Ok (a lost update)', async () => {
    const o = await checkAgainst(model, { backend: 'fs', store: { fsPlant: 'cas-without-lock' }, split: true, runs: 200, seed: 1, shrink: false });
    expect(o).toMatchObject({ outcome: 'violation', property: 'G6' });
    expect(rowsOf(o).slice(-2)).toEqual(['1 CAS<main, a@0, b@1> Ok', '2 CAS<main, a@0, a@1> Ok']);
    expect(o.pauses?.slice(-2)).toEqual(['1 cas paused at cas:compared', '2 cas paused at cas:compared']);
  });

  it('SQLite CAS outside a transaction: G6, the same lost update', async () => {
    const o = await checkAgainst(model, { backend: 'sqlite', store: { sqlitePlant: 'cas-outside-transaction' }, split: true, runs: 200, seed: 1, shrink: false });
    expect(o).toMatchObject({ outcome: 'violation', property: 'G6' });
    expect(rowsOf(o).slice(-2)).toEqual(['1 CAS<main, a@0, a@1> Ok', '2 CAS<main, a@0, c@1> Ok']);
  });

  it('a client that acknowledges before confirming: G5 after two rows, on every backend', async () => {
    for (const backend of ['memory', 'fs', 'sqlite'] as const) {
      const o = await checkAgainst(model, { backend, client: 'early-ack', runs: 50, seed: 1, shrink: false });
      expect(o).toMatchObject({ outcome: 'violation', property: 'G5', atRow: 2, message: `commit 1.1 was acknowledged to actor 1, but it is not in the history of main = a@0 (on the ${backend} implementation)` });
      expect(rowsOf(o)).toEqual(['1 Pull<main> Ok(a@0)', '1 Append<a@1> Ok']);
    }
  });

  it('fs append written in place, cut by a crash: a torn entry, reported as corrupt naming the file', async () => {
    const e = await runImpl(
      { model, backend: 'fs', store: { fsPlant: 'torn-append' }, crash: { actor: '1', call: 2, point: 'entry:torn' } },
      choicesChooser([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    );
    expect(e.finding).toMatchObject({ property: 'L', source: 'divergence' });
    expect(e.finding!.message).toMatch(/after a simulated crash at entry:torn in actor 1's Append<a@1>, the store cannot be read back: CorruptStoreError: .*\/logs\/a\/1\.json: entry file is not JSON/);
    expect(e.rows.map(printRow)).toEqual(['1 Pull<main> Ok(a@0)', '1 Append<a@1> ?']);
  });

  it('the correct backends pass the same searches', async () => {
    for (const backend of ['fs', 'sqlite'] as const) {
      const o = await checkAgainst(model, { backend, split: true, runs: 60, seed: 1 });
      expect(o.outcome).toBe('pass');
    }
    expect((await checkAgainst(model, { backend: 'memory', runs: 60, seed: 1 })).outcome).toBe('pass');
  });

  it('the correct fs backend survives a crash at any point of any call of any schedule (before or after, never corrupt)', async () => {
    const m = groveModel({ variant: lsnCas, actors: 2, ops: 2, program: ['push', 'force-push'] });
    const points = ['*', 'entry:tmp-written', 'entry:linked', 'branch:tmp-written', 'branch:renamed', 'ref:tmp-written', 'ref:renamed'];
    let crashed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(), { minLength: 20, maxLength: 20 }),
        fc.record({
          actor: fc.constantFrom('1', '2'),
          call: fc.integer({ min: 2, max: 6 }),
          point: fc.oneof({ arbitrary: fc.constant('*'), weight: 3 }, { arbitrary: fc.constantFrom(...points), weight: 1 }),
        }),
        async (cs, plan: CrashPlan) => {
          const e = await runImpl({ model: m, backend: 'fs', store: { durable: true }, crash: plan }, choicesChooser(cs));
          if (e.crashed !== undefined) crashed++;
          expect(e.finding).toBeNull();
        },
      ),
      { seed: 1, numRuns: 60 },
    );
    expect(crashed).toBeGreaterThan(10);
  });
});
