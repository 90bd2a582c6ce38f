/**
 * The picture of a model that offers none (`capabilities.picture` absent): `check` prints its last
 * state as a table, `--report` writes a sequence diagram and the state table of every step, and the
 * explorer shows the state as JSON. `pictureOf(model)` is what every drawing caller asks.
 */
import type { Model } from '../../model/core/model.ts';
import type { PictureCapability, PictureView } from '../../model/core/capabilities.ts';
import { stateTablePicture } from './drawing.ts';
import { pictureFromDrawing } from './model.ts';

/** Longest state text the explorer shows. */
const MAX_STATE_TEXT = 20_000;

/** The default picture (see the module comment). */
export const defaultPicture: PictureCapability<unknown> = {
  ...pictureFromDrawing(stateTablePicture),
  view(_model, initial, steps): PictureView {
    const here = steps.length > 0 ? steps[steps.length - 1].after : initial;
    const text = JSON.stringify(here, null, 2) ?? String(here);
    return { kind: 'state', text: text.length > MAX_STATE_TEXT ? `${text.slice(0, MAX_STATE_TEXT)}\n… (${text.length - MAX_STATE_TEXT} more characters)` : text };
  },
};

/** The picture `model` is drawn with: its own, or the default one. */
export function pictureOf<S>(model: Model<S>): PictureCapability<S> {
  return (model.capabilities?.picture ?? defaultPicture) as PictureCapability<S>;
}
