/**
 * The implementation agrees with the model: every saved program-driven scenario under `scenarios/`,
 * and fast-check schedules of 2–5 actors over every variant and program, on every backend (fs and
 * sqlite in temporary directories, postgres in a schema `gc_<random>` dropped after each run), serialised and with calls split at yield points. Properties are
 * off here: a protocol's own flaw (G6 under logid-check) is the model's verdict too, and what is
 * asserted is that the two never differ.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { groveModel } from '../../model/grove/model.ts';
import { standardVariants } from '../../model/grove/variants/standard.ts';
import { readScenarioFileSync } from '../../scenarios/notation/index.ts';
import { runScenario, scenarioName, variantsOf } from '../../checker/scenarios.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { BACKENDS } from '../remote/types.ts';
import { faultReason, isProgramDriven, replayAgainst } from './replay.ts';
import { runImpl } from './run.ts';
import { choicesChooser } from '../testkit/chooser.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scenarios');

function scenarioFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? scenarioFiles(p) : e.endsWith('.scenario') ? [p] : [];
  });
}

const all = scenarioFiles(root).flatMap((file) => readScenarioFileSync(file).scenarios.map((s, i) => ({ file, name: scenarioName(s, i), s })));
/** Program-driven grove scenarios without faults (faults are not injected into clients; see replay.ts). */
const programDriven = all.filter((x) => isProgramDriven(x.s) && faultReason(x.s) === null).flatMap((x) => variantsOf(x.s).map((variant) => ({ ...x, variant })));

describe('saved program-driven scenarios, against every backend', () => {
  it('there are some; those with faults are skipped with a reason', async () => {
    expect(programDriven.length).toBeGreaterThan(0);
    for (const x of all.filter((y) => isProgramDriven(y.s) && faultReason(y.s) !== null)) {
      expect(await replayAgainst(x.s, 'memory')).toMatchObject({ verdict: 'skipped', reason: expect.stringMatching(/faults|collide/) });
    }
  });

  it.each(BACKENDS.flatMap((b) => programDriven.map((x) => [b, x.name, x.variant, x] as const)))('%s: %s [%s]', async (backend, _name, variant, x) => {
    const model = runScenario(x.s, variant);
    const r = await replayAgainst(x.s, backend, { variant });
    if (r.verdict === 'skipped') throw new Error(`skipped: ${r.reason}`);
    if (r.verdict === 'finding') {
      // The implementation shows the model's own verdict, on its own behaviour, and nothing else.
      expect(r.run.finding!.source).not.toBe('divergence');
      expect(model.verdict).toBe(`violation(${r.run.finding!.property})`);
    } else expect(model.verdict).toBe('ok');
    expect(r.run.rows.map(printRow)).toEqual(x.s.rows.filter((row) => row.kind === 'call').slice(0, r.run.rows.length).map(printRow));
  });
});

const schedule = fc.record({
  variant: fc.constantFrom(...standardVariants),
  actors: fc.integer({ min: 2, max: 5 }),
  ops: fc.integer({ min: 1, max: 2 }),
  program: fc.array(fc.constantFrom('push' as const, 'force-push' as const, 'pull' as const), { minLength: 1, maxLength: 2 }),
  choices: fc.array(fc.nat(), { minLength: 50, maxLength: 50 }),
});

// postgres: a fresh schema per schedule and a server round trip per call, so a small run count (≤ 15 s).
const budget: Record<(typeof BACKENDS)[number], number> = { memory: 150, fs: 30, sqlite: 40, postgres: 20 };

describe.each(BACKENDS)('generated schedules against %s', (backend) => {
  it.each([false, true])(`agree with the model (split calls: %s; seed 7)`, async (split) => {
    await fc.assert(
      fc.asyncProperty(schedule, async ({ variant, actors, ops, program, choices }) => {
        const model = groveModel({ variant, actors, ops, program });
        const e = await runImpl({ model, backend, split, properties: false }, choicesChooser(choices));
        expect(e.finding, e.finding?.message).toBeNull();
      }),
      { seed: 7, numRuns: split ? Math.ceil(budget[backend] / 2) : budget[backend] },
    );
  });
});
