/**
 * Test helpers: run a workload against a command as `grove-check run` would, in a fresh temporary
 * directory. For tests and bench sections only.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { variantByName } from '../model/grove/variants/index.ts';
import { generatePlan, type FaultFamily, type Plan } from './network/plan.ts';
import { runPlan, type RunResult } from './network/run.ts';
import { serviceFactory } from './services/index.ts';
import { workloadByName } from './workloads/index.ts';
import { splitCommand } from './node/process.ts';
import { shrink, type ShrinkResult } from './shrink/shrink.ts';

/** What to run. */
export interface TestRun {
  readonly bin: string;
  readonly workload: string;
  readonly nodes: number;
  readonly seed: number;
  readonly ops: number;
  readonly clients?: number;
  readonly faults?: readonly FaultFamily[];
  readonly variant?: string;
}

function setup(o: TestRun): { plan: Plan; exec: (p: Plan) => Promise<RunResult> } {
  const w = workloadByName(o.workload)!;
  const plan = generatePlan(w, { seed: o.seed, nodes: o.nodes, clients: o.clients ?? 3, ops: o.ops, faults: o.faults ?? [] });
  const base = mkdtempSync(join(tmpdir(), 'grove-check-net-'));
  let n = 0;
  const exec = (p: Plan): Promise<RunResult> =>
    runPlan(p, {
      argv: splitCommand(o.bin),
      workload: w,
      service: serviceFactory(variantByName(o.variant ?? 'lsn-cas')),
      dir: join(base, `run-${n++}`),
      deadlineMs: 20_000,
      timeoutSteps: 200,
      maxSteps: 50 * (o.ops + 20),
    });
  return { plan, exec };
}

/** Runs the seed's plan once. */
export async function runOnce(o: TestRun): Promise<RunResult> {
  const { plan, exec } = setup(o);
  return exec(plan);
}

/** Runs the seed's plan and, if it fails, shrinks it with at most `budget` replays. */
export async function runAndShrink(o: TestRun, budget: number): Promise<{ first: RunResult; shrunk?: ShrinkResult }> {
  const { plan, exec } = setup(o);
  const first = await exec(plan);
  if (first.verdict.outcome !== 'violation') return { first };
  return { first, shrunk: await shrink(plan, first, exec, budget) };
}
