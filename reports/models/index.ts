/**
 * Every model's own picture (issue 7): for a state of each model family, plain JSON-serialisable
 * picture data first, then its ASCII and DOT renderings, and the HTML report built from them.
 *
 * - Registry: `pictureFor(modelName)`, `drawState(model, state)` → `{ data, ascii, dot }`,
 *   `asciiPicture(model, state)`.
 * - Pictures: `memo.ts` (epochs per replica), `subhistory.ts` (commit maps), `obsmarkers.ts`
 *   (marker graphs, the seed's DOT), `inferno.ts` (the `/vc_store/` tree).
 * - Reports: `writeModelReport` (a checker violation), `writeModelTraceReport` (any trace),
 *   `drawModelScenario` (a scenario file, for `grove-check render`).
 */
export type { LegendItem, ModelInfo, ModelPicture } from './types.ts';
export { modelPictures, pictureFor, drawState, asciiPicture, type DrawnState } from './registry.ts';
export { memoPicture, memoAscii, memoDot, type MemoPicture } from './memo.ts';
export { obsPicture, obsAscii, obsDot, type ObsPicture } from './obsmarkers.ts';
export { infernoPicture, infernoAscii, infernoDot, type InfernoPicture } from './inferno.ts';
export { subhistoryPicture, subhistoryAscii, subhistoryDot, type SubhistoryPicture } from './subhistory.ts';
export { traceOfPath, traceOfRows, traceOfScenario, type ModelTrace, type ModelTraceStep } from './trace.ts';
export { modelReportPage, modelSequenceOf, type ModelReportPage, type ModelPageState } from './page.ts';
export { writeModelReport, writeModelTraceReport, type ModelReportInput } from './write.ts';
export { drawModelScenario, scenarioModelName, type ModelScenarioDrawing } from './scenario.ts';
