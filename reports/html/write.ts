/**
 * Writing a report to a directory: `report.html` (self-contained), and beside it the final state's
 * forest as `forest.dot`, `forest.svg`, `forest.txt` (ASCII), the sequence diagram as `sequence.svg`
 * and `sequence.txt`, and all the page's data as `report.json`.
 */
import type { Model } from '../../model/core/model.ts';
import type { FoundViolation } from '../../model/core/capabilities.ts';
import type { GroveState } from '../../model/grove/state.ts';
import type { Violation } from '../../checker/outcome.ts';
import { traceFromPath, type Trace } from '../trace/trace.ts';
import { pictureOf } from '../pictures/default.ts';
import { reportPage, type ReportMeta } from './page.ts';
import { renderReportHtml } from './template.ts';
import { writeReportFiles } from './files.ts';

/** What `writeReport` needs: the model (or a builder of it), the violation, and how to replay it. */
export interface ReportInput {
  readonly model: Model<any> | (() => Model<any>);
  readonly outcome: Violation;
  readonly replayCommand: string;
}

/** Paths written: `html` is the report page, `files` every file written (the page included). */
export interface WrittenReport {
  readonly html: string;
  readonly files: string[];
}

/** Writes the report of any trace to `dir` (created if needed). */
export async function writeTraceReport(t: Trace, meta: ReportMeta, dir: string): Promise<WrittenReport> {
  const page = await reportPage(t, meta);
  const last = page.states[page.states.length - 1];
  return writeReportFiles(dir, renderReportHtml(page), page, last, 'forest');
}

/**
 * Writes the report of a checker violation to `dir`, drawn by the model's picture
 * (`capabilities.picture`: Grove's log forest, grove-local's three logs, memo's epochs, …; a model
 * without one gets the default picture, a sequence diagram and a table of its state). Resolves to the
 * paths written.
 */
export async function writeReport(input: ReportInput, dir: string): Promise<WrittenReport> {
  const model = (typeof input.model === 'function' ? input.model() : input.model) as Model<unknown>;
  return pictureOf(model).writeReport(model, input.outcome, input.replayCommand, dir);
}

/**
 * Writes the report of a Grove violation to `dir`: replays `outcome.path` through `model.step` from
 * `model.initial()` (refusing a replay that prints other rows: a non-deterministic model), then
 * writes the files listed in `writeTraceReport`. Resolves to the paths written.
 */
export async function writeGroveReport(model: Model<GroveState>, o: FoundViolation, replayCommand: string, dir: string): Promise<WrittenReport> {
  const t = traceFromPath(model, o.path, o.rows);
  const title = model.properties.find((p) => p.id === o.property)?.title;
  const meta: ReportMeta = {
    title: `${o.property} violated: ${model.name} / ${model.variant ?? '-'}`,
    violation: { property: o.property, message: o.message, atRow: o.atRow, ...(title !== undefined ? { title } : {}) },
    seed: o.seed,
    strategy: o.strategy,
    stats: { states: o.stats.states, transitions: o.stats.transitions, depth: o.stats.depth },
    replayCommand,
  };
  return writeTraceReport(t, meta, dir);
}
