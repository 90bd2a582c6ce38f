/**
 * Counterexample graphs and reports (issue 3): the public surface.
 *
 * - Data: `forestOf` (a Grove state's log forest), `sequenceOf` (a trace's sequence diagram),
 *   `traceFromPath` / `traceFromRows` (the states a run goes through).
 * - Renderers: `renderForestAscii` / `asciiForest`, `forestDot`, `dotToSvg`, `renderSequenceAscii`,
 *   `renderSequenceSvg`, `renderReportHtml`.
 * - Files: `writeReport` (a checker violation) and `writeTraceReport` (any trace).
 * - Other models' own pictures (`reports/models/`): `pictureFor`, `drawState`, `asciiPictureFor`,
 *   `writeModelReport`, `writeModelTraceReport`, `drawModelScenario`.
 */
import type { GroveState } from '../model/grove/state.ts';
import type { GroveVariant } from '../model/grove/variant.ts';
import { variantByName } from '../model/grove/variants/index.ts';
import { forestOf, type ForestOptions } from './graph/forest.ts';
import { renderForestAscii, type AsciiOptions } from './render/ascii-forest.ts';
import type { Model } from '../model/core/model.ts';
import { pictureOf } from './pictures/default.ts';

export type * from './graph/types.ts';
export { forestOf, nodeId, resolvePosition, type ForestOptions } from './graph/forest.ts';
export { sequenceOf, remoteChanges, type SequenceDiagram, type SequenceStep } from './graph/sequence.ts';
export { traceFromPath, traceFromRows, traceFromScenario, stateAt, variantOf, type Trace, type TraceStep, type StepViolation } from './trace/trace.ts';
export { renderForestAscii, type AsciiOptions } from './render/ascii-forest.ts';
export { forestDot } from './render/dot.ts';
export { dotToSvg, inlineSvg } from './render/svg.ts';
export { renderSequenceAscii } from './render/sequence-ascii.ts';
export { renderSequenceSvg } from './render/sequence-svg.ts';
export { reportPage, type ReportMeta, type ReportPage } from './html/page.ts';
export { renderReportHtml } from './html/template.ts';
export { writeReport, writeTraceReport, type ReportInput, type WrittenReport } from './html/write.ts';
// grove-local: each client's local, staged and origin/main logs with equivalence edges (reports/local/).
export { renderLocalAscii, renderClientLogs, renderSnapshot, localDot, writeLocalReport, writeLocalTraceReport, groveLocalPictures } from './local/index.ts';
export { pictureFor, drawState, modelPictures, type DrawnState } from './models/registry.ts';
export { pictureOf, defaultPicture } from './pictures/default.ts';
export { drawingOf, stateTablePicture, type StateTable } from './pictures/drawing.ts';
export type { ModelPicture, ModelInfo, LegendItem } from './models/types.ts';
export { writeModelReport, writeModelTraceReport, type ModelReportInput } from './models/write.ts';
export { drawModelScenario } from './models/scenario.ts';

/**
 * The ASCII forest of a Grove state, with its marks (lost, failed, orphaned, …) below: what
 * `grove-check check` prints for a violation's last state. `variant` is a variant record or name
 * (its `refs` decides what a ref stands for). Pure; no trailing newline.
 */
export function asciiForest(
  state: GroveState,
  variant: Pick<GroveVariant, 'refs'> | string,
  options: ForestOptions & AsciiOptions = {},
): string {
  const v = typeof variant === 'string' ? variantByName(variant) : variant;
  return renderForestAscii(forestOf(state, v, options), options);
}

/**
 * The ASCII picture of any model's state, drawn by the model's picture (`capabilities.picture`: a
 * Grove state's forest, another model's own picture, or the default state table). What
 * `grove-check check` prints for a violation's last state. Pure; no trailing newline.
 */
export function asciiPictureFor(model: Model<any>, state: unknown): string {
  return pictureOf(model).ascii(model, state);
}
