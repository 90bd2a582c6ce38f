/**
 * The one chooser of the harnesses (Grove's and grove-local's side-by-side runs, Inferno's turn
 * scheduler): at each step the harness lists what is enabled (as stable keys: an actor, `1 write:p`,
 * `2 rename-head`) and the chooser picks one, or stops the run. Separate from the harness that runs the pick (STYLE: choosers apart from the engine).
 */
import { HarnessError } from './errors.ts';

/** Picks an index into `enabled` (the enabled keys, in order) at step `depth`, or null to stop. */
export type Chooser = (enabled: readonly string[], depth: number) => number | null;

/** A chooser over fast-check choices: choice `c` at `n` enabled keys picks `c mod n`; stops when they run out. */
export function choicesChooser(choices: readonly number[]): Chooser {
  return (enabled, d) => (d < choices.length && enabled.length > 0 ? choices[d] % enabled.length : null);
}

/** A chooser that follows a sequence of keys, skipping those not enabled when their turn comes. */
export function keysChooser(keys: readonly string[]): Chooser {
  let j = 0;
  return (enabled) => {
    while (j < keys.length) {
      const i = enabled.indexOf(keys[j++]);
      if (i >= 0) return i;
    }
    return null;
  };
}

/**
 * A chooser that follows a written schedule strictly: each key must be enabled when its turn comes
 * (else a {@link HarnessError} naming the step and what was enabled: the schedule does not fit); after
 * the last key it stops (null).
 */
export function scriptChooser(keys: readonly string[]): Chooser {
  let k = 0;
  return (enabled) => {
    if (k >= keys.length) return null;
    const want = keys[k++];
    const i = enabled.indexOf(want);
    if (i < 0) throw new HarnessError(`schedule step ${k} '${want}' is not possible; waiting: ${enabled.join(' | ')}`);
    return i;
  };
}
