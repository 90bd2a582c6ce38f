/**
 * A swarm's verdict, from the jobs it planned and what they returned. Three outcomes, as for a check:
 *
 * - `violation`: a job found a counterexample; it is replayed and shrunk here (search jobs) or checked
 *   again (lin jobs) before it is reported, so a verdict never rests on a worker's word alone.
 * - `pass`: every job ended without a violation. This is "no violation within this coverage", no
 *   more: the verdict lists the jobs, states and schedules, strategies and bounds that were covered,
 *   and the jobs whose own budget cut them short.
 * - `inconclusive`: some job failed (an error that its retries did not cure) or the run was
 *   interrupted; what did run is still listed.
 */
import { describeJob, type JobSpec } from './plan.ts';
import { checkHistory, replayViolation, type JobResult, type Replayed } from './run-job.ts';
import type { SwarmRun } from './coordinator.ts';

/** What one strategy's jobs covered. */
export interface StrategyCoverage {
  jobs: number;
  states: number;
  runs: number;
  /** Seeds, bounds, depths and hash seeds used (as `describeJob` prints them). */
  settings: string[];
}

export interface SwarmVerdict {
  outcome: 'pass' | 'violation' | 'inconclusive';
  seed: number;
  jobs: { total: number; done: number; failed: number; cancelled: number; notRun: number; budgetCut: number; retried: number };
  coverage: { states: number; transitions: number; runs: number; byStrategy: Record<string, StrategyCoverage>; histories?: { files: number; operations: number } };
  workers: string[];
  seconds: number;
  violation?: {
    job: number;
    found: string;
    property: string;
    message: string;
    /** Search jobs: the shrunk schedule as rows; lin jobs: the file. */
    rows: string[];
    path?: number[];
    foundSteps?: number;
    replay: string;
  };
  failures: { job: number; description: string; message: string }[];
  /** Why the run stopped early, when it did. */
  stopped?: 'violation' | 'interrupted';
}

function strategyOf(j: JobSpec): string {
  return j.kind === 'lin' ? 'lin' : j.strategy;
}

/** Builds the verdict; `replayCommand(job)` is the command that runs that job alone on one machine. */
export function verdictOf(seed: number, jobs: readonly JobSpec[], run: SwarmRun, replayCommand: (job: JobSpec) => string): SwarmVerdict {
  const byStrategy: Record<string, StrategyCoverage> = {};
  let states = 0;
  let transitions = 0;
  let runs = 0;
  let cancelled = 0;
  let budgetCut = 0;
  let retried = 0;
  const workers = new Set<string>();
  const failures: SwarmVerdict['failures'] = [];
  let first: { job: JobSpec; result: JobResult } | undefined;
  let histories: { files: number; operations: number } | undefined;
  const byIndex = new Map(jobs.map((j) => [j.index, j]));
  for (const s of run.settled) {
    const job = byIndex.get(s.index)!;
    if (s.kind === 'failed') {
      failures.push({ job: s.index, description: describeJob(job), message: s.message });
      continue;
    }
    const r = s.result;
    if (s.worker !== undefined) workers.add(s.worker);
    if (s.attempts > 1) retried++;
    if (r.outcome === 'cancelled') {
      cancelled++;
      continue;
    }
    if (r.outcome === 'inconclusive') budgetCut++;
    if (r.outcome === 'violation' && (first === undefined || job.index < first.job.index)) first = { job, result: r };
    states += r.states;
    transitions += r.transitions;
    runs += r.runs;
    const c = (byStrategy[strategyOf(job)] ??= { jobs: 0, states: 0, runs: 0, settings: [] });
    c.jobs++;
    c.states += r.states;
    c.runs += r.runs;
    c.settings.push(describeJob(job).replace(/^\S+ ?/, '') + (r.outcome === 'inconclusive' ? ` (${r.budget} ran out)` : ''));
    if (r.lin !== undefined) {
      histories ??= { files: 0, operations: 0 };
      histories.files++;
      histories.operations += r.lin.operations;
    }
  }
  const settledCount = run.settled.length;
  const verdict: SwarmVerdict = {
    outcome: first !== undefined ? 'violation' : failures.length > 0 || run.stopped === 'interrupted' || settledCount < jobs.length ? 'inconclusive' : 'pass',
    seed,
    jobs: { total: jobs.length, done: settledCount - failures.length - cancelled, failed: failures.length, cancelled, notRun: jobs.length - settledCount, budgetCut, retried },
    coverage: { states, transitions, runs, byStrategy, ...(histories ? { histories } : {}) },
    workers: [...workers].sort(),
    seconds: Math.round(run.seconds * 1000) / 1000,
    failures,
    ...(run.stopped ? { stopped: run.stopped } : {}),
  };
  if (first !== undefined) verdict.violation = confirm(first.job, first.result, replayCommand(first.job));
  return verdict;
}

/** Replays (and shrinks) the first counterexample here. */
function confirm(job: JobSpec, r: JobResult, replay: string): NonNullable<SwarmVerdict['violation']> {
  if (job.kind === 'lin') {
    const again = checkHistory(job.text, job.file, job.format, job.timeoutSeconds).result;
    if (again.outcome !== 'not-linearizable') throw new Error(`job ${job.index}: ${job.file} was reported not linearizable but checks ${again.outcome} here`);
    return { job: job.index, found: describeJob(job), property: 'linearizability', message: r.message ?? `${job.file}: not linearizable`, rows: [job.file], replay: `grove-check lin ${job.file}` };
  }
  const x: Replayed = replayViolation(job, r.path ?? [], r.property ?? '');
  return { job: job.index, found: describeJob(job), property: x.property, message: x.message, rows: x.rows, path: x.path, foundSteps: x.foundSteps, replay };
}

const n = (x: number): string => x.toLocaleString('en-US');
const plural = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`;

/** The verdict in words: outcome, what was covered, the counterexample with its replay command. */
export function describeVerdict(v: SwarmVerdict): string {
  const out: string[] = [];
  const j = v.jobs;
  const cover = `${n(j.done)} of ${n(j.total)} jobs, ${n(v.coverage.states)} states/steps, ${n(v.coverage.runs)} schedules${v.coverage.histories ? `, ${n(v.coverage.histories.files)} histories (${n(v.coverage.histories.operations)} operations)` : ''} in ${v.seconds.toFixed(1)} s on ${plural(v.workers.length || 1, 'worker')}`;
  if (v.outcome === 'violation' && v.violation) {
    const x = v.violation;
    out.push(`VIOLATION ${x.property}: ${x.message}`);
    out.push(`found by job ${x.job} (${x.found})${x.foundSteps !== undefined ? `, ${x.foundSteps} steps, shrunk here to ${x.rows.length}` : ''}; remaining jobs cancelled`);
    for (const r of x.rows) out.push(`  ${r}`);
    out.push(`replay: ${x.replay}`);
  } else if (v.outcome === 'pass') {
    out.push(`PASS: no violation within this coverage: ${cover}`);
  } else {
    out.push(`INCONCLUSIVE: ${v.stopped === 'interrupted' ? 'interrupted' : `${j.failed} job${j.failed === 1 ? '' : 's'} failed`}; covered ${cover}`);
  }
  if (v.outcome !== 'pass') out.push(`covered: ${cover}`);
  for (const [name, c] of Object.entries(v.coverage.byStrategy)) {
    const settings = c.settings.length > 4 ? [...c.settings.slice(0, 4), `… ${c.settings.length - 4} more`] : c.settings;
    out.push(`  ${name.padEnd(10)} ${String(c.jobs).padStart(4)} jobs ${n(c.states).padStart(12)} states/steps ${n(c.runs).padStart(9)} schedules  ${settings.join('; ')}`);
  }
  if (j.budgetCut > 0) out.push(`  ${j.budgetCut} job${j.budgetCut === 1 ? '' : 's'} stopped at their own budget (counted with what they covered)`);
  if (j.retried > 0) out.push(`  ${j.retried} job${j.retried === 1 ? '' : 's'} ran again after a worker was lost`);
  for (const f of v.failures) out.push(`  job ${f.job} (${f.description}) failed: ${f.message}`);
  return out.join('\n') + '\n';
}

/** Exit code of a verdict: 0 pass, 1 violation, 3 inconclusive. */
export function verdictExitCode(v: SwarmVerdict): number {
  return v.outcome === 'pass' ? 0 : v.outcome === 'violation' ? 1 : 3;
}
