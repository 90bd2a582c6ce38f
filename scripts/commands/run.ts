/**
 * `grove-check run --bin "CMD ARGS" --workload W --nodes N`: runs a program in any language as
 * Maelstrom nodes (net/), on a network grove-check owns and schedules from a seed, checks the
 * workload, shrinks a failure by replaying it, and prints the minimal history, the fault schedule and
 * the command that replays it. Exit codes: 0 pass, 1 violation, 2 bad input (a node that breaks the
 * protocol included), 3 inconclusive.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, intFlag, parseFlags, printJson } from './_common.ts';
import { UsageError } from '../../model/core/model.ts';
import { variantByName } from '../../model/grove/variants/index.ts';
import { splitCommand } from '../../net/node/process.ts';
import { describeFault, FAULT_KINDS, generatePlan, type FaultFamily, type Plan } from '../../net/network/plan.ts';
import { runPlan, type RunResult } from '../../net/network/run.ts';
import { serviceFactory } from '../../net/services/index.ts';
import '../../net/history/edn.ts'; // registers history.edn (Jepsen EDN) beside history.jsonl
import { restrict, shrink, type Kept } from '../../net/shrink/shrink.ts';
import { workloadByName, workloads } from '../../net/workloads/index.ts';
import { describeEvent, historyExporters } from '../../net/history/history.ts';
import { lamportData, lamportSvg, reportHtml } from '../../net/report/lamport.ts';

const USAGE = `usage: grove-check run --bin "CMD ARGS" --workload W [--nodes N] [--seed S] [--ops N] [--faults LIST] [--json] [--report DIR]

Runs CMD as N Maelstrom nodes (JSON lines on stdin/stdout, stderr kept as each node's log) on a
network grove-check owns: every message goes through per-link queues scheduled from the seed, a
node's reply is awaited (logical time), so the same seed gives the same history. A failure is shrunk
by replaying it (fewer faults, fewer client operations).

  --bin "CMD ARGS"     the node program (run once per node, in its own directory)
  --workload W         ${workloads.map((w) => w.name).join(', ')}
  --nodes N            number of nodes n1..nN (default 1)
  --clients N          concurrent clients (default 3)
  --seed S             the seed (default: drawn from the clock, and printed)
  --ops N              client operations (default 30)
  --faults LIST        comma-separated: ${FAULT_KINDS.join(', ')}; or none (default)
  --variant V          grove workload: the remote's ref semantics (default lsn-cas; logid-check, …)
  --only-ops LIST      replay only these operations of the seed's plan (printed after shrinking)
  --only-faults LIST   replay only these faults of the seed's plan
  --no-shrink          report a failure as found
  --shrink-budget N    at most N replays while shrinking (default 60)
  --timeout-steps N    steps a client waits for a reply before recording info (default 200)
  --deadline-ms N      last-resort wait for a node to go quiet, per delivery (default 10000)
  --json               print one JSON object
  --report DIR         write history.jsonl (and every registered export), plan.json, trace.jsonl,
                       grove.jsonl (grove workload), lamport.svg, report.html and the nodes' logs

Services a node may call: lin-kv, seq-kv, lww-kv (one linearizable map) and grove (the Grove remote).

exit codes: 0 pass, 1 violation, 2 bad input or a node that broke the protocol, 3 inconclusive`;

function indices(name: string, text: string | undefined, n: number): number[] | undefined {
  if (text === undefined) return undefined;
  if (text.trim() === '') return [];
  return text.split(',').map((s) => {
    if (!/^\d+$/.test(s.trim())) throw new InputError(`--${name} takes comma-separated indices, got '${s}'`);
    const i = Number(s.trim());
    if (i >= n) throw new InputError(`--${name}: index ${i} is past the plan's ${n} entries`);
    return i;
  });
}

const quote = (s: string): string => (/^[\w./=:,@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** `grove-check run`. */
export default async function run(argv: string[]): Promise<number> {
  const { values: v } = parseFlags(
    argv,
    {
      bin: { type: 'string' },
      workload: { type: 'string' },
      nodes: { type: 'string' },
      clients: { type: 'string' },
      seed: { type: 'string' },
      ops: { type: 'string' },
      faults: { type: 'string' },
      variant: { type: 'string' },
      'only-ops': { type: 'string' },
      'only-faults': { type: 'string' },
      'no-shrink': { type: 'boolean' },
      'shrink-budget': { type: 'string' },
      'timeout-steps': { type: 'string' },
      'deadline-ms': { type: 'string' },
      json: { type: 'boolean' },
      report: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
    false,
  );
  if (v.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (v.bin === undefined || v.workload === undefined) throw new InputError(`--bin and --workload are required\n\n${USAGE}`);
  const workload = workloadByName(v.workload);
  if (workload === undefined) throw new InputError(`unknown workload '${v.workload}' (known: ${workloads.map((w) => w.name).join(', ')})`);
  let args: string[];
  try {
    args = splitCommand(v.bin);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  if (args.length === 0) throw new InputError('--bin is empty');
  const nodes = intFlag('nodes', v.nodes, 1, 1);
  const clients = intFlag('clients', v.clients, 3, 1);
  const seed = intFlag('seed', v.seed, Date.now() % 1_000_000, 0);
  const opsCount = intFlag('ops', v.ops, 30, 0);
  const faultList = v.faults === undefined || v.faults === 'none' ? [] : v.faults.split(',').map((s) => s.trim());
  for (const f of faultList) if (!(FAULT_KINDS as readonly string[]).includes(f)) throw new InputError(`unknown fault '${f}' (known: ${FAULT_KINDS.join(', ')}, none)`);
  let variant;
  try {
    variant = variantByName(v.variant ?? 'lsn-cas');
  } catch (e) {
    throw new InputError(e instanceof UsageError ? e.message : String(e));
  }
  const full = generatePlan(workload, { seed, nodes, clients, ops: opsCount, faults: faultList as FaultFamily[] });
  const start: Kept = {
    ops: indices('only-ops', v['only-ops'], full.ops.length) ?? full.ops.map((_, i) => i),
    faults: indices('only-faults', v['only-faults'], full.faults.length) ?? full.faults.map((_, i) => i),
  };
  const report = v.report;
  const base = report !== undefined ? join(report, 'nodes') : mkdtempSync(join(tmpdir(), 'grove-check-run-'));
  if (report !== undefined) {
    rmSync(base, { recursive: true, force: true });
    mkdirSync(base, { recursive: true });
  }
  let runs = 0;
  const exec = (p: Plan): Promise<RunResult> => {
    const dir = join(base, `run-${runs++}`);
    return runPlan(p, {
      argv: args,
      workload,
      service: serviceFactory(variant),
      dir,
      deadlineMs: intFlag('deadline-ms', v['deadline-ms'], 10_000, 1),
      timeoutSteps: intFlag('timeout-steps', v['timeout-steps'], 200, 1),
      maxSteps: 50 * (opsCount + 20),
    });
  };
  const first = await exec(restrict(full, start));
  let final = first;
  let kept = start;
  let shrunk: Awaited<ReturnType<typeof shrink>> | undefined;
  if (first.verdict.outcome === 'violation' && !v['no-shrink']) {
    shrunk = await shrink(full, first, exec, intFlag('shrink-budget', v['shrink-budget'], 60, 0), start);
    final = shrunk.run;
    kept = shrunk.kept;
  }
  const flags = [
    `--bin ${quote(v.bin)}`,
    `--workload ${workload.name}`,
    `--nodes ${nodes}`,
    ...(clients !== 3 ? [`--clients ${clients}`] : []),
    `--seed ${seed}`,
    `--ops ${opsCount}`,
    ...(faultList.length > 0 ? [`--faults ${faultList.join(',')}`] : []),
    ...(v.variant !== undefined ? [`--variant ${variant.name}`] : []),
  ];
  const whole = kept.ops.length === full.ops.length && kept.faults.length === full.faults.length;
  const replay = ['grove-check run', ...flags, ...(whole ? [] : [`--only-ops ${quote(kept.ops.join(','))}`]), ...(whole || full.faults.length === 0 ? [] : [`--only-faults ${quote(kept.faults.join(','))}`]), '--no-shrink'].join(' ');
  const plan = restrict(full, kept);
  const header = `grove-check run: workload ${workload.name}, ${nodes} node${nodes === 1 ? '' : 's'}, ${clients} clients, ${plan.ops.length} ops, faults ${faultList.join(',') || 'none'}, seed ${seed}`;
  const lines: string[] = [header, `nodes: ${args.map(quote).join(' ')}`];
  const vd = final.verdict;
  if (first.badNode !== undefined) lines.push(`bad node: ${first.badNode.message} (at step ${first.badNode.t}; the history so far is kept)`);
  else if (vd.outcome === 'pass') lines.push(`pass: ${vd.summary}`);
  else if (vd.outcome === 'inconclusive') lines.push(`inconclusive: ${vd.reason}`);
  else {
    lines.push(`violation ${vd.property}: ${vd.message}`);
    if (vd.witness !== undefined) lines.push(...vd.witness);
    if (shrunk !== undefined) {
      lines.push(`shrunk in ${shrunk.replays} replays${shrunk.exhausted ? ' (budget reached: smaller, not necessarily minimal)' : ''}: ${kept.ops.length} of ${full.ops.length} ops, ${kept.faults.length} of ${full.faults.length} faults`);
      if (shrunk.divergence >= 0 || shrunk.historyDivergence >= 0) {
        const from = shrunk.divergence >= 0 ? `trace event ${shrunk.divergence}` : `history event ${shrunk.historyDivergence}`;
        lines.push(`divergence: replaying the shrunk plan gave a different run from ${from} on (a node's own timers or threads depend on the wall clock); the history below is the one that failed`);
      }
    }
    lines.push('minimal history:', ...final.history.map((e) => `  ${describeEvent(e)}`));
    lines.push('fault schedule:', ...(plan.faults.length === 0 ? ['  (none)'] : plan.faults.map((f) => `  ${describeFault(f)}`)));
  }
  const nd = final.nondeterminism;
  lines.push(`nondeterminism: ${nd.deadlines} quiescence deadline${nd.deadlines === 1 ? '' : 's'} hit, ${nd.spontaneous} line${nd.spontaneous === 1 ? '' : 's'} written between deliveries; ${final.steps} steps`);
  lines.push(`replay: ${replay}`);
  if (report !== undefined) {
    mkdirSync(report, { recursive: true });
    for (const e of historyExporters()) writeFileSync(join(report, `history.${e.ext}`), e.format(final.history));
    writeFileSync(join(report, 'plan.json'), JSON.stringify({ ...plan, kept, replay }, null, 2) + '\n');
    writeFileSync(join(report, 'trace.jsonl'), final.trace.map((e) => JSON.stringify(e)).join('\n') + '\n');
    for (const [name, text] of Object.entries(workload.reportFiles?.({ history: final.history, services: final.services }) ?? {})) writeFileSync(join(report, name), text);
    const d = lamportData(final.trace);
    writeFileSync(join(report, 'lamport.svg'), lamportSvg(d));
    writeFileSync(join(report, 'report.html'), reportHtml(header, lines.slice(1), final.history, d));
    lines.push(`report: ${join(report, 'report.html')} (node logs under ${base})`);
  } else lines.push(`node logs: ${base}`);
  const code = first.badNode !== undefined ? 2 : vd.outcome === 'pass' ? 0 : vd.outcome === 'violation' ? 1 : 3;
  if (v.json) {
    printJson({
      seed,
      workload: workload.name,
      nodes,
      outcome: first.badNode !== undefined ? 'bad-node' : vd.outcome,
      verdict: vd,
      ...(first.badNode !== undefined ? { badNode: first.badNode } : {}),
      history: final.history,
      faults: plan.faults,
      kept,
      ...(shrunk !== undefined ? { shrink: { replays: shrunk.replays, exhausted: shrunk.exhausted, divergence: shrunk.divergence, historyDivergence: shrunk.historyDivergence } } : {}),
      nondeterminism: nd,
      replay,
    });
  } else {
    const out = lines.join('\n') + '\n';
    if (code === 2) process.stderr.write(`grove-check: node ${first.badNode!.node}: ${first.badNode!.message}\n`);
    process.stdout.write(out);
  }
  return code;
}
