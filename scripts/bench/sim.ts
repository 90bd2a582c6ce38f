/**
 * Benchmark of the simulator (sim/) on the three worked examples in examples/sync/: for each bug
 * shape, 20 independent searches (seeds 1, 1001, …, 19001; each may try 20 runs, the README's budget)
 * must all find it, and the corrected version must pass the same 20 × 20 runs. Figures: searches that
 * found the bug, the median runs to find it, the median rows of the shrunk trace, wall time. Anchor:
 * the same number of bare `setImmediate` hops as the simulator took steps (the floor cost of draining
 * the microtask queue once per step), measured in the same run; ratio = simulator time / anchor.
 *
 * Run alone: npm run bench -- sim
 */
import { simulate, type SimOutcome } from '../../sim/simulate.ts';
import { printFaults, type FaultBudget } from '../../sim/faults.ts';
import type { SimSpec } from '../../sim/spec.ts';
import * as duplicateUpload from '../../examples/sync/duplicate-upload.ts';
import * as wedge from '../../examples/sync/wedge.ts';
import * as persisted from '../../examples/sync/persisted-before-delivery.ts';

const SEEDS = Array.from({ length: 20 }, (_, i) => 1 + i * 1000);
const RUNS = 20;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function hops(n: number): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
  return (performance.now() - t) / 1000;
}

async function search(spec: SimSpec, faults: FaultBudget): Promise<{ outcomes: SimOutcome[]; seconds: number; steps: number }> {
  const t = performance.now();
  const outcomes: SimOutcome[] = [];
  for (const seed of SEEDS) outcomes.push(await simulate(spec, { seed, runs: RUNS, faults }));
  return { outcomes, seconds: (performance.now() - t) / 1000, steps: outcomes.reduce((n, o) => n + o.stats.transitions, 0) };
}

export default async function bench(): Promise<void> {
  const shapes = [
    ['duplicate-upload', duplicateUpload],
    ['wedge', wedge],
    ['persisted-before-delivery', persisted],
  ] as const;
  process.stdout.write(`budget: ${SEEDS.length} seeds × up to ${RUNS} runs each\n`);
  process.stdout.write('shape                      faults            found   runs(med) rows(med)  time     fixed  fixed time  steps/s   anchor   ratio\n');
  for (const [name, mod] of shapes) {
    const buggy = await search(mod.default, mod.faults);
    const fixed = await search(mod.fixed, mod.faults);
    const found = buggy.outcomes.filter((o) => o.outcome === 'violation');
    const passed = fixed.outcomes.filter((o) => o.outcome === 'pass').length;
    const steps = buggy.steps + fixed.steps;
    const seconds = buggy.seconds + fixed.seconds;
    const anchor = await hops(steps);
    process.stdout.write(
      [
        name.padEnd(26),
        printFaults(mod.faults).padEnd(17),
        `${found.length}/${SEEDS.length}`.padEnd(7),
        String(median(found.map((o) => o.stats.runs ?? 0))).padEnd(9),
        String(median(found.map((o) => (o.outcome === 'violation' ? o.rows.length : 0)))).padEnd(9),
        `${buggy.seconds.toFixed(2)} s`.padEnd(8),
        `${passed}/${SEEDS.length}`.padEnd(6),
        `${fixed.seconds.toFixed(2)} s`.padEnd(11),
        String(Math.round(steps / seconds)).padEnd(9),
        `${anchor.toFixed(2)} s`.padEnd(8),
        (seconds / anchor).toFixed(1),
      ].join(' ') + '\n',
    );
  }
}
