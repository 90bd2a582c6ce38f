/**
 * Depth-first search with a preemption bound (CHESS's iterative context bounding, Musuvathi and
 * Qadeer, PLDI 2007), as a chooser over any model.
 *
 * A *preemption* is a step by another actor while the actor that took the previous step still has
 * an enabled action; switching away from an actor that has finished (or has nothing enabled) is
 * free. Bugs found in practice need few preemptions even when they need many steps: the deep Grove
 * bug (`planted-narrow-cas`) needs one (actor 1 reads, is preempted, the others run to completion,
 * actor 1 resumes) however many pushes land in between, where uniformly random schedules need luck
 * exponential in that number.
 *
 * The search tries bounds 0, 1, …, `preemptions` in turn, so a counterexample uses as few
 * preemptions as possible; within a bound it runs DFS, continuing the current actor first. States
 * are deduplicated by (fingerprint, last actor) keeping the fewest preemptions spent, which loses
 * nothing: from the same state and actor, fewer preemptions spent reach everything more would.
 * A pass is exhaustive over every schedule within the bound (and the state/depth budgets), no more.
 * A counterexample is shrunk to a 1-minimal schedule (`minimize` of `random.ts`, as PCT's is) unless
 * `minimize: false`: the DFS continues the current actor first, so the schedule it stops on carries
 * steps the bug does not need.
 */
import type { Model } from '../model/core/model.ts';
import { checkInitial, checkStep } from './properties.ts';
import { DEFAULT_MAX_STATES, Run, rowsOfPath, type CheckOptions } from './options.ts';
import type { Outcome } from './outcome.ts';
import { minimize } from './random.ts';

/** Options of the bounded search on top of every search's. */
export interface PreemptionOptions extends CheckOptions {
  /** Most preemptions per schedule (default 2). */
  readonly preemptions?: number;
  /** Shrink a counterexample to a 1-minimal schedule, as PCT does (default true). */
  readonly minimize?: boolean;
}

interface Frame<S> {
  readonly s: S;
  /** Actor of the step that led here ('' at the start). */
  readonly last: string;
  readonly used: number;
  /** Action indices to try, in order (the current actor's first). */
  readonly order: number[];
  next: number;
}

/** Runs the preemption-bounded search. Never throws for a verdict. */
export function preemptionSearch<S>(model: Model<S>, options: PreemptionOptions = {}): Outcome {
  const run = new Run(options, model as Model<unknown>);
  const strict = options.strict ?? false;
  const bound = options.preemptions ?? 2;
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  if (!Number.isInteger(bound) || bound < 0) throw new RangeError(`preemption bound must be a whole number ≥ 0, got ${bound}`);
  const s0 = model.initial();
  const v0 = checkInitial(model, s0, strict);
  run.advise(v0.advisories, () => []);
  let states = 0;
  let transitions = 0;
  let deepest = 0;
  let cut = 0;
  const bounds = () => run.bounds({ preemptions: bound });

  const frame = (s: S, last: string, used: number): Frame<S> => {
    const acts = model.actions(s);
    const mine: number[] = [];
    const others: number[] = [];
    acts.forEach((a, i) => (a.actor === last ? mine : others).push(i));
    return { s, last, used, order: [...mine, ...others], next: 0 };
  };

  for (let b = 0; b <= bound; b++) {
    const seen = new Map<string, number>();
    const stack: Frame<S>[] = [frame(s0, '', 0)];
    const path: number[] = [];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next >= top.order.length) {
        stack.pop();
        path.pop();
        continue;
      }
      const i = top.order[top.next++];
      const acts = model.actions(top.s);
      const who = acts[i].actor;
      const lastEnabled = top.last !== '' && acts.some((a) => a.actor === top.last);
      const used = top.used + (lastEnabled && who !== top.last ? 1 : 0);
      if (used > b) continue;
      const step = model.step(top.s, i);
      transitions++;
      const v = checkStep(model, top.s, step, strict);
      if (v.advisories.length > 0) run.advise(v.advisories, () => rowsOfPath(model, [...path, i]));
      if (v.violation) {
        let p = [...path, i];
        let found = v.violation;
        const depth = Math.max(deepest, p.length);
        if (options.minimize !== false) {
          const e = minimize(model, p, found.property, strict);
          if (e.violation === null) throw new Error('a minimized preemption-bounded schedule lost its violation: the model is not deterministic');
          p = e.path;
          found = e.violation;
        }
        const rows = rowsOfPath(model, p);
        return {
          ...run.common('preemption', { states, transitions, depth }, bounds()),
          outcome: 'violation',
          property: found.property,
          message: `${found.message} (found on a schedule with ${used} preemption${used === 1 ? '' : 's'}; bound ${bound}${options.minimize !== false ? `; shrunk to ${p.length} steps` : ''})`,
          path: p,
          rows,
          atRow: rows.length,
        };
      }
      const key = `${model.fingerprint(step.next)}#${who}`;
      const before = seen.get(key);
      if (before !== undefined && before <= used) continue;
      seen.set(key, used);
      states++;
      if (states >= maxStates) return { ...run.common('preemption', { states, transitions, depth: deepest }, bounds()), outcome: 'inconclusive', budget: 'max-states' };
      if (path.length + 1 >= maxDepth) {
        if (model.actions(step.next).length > 0) cut++;
        continue;
      }
      path.push(i);
      stack.push(frame(step.next, who, used));
      deepest = Math.max(deepest, path.length);
      if ((transitions & 1023) === 0) {
        if (run.timedOut()) return { ...run.common('preemption', { states, transitions, depth: deepest }, bounds()), outcome: 'inconclusive', budget: 'timeout' };
        run.progress({ states, transitions, depth: path.length, queue: stack.length });
      }
    }
  }
  return {
    ...run.common('preemption', { states, transitions, depth: deepest }, bounds()),
    outcome: 'pass',
    exhaustive: false,
    note: `every schedule with at most ${bound} preemption${bound === 1 ? '' : 's'}${cut > 0 ? ` up to depth ${maxDepth} (${cut} states at that depth not expanded)` : ''}; states counted per (state, last actor) and summed over the bounds 0…${bound}`,
  };
}
