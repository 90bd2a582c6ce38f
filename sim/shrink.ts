/**
 * Shrinking by re-execution. A failing case is the kept workload ops plus the keys of the choices
 * taken (`d:c1>server`, `x:lost-reply:server>c1`…); each candidate re-runs from the start following
 * the keys (a key that is not enabled is skipped, see `keyChooser`; past the end, index 0, which is
 * never a fault). A candidate is kept when it fails the same property and is smaller: fewer ops, then
 * fewer faults, then fewer non-default choices (reorderings), then fewer steps. Passes, repeated
 * until none helps or the run budget is spent: keep only the faults (injected as early as they can
 * be, every other step the default); drop one op (with only the faults, or with every key); drop one
 * fault; cut the tail; drop one non-default choice.
 */
import type { RunResult } from './world.ts';

/** One shrinking candidate: which generated ops are kept, and the keys to follow. */
export interface Candidate {
  keep: boolean[];
  keys: string[];
}

/** Runs one candidate. */
export type Runner = (c: Candidate) => Promise<RunResult>;

/** The smallest failing case found and the runs it took. */
export interface Shrunk {
  keep: boolean[];
  result: RunResult;
  runs: number;
}

function size(keep: boolean[], r: RunResult): number[] {
  const steps = r.failure?.step ?? r.path.length;
  const path = r.path.slice(0, steps);
  return [keep.filter(Boolean).length, r.faultSteps.length, path.filter((i) => i !== 0).length, steps];
}

function smaller(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/** Shrinks a failing case; `property` is the id every candidate must fail. */
export async function shrink(keep: boolean[], first: RunResult, property: string, run: Runner, maxRuns = 300): Promise<Shrunk> {
  let best = { keep: [...keep], result: first };
  let runs = 0;
  const keysOf = (r: RunResult) => r.keys.slice(0, r.failure?.step ?? r.keys.length);
  const attempt = async (cand: Candidate): Promise<boolean> => {
    if (runs >= maxRuns) return false;
    runs++;
    const res = await run(cand);
    if (res.failure?.property !== property || res.escapes.length > 0 || res.stoppedBy !== undefined) return false;
    if (!smaller(size(cand.keep, res), size(best.keep, best.result))) return false;
    best = { keep: cand.keep, result: res };
    return true;
  };
  const without = (keys: string[], j: number) => keys.filter((_, k) => k !== j);
  for (let progress = true; progress && runs < maxRuns; ) {
    progress = false;
    const faultKeys = (r: RunResult) => r.faultSteps.map((s) => r.keys[s]);
    if (await attempt({ keep: best.keep, keys: faultKeys(best.result) })) progress = true;
    for (let i = best.keep.length - 1; i >= 0; i--) {
      if (best.keep[i] && (await attempt({ keep: best.keep.map((k, j) => (j === i ? false : k)), keys: faultKeys(best.result) }))) {
        progress = true;
        continue;
      }
      if (best.keep[i] && (await attempt({ keep: best.keep.map((k, j) => (j === i ? false : k)), keys: keysOf(best.result) }))) progress = true;
    }
    for (const s of [...best.result.faultSteps].reverse()) {
      const keys = keysOf(best.result);
      if (s < keys.length && (await attempt({ keep: best.keep, keys: without(keys, s) }))) progress = true;
    }
    for (let keys = keysOf(best.result), len = keys.length >> 1; len > 0; len = (len + keys.length) >> 1) {
      if (await attempt({ keep: best.keep, keys: keys.slice(0, len) })) {
        progress = true;
        break;
      }
      if (keys.length - len <= 1) break;
    }
    for (let j = keysOf(best.result).length - 1; j >= 0; j--) {
      const r = best.result;
      if (j < r.path.length && r.path[j] !== 0 && !r.faultSteps.includes(j) && (await attempt({ keep: best.keep, keys: without(keysOf(r), j) }))) progress = true;
    }
  }
  return { ...best, runs };
}
