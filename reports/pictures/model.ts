/**
 * A `PictureCapability` from a data-first `ModelPicture` (memo, subhistory, obsmarkers, inferno,
 * grove-local, the default state table): the ASCII picture, the generic report pipeline
 * (`reports/models/`) and the explorer's view, all from the one `ModelPicture`.
 */
import type { Model } from '../../model/core/model.ts';
import type { ModelPicture, PictureCapability, PictureView } from '../../model/core/capabilities.ts';
import { modelSequenceOf } from '../models/page.ts';
import { writeModelReport } from '../models/write.ts';
import { renderSequenceSvg } from '../render/sequence-svg.ts';

/** The capability that draws with `p` everywhere. */
export function pictureFromDrawing<S, P>(p: ModelPicture<S, P>): PictureCapability<S> {
  return {
    drawing: p as ModelPicture<S, unknown>,
    ascii: (model: Model<S>, state: S) => p.ascii(p.data(state, model)),
    writeReport: (model: Model<S>, violation, replayCommand, dir) => writeModelReport({ model: model as Model<unknown>, outcome: violation, replayCommand }, dir),
    view(model: Model<S>, initial: S, steps): PictureView {
      const here = steps.length > 0 ? steps[steps.length - 1].after : initial;
      const data = p.data(here, model);
      const sequence = steps.length > 0 ? renderSequenceSvg(modelSequenceOf({ model, initial, steps }, p as ModelPicture<S, unknown>)) : undefined;
      return { kind: 'forest', ascii: p.ascii(data), dot: p.dot(data, 'explorer'), witness: [], ...(sequence !== undefined ? { sequence } : {}) };
    },
  };
}
