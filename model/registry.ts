/**
 * Every model family the checker knows, by name. `grove-check list` prints this; `--model NAME` picks
 * from it. Adding a model means adding its family here (one line).
 */
import { UsageError, type ModelFamily } from './core/model.ts';
import { groveFamily } from './grove/model.ts';
import { groveLocalFamily } from './grove-local/model.ts';
import { infernoFamily } from './inferno/model.ts';
import { memoFamily } from './memo/model.ts';
import { obsmarkersFamily } from './obsmarkers/model.ts';
import { subhistoryFamily } from './subhistory/model.ts';

export const families: readonly ModelFamily<any>[] = [groveFamily, groveLocalFamily, memoFamily, subhistoryFamily, obsmarkersFamily, infernoFamily];

/** Looks a family up by name; throws a UsageError naming the known ones. */
export function familyByName(name: string): ModelFamily<any> {
  const f = families.find((x) => x.name === name);
  if (f === undefined) throw new UsageError(`unknown model '${name}'; known: ${families.map((x) => x.name).join(', ')}`);
  return f;
}
