/**
 * A trace: the states a counterexample or scenario goes through, step by step, with the properties
 * each step violates. Reports draw one forest per state of a trace.
 *
 * Two ways in, both pure replays through the model (STYLE.md §3): a checker path (indices into the
 * enabled actions, through `model.step`) and a scenario's rows for scripted actors (through
 * `model.apply`). A path whose replay prints other rows than the outcome's means the model is not
 * deterministic; `traceFromPath` refuses it rather than draw a picture of another run.
 */
import type { Model, Step } from '../../model/core/model.ts';
import type { GroveModel } from '../../model/grove/model.ts';
import type { GroveState } from '../../model/grove/state.ts';
import type { GroveVariant } from '../../model/grove/variant.ts';
import { variantByName } from '../../model/grove/variants/index.ts';
import { resultMatches, startState, stepForRow } from '../../checker/replay.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import type { Row, Scenario } from '../../scenarios/notation/types.ts';

/** A property a step violated (advisory ones included, flagged). */
export interface StepViolation {
  readonly property: string;
  readonly message: string;
  readonly advisory: boolean;
}

/** One step of a trace. */
export interface TraceStep {
  /** 1-based, as counterexamples number rows. */
  readonly index: number;
  /** The row as the model printed it (its result is the model's). */
  readonly row: Row;
  /** For scenario rows: the row as written, when its result differs from the model's. */
  readonly written?: Row;
  readonly before: GroveState;
  readonly after: GroveState;
  readonly effect?: unknown;
  readonly violations: readonly StepViolation[];
}

/** A replayed run: the initial state and every step. */
export interface Trace {
  readonly model: Model<GroveState>;
  /** What pictures need of the variant: its name and what its refs hold. */
  readonly variant: Pick<GroveVariant, 'name' | 'refs'>;
  readonly initial: GroveState;
  readonly steps: readonly TraceStep[];
}

/** The variant of a Grove model: its own record when it is a `GroveModel`, else looked up by name. */
export function variantOf(model: Model<GroveState>): Pick<GroveVariant, 'name' | 'refs'> {
  const ctx = (model as Partial<GroveModel>).ctx;
  if (ctx !== undefined) return ctx.variant;
  return variantByName(model.variant ?? 'lsn-cas');
}

/** The properties violated by one step: transition properties on the step, state properties on its result. */
export function violationsOf(model: Model<GroveState>, before: GroveState, step: Step<GroveState>): StepViolation[] {
  const out: StepViolation[] = [];
  for (const p of model.properties) {
    const m = p.transition?.(before, step) ?? p.state?.(step.next) ?? null;
    if (m !== null) out.push({ property: p.id, message: m, advisory: p.advisory === true });
  }
  return out;
}

/**
 * Replays a checker path from `initial` (default `model.initial()`). When `expected` rows are given
 * (the outcome's), throws an Error naming the first row that differs: a non-deterministic model.
 */
export function traceFromPath(model: Model<GroveState>, path: readonly number[], expected?: readonly Row[], initial = model.initial()): Trace {
  const steps: TraceStep[] = [];
  let s = initial;
  path.forEach((choice, k) => {
    const st = model.step(s, choice);
    const want = expected?.[k];
    if (want !== undefined && printRow(want) !== printRow(st.row)) {
      throw new Error(`replaying the path gave '${printRow(st.row)}' at row ${k + 1}, but the outcome says '${printRow(want)}': the model is not deterministic (does a step depend on iteration order or mutable state?)`);
    }
    steps.push({ index: k + 1, row: st.row, before: s, after: st.next, effect: st.effect, violations: violationsOf(model, s, st) });
    s = st.next;
  });
  return { model, variant: variantOf(model), initial, steps };
}

/**
 * Replays a scenario's rows (notes skipped) from `initial`, each through the actor's program step
 * when it has one enabled, else `model.apply` (`stepForRow`, as `grove-check replay` does). The
 * model's result is kept; a written result it does not accept is kept beside it. A concurrent
 * history is drawn in the order written: an `invoke` takes effect at its own row, and `complete`
 * rows are skipped. Throws the model's `UsageError` for a row it cannot take.
 */
export function traceFromRows(model: Model<GroveState>, rows: readonly Row[], initial: GroveState): Trace {
  const steps: TraceStep[] = [];
  let s = initial;
  for (const row of rows) {
    if (row.kind === 'note' || row.kind === 'complete') continue;
    const st = stepForRow(model, s, row);
    const differs = row.kind === 'call' && st.row.kind === 'call' && !resultMatches(row.result, st.row.result);
    steps.push({
      index: steps.length + 1,
      row: st.row,
      ...(differs ? { written: row } : {}),
      before: s,
      after: st.next,
      effect: st.effect,
      violations: violationsOf(model, s, st),
    });
    s = st.next;
  }
  return { model, variant: variantOf(model), initial, steps };
}

/** The state after `k` steps (0: the initial state). */
export function stateAt(t: Trace, k: number): GroveState {
  return k === 0 ? t.initial : t.steps[k - 1].after;
}

/**
 * Replays a scenario: from `startState` (its `Initial state:` block, every scripted actor having seen
 * it), through `traceFromRows`.
 */
export function traceFromScenario(model: Model<GroveState>, sc: Scenario): Trace {
  return traceFromRows(model, sc.rows, startState(model, sc));
}
