/**
 * The deep search that needs no depth or bound from the user: a portfolio of PCT at growing bug
 * depths and the preemption-bounded DFS at growing bounds, interleaved in rounds of doubling budget.
 *
 * PCT finds a bug of depth d with probability at least 1/(n·k^(d-1)) per run, but only when run at
 * depth d or more (at a smaller depth it is blind to the last ordering constraint, however many runs
 * it makes), and the deeper it runs the smaller its guarantee at every depth. The bounded DFS finds
 * every bug within its preemption bound, but its cost grows steeply with the bound. Neither knows the
 * bug in advance, so the portfolio tries all of them, shallow first:
 *
 *   round j = 0, 1, 2, …   (budget doubles every round)
 *     1. the preemption-bounded DFS at the smallest bound not yet completed, with at most
 *        5,000·2^j states (a bound that completes is never run again: its schedules are covered);
 *     2. PCT at depths 2 … 2+j (at most 6), 50·2^j runs each, with seed `seed·1000 + 10·j + d`.
 *
 * So a bug that needs few ordering constraints or few preemptions is found in the first rounds, at
 * the cost of a small multiple of what the right member alone would spend: the rounds before the
 * right one cost in all about what the right one costs (doubling), and the other members of a round
 * at most as much again per member. Everything is counted in runs and states, never in time, so the
 * same seed gives the same result bit for bit; the counterexample is the member's, shrunk to a
 * 1-minimal schedule (both members shrink), and the message names the member with the flags that
 * replay it alone. A pass is not exhaustive: it says which preemption bounds were covered and how many
 * PCT runs were made at each depth.
 */
import type { Model } from '../model/core/model.ts';
import { Run, type CheckOptions } from './options.ts';
import type { Outcome, Stats } from './outcome.ts';
import { pctSearch } from './pct.ts';
import { preemptionSearch } from './preemption.ts';

/** Options of the portfolio on top of every search's. */
export interface PortfolioOptions extends CheckOptions {
  /** Rounds to run (default 8); each doubles the budget of the one before. */
  readonly rounds?: number;
}

/** PCT runs per depth in round 0 (doubled every round). */
export const PORTFOLIO_PCT_RUNS = 50;
/** States for the bounded DFS in round 0 (doubled every round). */
export const PORTFOLIO_DFS_STATES = 5_000;
/** Deepest PCT depth the portfolio tries. */
export const PORTFOLIO_MAX_DEPTH = 6;
const DEFAULT_ROUNDS = 8;

/** The seed a PCT member runs with: printed with its counterexample, so that it replays alone. */
export function memberSeed(seed: number, round: number, depth: number): number {
  return seed * 1000 + 10 * round + depth;
}

/** Runs the portfolio. Never throws for a verdict. */
export function portfolioSearch<S>(model: Model<S>, options: PortfolioOptions = {}): Outcome {
  const run = new Run(options, model as Model<unknown>);
  const seed = options.seed ?? 1;
  const rounds = options.rounds ?? DEFAULT_ROUNDS;
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`portfolio rounds must be a whole number ≥ 1, got ${rounds}`);
  const stats: Omit<Stats, 'seconds'> = { states: 0, transitions: 0, depth: 0, runs: 0 };
  const advisories = new Map<string, Outcome['advisories'][number]>();
  const pctRuns = new Map<number, number>();
  let bound = 0;
  let boundTried = false;
  const remaining = (): number | undefined => (options.timeoutSeconds === undefined ? undefined : Math.max(0.001, options.timeoutSeconds - run.seconds()));
  const absorb = (o: Outcome): void => {
    stats.states += o.stats.states;
    stats.transitions += o.stats.transitions;
    stats.depth = Math.max(stats.depth, o.stats.depth);
    stats.runs = (stats.runs ?? 0) + (o.stats.runs ?? 0);
    for (const a of o.advisories) if (!advisories.has(a.property)) advisories.set(a.property, a);
  };
  const common = () => ({ ...run.common('deep', stats, run.bounds()), advisories: [...advisories.values()] });
  const covered = (): string => {
    const pb = bound === 0 ? 'no preemption bound completed' : `every schedule with at most ${bound - 1} preemption${bound - 1 === 1 ? '' : 's'}`;
    const pct = [...pctRuns.entries()].map(([d, r]) => `d=${d}: ${r}`).join(', ');
    return `deep portfolio, ${pb}${boundTried ? ` (bound ${bound} not completed)` : ''}; PCT runs ${pct}`;
  };
  const member = (o: Outcome, what: string, flags: string): Outcome | null => {
    absorb(o);
    if (o.outcome === 'violation') return { ...common(), outcome: 'violation', property: o.property, message: `${o.message}; found by the deep portfolio's ${what} (alone: ${flags})`, path: o.path, rows: o.rows, atRow: o.atRow };
    if (o.outcome === 'inconclusive' && o.budget === 'timeout') return { ...common(), outcome: 'inconclusive', budget: 'timeout', note: covered() };
    return null;
  };
  const base = { strict: options.strict, maxDepth: options.maxDepth, onProgress: options.onProgress };
  for (let j = 0; j < rounds; j++) {
    const states = PORTFOLIO_DFS_STATES * 2 ** j;
    const p = preemptionSearch(model, { ...base, preemptions: bound, maxStates: states, timeoutSeconds: remaining() });
    const done = member(p, `preemption-bounded DFS (bound ${bound}, round ${j})`, `--strategy preemption --preemptions ${bound} --max-states ${states}`);
    if (done !== null) return done;
    if (p.outcome === 'pass') {
      bound++;
      boundTried = false;
    } else boundTried = true;
    const runs = PORTFOLIO_PCT_RUNS * 2 ** j;
    for (let d = 2; d <= Math.min(2 + j, PORTFOLIO_MAX_DEPTH); d++) {
      const s = memberSeed(seed, j, d);
      const o = pctSearch(model, { ...base, seed: s, depth: d, runs, timeoutSeconds: remaining() });
      pctRuns.set(d, (pctRuns.get(d) ?? 0) + (o.stats.runs ?? 0));
      const found = member(o, `PCT d=${d} (round ${j})`, `--strategy pct --pct-depth ${d} --seed ${s} --runs ${runs}`);
      if (found !== null) return found;
    }
  }
  return { ...common(), outcome: 'pass', exhaustive: false, note: covered() };
}
