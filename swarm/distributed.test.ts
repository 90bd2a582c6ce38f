/**
 * The swarm on Redis with real worker processes (`grove-check worker`), against a Redis this file
 * starts on a free loopback port. Every wait is for an event (a worker's JSON line, a settled job, a
 * server's "ready" line), never for a guessed time. Workers get a short lock (1.5 s) and stalled
 * check (0.5 s) so that a killed worker's job is taken back quickly.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Job, Queue } from 'bullmq';
import { startRedis, type TestRedis } from './testing/redis.ts';
import { spawnWorker, type WorkerProc } from './testing/workers.ts';
import { planLin, planSearch, type JobSpec, type SearchPlanOptions } from './plan.ts';
import { runDistributed, runLocal, type CoordinatorEvent, type Settled } from './coordinator.ts';
import { verdictOf, type SwarmVerdict } from './verdict.ts';
import { buildModel } from './run-job.ts';
import { execute } from '../checker/random.ts';
import { connect, DEFAULT_QUEUE, type WorkerEvent, type WorkerResult } from './worker.ts';
import { readdirSync, readFileSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

let redis: TestRedis;
let workers: WorkerProc[] = [];

beforeAll(async () => {
  redis = await startRedis();
  workers = await Promise.all([spawnWorker(redis.url), spawnWorker(redis.url)]);
});

afterAll(async () => {
  for (const w of workers) await w.stop();
  await redis?.close();
});

const lsnCas = { model: 'grove', variant: 'lsn-cas', extra: {} };
const plan = (o: Partial<SearchPlanOptions>): JobSpec[] =>
  planSearch({ model: lsnCas, strategies: ['bitstate', 'pct', 'preemption', 'random'], jobs: 8, seed: 1, runs: 100, preemptions: 2, pctDepths: [2, 3], bitstate: 20, ...o });

/** What must agree between two runs of the same jobs: the verdict and, for a pass, the coverage. */
function gist(v: SwarmVerdict): unknown {
  return v.outcome === 'violation' ? { outcome: v.outcome, property: v.violation?.property } : { outcome: v.outcome, coverage: v.coverage, jobs: { ...v.jobs, retried: 0 } };
}

describe('swarm on Redis with two worker processes', () => {
  it('swarm seed 1: lsn-cas passes with one worker SIGKILLed while it holds a bitstate job; the job runs again on the other; same verdict and coverage as one machine', async () => {
    const jobs = plan({});
    const running = runDistributed({ redis: redis.url, jobs, sweepMs: 250 });
    // The event: some worker has started a bitstate job (the longest kind here). Kill that worker.
    const started = await Promise.race(workers.map((w) => w.next((e) => e.kind === 'started' && e.job.startsWith('bitstate')).then((e) => ({ w, e }))));
    started.w.child.kill('SIGKILL');
    await started.w.exited;
    workers = [...workers.filter((w) => w !== started.w), await spawnWorker(redis.url)]; // a worker joins in place of the lost one
    const run = await running;
    const v = verdictOf(1, jobs, run, () => '');
    const index = Number((started.e as Extract<WorkerEvent, { kind: 'started' }>).jobId.split('-')[1]);
    const killed = run.settled.find((s) => s.index === index) as Extract<Settled, { kind: 'result' }>;
    const finishedBeforeKill = started.w.events.some((e) => e.kind === 'done' && e.jobId === (started.e as { jobId: string }).jobId);
    expect(finishedBeforeKill).toBe(false);
    expect(killed.kind).toBe('result');
    expect(killed.attempts).toBeGreaterThanOrEqual(2);
    expect(killed.worker).not.toBe(started.e.worker);
    expect(v.jobs.retried).toBeGreaterThanOrEqual(1);
    expect(v.outcome).toBe('pass');
    expect(gist(v)).toEqual(gist(verdictOf(1, jobs, runLocal(jobs), () => '')));
  });

  it('swarm seed 1: planted-narrow-cas 3×8 is a G6 violation with a worker SIGKILLed mid-run, replayed and shrunk here, the other jobs cancelled; one machine says the same', async () => {
    const deep = { model: 'grove', variant: 'planted-narrow-cas', actors: 3, ops: 8, extra: {} };
    // Random jobs (which miss this bug) first, then pct ones: a worker is killed while it holds a random job.
    const jobs = plan({ model: deep, strategies: ['random', 'pct'], jobs: 6, runs: 300 });
    const running = runDistributed({ redis: redis.url, jobs, sweepMs: 250 });
    const started = await Promise.race(workers.map((w) => w.next((e) => e.kind === 'started' && e.job.startsWith('random')).then((e) => ({ w, e }))));
    started.w.child.kill('SIGKILL');
    await started.w.exited;
    workers = [...workers.filter((w) => w !== started.w), await spawnWorker(redis.url)];
    const run = await running;
    expect(run.stopped).toBe('violation');
    const v = verdictOf(1, jobs, run, (j) => `replay ${j.index}`);
    expect(v.outcome).toBe('violation');
    expect(v.violation?.property).toBe('G6');
    expect(v.violation?.found).toMatch(/^pct /);
    expect(execute(buildModel(deep), v.violation!.path!, 1000, false).violation?.property).toBe('G6');
    expect(v.jobs.done).toBeLessThan(jobs.length);
    expect(gist(v)).toEqual(gist(verdictOf(1, jobs, runLocal(jobs), () => '')));
  });

  it('Ctrl+C on a worker holding a job: it closes cleanly (exit 0) and the job it held runs again on another', async () => {
    const deep = { model: 'grove', variant: 'planted-narrow-cas', actors: 3, ops: 8, extra: {} };
    // Random schedules do not find this bug: each job is a few hundred milliseconds or more of search.
    const jobs = plan({ model: deep, strategies: ['random'], jobs: 3, runs: 400 });
    const running = runDistributed({ redis: redis.url, jobs, sweepMs: 250 });
    const started = await Promise.race(workers.map((w) => w.next((e) => e.kind === 'started').then((e) => ({ w, e }))));
    try {
      started.w.child.kill('SIGINT');
      expect(await started.w.exited).toBe(0);
      expect(started.w.events.at(-1)?.kind).toBe('closed');
      const jobId = (started.e as Extract<WorkerEvent, { kind: 'started' }>).jobId;
      expect(started.w.events.filter((e) => e.kind === 'done' && e.jobId === jobId), JSON.stringify(started.w.events)).toEqual([]);
      const run = await running;
      const again = run.settled.find((s) => s.index === Number(jobId.split('-')[1])) as Extract<Settled, { kind: 'result' }>;
      expect(again.attempts).toBeGreaterThanOrEqual(2);
      expect(again.worker).not.toBe(started.e.worker);
      expect(verdictOf(1, jobs, run, () => '').outcome).toBe('pass');
    } finally {
      workers = [...workers.filter((w) => w !== started.w), await spawnWorker(redis.url)];
    }
  });

  it('Ctrl+C on the coordinator (grove-check swarm): inconclusive, exit 3, and the workers drop the jobs they hold', async () => {
    const cli = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts/cli.ts'), 'swarm', '--variant', 'planted-narrow-cas', '--actors', '3', '--ops', '8', '--strategies', 'random', '--jobs', '4', '--runs', '20000', '--redis', redis.url, '--json'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    cli.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    const before = workers.map((w) => w.events.length);
    // The events: the jobs are queued, and both workers hold one.
    await Promise.all(workers.map((w, i) => w.next((e) => e.kind === 'started', before[i])));
    cli.kill('SIGINT');
    onTestFinished(() => {
      if (cli.exitCode === null) cli.kill('SIGKILL');
    });
    expect(await exited).toBe(3);
    const v = JSON.parse(out) as SwarmVerdict;
    expect(v.outcome).toBe('inconclusive');
    expect(v.stopped).toBe('interrupted');
    await Promise.all(workers.map((w, i) => w.next((e) => e.kind === 'done' && e.outcome === 'cancelled', before[i])));
  });

  it('swarm seed 1: a Redis restart in the middle of a run loses no finished result', async () => {
    const jobs = plan({ jobs: 8 });
    let onEvent: (e: CoordinatorEvent) => void = () => {};
    const first = new Promise<Extract<Settled, { kind: 'result' }>>((resolve) => {
      onEvent = (e) => {
        if (e.kind === 'settled' && e.settled.kind === 'result') resolve(e.settled);
      };
    });
    const running = runDistributed({ redis: redis.url, jobs, sweepMs: 250, keep: true, onEvent: (e) => onEvent(e) });
    const settled = await first;
    onEvent = () => {};
    await redis.stop();
    await redis.start();
    // The finished job's result is still in Redis after the restart (append-only file).
    const conn = connect(redis.url);
    const queue = new Queue(DEFAULT_QUEUE, { connection: conn });
    const jobId = (await queue.getJobs(['completed'])).map((j) => j.id!).find((id) => id.endsWith(`-${settled.index}`))!;
    const stored = await Job.fromId<unknown, WorkerResult>(queue, jobId);
    expect(stored?.returnvalue.states).toBe(settled.result.states);
    const run = await running;
    const v = verdictOf(1, jobs, run, () => '');
    expect(v.failures).toEqual([]);
    expect(v.outcome).toBe('pass');
    expect(gist(v)).toEqual(gist(verdictOf(1, jobs, runLocal(jobs), () => '')));
    await queue.obliterate({ force: true });
    await queue.close();
    conn.disconnect();
  });

  it('the Jepsen histories: the lin swarm gives the verdict one machine gives (etcd_070 is not linearizable)', async () => {
    const dir = join(root, '../shared/data/jepsen/etcd');
    const files = readdirSync(dir).sort().map((f) => ({ file: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }));
    const jobs = planLin(files, undefined, 60);
    const v = verdictOf(1, jobs, await runDistributed({ redis: redis.url, jobs, sweepMs: 250 }), () => '');
    expect(v.outcome).toBe('violation');
    expect(v.violation?.rows).toEqual([join(dir, 'etcd_070.log')]);
    expect(gist(v)).toEqual(gist(verdictOf(1, jobs, runLocal(jobs), () => '')));
  });
});
