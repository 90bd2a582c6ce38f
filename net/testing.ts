/**
 * Test helpers: run a workload against a command as `grove-check run` would, in a fresh temporary
 * directory. For tests and bench sections only.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
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

/**
 * A Python echo node that depends on something the network does not own: a file outside its own
 * directory, shared by every run (standing in for a clock or a thread). Its first run echoes wrongly
 * (a violation) and, with `talks`, also asks the lin-kv service something (a message the replays do
 * not send); later runs are correct. Returns the `--bin` command.
 */
export function driftingNode(talks: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'grove-check-drift-'));
  const file = join(dir, 'drift.py');
  writeFileSync(
    file,
    [
      'import json, os, sys',
      'runs = os.path.join(sys.argv[1], "runs")',
      'n = int(open(runs).read()) + 1 if os.path.exists(runs) else 1',
      'open(runs, "w").write(str(n))',
      'for line in sys.stdin:',
      '    msg = json.loads(line); body = msg["body"]',
      '    def send(dest, b): print(json.dumps({"src": me, "dest": dest, "body": b}), flush=True)',
      '    if body["type"] == "init":',
      '        me = body["node_id"]; send(msg["src"], {"type": "init_ok", "in_reply_to": body["msg_id"]})',
      '    elif body["type"] == "echo":',
      '        echo = body["echo"]',
      '        if n == 1:',
      ...(talks ? ['            send("lin-kv", {"type": "read", "key": "drift", "msg_id": body["msg_id"]})'] : []),
      '            echo = "drifted"',
      '        send(msg["src"], {"type": "echo_ok", "echo": echo, "in_reply_to": body["msg_id"]})',
    ].join('\n') + '\n',
  );
  return `python3 ${file} ${dir}`;
}
