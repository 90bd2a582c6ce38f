/**
 * Random schedules generated and shrunk by fast-check.
 *
 * A schedule is an array of choices; choice `c` at a state with `n` enabled actions picks action
 * `c mod n`, and the schedule ends with the array (or when nothing is enabled, or at `maxDepth`).
 * fast-check shrinks a failing array (fewer, smaller choices); then `minimize` deletes single steps
 * of the schedule, read as a sequence of step keys (actor, fault, op name), for as long as the same
 * property still fails, so the
 * counterexample printed is 1-minimal: no single step can be left out. fast-check's seed makes the
 * whole search, shrinking included, reproducible bit for bit.
 */
import fc from 'fast-check';
import type { Model, Violation } from '../model/core/model.ts';
import type { Row } from '../scenarios/notation/types.ts';
import { checkInitial, checkStep } from './properties.ts';
import { Run, rowsOfPath, type CheckOptions } from './options.ts';
import type { Outcome } from './outcome.ts';

export const DEFAULT_RUNS = 1000;
export const DEFAULT_RANDOM_DEPTH = 200;

interface Execution {
  readonly path: number[];
  readonly violation: Violation | null;
  readonly steps: number;
}

/** Runs one schedule; stops at the first violation. */
export function execute<S>(model: Model<S>, choices: readonly number[], maxDepth: number, strict: boolean, onAdvice?: (v: readonly Violation[], rows: () => Row[]) => void): Execution {
  let s = model.initial();
  const v0 = checkInitial(model, s, strict);
  if (v0.violation) return { path: [], violation: v0.violation, steps: 0 };
  const path: number[] = [];
  for (let d = 0; d < maxDepth; d++) {
    const n = model.actions(s).length;
    if (n === 0) break;
    if (d >= choices.length) break;
    const i = choices[d] % n;
    const step = model.step(s, i);
    path.push(i);
    const v = checkStep(model, s, step, strict);
    if (v.advisories.length > 0 && onAdvice) onAdvice(v.advisories, () => rowsOfPath(model, path));
    if (v.violation) return { path, violation: v.violation, steps: path.length };
    s = step.next;
  }
  return { path, violation: null, steps: path.length };
}

/**
 * What identifies a step across schedules that differ by a few deleted steps: its actor, its kind of
 * fault (if any) and its op's name. The op's arguments are left out on purpose: they follow from the
 * state (`Append<a@2>` rather than `Append<a@1>` once another append is gone).
 */
export function stepKey(a: { actor: string; fault?: string; op: { name: string; args: readonly string[] } }): string {
  return `${a.actor}|${a.fault ?? ''}|${a.op.name}<${a.op.args.join(',')}>`;
}

/** The key without the op's arguments: the fallback match when the exact op is no longer enabled. */
function looseKey(key: string): string {
  return key.slice(0, key.indexOf('<'));
}

/**
 * Replays a schedule given as step keys: at each entry, the first enabled action with that key
 * (entries with no such action enabled are skipped). Returns the path taken and the first violation.
 */
export function executeActors<S>(model: Model<S>, keys: readonly string[], strict: boolean): Execution {
  let s = model.initial();
  const path: number[] = [];
  for (const key of keys) {
    const acts = model.actions(s);
    let i = acts.findIndex((a) => stepKey(a) === key);
    if (i < 0) i = acts.findIndex((a) => looseKey(stepKey(a)) === looseKey(key));
    if (i < 0) continue;
    const step = model.step(s, i);
    path.push(i);
    const v = checkStep(model, s, step, strict);
    if (v.violation) return { path, violation: v.violation, steps: path.length };
    s = step.next;
  }
  return { path, violation: null, steps: path.length };
}

/** The step keys of the steps of `path`. */
export function actorsOfPath<S>(model: Model<S>, path: readonly number[]): string[] {
  let s = model.initial();
  return path.map((i) => {
    const who = stepKey(model.actions(s)[i]);
    s = model.step(s, i).next;
    return who;
  });
}

/**
 * Deletes single steps from a failing schedule while the same property still fails: the result is
 * 1-minimal. Deterministic: it tries deletions from the front, and restarts after each success.
 */
export function minimize<S>(model: Model<S>, path: readonly number[], property: string, strict: boolean): Execution {
  let actors = actorsOfPath(model, path);
  let best = executeActors(model, actors, strict);
  if (best.violation?.property !== property) {
    // The keys do not pin this schedule down (several enabled actions alike): keep it as found.
    best = execute(model, path, path.length, strict);
    return best;
  }
  for (let j = 0; j < actors.length; ) {
    const trial = [...actors.slice(0, j), ...actors.slice(j + 1)];
    const e = executeActors(model, trial, strict);
    if (e.violation?.property === property) {
      actors = actorsOfPath(model, e.path);
      best = e;
      j = 0;
    } else j++;
  }
  return best;
}

/** Random search with fast-check; shrinks the first failing schedule. */
export function randomSearch<S>(model: Model<S>, options: CheckOptions): Outcome {
  const run = new Run(options, model as Model<unknown>);
  const strict = options.strict ?? false;
  const seed = options.seed ?? 1;
  const runs = options.runs ?? DEFAULT_RUNS;
  const maxDepth = options.maxDepth ?? DEFAULT_RANDOM_DEPTH;
  let steps = 0;
  let executed = 0;
  let deepest = 0;
  let timedOut = false;
  const choices = fc.array(fc.nat({ max: 1_000_000 }), { maxLength: maxDepth, size: options.size ?? 'max' });
  const result = fc.check(
    fc.property(choices, (cs) => {
      if (timedOut || run.timedOut()) {
        timedOut = true;
        return true;
      }
      const e = execute(model, cs, maxDepth, strict, (v, rows) => run.advise(v, rows));
      executed++;
      steps += e.steps;
      deepest = Math.max(deepest, e.steps);
      run.progress({ states: steps, transitions: steps, depth: deepest, queue: 0, runs: executed });
      return e.violation === null;
    }),
    // fast-check would otherwise run the remaining runs (as no-ops) after the deadline.
    { seed, numRuns: runs, ...(options.timeoutSeconds !== undefined ? { interruptAfterTimeLimit: Math.max(1, Math.round(options.timeoutSeconds * 1000 - run.seconds() * 1000)) } : {}) },
  );
  if (result.interrupted) timedOut = true;
  const stats = { states: steps, transitions: steps, depth: deepest, runs: executed };
  const bounds = run.bounds({ runs, maxDepth });
  if (result.failed && result.counterexample !== null) {
    const [cs] = result.counterexample;
    const found = execute(model, cs, maxDepth, strict);
    if (found.violation !== null) {
      const e = minimize(model, found.path, found.violation.property, strict);
      if (e.violation === null) throw new Error('a minimized schedule lost its violation: the model is not deterministic');
      const rows = rowsOfPath(model, e.path);
      return { ...run.common('random', stats, bounds), outcome: 'violation', property: e.violation.property, message: e.violation.message, path: e.path, rows, atRow: rows.length };
    }
    throw new Error('fast-check reported a failure that does not replay: the model is not deterministic');
  }
  if (result.failed) throw new Error(`fast-check stopped without a counterexample (seed ${seed}): too many skipped or interrupted runs`);
  if (timedOut) return { ...run.common('random', stats, bounds), outcome: 'inconclusive', budget: 'timeout' };
  return { ...run.common('random', stats, bounds), outcome: 'pass', exhaustive: false };
}
