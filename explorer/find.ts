/**
 * "Find a bug from here": runs the checker on the session's model with its initial state replaced by
 * the state at the cursor (`{...model, initial: () => current}`; the model is pure, so nothing else
 * changes), within a time budget. Breadth-first first, for the shortest continuation, with half the
 * budget; if that runs out, random schedules (fast-check, shrunk) in rounds of `ROUND` runs with
 * seeds `seed`, `seed + 1`, … until a violation or the end of the budget. A violation's path is then
 * fired step by step from the cursor, so the session holds the steps taken before plus the
 * counterexample's, and its cursor is at the failing step.
 *
 * Synchronous: the search blocks the caller for up to the budget (the explorer's server is for one
 * person; see the module comment of `server.ts`).
 */
import { UsageError } from '../model/core/model.ts';
import { check } from '../checker/check.ts';
import type { Violation } from '../checker/outcome.ts';
import { fire, stateAt, withNotice, type Session } from './session.ts';

/** Options of a search. */
export interface FindOptions {
  /** Wall-clock budget in seconds (default 10, at most 600). */
  readonly seconds?: number;
  /** Advisory properties (G7, D1) count as violations too. */
  readonly strict?: boolean;
  /** Seed of the first random round (default 1). */
  readonly seed?: number;
}

/** What a search reports: the three outcomes (STYLE.md §5) with what was covered. */
export interface FindResult {
  readonly outcome: 'violation' | 'pass' | 'inconclusive';
  /** The strategy that decided: `bfs` or `random`. */
  readonly strategy: 'bfs' | 'random';
  readonly budgetSeconds: number;
  readonly seconds: number;
  /** Distinct states (bfs) and schedules run (random). */
  readonly states: number;
  readonly runs?: number;
  /** Violation: the property, its witness message, how many steps were added and the seed (random). */
  readonly property?: string;
  readonly message?: string;
  readonly added?: number;
  readonly seed?: number;
  /** One sentence for the page. */
  readonly summary: string;
}

/** Schedules per random round. */
export const ROUND = 2000;

/** The default budget in seconds. */
export const DEFAULT_FIND_SECONDS = 10;

/**
 * Searches from the cursor (see the module comment). Returns the session (with the counterexample's
 * steps appended at the cursor when one was found; unchanged otherwise apart from its notice) and
 * the result. Throws `UsageError` for a budget that is not a number in (0, 600].
 */
export function findBug<S>(s: Session<S>, options: FindOptions = {}): { session: Session<S>; result: FindResult } {
  const budget = options.seconds ?? DEFAULT_FIND_SECONDS;
  if (typeof budget !== 'number' || !Number.isFinite(budget) || budget <= 0 || budget > 600) throw new UsageError(`seconds must be a number greater than 0 and at most 600, got ${JSON.stringify(options.seconds)}`);
  const seed0 = options.seed ?? 1;
  if (!Number.isInteger(seed0)) throw new UsageError(`seed must be a whole number, got ${JSON.stringify(options.seed)}`);
  const strict = options.strict === true;
  const here = stateAt(s);
  const model = { ...s.model, initial: () => here };
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;

  const bfs = check(model, { strategy: 'bfs', timeoutSeconds: budget / 2, strict });
  const done = (o: Violation, strategy: 'bfs' | 'random', extra: { runs?: number; states: number; seed?: number }) => {
    const base = { strategy, budgetSeconds: budget, seconds: Math.round(elapsed() * 1000) / 1000, ...extra };
    let next = s;
    for (const i of o.path) next = fire(next, i);
    const added = o.path.length;
    const summary = `${o.property} violated ${added} step${added === 1 ? '' : 's'} from step ${s.cursor} (found by ${strategy}${strategy === 'random' ? ` with seed ${extra.seed}` : ''}): ${o.message}`;
    const result: FindResult = { ...base, outcome: 'violation', property: o.property, message: o.message, added, summary };
    return { session: withNotice(next, summary), result };
  };
  if (bfs.outcome === 'violation') return done(bfs, 'bfs', { states: bfs.stats.states });
  if (bfs.outcome === 'pass') {
    const summary = `no violation reachable from step ${s.cursor}: breadth-first search explored all ${bfs.stats.states} states (depth ${bfs.stats.depth})${strict ? ', advisory properties included' : ''}`;
    return { session: withNotice(s, summary), result: { outcome: 'pass', strategy: 'bfs', budgetSeconds: budget, seconds: Math.round(elapsed() * 1000) / 1000, states: bfs.stats.states, summary } };
  }
  let runs = 0;
  let seed = seed0;
  while (elapsed() < budget) {
    const o = check(model, { strategy: 'random', seed, runs: ROUND, timeoutSeconds: Math.max(0.001, budget - elapsed()), strict });
    runs += o.stats.runs ?? 0;
    if (o.outcome === 'violation') return done(o, 'random', { states: bfs.stats.states, runs, seed });
    seed++;
  }
  const summary = `inconclusive: no violation found in ${budget} s from step ${s.cursor}; breadth-first search saw ${bfs.stats.states} states (to depth ${bfs.stats.depth}) before its half of the budget ran out, then ${runs} random schedules (seeds ${seed0}–${seed - 1}) found none`;
  return { session: withNotice(s, summary), result: { outcome: 'inconclusive', strategy: 'random', budgetSeconds: budget, seconds: Math.round(elapsed() * 1000) / 1000, states: bfs.stats.states, runs, summary } };
}
