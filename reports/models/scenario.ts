/**
 * Scenario files drawn by a model's `ModelPicture` (what `grove-check render` draws for memo,
 * subhistory, obsmarkers, inferno, grove-local and any model without a picture of its own).
 */
import type { Model } from '../../model/core/model.ts';
import { modelForScenario } from '../../checker/scenarios.ts';
import { header, type Scenario } from '../../scenarios/notation/types.ts';
import type { ReportMeta } from '../html/page.ts';
import { scenarioMeta } from '../html/scenario.ts';
import { traceOfScenario, type ModelTrace } from './trace.ts';

/** A scenario of a model drawn by a `ModelPicture`, ready to draw. */
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
 * Throws `UsageError` for rows the model cannot take.
 */
export function drawModelScenario(s: Scenario, name: string, file: string, variant?: string): ModelScenarioDrawing {
  const model = modelForScenario(s, variant);
  const trace = traceOfScenario(model, s);
  return { model, trace, meta: scenarioMeta(model.properties, trace.steps, s, name, file, variant) };
}
