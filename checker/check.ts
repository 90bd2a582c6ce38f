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
import { pctSearch, type PctOptions } from './pct.ts';
import { preemptionSearch, type PreemptionOptions } from './preemption.ts';
import { fastCheck, type FastOptions } from './fast/engine.ts';
import { portfolioSearch } from './portfolio.ts';

export type { CheckOptions } from './options.ts';
export type { Outcome } from './outcome.ts';

/** Checks `model` with the chosen strategy (default breadth-first). Never throws for a verdict. */
export function check<S>(model: Model<S>, options: CheckOptions = {}): Outcome {
  if (options.only !== undefined) {
    const unknown = options.only.filter((id) => !model.properties.some((p) => p.id === id));
    if (unknown.length > 0) throw new UsageError(`unknown propert${unknown.length > 1 ? 'ies' : 'y'} ${unknown.join(', ')}; ${model.name} has ${model.properties.map((p) => p.id).join(', ')}`);
    model = { ...model, properties: model.properties.filter((p) => options.only!.includes(p.id)) };
  }
  const strategy = options.strategy ?? 'bfs';
  switch (strategy) {
    case 'bfs':
      return bfs(model, options);
    case 'dfs':
      return dfs(model, options);
    case 'random':
      return randomSearch(model, options);
    case 'pct':
      return pctSearch(model, options as PctOptions);
    case 'preemption':
      return preemptionSearch(model, options as PreemptionOptions);
    case 'fast':
      return fastCheck(model, options as FastOptions);
    case 'deep':
      return portfolioSearch(model, options);
    default:
      throw new UsageError(`strategy '${strategy}' is not available here; expected bfs, dfs, random, pct, preemption, deep or fast`);
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
