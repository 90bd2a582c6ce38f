/** The terminal text of an outcome: verdict, figures, rows, the forest after the violation, replay command. */
import type { Model } from '../../model/core/model.ts';
import type { Outcome } from '../../checker/outcome.ts';
import { printRow } from '../../scenarios/notation/print.ts';

function figures(o: Outcome): string {
  const s = o.stats;
  const rate = s.seconds > 0 ? ` (${Math.round(s.states / s.seconds).toLocaleString('en-US')} states/s)` : '';
  const runs = s.runs !== undefined ? `${s.runs} schedules, ` : '';
  return `${runs}${s.states.toLocaleString('en-US')} states, ${s.transitions.toLocaleString('en-US')} transitions, depth ${s.depth}, ${s.seconds} s${rate}`;
}

/**
 * The terminal text of `o` for `model`: the verdict and its figures, a violation's rows, the picture
 * after them (`forest`), where it was saved and reported, and the command that replays it.
 */
export function describeViolation(model: Model<unknown>, o: Outcome, replay?: string, saved?: string, report?: string, forest?: string): string {
  const out: string[] = [];
  const title = (id: string) => model.properties.find((p) => p.id === id)?.title ?? id;
  if (o.outcome === 'pass') {
    const b = Object.entries(o.bounds).map(([k, v]) => `${k}=${v}`).join(' ');
    out.push(`PASS${o.exhaustive ? ' (exhaustive)' : o.strategy === 'random' ? ' (no violation in the schedules run)' : ''}: ${figures(o)}`);
    out.push(`  bounds that held: ${b}`);
    if (o.note) out.push(`  ${o.note}`);
  } else if (o.outcome === 'inconclusive') {
    out.push(`INCONCLUSIVE: the ${o.budget} budget ran out after ${figures(o)}`);
    if (o.note) out.push(`  ${o.note}`);
  } else {
    out.push(`VIOLATION of ${o.property} (${title(o.property)})`);
    out.push(`  ${o.message}`);
    out.push(`  found by ${o.strategy}${o.strategy === 'random' ? ` with seed ${o.seed}` : ''} after ${figures(o)}`);
    out.push('');
    o.rows.forEach((r, i) => out.push(`  ${String(i + 1).padStart(3)}  ${printRow(r)}${i + 1 === o.atRow ? `   <- ${o.property} fails here` : ''}`));
    if (forest) out.push('', ...forest.trimEnd().split('\n').map((l) => `  ${l}`));
    out.push('');
    if (saved) out.push(`  saved: ${saved}`);
    if (report) out.push(`  report: ${report}`);
    if (replay) out.push(`  replay: ${replay}`);
  }
  const fast = (o as { fast?: { risk: string; statesPerSecond: number; peakRss: number; symmetry: boolean; por: boolean; notEvaluated?: string[] } }).fast;
  if (fast) {
    out.push(`  fast engine: ${Math.round(fast.statesPerSecond).toLocaleString('en-US')} states/s, peak RSS ${(fast.peakRss / 2 ** 20).toFixed(0)} MiB, symmetry ${fast.symmetry ? 'on' : 'off'}, partial-order reduction ${fast.por ? 'on' : 'off'}`);
    out.push(`  ${fast.risk}`);
    if (fast.notEvaluated && fast.notEvaluated.length > 0) out.push(`  not evaluated by the fast engine: ${fast.notEvaluated.join(', ')}`);
  }
  for (const a of o.advisories) out.push(`  advisory ${a.property}: ${a.message} (first seen after ${a.rows.length} steps; --strict makes it fail)`);
  return out.join('\n') + '\n';
}
