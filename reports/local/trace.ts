/**
 * A grove-local run as a trace: the states it goes through and what each step violated, replayed
 * purely through the model from a checker path (STYLE.md §3). A replay that prints other rows than
 * the outcome's is refused (the model would not be deterministic).
 */
import { UsageError } from '../../model/core/model.ts';
import type { LocalModel } from '../../model/grove-local/model.ts';
import type { LocalState } from '../../model/grove-local/state.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import type { Row } from '../../scenarios/notation/types.ts';
import type { StepViolation } from '../trace/trace.ts';

/** One step of a grove-local trace. */
export interface LocalTraceStep {
  readonly index: number;
  readonly row: Row;
  readonly before: LocalState;
  readonly after: LocalState;
  readonly effect?: unknown;
  readonly violations: readonly StepViolation[];
}

/** A replayed grove-local run. */
export interface LocalTrace {
  readonly model: LocalModel;
  readonly initial: LocalState;
  readonly steps: readonly LocalTraceStep[];
}

/** The state after `k` steps (0: the initial state). */
export function localStateAt(t: LocalTrace, k: number): LocalState {
  return k === 0 ? t.initial : t.steps[k - 1].after;
}

/**
 * Replays `path` (indices into the enabled actions) from the initial state, evaluating every
 * property on every step. With `rows`, refuses a replay that prints different rows.
 * @throws UsageError for an index that is not enabled or rows that do not match.
 */
export function localTraceFromPath(model: LocalModel, path: readonly number[], rows?: readonly Row[]): LocalTrace {
  const initial = model.initial();
  let s = initial;
  const steps: LocalTraceStep[] = [];
  path.forEach((i, k) => {
    if (i < 0 || i >= model.actions(s).length) throw new UsageError(`step ${k + 1}: no enabled action number ${i}`);
    const st = model.step(s, i);
    if (rows !== undefined && rows[k] !== undefined && printRow(rows[k]) !== printRow(st.row)) {
      throw new UsageError(`step ${k + 1}: the replay prints ${printRow(st.row)} but the run printed ${printRow(rows[k])}: the model is not deterministic`);
    }
    const violations: StepViolation[] = [];
    for (const p of model.properties) {
      const m = p.transition?.(s, st) ?? p.state?.(st.next) ?? null;
      if (m !== null) violations.push({ property: p.id, message: m, advisory: p.advisory === true });
    }
    steps.push({ index: k + 1, row: st.row, before: s, after: st.next, effect: st.effect, violations });
    s = st.next;
  });
  return { model, initial, steps };
}
