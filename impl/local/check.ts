/**
 * Random schedules side by side, as an `Outcome` (STYLE.md §5): fast-check generates arrays of
 * choices (choice `c` at `n` enabled actions picks `c mod n`), each array runs against the model and a
 * fresh store with fresh clients (`harness.ts`), and the first failing run is 1-minimized by deleting
 * single picks while the same property still fails (picks are action keys such as `1 write:p`, so a
 * deletion keeps the meaning of the others). A divergence is a violation of `L`.
 */
import type { Outcome } from '../../checker/outcome.ts';
import type { LocalModel } from '../../model/grove-local/model.ts';
import { runLocal, type LocalExecution, type LocalRunOptions } from './harness.ts';
import { choicesChooser, keysChooser } from '../testkit/chooser.ts';
import { minimizePicks, searchSchedules } from '../harness/search.ts';

/** Options of `checkLocalAgainst`. */
export interface LocalCheckOptions extends Omit<LocalRunOptions, 'model'> {
  /** fast-check seed (default 1). */
  readonly seed?: number;
  /** Schedules to run (default 100). */
  readonly runs?: number;
  /** Stop as inconclusive after this many seconds. */
  readonly timeoutSeconds?: number;
}

/** An outcome with the picks that reproduce a violation (`keysChooser`). */
export type LocalOutcome = Outcome & { readonly picks?: readonly string[]; readonly source?: string };

/** Default schedules per check against an implementation. */
export const DEFAULT_LOCAL_RUNS = 100;

/** Deletes single picks from a failing run while the same property still fails. Deterministic. */
export async function minimizeLocal(o: LocalRunOptions, run: LocalExecution): Promise<LocalExecution> {
  return minimizePicks<string, LocalExecution>(run, (picks) => runLocal(o, keysChooser(picks)));
}

/** Choices enough for every client to write, squash, push, confirm, pull and rebase each write. */
export function fullLength(model: LocalModel): number {
  return model.initial().clients.length * model.ctx.writes * 6;
}

/** Random side-by-side search (see the module comment). Never throws for a verdict. */
export async function checkLocalAgainst(model: LocalModel, o: LocalCheckOptions): Promise<LocalOutcome> {
  const started = performance.now();
  const seed = o.seed ?? 1;
  const runs = o.runs ?? DEFAULT_LOCAL_RUNS;
  const maxDepth = o.maxDepth ?? 200;
  const ro: LocalRunOptions = { ...o, model };
  const seconds = (): number => Math.round(performance.now() - started) / 1000;
  const found = await searchSchedules((cs) => runLocal(ro, choicesChooser(cs)), {
    seed,
    runs,
    maxDepth,
    minLength: fullLength(model),
    timeoutSeconds: o.timeoutSeconds,
    endOnFailure: true,
  });
  const common = {
    model: model.name,
    variant: model.variant,
    strategy: 'random' as const,
    seed,
    config: { ...model.config, against: `impl:${o.backend}`, ...(o.plant !== undefined ? { plant: o.plant } : {}) },
    bounds: { actors: Number(model.config.actors), ops: Number(model.config.ops), runs, maxDepth, ...(o.timeoutSeconds !== undefined ? { timeoutSeconds: o.timeoutSeconds } : {}) },
    advisories: [],
  };
  const stats = () => ({ states: found.steps, transitions: found.steps, depth: found.deepest, runs: found.runs, seconds: seconds() });
  if (found.counterexample !== null) {
    const first = await runLocal(ro, choicesChooser(found.counterexample));
    if (first.finding === null) throw new Error('a failing schedule did not fail again: the implementation or the harness is not deterministic');
    const e = await minimizeLocal(ro, first);
    const f = e.finding!;
    return { ...common, stats: stats(), outcome: 'violation', property: f.property, message: f.message, path: e.path, rows: e.rows, atRow: f.atRow, picks: e.picks, source: f.source };
  }
  if (found.timedOut) return { ...common, stats: stats(), outcome: 'inconclusive', budget: 'timeout' };
  return { ...common, stats: stats(), outcome: 'pass', exhaustive: false };
}
