/**
 * The coordinator: queues a swarm's jobs on Redis, collects their results and stops at the first
 * counterexample. `runLocal` runs the same jobs one after another in this process (the same search on
 * one machine, and the `--local` replay of one job).
 *
 * Results are read from Redis, not only heard: QueueEvents (a Redis stream, so events survive a
 * reconnection) wakes the coordinator up, and every wake-up and a periodic sweep ask Redis for the
 * state of each job not yet settled. A result is settled once BullMQ stored it as completed, which
 * with Redis' append-only file survives a Redis restart; the coordinator's connections reconnect by
 * themselves and the sweep picks up whatever finished meanwhile. A job that failed for good (an
 * error its retries did not cure) is reported as failed, which makes the verdict inconclusive.
 */
import { randomBytes } from 'node:crypto';
import { Job, Queue, QueueEvents } from 'bullmq';
import type { JobSpec } from './plan.ts';
import { runJob, type JobResult } from './run-job.ts';
import { cancelKey, connect, DEFAULT_QUEUE, ensureReachable, type JobData, type WorkerResult } from './worker.ts';

/** A job's end: its result (with the worker that ran it and how many times it was started) or its failure. */
export type Settled =
  | { readonly index: number; readonly kind: 'result'; readonly result: JobResult; readonly worker?: string; readonly attempts: number }
  | { readonly index: number; readonly kind: 'failed'; readonly message: string };

/** Running totals, for the progress display. */
export interface Tally {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  /** States (or steps) and schedules of finished jobs plus the latest progress of running ones. */
  readonly states: number;
  readonly runs: number;
  readonly seconds: number;
}

export type CoordinatorEvent =
  | { readonly kind: 'queued'; readonly run: string; readonly jobs: number }
  | { readonly kind: 'settled'; readonly settled: Settled; readonly tally: Tally }
  | { readonly kind: 'progress'; readonly tally: Tally };

/** Everything a run collected; `stopped` says why it ended before every job settled. */
export interface SwarmRun {
  readonly run: string;
  readonly settled: readonly Settled[];
  readonly stopped?: 'violation' | 'interrupted';
  readonly seconds: number;
}

export interface DistributedOptions {
  readonly redis: string;
  readonly queue?: string;
  readonly jobs: readonly JobSpec[];
  readonly onEvent?: (e: CoordinatorEvent) => void;
  /** Aborting it (Ctrl+C) cancels the remaining jobs and ends the run as interrupted. */
  readonly signal?: AbortSignal;
  /** Milliseconds between sweeps of the unsettled jobs (default 500). */
  readonly sweepMs?: number;
  /** Attempts per job before it counts as failed (default 3; a stalled job is retried on top). */
  readonly attempts?: number;
  /** Leave the settled jobs (and their results) in Redis instead of removing them at the end. */
  readonly keep?: boolean;
}

/** Keeps the settled jobs and the live progress; computes the tally. */
class Book {
  readonly settled = new Map<number, Settled>();
  readonly live = new Map<number, { states: number; runs: number }>();
  readonly started = performance.now();
  constructor(readonly total: number) {}

  tally(): Tally {
    let states = 0;
    let runs = 0;
    let failed = 0;
    for (const s of this.settled.values()) {
      if (s.kind === 'failed') failed++;
      else {
        states += s.result.states;
        runs += s.result.runs;
      }
    }
    for (const [i, p] of this.live) {
      if (this.settled.has(i)) continue;
      states += p.states;
      runs += p.runs;
    }
    return { total: this.total, done: this.settled.size, failed, states, runs, seconds: (performance.now() - this.started) / 1000 };
  }

  violation(): boolean {
    for (const s of this.settled.values()) if (s.kind === 'result' && s.result.outcome === 'violation') return true;
    return false;
  }
}

/** Runs `jobs` here, in order, stopping at the first violation. */
export function runLocal(jobs: readonly JobSpec[], onEvent?: (e: CoordinatorEvent) => void): SwarmRun {
  const book = new Book(jobs.length);
  for (const spec of jobs) {
    let settled: Settled;
    try {
      settled = { index: spec.index, kind: 'result', result: runJob(spec), attempts: 1 };
    } catch (e) {
      settled = { index: spec.index, kind: 'failed', message: e instanceof Error ? e.message : String(e) };
    }
    book.settled.set(spec.index, settled);
    onEvent?.({ kind: 'settled', settled, tally: book.tally() });
    if (settled.kind === 'result' && settled.result.outcome === 'violation') return { run: 'local', settled: [...book.settled.values()], stopped: 'violation', seconds: book.tally().seconds };
  }
  return { run: 'local', settled: [...book.settled.values()], seconds: book.tally().seconds };
}

/** Queues `jobs` on Redis for the workers and collects their results. */
export async function runDistributed(o: DistributedOptions): Promise<SwarmRun> {
  const queueName = o.queue ?? DEFAULT_QUEUE;
  await ensureReachable(o.redis);
  const run = randomBytes(6).toString('hex');
  const book = new Book(o.jobs.length);
  const byId = new Map(o.jobs.map((j) => [`${run}-${j.index}`, j.index]));
  const qConn = connect(o.redis);
  const eConn = connect(o.redis);
  for (const c of [qConn, eConn]) c.on('error', () => {});
  const queue = new Queue<JobData, WorkerResult>(queueName, { connection: qConn });
  const events = new QueueEvents(queueName, { connection: eConn });
  queue.on('error', () => {});
  events.on('error', () => {});
  let wake: (() => void) | undefined;
  const poke = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const dirty = new Set<string>();
  events.on('completed', ({ jobId }) => {
    if (byId.has(jobId)) {
      dirty.add(jobId);
      poke();
    }
  });
  events.on('failed', ({ jobId }) => {
    if (byId.has(jobId)) {
      dirty.add(jobId);
      poke();
    }
  });
  events.on('progress', ({ jobId, data }) => {
    const i = byId.get(jobId);
    if (i === undefined || typeof data !== 'object' || data === null) return;
    const p = data as { states?: number; runs?: number };
    book.live.set(i, { states: p.states ?? 0, runs: p.runs ?? 0 });
    o.onEvent?.({ kind: 'progress', tally: book.tally() });
  });
  const onAbort = (): void => poke();
  o.signal?.addEventListener('abort', onAbort);

  const unreadable = new Map<number, number>();
  /** Reads one job's state from Redis and records it once it has ended. */
  const settle = async (id: string): Promise<void> => {
    const index = byId.get(id)!;
    if (book.settled.has(index)) return;
    const job = await Job.fromId<JobData, WorkerResult>(queue, id);
    let s: Settled | undefined;
    if (job === undefined) s = { index, kind: 'failed', message: 'the job disappeared from the queue' };
    else {
      const state = await job.getState();
      if (state === 'completed' && job.returnvalue != null) {
        const { worker, ...result } = job.returnvalue;
        s = { index, kind: 'result', result, worker, attempts: Math.max(1, job.attemptsStarted) };
      } else if (state === 'completed') {
        // Completed without a readable result: read again on the next sweeps, then give up on it.
        const misses = (unreadable.get(index) ?? 0) + 1;
        unreadable.set(index, misses);
        if (misses >= 3) s = { index, kind: 'failed', message: 'the job completed but its result cannot be read' };
      } else if (state === 'failed') s = { index, kind: 'failed', message: job.failedReason || 'failed' };
    }
    if (s === undefined) return;
    book.settled.set(index, s);
    book.live.delete(index);
    o.onEvent?.({ kind: 'settled', settled: s, tally: book.tally() });
  };

  let stopped: SwarmRun['stopped'];
  try {
    await events.waitUntilReady();
    await queue.addBulk(
      o.jobs.map((spec) => ({
        name: spec.kind,
        data: { run, spec },
        opts: { jobId: `${run}-${spec.index}`, attempts: o.attempts ?? 3, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } },
      })),
    );
    o.onEvent?.({ kind: 'queued', run, jobs: o.jobs.length });
    let lastSweep = 0;
    const sweepMs = o.sweepMs ?? 500;
    while (book.settled.size < o.jobs.length) {
      if (o.signal?.aborted) {
        stopped = 'interrupted';
        break;
      }
      const ids = performance.now() - lastSweep >= sweepMs ? [...byId.keys()] : [...dirty];
      if (ids.length === byId.size) lastSweep = performance.now();
      dirty.clear();
      await Promise.all(ids.map((id) => settle(id)));
      if (book.violation()) {
        stopped = 'violation';
        break;
      }
      if (book.settled.size >= o.jobs.length) break;
      if (dirty.size === 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(poke, sweepMs);
        });
      }
    }
    if (stopped !== undefined) await cancelRest(queue, qConn, queueName, run, [...byId].filter(([, i]) => !book.settled.has(i)).map(([id]) => id));
    return { run, settled: [...book.settled.values()].sort((a, b) => a.index - b.index), ...(stopped ? { stopped } : {}), seconds: book.tally().seconds };
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    if (o.keep !== true) await removeSettled(queue, [...byId].filter(([, i]) => book.settled.has(i)).map(([id]) => id));
    await events.close().catch(() => {});
    await queue.close().catch(() => {});
    qConn.disconnect();
    eConn.disconnect();
  }
}

/** Tells the workers to drop this run's jobs and removes the ones still waiting. */
async function cancelRest(queue: Queue<JobData, WorkerResult>, redis: ReturnType<typeof connect>, queueName: string, run: string, ids: readonly string[]): Promise<void> {
  await redis.set(cancelKey(queueName, run), '1', 'EX', 24 * 3600);
  // A job a worker holds is locked and stays; the worker sees the cancel key within 250 ms.
  await Promise.all(ids.map((id) => queue.remove(id).catch(() => 0)));
}

/** Removes the settled jobs of a run (their results are in hand). */
async function removeSettled(queue: Queue<JobData, WorkerResult>, ids: readonly string[]): Promise<void> {
  await Promise.all(ids.map((id) => queue.remove(id).catch(() => 0)));
}
