/**
 * Writing the report of a run of any model with a picture: `report.html` (self-contained, the
 * template Grove's reports use), and beside it the final state's picture as `picture.dot`,
 * `picture.svg`, `picture.txt` (ASCII), the sequence diagram as `sequence.svg` and `sequence.txt`,
 * and all the page's data as `report.json`. (Grove's reports name their picture `forest.*`.)
 */
import { UsageError, type Model } from '../../model/core/model.ts';
import type { Violation } from '../../checker/outcome.ts';
import { modelForScenario } from '../../scenarios/runner.ts';
import { header, type Scenario } from '../../scenarios/notation/types.ts';
import type { ReportMeta } from '../html/page.ts';
import { renderReportHtml } from '../html/template.ts';
import type { WrittenReport } from '../html/write.ts';
import { modelReportPage } from './page.ts';
import { pictureFor } from './registry.ts';
import { traceOfPath, traceOfScenario, type ModelTrace } from './trace.ts';
import { writeReportFiles } from '../html/files.ts';

/** What `writeModelReport` needs: the model (or a builder of it), the violation, and how to replay it. */
export interface ModelReportInput {
  readonly model: Model<unknown> | (() => Model<unknown>);
  readonly outcome: Violation;
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
 * (refusing a non-deterministic replay), then writes the files of `writeModelTraceReport`. Rejects
 * with a `UsageError` for a model without a picture.
 */
export async function writeModelReport(input: ModelReportInput, dir: string): Promise<WrittenReport> {
  const model = typeof input.model === 'function' ? input.model() : input.model;
  if (pictureFor(model.name) === undefined) throw new UsageError(`--report: model '${model.name}' has no picture to draw yet`);
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

/** A scenario of a non-Grove model, ready to draw. */
export interface ModelScenarioDrawing {
  readonly model: Model<unknown>;
  readonly trace: ModelTrace<unknown>;
  readonly meta: ReportMeta;
}

/** The model family a scenario names (`model:` header, default grove). */
export function scenarioModelName(s: Scenario): string {
  return header(s, 'model') ?? 'grove';
}

/**
 * Replays scenario `s` (named `name`, from `file`) of a model with a picture, and describes its
 * report with the first non-advisory violation marked. `variant` overrides the scenario's own.
 * Throws `UsageError` for a model without a picture or rows the model cannot take.
 */
export function drawModelScenario(s: Scenario, name: string, file: string, variant?: string): ModelScenarioDrawing {
  const model = modelForScenario(s, variant);
  if (pictureFor(model.name) === undefined) throw new UsageError(`reports draw no picture of model '${model.name}' yet`);
  const trace = traceOfScenario(model, s);
  const first = trace.steps.find((x) => x.violations.some((v) => !v.advisory));
  const v = first?.violations.find((x) => !x.advisory);
  const title = v === undefined ? undefined : model.properties.find((p) => p.id === v.property)?.title;
  const note = header(s, 'note');
  const meta: ReportMeta = {
    title: `${name}${note !== undefined ? `: ${note}` : ''}`,
    ...(first !== undefined && v !== undefined
      ? { violation: { property: v.property, message: v.message, atRow: first.index, ...(title !== undefined ? { title } : {}) } }
      : {}),
    replayCommand: `grove-check replay ${file}${variant !== undefined ? ` --variant ${variant}` : ''}`,
    source: `${file} (scenario ${name})`,
  };
  return { model, trace, meta };
}
