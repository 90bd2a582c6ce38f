/**
 * Random schedules against an implementation, shared by the Grove (`random.ts`) and the
 * local/staged/origin (`impl/local/check.ts`) side-by-side searches: fast-check generates arrays of
 * choices at least long enough for every program to finish, an async runner plays each one against
 * the implementation, and the first failing array comes back (shrunk by fast-check unless
 * `endOnFailure`). What to do with it (replay, minimize, report) is the caller's.
 */
import fc from 'fast-check';

export interface ScheduleSearchOptions {
  readonly seed: number;
  readonly runs: number;
  readonly maxDepth: number;
  /** Shortest array generated: enough choices for every program to finish. */
  readonly minLength: number;
  readonly timeoutSeconds?: number;
  /** Stop at the first failure without shrinking it. */
  readonly endOnFailure: boolean;
}

export interface ScheduleSearch {
  /** The failing choices (shrunk unless `endOnFailure`), or null when every run passed. */
  readonly counterexample: number[] | null;
  readonly timedOut: boolean;
  readonly steps: number;
  readonly runs: number;
  readonly deepest: number;
}

/** Runs schedules until one fails, the runs are spent or the time is up. Throws what fast-check throws. */
export async function searchSchedules(
  run: (choices: number[]) => Promise<{ readonly rows: readonly unknown[]; readonly finding: unknown }>,
  o: ScheduleSearchOptions,
): Promise<ScheduleSearch> {
  const started = performance.now();
  let steps = 0;
  let runs = 0;
  let deepest = 0;
  let timedOut = false;
  const details = await fc.check(
    fc.asyncProperty(fc.array(fc.nat({ max: 1_000_000 }), { minLength: Math.min(o.maxDepth, o.minLength), maxLength: o.maxDepth }), async (cs) => {
      if (timedOut || (o.timeoutSeconds !== undefined && (performance.now() - started) / 1000 >= o.timeoutSeconds)) {
        timedOut = true;
        return true;
      }
      const e = await run(cs);
      runs++;
      steps += e.rows.length;
      deepest = Math.max(deepest, e.rows.length);
      return e.finding === null;
    }),
    { seed: o.seed, numRuns: o.runs, endOnFailure: o.endOnFailure },
  );
  if (details.failed && details.counterexample !== null) return { counterexample: details.counterexample[0], timedOut, steps, runs, deepest };
  if (details.failed) throw (details as { errorInstance?: unknown }).errorInstance ?? new Error('fast-check failed without a counterexample');
  return { counterexample: null, timedOut, steps, runs, deepest };
}

/**
 * Deletes single picks from a failing run while the same property still fails (deterministic: from
 * the front, restarting after each success) and returns the smallest run found. The list kept is the
 * trial itself, not the rerun's own picks, which may add drain picks back: so it shrinks every time
 * and the loop ends.
 */
export async function minimizePicks<P, R extends { readonly picks: readonly P[]; readonly finding: { readonly property: string } | null }>(
  run: R,
  rerun: (picks: readonly P[]) => Promise<R>,
): Promise<R> {
  const property = run.finding?.property;
  if (property === undefined) return run;
  let best = run;
  let picks = run.picks;
  for (let j = 0; j < picks.length; ) {
    const trial = [...picks.slice(0, j), ...picks.slice(j + 1)];
    const e = await rerun(trial);
    if (e.finding?.property === property) {
      best = e;
      picks = trial;
      j = 0;
    } else j++;
  }
  return best;
}
