/**
 * Reports of scenario files (what `grove-check render` draws): each scenario's model is built from its
 * headers (`modelForScenario`: `variant:` default lsn-cas, `actors:`/`ops:` default 0, so every
 * actor is scripted), its rows replayed from its `Initial state:` (`traceFromScenario`), and its report
 * written like a counterexample's, with the first violated property marked if any.
 */
import { UsageError, type Model } from '../../model/core/model.ts';
import type { GroveState } from '../../model/grove/state.ts';
import { modelForScenario } from '../../checker/scenarios.ts';
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
 * Builds the model a scenario describes, when it is drawn as a log forest (its picture has no
 * `drawing`: the Grove model); models drawn by a `ModelPicture` go to `reports/models/scenario.ts`.
 */
export function groveModelForScenario(s: Scenario, variant?: string): Model<GroveState> {
  const m = modelForScenario(s, variant);
  if (m.capabilities?.picture === undefined || m.capabilities.picture.drawing !== undefined) throw new UsageError(`reports draw Grove forests; this scenario's model is '${m.name}'`);
  return m as Model<GroveState>;
}

/**
 * Replays scenario `s` (named `name`, from `file`) and describes its report. `variant` overrides the
 * scenario's own. Throws `UsageError` for rows the model cannot take.
 */
export function drawScenario(s: Scenario, name: string, file: string, variant?: string): ScenarioDrawing {
  const model = groveModelForScenario(s, variant);
  const trace = traceFromScenario(model, s);
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
