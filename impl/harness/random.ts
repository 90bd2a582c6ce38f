/**
 * Random schedules against an implementation, generated and shrunk by fast-check (as the model-only
 * `checker/random.ts` does): a schedule is an array of choices, choice `c` picks actor `c mod n` among
 * the `n` the model has enabled. `fc.asyncProperty` runs each schedule against a fresh store; a failing
 * array is shrunk by fast-check, then `minimizeImpl` deletes single picks while the same property still
 * fails, so the counterexample is 1-minimal. The result is an `Outcome` like any other check's: a
 * divergence is a `violation` of property `L`.
 */
import type { Outcome } from '../../checker/outcome.ts';
import type { GroveModel } from '../../model/grove/model.ts';
import { runImpl, type ImplExecution, type ImplRunOptions } from './run.ts';
import { choicesChooser, keysChooser } from '../testkit/chooser.ts';
import { minimizePicks, searchSchedules } from './search.ts';

/** Options of `checkAgainst`. */
export interface ImplCheckOptions extends Omit<ImplRunOptions, 'model'> {
  /** fast-check seed (default 1). */
  readonly seed?: number;
  /** Schedules to run (default 100). */
  readonly runs?: number;
  /** Stop as inconclusive after this many seconds. */
  readonly timeoutSeconds?: number;
  /**
   * Let fast-check shrink a failing schedule's choices before `minimizeImpl` (default true). Off, the
   * first failing schedule goes straight to `minimizeImpl`: still 1-minimal, and much faster on fs.
   */
  readonly shrink?: boolean;
}

import { DEFAULT_IMPL_RUNS } from './usage.ts';

export { DEFAULT_IMPL_RUNS };

/**
 * Deletes single picks from a failing run while the same property still fails (deterministic: from
 * the front, restarting after each success). Returns the smallest run found.
 */
export async function minimizeImpl(o: ImplRunOptions, run: ImplExecution): Promise<ImplExecution> {
  return minimizePicks<string, ImplExecution>(run, (picks) => runImpl(o, keysChooser(picks)));
}

/** An outcome against an implementation: the picks (pauses included) reproduce a violation exactly. */
export type ImplOutcome = Outcome & { readonly picks?: readonly string[]; readonly pauses?: readonly string[] };

/**
 * Choices enough to run every program to its end (a client op is at most 5 steps), so that schedules
 * are whole runs rather than the short prefixes fast-check favours; shrinking then works on whole runs.
 */
export function fullLength(model: GroveModel): number {
  const actors = model.initial().actors.length;
  return actors * model.ctx.ops * 5;
}

/** The text of `--against` for a backend. */
export const againstFlag = (o: Pick<ImplRunOptions, 'backend'>): string => `impl:${o.backend}`;

/** Random search against an implementation (see the module comment). Never throws for a verdict. */
export async function checkAgainst(model: GroveModel, o: ImplCheckOptions): Promise<ImplOutcome> {
  const started = performance.now();
  const seed = o.seed ?? 1;
  const runs = o.runs ?? DEFAULT_IMPL_RUNS;
  const maxDepth = o.maxDepth ?? 200;
  const ro: ImplRunOptions = { ...o, model };
  const seconds = (): number => Math.round(performance.now() - started) / 1000;
  const found = await searchSchedules((cs) => runImpl(ro, choicesChooser(cs)), {
    seed,
    runs,
    maxDepth,
    minLength: fullLength(model),
    timeoutSeconds: o.timeoutSeconds,
    endOnFailure: o.shrink === false,
  });
  const common = {
    model: model.name,
    variant: model.variant,
    strategy: 'random' as const,
    seed,
    config: { ...model.config, against: againstFlag(o), ...(o.split ? { split: true } : {}) },
    bounds: { actors: Number(model.config.actors), ops: Number(model.config.ops), runs, maxDepth, ...(o.timeoutSeconds !== undefined ? { timeoutSeconds: o.timeoutSeconds } : {}) },
    advisories: [],
  };
  const stats = () => ({ states: found.steps, transitions: found.steps, depth: found.deepest, runs: found.runs, seconds: seconds() });
  if (found.counterexample !== null) {
    const first = await runImpl(ro, choicesChooser(found.counterexample));
    if (first.finding === null) throw new Error('a failing schedule did not fail again: the implementation or the harness is not deterministic');
    const e = await minimizeImpl(ro, first);
    const f = e.finding!;
    return { ...common, stats: stats(), outcome: 'violation', property: f.property, message: f.message, path: e.path, rows: e.rows, atRow: f.atRow, picks: e.picks, pauses: e.pauses };
  }
  if (found.timedOut) return { ...common, stats: stats(), outcome: 'inconclusive', budget: 'timeout' };
  return { ...common, stats: stats(), outcome: 'pass', exhaustive: false };
}
