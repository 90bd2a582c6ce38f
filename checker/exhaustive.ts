/**
 * Exhaustive search: breadth-first (the shortest counterexample) and depth-first, both deduplicating
 * states by the model's fingerprint.
 *
 * Breadth-first keeps only the frontier's states in memory; every state seen keeps just its parent's
 * number and the action that reached it, so a counterexample is rebuilt by replaying those indices
 * from the initial state. Transition properties are checked on every transition, including those
 * into states already seen (a bad step into a known state is still a bad step).
 */
import type { Model } from '../model/core/model.ts';
import { checkInitial, checkStep } from './properties.ts';
import { DEFAULT_MAX_STATES, Run, rowsOfPath, type CheckOptions } from './options.ts';
import type { Outcome } from './outcome.ts';
import { GrowingInts as Column } from './fast/store.ts';

function violation<S>(run: Run, model: Model<S>, strategy: 'bfs' | 'dfs', path: number[], v: { property: string; message: string }, stats: { states: number; transitions: number; depth: number }): Outcome {
  const rows = rowsOfPath(model, path);
  return { ...run.common(strategy, stats), outcome: 'violation', property: v.property, message: v.message, path, rows, atRow: rows.length };
}

/** Breadth-first search: a violation found is one of the shortest. */
export function bfs<S>(model: Model<S>, options: CheckOptions): Outcome {
  const run = new Run(options, model as Model<unknown>);
  const strict = options.strict ?? false;
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const canon = options.symmetry !== false && model.canonical ? model.canonical.bind(model) : (s: S) => s;
  const key = (s: S) => model.fingerprint(canon(s));

  // Parent columns that start small and double: a search of a few dozen states (a seed scenario)
  // spent most of its time zeroing two columns made at 64 Ki entries (a 10-state search of
  // obsmarkers: 0.23–0.45 ms, against 0.09 ms at 256).
  const parent = new Column(256);
  const via = new Column(256);
  const pathTo = (n: number): number[] => {
    const out: number[] = [];
    for (let i = n; i > 0; i = parent.get(i)) out.push(via.get(i));
    return out.reverse();
  };

  const s0 = model.initial();
  const v0 = checkInitial(model, s0, strict);
  run.advise(v0.advisories, () => []);
  if (v0.violation) return violation(run, model, 'bfs', [], v0.violation, { states: 1, transitions: 0, depth: 0 });

  const seen = new Map<string, number>([[key(s0), 0]]);
  parent.push(-1);
  via.push(-1);
  let frontier: { s: S; n: number }[] = [{ s: s0, n: 0 }];
  let depth = 0;
  let transitions = 0;
  let cut = 0;
  while (frontier.length > 0) {
    if (depth >= maxDepth) {
      cut = frontier.filter((f) => model.actions(f.s).length > 0).length;
      break;
    }
    const next: { s: S; n: number }[] = [];
    for (const { s, n } of frontier) {
      const count = model.actions(s).length;
      for (let i = 0; i < count; i++) {
        const step = model.step(s, i);
        transitions++;
        const v = checkStep(model, s, step, strict);
        if (v.advisories.length > 0) run.advise(v.advisories, () => rowsOfPath(model, [...pathTo(n), i]));
        if (v.violation) return violation(run, model, 'bfs', [...pathTo(n), i], v.violation, { states: seen.size, transitions, depth: depth + 1 });
        const k = key(step.next);
        if (seen.has(k)) continue;
        const m = parent.length;
        seen.set(k, m);
        parent.push(n);
        via.push(i);
        next.push({ s: step.next, n: m });
        if (seen.size >= maxStates) {
          return { ...run.common('bfs', { states: seen.size, transitions, depth: depth + 1 }), outcome: 'inconclusive', budget: 'max-states', note: `stopped at ${seen.size} states with ${next.length + frontier.length} unexplored` };
        }
      }
      if ((transitions & 1023) === 0) {
        if (run.timedOut()) return { ...run.common('bfs', { states: seen.size, transitions, depth }), outcome: 'inconclusive', budget: 'timeout' };
        run.progress({ states: seen.size, transitions, depth, queue: frontier.length + next.length });
      }
    }
    if (run.timedOut()) return { ...run.common('bfs', { states: seen.size, transitions, depth }), outcome: 'inconclusive', budget: 'timeout' };
    frontier = next;
    if (next.length > 0) depth++;
  }
  return {
    ...run.common('bfs', { states: seen.size, transitions, depth }),
    outcome: 'pass',
    exhaustive: cut === 0,
    ...(cut > 0 ? { note: `exhaustive up to depth ${maxDepth}: ${cut} states at that depth were not expanded` } : {}),
  };
}

/** Depth-first search with deduplication; the counterexample is the first found, not the shortest. */
export function dfs<S>(model: Model<S>, options: CheckOptions): Outcome {
  const run = new Run(options, model as Model<unknown>);
  const strict = options.strict ?? false;
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const canon = options.symmetry !== false && model.canonical ? model.canonical.bind(model) : (s: S) => s;
  const key = (s: S) => model.fingerprint(canon(s));

  const s0 = model.initial();
  const v0 = checkInitial(model, s0, strict);
  run.advise(v0.advisories, () => []);
  if (v0.violation) return violation(run, model, 'dfs', [], v0.violation, { states: 1, transitions: 0, depth: 0 });
  const seen = new Set<string>([key(s0)]);
  const stack: { s: S; next: number; count: number }[] = [{ s: s0, next: 0, count: model.actions(s0).length }];
  const path: number[] = [];
  let transitions = 0;
  let deepest = 0;
  let cut = 0;
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next >= top.count) {
      stack.pop();
      path.pop();
      continue;
    }
    const i = top.next++;
    const step = model.step(top.s, i);
    transitions++;
    const v = checkStep(model, top.s, step, strict);
    if (v.advisories.length > 0) run.advise(v.advisories, () => rowsOfPath(model, [...path, i]));
    if (v.violation) return violation(run, model, 'dfs', [...path, i], v.violation, { states: seen.size, transitions, depth: Math.max(deepest, path.length + 1) });
    const k = key(step.next);
    if (seen.has(k)) continue;
    seen.add(k);
    if (seen.size >= maxStates) return { ...run.common('dfs', { states: seen.size, transitions, depth: deepest }), outcome: 'inconclusive', budget: 'max-states' };
    const count = model.actions(step.next).length;
    if (path.length + 1 >= maxDepth) {
      if (count > 0) cut++;
      deepest = Math.max(deepest, path.length + 1);
      continue;
    }
    path.push(i);
    stack.push({ s: step.next, next: 0, count });
    deepest = Math.max(deepest, path.length);
    if ((transitions & 1023) === 0) {
      if (run.timedOut()) return { ...run.common('dfs', { states: seen.size, transitions, depth: deepest }), outcome: 'inconclusive', budget: 'timeout' };
      run.progress({ states: seen.size, transitions, depth: path.length, queue: stack.length });
    }
  }
  return {
    ...run.common('dfs', { states: seen.size, transitions, depth: deepest }),
    outcome: 'pass',
    exhaustive: cut === 0,
    ...(cut > 0 ? { note: `exhaustive up to depth ${maxDepth}: ${cut} states at that depth were not expanded` } : {}),
  };
}
