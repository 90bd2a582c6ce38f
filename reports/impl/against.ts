/**
 * The text and JSON of a side-by-side check (`check --against`, Grove and grove-local): what
 * `impl/harness/cli.ts` and `impl/local/cli.ts` found, as the terminal shows it.
 */
import type { Outcome } from '../../checker/outcome.ts';
import type { Model } from '../../model/core/model.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { describeViolation } from '../text/outcome.ts';

/** What a side-by-side check found (the shape both implementations' runs share). */
export interface SideBySideRun {
  readonly model: Model<unknown>;
  readonly outcome: Outcome & { readonly pauses?: readonly string[] };
  readonly replay?: string;
  readonly saved?: string;
  /** An HTML report of a violation (grove-local `--report`). */
  readonly report?: string;
  readonly json: boolean;
}

/** The line printed before a run: `grove-check: model=grove actors=2 … against=impl:fs strategy=random seed=1`. */
export function settingsLine(model: string, settings: string): string {
  return `grove-check: model=${model} ${settings}\n`;
}

/** The output of a side-by-side check: its JSON (with `--json`) or its terminal text. */
export function formatAgainstRun(r: SideBySideRun): string {
  const o = r.outcome;
  if (r.json) {
    const extra = o.outcome === 'violation' ? { rows: o.rows.map(printRow), replay: r.replay, ...('saved' in r ? { saved: r.saved } : {}), ...('report' in r ? { report: r.report } : {}) } : { property: null, rows: [] };
    return JSON.stringify({ ...o, ...extra }, null, 2) + '\n';
  }
  let text = describeViolation(r.model, o, r.replay, r.saved, r.report);
  if (o.outcome === 'violation' && o.pauses !== undefined && o.pauses.length > 0) text += `  split calls: ${o.pauses.join('; ')}\n`;
  return text;
}

/** The commands' output: standard output. */
export function writeOut(text: string): void {
  process.stdout.write(text);
}
