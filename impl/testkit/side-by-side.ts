/**
 * The one side-by-side runner of the implementation harnesses (Grove's `impl/harness/run.ts` and
 * grove-local's `impl/local/harness.ts`): the model and the implementation are stepped together, one
 * chosen step at a time, and compared after each.
 *
 * What is shared is the drive: ask the adapter for the keys of the enabled steps (in the model's
 * action order), let the chooser pick one or stop, record the pick, have the adapter take that step
 * on both sides and compare (a finding stops the run), until nothing is enabled, the chooser stops or
 * the depth bound is reached. What differs per system is the adapter: how a step is taken on the
 * implementation (a gated remote call a client makes, or a call the harness makes), how the
 * implementation is read back and compared, and what follows the last step (`finish`).
 */
import type { Chooser } from './chooser.ts';

/** One system's side of a side-by-side run; `F` is what a run that stops returns. */
export interface SideBySideAdapter<F> {
  /** The keys of the steps enabled now (stable strings: an actor, `1 write:p`), in the model's order. */
  enabled(): readonly string[];
  /**
   * Takes enabled step number `index` (key `key`) on the implementation and the model, and compares
   * them. Returns what the run stops with (a finding), or null to go on.
   */
  step(index: number, key: string): Promise<F | null>;
  /** After the drive: whatever the system checks once no more steps are taken (null: the run passed). */
  finish?(): Promise<F | null>;
}

/**
 * Drives `adapter` with `choose` for at most `maxDepth` steps; `picks` receives every key chosen, in
 * order (what a schedule replays). Returns the first finding, or null when the run ends without one.
 */
export async function runSideBySide<F>(adapter: SideBySideAdapter<F>, choose: Chooser, maxDepth: number, picks: string[]): Promise<F | null> {
  for (let d = 0; d < maxDepth; d++) {
    const keys = adapter.enabled();
    if (keys.length === 0) break;
    const i = choose(keys, d);
    if (i === null) break;
    picks.push(keys[i]);
    const stop = await adapter.step(i, keys[i]);
    if (stop !== null) return stop;
  }
  return adapter.finish === undefined ? null : adapter.finish();
}
