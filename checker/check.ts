/**
 * The checker's public entry points: `check` returns an outcome, `assert` throws on anything but a
 * pass (fast-check's `check`/`assert` pair). The strategy is a chooser over one engine; see
 * `exhaustive.ts` and `random.ts`.
 */
import { UsageError, type Model } from '../model/core/model.ts';
import { printRow } from '../scenarios/notation/print.ts';
import { bfs, dfs } from './exhaustive.ts';
import type { CheckOptions } from './options.ts';
import type { Outcome } from './outcome.ts';
import { randomSearch } from './random.ts';

export type { CheckOptions } from './options.ts';
export type { Outcome } from './outcome.ts';

/** Checks `model` with the chosen strategy (default breadth-first). Never throws for a verdict. */
export function check<S>(model: Model<S>, options: CheckOptions = {}): Outcome {
  const strategy = options.strategy ?? 'bfs';
  switch (strategy) {
    case 'bfs':
      return bfs(model, options);
    case 'dfs':
      return dfs(model, options);
    case 'random':
      return randomSearch(model, options);
    default:
      throw new UsageError(`strategy '${strategy}' is not available here; expected bfs, dfs or random`);
  }
}

/** Like `check`, but throws an Error describing the counterexample unless the outcome is a pass. */
export function assert<S>(model: Model<S>, options: CheckOptions = {}): Outcome {
  const o = check(model, options);
  if (o.outcome === 'violation') {
    throw new Error(`${o.property} violated: ${o.message}\n${o.rows.map(printRow).join('\n')}\n(seed ${o.seed}, strategy ${o.strategy})`);
  }
  if (o.outcome === 'inconclusive') throw new Error(`inconclusive: ${o.budget} ran out (${o.stats.states} states)`);
  return o;
}
