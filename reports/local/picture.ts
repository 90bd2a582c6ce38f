/**
 * The grove-local picture in the shape of `reports/models/types.ts`'s `ModelPicture` (data, ASCII,
 * DOT, legend, changes), so that a registry of model pictures can list it with the other families.
 */
import type { Model } from '../../model/core/model.ts';
import { pictureOf, type LocalPicture } from '../../model/grove-local/picture.ts';
import type { LocalState } from '../../model/grove-local/state.ts';
import { localVariantByName } from '../../model/grove-local/variant.ts';
import { renderLocalAscii } from './ascii.ts';
import { localDot } from './dot.ts';
import { LOCAL_DRAWING } from './report.ts';

/** The picture of grove-local states: `data` takes snapshots as the model's variant does. */
export const groveLocalPictures = {
  model: 'grove-local',
  title: LOCAL_DRAWING.title,
  legend: LOCAL_DRAWING.legend,
  data(s: LocalState, model: Pick<Model<unknown>, 'name' | 'variant' | 'config'>): LocalPicture {
    return pictureOf(s, localVariantByName(model.variant ?? 'three-logs'));
  },
  ascii: (p: LocalPicture): string => renderLocalAscii(p),
  dot: (p: LocalPicture, name?: string): string => localDot(p, name),
  changes(before: LocalPicture, after: LocalPicture): string[] {
    const out: string[] = [];
    for (let k = before.remote.entries.length; k < after.remote.entries.length; k++) out.push(`${after.remote.entries[k].id} appended`);
    if (before.remote.main !== after.remote.main) out.push(`main: a@${before.remote.main} → a@${after.remote.main}`);
    return out;
  },
};
