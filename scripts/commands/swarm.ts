/**
 * `grove-check swarm`: swarm verification. Splits a check into many small, diversified jobs (seed
 * ranges of random, pct and preemption searches, bitstate searches with different hash functions, or
 * one lin check per history file), queues them on Redis for `grove-check worker`s on any number of
 * hosts, shows the aggregated progress, and reports the first counterexample (replayed and shrunk
 * here) or what the jobs covered. `--local` runs the same jobs in this process, one after another.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, intFlag, parseFlags, printJson } from './_common.ts';
import { describeJob, planLin, planSearch, type JobSpec, type ModelSpec, type SearchStrategy } from '../../swarm/plan.ts';
import { bitstateSupported, buildModel } from '../../swarm/run-job.ts';
import { runDistributed, runLocal, type CoordinatorEvent, type SwarmRun, type Tally } from '../../swarm/coordinator.ts';
import { describeVerdict, verdictExitCode, verdictOf } from '../../swarm/verdict.ts';
import { DEFAULT_QUEUE } from '../../swarm/worker.ts';
import { familyByName } from '../../model/registry.ts';
import { isVariantPath } from '../../model/core/model.ts';
import { MODEL_OPTIONS, readOptions, readSetting } from '../../model/core/options.ts';

export const USAGE = `usage: grove-check swarm [model options] [swarm options] [--redis URL | --local]
       grove-check swarm --lin FILE|DIR... [--redis URL | --local]

Swarm verification: many small, diversified searches whose union covers more than one long one.
The jobs are queued on Redis (BullMQ) and run by 'grove-check worker --redis URL' on any hosts;
the first counterexample cancels the rest and is replayed and shrunk here. A pass means "no
violation within this coverage", and the coverage is printed.

model options (as grove-check check):
  --model NAME --variant V --actors N --ops N --program OPS --max-lost-replies N --max-crashes N
  --max-faults N --collide --strict --only IDS --set KEY=VALUE

swarm options:
  --strategies LIST   among random, pct, preemption, bitstate (default: all four, bitstate only
                      where the fast engine compiles the model); --strategy S is one of them
  --jobs N            search jobs (default 16); job i takes strategy i mod k
  --seed S            swarm seed (default 1): the same seed and options give the same jobs
  --runs N            random, pct: schedules per job (default 200)
  --pct-depth LIST    pct: bug depths to cycle through (default 2,3,1,4)
  --preemptions K     preemption: bounds 1 … K spread over the jobs (default 2)
  --bitstate BITS     bitstate: 2^BITS-bit table per job (default 22)
  --max-states N      per job: stop after N states (that job's budget; it counts as covered)
  --max-depth N       per job: do not extend schedules past N steps
  --timeout SEC       per job: stop after SEC seconds
  --lin               the positional FILEs and DIRs are histories: one lin job per file
  --format F          lin: jepsen-kv, jepsen-etcd or grove (default: detected per file)
  --redis URL         Redis to queue on (default redis://127.0.0.1:6379)
  --queue NAME        queue name (default ${DEFAULT_QUEUE})
  --local             run the jobs here, one after another, without Redis
  --job N             only job N (with --local: the replay of one job)
  --list              print the jobs and exit
  --json              print one JSON object at the end
  --quiet             no progress

exit codes: 0 pass, 1 violation, 2 bad input, 3 inconclusive (a job failed, or interrupted)`;

const FLAGS = {
  model: { type: 'string' },
  // The model options' flags, from their schema (as `check`).
  ...(Object.fromEntries(MODEL_OPTIONS.map((o) => [o.flag, { type: o.type === 'boolean' ? 'boolean' : 'string' }])) as Record<'variant' | 'actors' | 'ops' | 'program' | 'max-lost-replies' | 'max-crashes' | 'max-faults', { type: 'string' }> & { collide: { type: 'boolean' } }),
  strict: { type: 'boolean' },
  only: { type: 'string' },
  set: { type: 'string', multiple: true },
  strategy: { type: 'string' },
  strategies: { type: 'string' },
  jobs: { type: 'string' },
  seed: { type: 'string' },
  runs: { type: 'string' },
  'pct-depth': { type: 'string' },
  preemptions: { type: 'string' },
  bitstate: { type: 'string' },
  'max-states': { type: 'string' },
  'max-depth': { type: 'string' },
  timeout: { type: 'string' },
  lin: { type: 'boolean' },
  format: { type: 'string' },
  redis: { type: 'string' },
  queue: { type: 'string' },
  local: { type: 'boolean' },
  job: { type: 'string' },
  list: { type: 'boolean' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const STRATEGIES: readonly SearchStrategy[] = ['random', 'pct', 'preemption', 'bitstate'];
const LIN_FORMATS = ['jepsen-kv', 'jepsen-etcd', 'grove'];

type Values = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

function modelSpec(v: Values): ModelSpec {
  if (v.variant !== undefined && isVariantPath(v.variant)) throw new InputError('swarm takes variants by name (a worker on another host has no such file)');
  const family = familyByName(v.model ?? 'grove');
  // The model options as `check` reads them: from their schema, then `--set` pairs by the family's own.
  const { top, extra } = readOptions(
    (o) => (o.name === 'variant' ? undefined : (v[o.flag as keyof Values] as string | boolean | undefined)),
    (o) => `--${o.flag}`,
    MODEL_OPTIONS.map((o) => (o.name === 'actors' ? { ...o, min: 1 } : o)),
  );
  for (const p of v.set ?? []) {
    const [key, value] = readSetting(p, '--set', family.options);
    extra[key] = value;
  }
  const spec: ModelSpec = {
    model: family.name,
    ...(v.variant !== undefined ? { variant: v.variant } : {}),
    ...(top.actors !== undefined ? { actors: top.actors as number } : {}),
    ...(top.ops !== undefined ? { ops: top.ops as number } : {}),
    extra,
  };
  buildModel(spec); // a bad model, variant or option is bad input here, not a failed job on a worker
  return spec;
}

function strategiesOf(v: Values, spec: ModelSpec): SearchStrategy[] {
  const given = v.strategies ?? v.strategy;
  if (given === undefined) return STRATEGIES.filter((s) => s !== 'bitstate' || bitstateSupported(spec));
  const list = given.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of list) if (!(STRATEGIES as readonly string[]).includes(s)) throw new InputError(`--strategies takes ${STRATEGIES.join(', ')}; got '${s}'`);
  if (list.includes('bitstate') && !bitstateSupported(spec)) throw new InputError(`bitstate jobs need the fast engine, which does not compile model ${spec.model}${spec.variant ? ` variant ${spec.variant}` : ''}`);
  return list as SearchStrategy[];
}

/** History files under the given paths, sorted (README and licence files skipped). */
function historyFiles(paths: readonly string[]): { file: string; text: string }[] {
  const files: string[] = [];
  const walk = (p: string): void => {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new InputError(`cannot read ${p}`);
    }
    if (st.isDirectory()) for (const e of readdirSync(p).sort()) walk(join(p, e));
    else if (!/\.md$/i.test(p)) files.push(p);
  };
  for (const p of paths) walk(p);
  if (files.length === 0) throw new InputError('--lin found no history files');
  return files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
}

/** The jobs `v` asks for: a pure function of the options, the swarm seed and the files' text. */
export function jobsOf(v: Values, positionals: readonly string[]): JobSpec[] {
  const timeout = v.timeout === undefined ? undefined : intFlag('timeout', v.timeout, 0, 1);
  if (v.lin) {
    if (positionals.length === 0) throw new InputError('--lin needs history FILEs or DIRs');
    if (v.format !== undefined && !LIN_FORMATS.includes(v.format)) throw new InputError(`--format must be one of ${LIN_FORMATS.join(', ')}, got '${v.format}'`);
    return planLin(historyFiles(positionals), v.format, timeout ?? 60);
  }
  if (positionals.length > 0) throw new InputError(`unexpected argument '${positionals[0]}' (history files need --lin)`);
  const spec = modelSpec(v);
  const depths = (v['pct-depth'] ?? '2,3,1,4').split(',').map((d) => intFlag('pct-depth', d, 2, 1));
  return planSearch({
    model: spec,
    strategies: strategiesOf(v, spec),
    jobs: intFlag('jobs', v.jobs, 16, 1),
    seed: intFlag('seed', v.seed, 1),
    runs: intFlag('runs', v.runs, 200, 1),
    preemptions: intFlag('preemptions', v.preemptions, 2, 1),
    pctDepths: depths,
    bitstate: intFlag('bitstate', v.bitstate, 22, 10),
    ...(v['max-states'] !== undefined ? { maxStates: intFlag('max-states', v['max-states'], 0, 1) } : {}),
    ...(v['max-depth'] !== undefined ? { maxDepth: intFlag('max-depth', v['max-depth'], 0, 1) } : {}),
    ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}),
    ...(v.strict ? { strict: true } : {}),
    ...(v.only !== undefined ? { only: v.only.split(',').map((x) => x.trim()).filter(Boolean) } : {}),
  });
}

/** The command that runs one job alone, here: the same arguments without the run's own, plus `--local --job N`. */
function replayCommandFor(argv: readonly string[]): (job: JobSpec) => string {
  const drop = new Set(['--redis', '--queue', '--job']);
  const dropFlag = new Set(['--json', '--quiet', '--local', '--list']);
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.split('=')[0];
    if (drop.has(name)) {
      if (!a.includes('=')) i++;
      continue;
    }
    if (dropFlag.has(a)) continue;
    kept.push(/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  }
  return (job) => ['grove-check swarm', ...kept, '--local', `--job ${job.index}`].join(' ');
}

/** A progress display on stderr: a bar on a terminal, a plain line per settled job otherwise. */
function progressDisplay(jobs: readonly JobSpec[]): { onEvent: (e: CoordinatorEvent) => void; done: () => void } {
  const tty = process.stderr.isTTY === true;
  const byIndex = new Map(jobs.map((j) => [j.index, j]));
  let shown = false;
  const rate = (t: Tally): string => `${Math.round(t.states / Math.max(t.seconds, 1e-3)).toLocaleString('en-US')} states/s`;
  const bar = (t: Tally): void => {
    const width = 24;
    const filled = Math.round((width * t.done) / Math.max(1, t.total));
    process.stderr.write(`\r  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${t.done}/${t.total} jobs  ${t.states.toLocaleString('en-US')} states  ${t.runs.toLocaleString('en-US')} schedules  ${rate(t)}  ${t.failed > 0 ? `${t.failed} failed  ` : ''}${t.seconds.toFixed(1)} s \x1b[K`);
    shown = true;
  };
  return {
    onEvent(e) {
      if (e.kind === 'queued') {
        if (!tty) process.stderr.write(`swarm: ${e.jobs} jobs queued (run ${e.run})\n`);
        return;
      }
      if (tty) return bar(e.tally);
      if (e.kind !== 'settled') return;
      const s = e.settled;
      const what = s.kind === 'failed' ? `failed: ${s.message}` : `${s.result.outcome}${s.result.property ? ` ${s.result.property}` : ''}, ${s.result.states.toLocaleString('en-US')} states${s.worker ? ` on ${s.worker}` : ''}`;
      process.stderr.write(`  job ${s.index} (${describeJob(byIndex.get(s.index)!)}): ${what}  [${e.tally.done}/${e.tally.total}, ${rate(e.tally)}]\n`);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

export default async function swarm(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseFlags(argv, FLAGS, USAGE);
  if (v.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  let jobs = jobsOf(v, positionals);
  const seed = intFlag('seed', v.seed, 1);
  if (v.job !== undefined) {
    const k = intFlag('job', v.job, 0);
    if (k >= jobs.length) throw new InputError(`--job ${k}: the swarm has jobs 0 … ${jobs.length - 1}`);
    jobs = [jobs[k]];
  }
  if (v.list) {
    if (v.json) printJson(jobs.map((j) => (j.kind === 'lin' ? { ...j, text: undefined } : j)));
    else for (const j of jobs) process.stdout.write(`${j.index}\t${describeJob(j)}\n`);
    return 0;
  }
  const json = v.json === true;
  const display = !json && !v.quiet ? progressDisplay(jobs) : undefined;
  if (!json) process.stdout.write(`grove-check swarm: ${jobs.length} job${jobs.length === 1 ? '' : 's'}, seed ${seed}${v.local ? ', local' : `, redis ${v.redis ?? 'redis://127.0.0.1:6379'}`}\n`);
  let result: SwarmRun;
  if (v.local) result = runLocal(jobs, display?.onEvent);
  else {
    const abort = new AbortController();
    // The first Ctrl+C cancels the run cleanly (the workers drop its jobs); a second one leaves at once.
    const onSignal = (): void => (abort.signal.aborted ? process.exit(130) : abort.abort());
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      result = await runDistributed({ redis: v.redis ?? 'redis://127.0.0.1:6379', queue: v.queue, jobs, onEvent: display?.onEvent, signal: abort.signal });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
  display?.done();
  const verdict = verdictOf(seed, jobs, result, replayCommandFor(argv));
  if (json) printJson(verdict);
  else process.stdout.write(describeVerdict(verdict));
  return verdictExitCode(verdict);
}
