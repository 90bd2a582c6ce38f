/**
 * Reports of Grove scenario files (what `grove-check render` draws through Grove's picture): the model
 * built from a scenario's headers (`modelForScenario`: `variant:` default lsn-cas, `actors:`/`ops:`
 * default 0, so every actor is scripted) is passed in, its rows replayed from its `Initial state:` (`traceFromScenario`), and its report
 * written like a counterexample's, with the first violated property marked if any.
 */
import type { Model } from '../../model/core/model.ts';
import type { GroveState } from '../../model/grove/state.ts';
import type { Scenario } from '../../scenarios/notation/types.ts';
import { header } from '../../scenarios/notation/types.ts';
import { traceFromScenario, type Trace } from '../trace/trace.ts';
import type { ReportMeta } from './page.ts';

/** A scenario ready to draw: its model, trace and report description. */
export interface ScenarioDrawing {
  readonly model: Model<GroveState>;
  readonly trace: Trace;
  readonly meta: ReportMeta;
}

/**
 * Replays scenario `s` (named `name`, from `file`) on `model` (the Grove model its headers build, with
 * `variant` overriding its own) and describes its report. Throws `UsageError` for rows the model
 * cannot take.
 */
export function drawScenario(model: Model<GroveState>, s: Scenario, name: string, file: string, variant?: string): ScenarioDrawing {
  const trace = traceFromScenario(model, s);
  return { model, trace, meta: scenarioMeta(model.properties, trace.steps, s, name, file, variant) };
}

/**
 * The report description of scenario `s` (named `name`, from `file`), replayed as `steps`: its title
 * and note, the first non-advisory violation marked, and the command that replays it.
 */
export function scenarioMeta(
  properties: readonly { readonly id: string; readonly title: string }[],
  steps: readonly { readonly index: number; readonly violations: readonly { readonly property: string; readonly message: string; readonly advisory?: boolean }[] }[],
  s: Scenario,
  name: string,
  file: string,
  variant?: string,
): ReportMeta {
  const first = steps.find((x) => x.violations.some((v) => !v.advisory));
  const v = first?.violations.find((x) => !x.advisory);
  const title = v === undefined ? undefined : properties.find((p) => p.id === v.property)?.title;
  const note = header(s, 'note');
  return {
    title: `${name}${note !== undefined ? `: ${note}` : ''}`,
    ...(first !== undefined && v !== undefined
      ? { violation: { property: v.property, message: v.message, atRow: first.index, ...(title !== undefined ? { title } : {}) } }
      : {}),
    replayCommand: `grove-check replay ${file}${variant !== undefined ? ` --variant ${variant}` : ''}`,
    source: `${file} (scenario ${name})`,
  };
}
