/**
 * The variant × faults verdict table (MODEL.md §4, issue 10): for each recovery variant and each
 * fault budget, which properties hold, with the minimal counterexample of each one that fails.
 */
import { groveModel } from '../model/grove/model.ts';
import { variantByName } from '../model/grove/variants/index.ts';
import { checkEach } from './each.ts';
import type { Outcome } from './outcome.ts';

export interface FaultCell {
  readonly variant: string;
  /** Budget: at most this many lost replies, this many crashes, and this many faults in all. */
  readonly faults: number;
  readonly verdicts: readonly { property: string; outcome: Outcome }[];
  /** Distinct states of the largest run (the run in which the surviving properties passed). */
  readonly states: number;
  readonly seconds: number;
}

export const FAULT_VARIANTS = ['lsn-cas', 'retry-naive', 'recover-by-reading'] as const;

/** Builds the table for `actors` × `ops` at each fault budget in `levels`. */
export function faultTable(actors = 2, ops = 2, levels: readonly number[] = [0, 1, 2], variants: readonly string[] = FAULT_VARIANTS, collide = false): FaultCell[] {
  const cells: FaultCell[] = [];
  for (const variant of variants) {
    for (const f of levels) {
      const t = performance.now();
      const model = groveModel({ variant: variantByName(variant), actors, ops, maxLostReplies: f, maxCrashes: f, maxFaults: f, collide });
      const verdicts = checkEach(model);
      cells.push({ variant, faults: f, verdicts, states: Math.max(...verdicts.map((v) => v.outcome.stats.states)), seconds: (performance.now() - t) / 1000 });
    }
  }
  return cells;
}

/** `ok`, `FAIL(n)` (n = rows of the minimal counterexample) or `?` (inconclusive), per property. */
export function cellText(o: Outcome): string {
  return o.outcome === 'pass' ? 'ok' : o.outcome === 'violation' ? `FAIL(${o.rows.length})` : '?';
}
