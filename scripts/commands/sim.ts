/**
 * `grove-check sim FILE`: runs a simulation spec (sim/) and prints the verdict; a violation prints its
 * minimal rows, the seed and the flags that replay it. Exit codes: 0 pass, 1 violation, 2 bad input
 * (including code that escaped the simulation), 3 inconclusive.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, intFlag, parseFlags, printJson } from './_common.ts';
import { parseFaults, printFaults, type FaultBudget } from '../../sim/faults.ts';
import { SimulationEscape } from '../../sim/guard.ts';
import { loadSpec, SpecFileError } from '../../sim/load.ts';
import { diagram, diagramHtml } from '../../sim/report.ts';
import { simulate, SimSpecError, type SimOutcome } from '../../sim/simulate.ts';
import { SIM_STRATEGIES, type SimStrategy } from '../../sim/strategies.ts';
import { printTrace } from '../../sim/trace.ts';
import { exitCode } from '../../checker/outcome.ts';
import { printRow } from '../../scenarios/notation/print.ts';

const USAGE = `usage: grove-check sim FILE [--export NAME] [--seed S] [--runs N] [--strategy random|pct|preemption]
                        [--faults KIND=N,...] [--replay TOKEN] [--max-steps N] [--timeout SEC] [--json] [--report DIR]

Runs the real client and server code of FILE (a .ts module exporting a simulation spec, see sim/spec.ts)
in a deterministic simulated world: virtual clock, per-link message queues, durable storage, faults.

  --export NAME      the export holding the spec (default: default)
  --seed S           first seed; run i uses S+i (default 1)
  --runs N           seeds to try (default 100)
  --strategy S       random (default), pct, preemption
  --faults LIST      fault budget, e.g. lost-reply=1,applied-error=1 (default: the file's 'faults' export)
                     kinds: lost-request, lost-reply, applied-error, timeout-late, crash-after-send,
                     crash-before-flush, partition, reorder, duplicate
  --replay TOKEN     re-run the one case a violation printed (with its --seed)
  --max-steps N      steps per run before the run is inconclusive (default 3000)
  --timeout SEC      wall-clock budget for the whole search (default 60)
  --json             print one JSON object
  --report DIR       write DIR/sim-report.html: the run as a sequence diagram, faults in red

exit codes: 0 pass, 1 violation, 2 bad input or escaped simulation, 3 inconclusive`;

export default async function sim(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      export: { type: 'string' },
      seed: { type: 'string' },
      runs: { type: 'string' },
      strategy: { type: 'string' },
      faults: { type: 'string' },
      replay: { type: 'string' },
      'max-steps': { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
      report: { type: 'string' },
      help: { type: 'boolean' },
    },
    USAGE,
  );
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new InputError(`expected one FILE\n\n${USAGE}`);
  const file = positionals[0];
  const strategy = (values.strategy ?? (values.replay !== undefined ? 'replay' : 'random')) as SimStrategy;
  if (!SIM_STRATEGIES.includes(strategy)) throw new InputError(`--strategy must be one of ${SIM_STRATEGIES.join(', ')}, got '${values.strategy}'`);
  let budget: FaultBudget | undefined;
  if (values.faults !== undefined) {
    try {
      budget = values.faults === 'none' ? {} : parseFaults(values.faults);
    } catch (e) {
      throw new InputError(`--faults: ${(e as Error).message}`);
    }
  }
  const seed = intFlag('seed', values.seed, 1);
  const runs = intFlag('runs', values.runs, 100, 1);
  const maxSteps = intFlag('max-steps', values['max-steps'], 3000, 1);
  const timeoutSeconds = intFlag('timeout', values.timeout, 60);
  let outcome: SimOutcome;
  let faults: FaultBudget;
  try {
    const loaded = await loadSpec(file, values.export);
    faults = budget ?? loaded.faults ?? {};
    outcome = await simulate(loaded.spec, { seed, runs, strategy, faults, replay: values.replay, maxSteps, timeoutSeconds });
  } catch (e) {
    if (e instanceof SpecFileError) throw new InputError(e.message);
    if (e instanceof SimulationEscape || e instanceof SimSpecError) throw new InputError(`${file}:1:1: ${e.message}`);
    if (e instanceof Error && /replay token/.test(e.message)) throw new InputError(e.message);
    throw e;
  }
  const replayCmd =
    outcome.outcome === 'violation'
      ? `grove-check sim ${file}${values.export !== undefined ? ` --export ${values.export}` : ''} ${outcome.replayFlags}`
      : undefined;
  if (values.report !== undefined && outcome.outcome !== 'pass' && outcome.trace !== undefined) {
    await mkdir(values.report, { recursive: true });
    const lanes = ['server', ...Array.from({ length: outcome.bounds.actors ?? 0 }, (_, i) => `c${i + 1}`), 'net'];
    const caption = outcome.outcome === 'violation' ? [`${outcome.property}: ${outcome.message}`, `seed ${outcome.seed}, faults ${printFaults(faults)}`, `replay: ${replayCmd}`] : [`inconclusive: ${outcome.note ?? outcome.budget}`];
    const d = diagram(`${outcome.model}: ${outcome.outcome}`, lanes, outcome.trace, outcome.outcome === 'violation' ? Number.MAX_SAFE_INTEGER : undefined);
    await writeFile(join(values.report, 'sim-report.html'), diagramHtml(d, caption));
    await writeFile(join(values.report, 'sim-report.json'), JSON.stringify(d, null, 2) + '\n');
  }
  if (values.json) {
    const { trace: _trace, ...rest } = outcome as SimOutcome & { trace?: unknown };
    printJson(outcome.outcome === 'violation' ? { ...rest, rows: outcome.rows.map(printRow), replay: replayCmd } : rest);
    return exitCode(outcome);
  }
  const head = `${outcome.model}: seed ${outcome.seed}, ${outcome.stats.runs ?? 0} run${outcome.stats.runs === 1 ? '' : 's'}, strategy ${outcome.strategy}, faults ${printFaults(faults)}`;
  const out: string[] = [head];
  if (outcome.outcome === 'pass') out.push(`pass: no property failed (${outcome.stats.states} steps)`);
  else if (outcome.outcome === 'inconclusive') out.push(`inconclusive (${outcome.budget}): ${outcome.note ?? ''}`);
  else {
    out.push(`violation of ${outcome.property}: ${outcome.message}`);
    out.push(`minimal trace (${outcome.rows.length} rows, shrunk in ${outcome.shrinkRuns} re-runs):`);
    out.push(printTrace(outcome.trace).split('\n').map((l) => '  ' + l).join('\n'));
    out.push(`replay: ${replayCmd}`);
    out.push(`        ${outcome.replayCall}`);
  }
  if (values.report !== undefined && outcome.outcome !== 'pass') out.push(`report: ${join(values.report, 'sim-report.html')}`);
  process.stdout.write(out.join('\n') + '\n');
  return exitCode(outcome);
}
