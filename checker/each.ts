/**
 * A verdict per property, each with its own minimal counterexample: breadth-first search over all
 * properties, then again without the ones already violated, until the rest pass (or a budget runs
 * out). Each violation found this way is a shortest one for its property: nothing failed at a smaller
 * depth, and breadth-first reaches every state at its smallest depth.
 */
import type { Model } from '../model/core/model.ts';
import { check } from './check.ts';
import type { CheckOptions } from './options.ts';
import type { Outcome } from './outcome.ts';

export interface PropertyVerdict {
  readonly property: string;
  /** `pass` and `inconclusive` outcomes are shared by every property still standing at that run. */
  readonly outcome: Outcome;
}

/** Checks every property of `model` separately (advisory ones included: strict is implied). */
export function checkEach<S>(model: Model<S>, options: CheckOptions = {}): PropertyVerdict[] {
  let remaining = model.properties;
  const out: PropertyVerdict[] = [];
  while (remaining.length > 0) {
    const o = check(model, { ...options, strategy: 'bfs', strict: true, only: remaining.map((p) => p.id) });
    if (o.outcome !== 'violation') {
      for (const p of remaining) out.push({ property: p.id, outcome: o });
      break;
    }
    out.push({ property: o.property, outcome: o });
    remaining = remaining.filter((p) => p.id !== o.property);
  }
  const order = model.properties.map((p) => p.id);
  return out.sort((a, b) => order.indexOf(a.property) - order.indexOf(b.property));
}
