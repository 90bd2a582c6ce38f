/**
 * Benchmark of swarm verification on BullMQ and Redis (`grove-check swarm` with `grove-check worker`
 * processes), against a Redis started here on a free loopback port. Each figure is measured in this
 * run next to its anchor, the same jobs run one after another in this process (`--local`):
 *
 * - pct on `planted-narrow-cas` 3×8: the time to find G6 (d = 2, 3; the first counterexample stops
 *   the run), and a fixed amount of pct work (d = 1 jobs, which cannot reach this depth-2 bug, so
 *   every job runs to its end): 1 worker and 2 workers;
 * - lin: a folder of linearizable Jepsen histories (the ones in ../shared/data/jepsen, three copies
 *   each, so that every job runs): 1 worker and 2 workers;
 * - the overhead per job: 40 empty jobs (one pct schedule of a 1-actor, 1-op model) on 1 worker:
 *   wall time per job minus the jobs' own time.
 * Worker start-up is not counted (the workers are ready before a run starts). On a 2-core machine
 * the second worker can gain at most 2×, less whatever else runs.
 */
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planLin, planSearch, type JobSpec, type SearchPlanOptions } from '../../swarm/plan.ts';
import { runDistributed, runLocal, type SwarmRun } from '../../swarm/coordinator.ts';
import { verdictOf } from '../../swarm/verdict.ts';
import { startRedis } from '../../swarm/testing/redis.ts';
import { spawnWorker, type WorkerProc } from '../../swarm/testing/workers.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const say = (s = ''): void => void process.stdout.write(s + '\n');
const f = (x: number, d = 2): string => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

const deep = { model: 'grove', variant: 'planted-narrow-cas', actors: 3, ops: 8, extra: {} };
const plan = (o: Partial<SearchPlanOptions>): JobSpec[] =>
  planSearch({ model: deep, strategies: ['pct'], jobs: 8, seed: 1, runs: 500, preemptions: 1, pctDepths: [2, 3], bitstate: 20, ...o });

function timed<T>(fn: () => T): { value: T; seconds: number } {
  const t = performance.now();
  const value = fn();
  return { value, seconds: (performance.now() - t) / 1000 };
}

async function timedAsync<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - t) / 1000 };
}

function histories(): { file: string; text: string }[] {
  const dir = join(root, '..', 'shared', 'data', 'jepsen');
  const ok = ['etcd/etcd_002.log', 'kv/c01-ok.txt', 'kv/c10-ok.txt', 'kv/c50-ok.txt'];
  const out: { file: string; text: string }[] = [];
  for (let copy = 1; copy <= 3; copy++) for (const f of ok) out.push({ file: `${f}#${copy}`, text: readFileSync(join(dir, f), 'utf8') });
  return out;
}

export default async function bench(): Promise<void> {
  say(`swarm on BullMQ/Redis, ${availableParallelism()} cores; anchors are the same jobs run one after another in this process`);
  const redis = await startRedis();
  let workers: WorkerProc[] = [];
  const setWorkers = async (n: number): Promise<void> => {
    while (workers.length > n) await workers.pop()!.stop();
    while (workers.length < n) workers.push(await spawnWorker(redis.url, []));
  };
  const distributed = async (jobs: JobSpec[]): Promise<{ run: SwarmRun; seconds: number }> => {
    const r = await timedAsync(() => runDistributed({ redis: redis.url, jobs, sweepMs: 100 }));
    return { run: r.value, seconds: r.seconds };
  };
  const outcome = (jobs: JobSpec[], run: SwarmRun): string => {
    const v = verdictOf(1, jobs, run, () => '');
    return v.outcome === 'violation' ? `violation ${v.violation?.property} (job ${v.violation?.job})` : `${v.outcome}, ${v.jobs.done} jobs`;
  };
  try {
    const cases: [string, JobSpec[]][] = [
      ['pct planted-narrow-cas 3×8, d=2,3 (time to find G6)', plan({ pctDepths: [2, 3] })],
      ['pct planted-narrow-cas 3×8, d=1, 8 jobs × 500 runs (fixed work)', plan({ pctDepths: [1] })],
      ['lin: 12 linearizable Jepsen histories', planLin(histories(), undefined, 60)],
    ];
    say(`${'workload'.padEnd(66)} ${'local s'.padStart(8)} ${'1 worker s'.padStart(11)} ${'2 workers s'.padStart(12)} ${'2 vs 1'.padStart(7)}  verdict`);
    for (const [name, jobs] of cases) {
      const local = timed(() => runLocal(jobs));
      await setWorkers(1);
      const one = await distributed(jobs);
      await setWorkers(2);
      const two = await distributed(jobs);
      say(`${name.padEnd(66)} ${f(local.seconds).padStart(8)} ${f(one.seconds).padStart(11)} ${f(two.seconds).padStart(12)} ${`${f(one.seconds / two.seconds)}×`.padStart(7)}  local: ${outcome(jobs, local.value)}; 1: ${outcome(jobs, one.run)}; 2: ${outcome(jobs, two.run)}`);
    }
    // Overhead per job: empty jobs on one worker.
    const empty = planSearch({ model: { model: 'grove', variant: 'lsn-cas', actors: 1, ops: 1, extra: {} }, strategies: ['pct'], jobs: 40, seed: 1, runs: 1, preemptions: 1, pctDepths: [2], bitstate: 20 });
    await setWorkers(1);
    await distributed(empty.slice(0, 4)); // the worker's thread and modules warmed up
    const e = await distributed(empty);
    const own = e.run.settled.reduce((s, x) => s + (x.kind === 'result' ? x.result.seconds : 0), 0);
    const local = timed(() => runLocal(empty));
    say(`overhead per job (40 empty jobs, 1 worker): ${f(((e.seconds - own) / empty.length) * 1000, 1)} ms (wall ${f(e.seconds)} s, the jobs' own ${f(own, 3)} s); the same jobs in this process: ${f((local.seconds / empty.length) * 1000, 2)} ms each`);
  } finally {
    for (const w of workers) await w.stop();
    await redis.close();
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  bench().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
