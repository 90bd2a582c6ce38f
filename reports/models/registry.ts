/**
 * The data-first pictures (`ModelPicture`) by the family they draw: `pictureFor(modelName)` and
 * `drawState`, for tests and the public surface. The checker, reports, explorer and commands do not
 * look pictures up here: they ask the model (`capabilities.picture`, `reports/pictures/`), which is how
 * Grove's forest and the default picture (for a model with none) reach them too.
 */
import { infernoPictures } from './inferno.ts';
import { memoPictures } from './memo.ts';
import { obsmarkersPictures } from './obsmarkers.ts';
import { subhistoryPictures } from './subhistory.ts';
import { groveLocalPictures } from '../local/picture.ts';
import type { ModelInfo, ModelPicture } from './types.ts';

/** The pictures, one per model family that has one (Grove's forest lives in `reports/graph/`). */
export const modelPictures: readonly ModelPicture<any, any>[] = [memoPictures, subhistoryPictures, obsmarkersPictures, infernoPictures, groveLocalPictures];

/** The picture of model family `name`, or undefined when it has none. */
export function pictureFor(name: string): ModelPicture<unknown, unknown> | undefined {
  return modelPictures.find((p) => p.model === name);
}

/** A state drawn: its picture data and the two renderings. */
export interface DrawnState {
  /** The model's picture data (JSON-serialisable). */
  readonly data: unknown;
  /** Text lines, no trailing newline. */
  readonly ascii: string;
  /** A Graphviz digraph. */
  readonly dot: string;
}

/** Draws `state` of `model`, or returns undefined when the model has no picture. Pure. */
export function drawState(model: ModelInfo, state: unknown, name?: string): DrawnState | undefined {
  const p = pictureFor(model.name);
  if (p === undefined) return undefined;
  const data = p.data(state, model);
  return { data, ascii: p.ascii(data), dot: p.dot(data, name) };
}

/** The ASCII picture of `state`, or undefined when the model has none. Pure. */
export function asciiPicture(model: ModelInfo, state: unknown): string | undefined {
  return drawState(model, state)?.ascii;
}

