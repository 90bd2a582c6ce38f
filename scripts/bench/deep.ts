/**
 * Deep bugs without tuning (issue 19, goal 5): the deep portfolio (`--strategy deep`) against PCT at
 * its default depth on `planted-branch-stall` 3 × 4 (a force push onto a branched log, then a stall
 * through six pushes there: a depth-3 bug), seed by seed, and the rows of each strategy's
 * counterexample as found and as shrunk. Runs in this process; times are this machine's, now.
 *
 * Runs alone with `npm run bench -- deep` (about 2 minutes on 2 cores).
 */
import { groveModel } from '../../model/grove/model.ts';
import { plantedBranchStall } from '../../model/grove/variants/deep.ts';
import { pctSearch } from '../../checker/pct.ts';
import { portfolioSearch } from '../../checker/portfolio.ts';
import { preemptionSearch } from '../../checker/preemption.ts';

function say(line = ''): void {
  process.stdout.write(line + '\n');
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** The bench. Prints its figures; never throws for a miss (it prints it). */
export default async function bench(): Promise<void> {
  const m = groveModel({ variant: plantedBranchStall, actors: 3, ops: 4 });
  say('== deep bugs without tuning (issue 19): planted-branch-stall 3×4 (G6, depth 3) ==');
  const pctSeeds = [1, 2, 3, 4, 5];
  const pctRuns = 5_000;
  let pctFound = 0;
  const pctSecs: number[] = [];
  for (const seed of pctSeeds) {
    const t = performance.now();
    const o = pctSearch(m, { seed, depth: 2, runs: pctRuns });
    pctSecs.push((performance.now() - t) / 1000);
    if (o.outcome === 'violation') pctFound++;
  }
  say(`PCT at the default depth 2, ${fmt(pctRuns)} runs each: found on ${pctFound} of ${pctSeeds.length} seeds (median ${fmt(median(pctSecs), 2)} s per seed)`);
  const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
  let found = 0;
  const secs: number[] = [];
  const rows = new Set<number>();
  const by = new Map<string, number>();
  for (const seed of seeds) {
    const t = performance.now();
    const o = portfolioSearch(m, { seed });
    secs.push((performance.now() - t) / 1000);
    if (o.outcome !== 'violation') continue;
    found++;
    rows.add(o.rows.length);
    const who = /deep portfolio's (PCT d=\d|preemption-bounded DFS \(bound \d)/.exec(o.message)?.[1] ?? '?';
    by.set(who, (by.get(who) ?? 0) + 1);
  }
  say(`deep portfolio (no depth, no bound): found on ${found} of ${seeds.length} seeds (seeds 1–20), median ${fmt(median(secs), 2)} s, slowest ${fmt(Math.max(...secs), 2)} s; rows ${[...rows].join(', ')}; found by ${[...by.entries()].map(([k, n]) => `${k.replace(' (bound', ' bound')}: ${n}`).join(', ')}`);
  const ratio = median(secs) / median(pctSecs);
  say(`   ratio: the portfolio's median time to find it is ${fmt(ratio, 2)}× PCT d=2's time to miss it with ${fmt(pctRuns)} runs`);
  const raw = preemptionSearch(m, { preemptions: 2, minimize: false });
  const shrunk = preemptionSearch(m, { preemptions: 2 });
  const pct3 = pctSearch(m, { seed: 1, depth: 3, runs: 20_000 });
  const pct3raw = pctSearch(m, { seed: 1, depth: 3, runs: 20_000, minimize: false });
  const n = (o: ReturnType<typeof pctSearch>) => (o.outcome === 'violation' ? String(o.rows.length) : o.outcome);
  say(`counterexample rows, as found → shrunk: preemption bound 2: ${n(raw)} → ${n(shrunk)}; PCT d=3 seed 1: ${n(pct3raw)} → ${n(pct3)}`);
}
