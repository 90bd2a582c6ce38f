/**
 * grove-local's picture: each client's local, staged and origin/main logs with their equivalence
 * edges (`reports/local/`). `check` prints it as ASCII, `--report` writes the three-log report
 * (`writeLocalReport`), the explorer shows it without a sequence diagram.
 */
import type { PictureCapability, PictureView } from '../../model/core/capabilities.ts';
import type { LocalModel } from '../../model/grove-local/model.ts';
import type { LocalState } from '../../model/grove-local/state.ts';
import { localDot } from '../local/dot.ts';
import { groveLocalPictures } from '../local/picture.ts';
import { writeLocalReport } from '../local/report.ts';
import { renderLocalAscii } from '../local/ascii.ts';

/** The picture of every grove-local model instance. */
export const localPicture: PictureCapability<LocalState> = {
  drawing: groveLocalPictures,
  ascii: (model, state) => groveLocalPictures.ascii(groveLocalPictures.data(state, model)),
  writeReport: (model: LocalModel, violation, replayCommand, dir) => writeLocalReport(model, violation as Parameters<typeof writeLocalReport>[1], replayCommand, dir),
  view(model, initial, steps): PictureView {
    const p = groveLocalPictures.data(steps.length > 0 ? steps[steps.length - 1].after : initial, model);
    return { kind: 'forest', ascii: renderLocalAscii(p), dot: localDot(p, 'explorer'), witness: [] };
  },
};
