/**
 * Writing the report of a run of any model drawn by a `ModelPicture` (its own or the default one): `report.html` (self-contained, the
 * template Grove's reports use), and beside it the final state's picture as `picture.dot`,
 * `picture.svg`, `picture.txt` (ASCII), the sequence diagram as `sequence.svg` and `sequence.txt`,
 * and all the page's data as `report.json`. (Grove's reports name their picture `forest.*`.)
 */
import type { Model } from '../../model/core/model.ts';
import type { FoundViolation } from '../../model/core/capabilities.ts';
import type { ReportMeta } from '../html/page.ts';
import { renderReportHtml } from '../html/template.ts';
import type { WrittenReport } from '../html/write.ts';
import { modelReportPage } from './page.ts';
import { traceOfPath, type ModelTrace } from './trace.ts';
import { writeReportFiles } from '../html/files.ts';

/** What `writeModelReport` needs: the model (or a builder of it), the violation, and how to replay it. */
export interface ModelReportInput {
  readonly model: Model<unknown> | (() => Model<unknown>);
  readonly outcome: FoundViolation;
  readonly replayCommand: string;
}

/** Writes the report of any trace of a model with a picture to `dir` (created if needed). */
export async function writeModelTraceReport<S>(t: ModelTrace<S>, meta: ReportMeta, dir: string): Promise<WrittenReport> {
  const page = await modelReportPage(t, meta);
  const last = page.states[page.states.length - 1];
  return writeReportFiles(dir, renderReportHtml(page), page, last, 'picture');
}

/**
 * Writes the report of a checker violation of any model with a picture: replays `outcome.path`
 * (refusing a non-deterministic replay), then writes the files of `writeModelTraceReport`, drawn by
 * the model's `drawing` (the default picture when it has none).
 */
export async function writeModelReport(input: ModelReportInput, dir: string): Promise<WrittenReport> {
  const model = typeof input.model === 'function' ? input.model() : input.model;
  const o = input.outcome;
  const t = traceOfPath(model, o.path, o.rows);
  const title = model.properties.find((p) => p.id === o.property)?.title;
  const meta: ReportMeta = {
    title: `${o.property} violated: ${model.name} / ${model.variant ?? '-'}`,
    violation: { property: o.property, message: o.message, atRow: o.atRow, ...(title !== undefined ? { title } : {}) },
    seed: o.seed,
    strategy: o.strategy,
    stats: { states: o.stats.states, transitions: o.stats.transitions, depth: o.stats.depth },
    replayCommand: input.replayCommand,
  };
  return writeModelTraceReport(t, meta, dir);
}
