/**
 * `npm run check`, the main job: checks the three Grove variants exhaustively with the default bounds
 * (3 actors × 2 pushes, breadth-first) and prints a verdict table, then the minimal counterexample of
 * each violation. Exit 0 when every verdict is the one MODEL.md §3 expects (logid-check violates G6,
 * lsn-advance and lsn-cas hold), 1 otherwise.
 */
import { check } from '../checker/check.ts';
import type { Outcome } from '../checker/outcome.ts';
import { checkCommand } from '../checker/save.ts';
import { groveModel } from '../model/grove/model.ts';
import { variantByName } from '../model/grove/variants/index.ts';
import { printRow } from '../scenarios/notation/print.ts';
import { cellText, faultTable } from '../checker/table.ts';

const ACTORS = 3;
const OPS = 2;
const EXPECTED: Record<string, string> = { 'logid-check': 'violation(G6)', 'lsn-advance': 'pass', 'lsn-cas': 'pass' };

function verdict(o: Outcome): string {
  return o.outcome === 'violation' ? `violation(${o.property})` : o.outcome;
}

const rows: string[][] = [['variant', 'verdict', 'expected', 'states', 'transitions', 'depth', 'seconds']];
const outcomes: Outcome[] = [];
for (const name of Object.keys(EXPECTED)) {
  const o = check(groveModel({ variant: variantByName(name), actors: ACTORS, ops: OPS }), { strategy: 'bfs' });
  outcomes.push(o);
  rows.push([name, verdict(o), EXPECTED[name], o.stats.states.toLocaleString('en-US'), o.stats.transitions.toLocaleString('en-US'), String(o.stats.depth), o.stats.seconds.toFixed(3)]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
process.stdout.write(`grove-check: Grove push safety, ${ACTORS} actors × ${OPS} pushes each, breadth-first, exhaustive\n\n`);
for (const [i, r] of rows.entries()) {
  process.stdout.write(r.map((c, j) => (j >= 3 ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  ') + '\n');
  if (i === 0) process.stdout.write(widths.map((w) => '-'.repeat(w)).join('  ') + '\n');
}
for (const o of outcomes) {
  if (o.outcome !== 'violation') continue;
  process.stdout.write(`\n${o.variant} violates ${o.property}: ${o.message}\n`);
  for (const r of o.rows) process.stdout.write(`  ${printRow(r)}\n`);
  process.stdout.write(`  replay: ${checkCommand(o)}\n`);
}
// Faults (MODEL.md §4): variant × fault budget → which properties hold.
const FA = 2;
const FO = 2;
const table = faultTable(FA, FO);
const props = table[0].verdicts.map((v) => v.property);
process.stdout.write(`\nfaults: ${FA} actors × ${FO} pushes, at most N lost replies, N crashes and N faults in all; FAIL(n) = minimal counterexample of n rows\n\n`);
const frows = [['variant', 'faults', ...props, 'states', 'seconds'], ...table.map((c) => [c.variant, String(c.faults), ...c.verdicts.map((v) => cellText(v.outcome)), c.states.toLocaleString('en-US'), c.seconds.toFixed(2)])];
const fw = frows[0].map((_, i) => Math.max(...frows.map((r) => r[i].length)));
for (const [i, r] of frows.entries()) {
  process.stdout.write(r.map((c, j) => (j >= 2 ? c.padStart(fw[j]) : c.padEnd(fw[j]))).join('  ') + '\n');
  if (i === 0) process.stdout.write(fw.map((w) => '-'.repeat(w)).join('  ') + '\n');
}
for (const c of table.filter((x) => x.faults === 1 || (x.faults === 2 && x.variant === 'lsn-cas'))) {
  for (const v of c.verdicts) {
    const o = v.outcome;
    if (o.outcome !== 'violation') continue;
    const fresh = c.faults === 1 || !table.some((x) => x.variant === c.variant && x.faults === 1 && x.verdicts.some((y) => y.property === v.property && y.outcome.outcome === 'violation'));
    if (!fresh) continue;
    process.stdout.write(`\n${c.variant} with ${c.faults} fault(s) violates ${o.property}: ${o.message}\n`);
    for (const r of o.rows) process.stdout.write(`  ${printRow(r)}\n`);
  }
}
const bad = outcomes.filter((o) => verdict(o) !== EXPECTED[o.variant ?? '']);
process.stdout.write(`\n${bad.length === 0 ? 'every verdict as expected' : `${bad.length} verdict(s) differ from MODEL.md §3`}\n`);
process.exitCode = bad.length === 0 ? 0 : 1;
