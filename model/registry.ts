/**
 * Every model family the checker knows, by name. `grove-check list` prints this; `--model NAME` picks
 * from it. Adding a model means adding its family here (one line).
 */
import { UsageError, type ModelFamily } from './core/model.ts';
import type { Capabilities } from './core/capabilities.ts';
import { pictureFromDrawing } from '../reports/pictures/model.ts';
import { infernoPictures } from '../reports/models/inferno.ts';
import { memoPictures } from '../reports/models/memo.ts';
import { obsmarkersPictures } from '../reports/models/obsmarkers.ts';
import { subhistoryPictures } from '../reports/models/subhistory.ts';
import { groveFamily } from './grove/model.ts';
import { groveLocalFamily } from './grove-local/model.ts';
import { infernoFamily } from './inferno/model.ts';
import { memoFamily } from './memo/model.ts';
import { obsmarkersFamily } from './obsmarkers/model.ts';
import { subhistoryFamily } from './subhistory/model.ts';

/**
 * A family whose instances carry `capabilities` (merged over any the instance has). This is where a
 * model whose folder does not attach its own picture gets the one `reports/models/` draws it with.
 */
function withCapabilities<S>(family: ModelFamily<S>, capabilities: Capabilities<S>): ModelFamily<S> {
  return { ...family, build: (o) => { const m = family.build(o); return { ...m, capabilities: { ...m.capabilities, ...capabilities } }; } };
}

export const families: readonly ModelFamily<any>[] = [
  groveFamily,
  groveLocalFamily,
  withCapabilities(memoFamily, { picture: pictureFromDrawing(memoPictures) }),
  withCapabilities(subhistoryFamily, { picture: pictureFromDrawing(subhistoryPictures) }),
  withCapabilities(obsmarkersFamily, { picture: pictureFromDrawing(obsmarkersPictures) }),
  withCapabilities(infernoFamily, { picture: pictureFromDrawing(infernoPictures) }),
];

/** Looks a family up by name; throws a UsageError naming the known ones. */
export function familyByName(name: string): ModelFamily<any> {
  const f = families.find((x) => x.name === name);
  if (f === undefined) throw new UsageError(`unknown model '${name}'; known: ${families.map((x) => x.name).join(', ')}`);
  return f;
}
