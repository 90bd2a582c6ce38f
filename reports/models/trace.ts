/**
 * A trace of any model: the states a counterexample or scenario goes through, step by step, with the
 * properties each step violates. The same replays as `reports/trace/trace.ts` (which is Grove's: its
 * trace carries a Grove variant), for a model of any state type: a checker path through `model.step`
 * (refusing a replay that prints other rows: a non-deterministic model) and a scenario's rows through
 * `stepForRow` (program step, else `model.apply`).
 */
import type { Model, Step } from '../../model/core/model.ts';
import { resultMatches, startState, stepForRow } from '../../checker/replay.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import type { Row, Scenario } from '../../scenarios/notation/types.ts';
import type { StepViolation } from '../trace/trace.ts';
import type { PictureStep } from '../../model/core/capabilities.ts';

/** One step of a trace (the shape every picture draws a step from). */
export type ModelTraceStep<S> = PictureStep<S>;

/** A replayed run of any model. */
export interface ModelTrace<S> {
  readonly model: Model<S>;
  readonly initial: S;
  readonly steps: readonly ModelTraceStep<S>[];
}

function violations<S>(model: Model<S>, before: S, step: Step<S>): StepViolation[] {
  const out: StepViolation[] = [];
  for (const p of model.properties) {
    const m = p.transition?.(before, step) ?? p.state?.(step.next) ?? null;
    if (m !== null) out.push({ property: p.id, message: m, advisory: p.advisory === true });
  }
  return out;
}

/**
 * Replays a checker path from `model.initial()`. When `expected` rows are given (the outcome's),
 * throws an Error naming the first row that differs: a non-deterministic model.
 */
export function traceOfPath<S>(model: Model<S>, path: readonly number[], expected?: readonly Row[]): ModelTrace<S> {
  const steps: ModelTraceStep<S>[] = [];
  const initial = model.initial();
  let s = initial;
  path.forEach((choice, k) => {
    const st = model.step(s, choice);
    const want = expected?.[k];
    if (want !== undefined && printRow(want) !== printRow(st.row)) {
      throw new Error(`replaying the path gave '${printRow(st.row)}' at row ${k + 1}, but the outcome says '${printRow(want)}': the model is not deterministic (does a step depend on iteration order or mutable state?)`);
    }
    steps.push({ index: k + 1, row: st.row, before: s, after: st.next, effect: st.effect, violations: violations(model, s, st) });
    s = st.next;
  });
  return { model, initial, steps };
}

/**
 * Replays rows (notes and `complete` rows skipped) from `initial`, each through `stepForRow`. The
 * model's result is kept, the written one beside it when it differs. Throws the model's
 * `UsageError` for a row it cannot take.
 */
export function traceOfRows<S>(model: Model<S>, rows: readonly Row[], initial: S): ModelTrace<S> {
  const steps: ModelTraceStep<S>[] = [];
  let s = initial;
  for (const row of rows) {
    if (row.kind === 'note' || row.kind === 'complete') continue;
    const st = stepForRow(model, s, row);
    const differs = row.kind === 'call' && st.row.kind === 'call' && !resultMatches(row.result, st.row.result);
    steps.push({ index: steps.length + 1, row: st.row, ...(differs ? { written: row } : {}), before: s, after: st.next, effect: st.effect, violations: violations(model, s, st) });
    s = st.next;
  }
  return { model, initial, steps };
}

/** Replays a scenario from its start state (`startState`). */
export function traceOfScenario<S>(model: Model<S>, sc: Scenario): ModelTrace<S> {
  return traceOfRows(model, sc.rows, startState(model, sc));
}
