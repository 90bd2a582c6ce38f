/**
 * Shrinking a failing run by replaying it: drop faults one by one, then client operations in halves,
 * quarters, … down to one at a time (delta debugging), keeping a smaller plan whenever its replay
 * still violates the same property. A shrunk plan is the original's operations and faults at the
 * kept indices, so `--only-ops` and `--only-faults` with the original seed replay it exactly.
 *
 * Every candidate is a full run of the real nodes; `budget` caps how many. After shrinking, the
 * smallest plan is replayed once more and its trace compared: a difference is reported as a
 * divergence (the node's own timers or threads made the run depend on wall-clock time), never as a
 * second bug.
 */
import type { Plan } from '../network/plan.ts';
import { firstDivergence, type RunResult } from '../network/run.ts';

/** Which of the original plan's operations and faults a shrunk plan keeps. */
export interface Kept {
  readonly ops: readonly number[];
  readonly faults: readonly number[];
}

/** The plan made of the kept indices of `plan`. */
export function restrict(plan: Plan, kept: Kept): Plan {
  return { ...plan, ops: kept.ops.map((i) => plan.ops[i]), faults: kept.faults.map((i) => plan.faults[i]) };
}

/** What shrinking found. */
export interface ShrinkResult {
  readonly kept: Kept;
  readonly run: RunResult;
  /** Replays done (each one full run). */
  readonly replays: number;
  /** Stopped because the budget ran out (the result is smaller, not necessarily minimal). */
  readonly exhausted: boolean;
  /** Index of the first trace event where the confirming replay differed, or -1. */
  readonly divergence: number;
  /**
   * Index of the first history event where the confirming replay differed, or -1: the same messages
   * can carry different contents (a node that answers from a clock), which the trace does not show.
   */
  readonly historyDivergence: number;
}

/** Shrinks `failing` (a run of `plan` restricted to `start`) with at most `budget` replays. */
export async function shrink(
  plan: Plan,
  failing: RunResult,
  run: (p: Plan) => Promise<RunResult>,
  budget: number,
  start: Kept = { ops: plan.ops.map((_, i) => i), faults: plan.faults.map((_, i) => i) },
): Promise<ShrinkResult> {
  const property = failing.verdict.outcome === 'violation' ? failing.verdict.property : null;
  let best = failing;
  let kept = start;
  let replays = 0;
  const fails = async (k: Kept): Promise<boolean> => {
    if (replays >= budget) return false;
    replays++;
    const r = await run(restrict(plan, k));
    if (r.verdict.outcome === 'violation' && r.verdict.property === property) {
      best = r;
      return true;
    }
    return false;
  };
  for (let i = kept.faults.length - 1; i >= 0; i--) {
    const k = { ops: kept.ops, faults: kept.faults.filter((_, j) => j !== i) };
    if (await fails(k)) kept = k;
  }
  for (let chunk = Math.ceil(kept.ops.length / 2); chunk >= 1; chunk = chunk === 1 ? 0 : Math.ceil(chunk / 2)) {
    for (let at = kept.ops.length - chunk; at >= 0 && replays < budget; at -= chunk) {
      const k = { ops: [...kept.ops.slice(0, at), ...kept.ops.slice(at + chunk)], faults: kept.faults };
      if (k.ops.length > 0 && (await fails(k))) kept = k;
    }
    if (replays >= budget) break;
  }
  const exhausted = replays >= budget;
  const again = await run(restrict(plan, kept));
  return { kept, run: best, replays: replays + 1, exhausted, divergence: firstDivergence(best.trace, again.trace), historyDivergence: firstDivergence(best.history, again.history) };
}
