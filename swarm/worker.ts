/**
 * A swarm worker: takes jobs from the BullMQ queue on Redis and runs them on its job thread.
 *
 * Any number of workers, on any hosts, may join or leave at any time: BullMQ hands each waiting job
 * to one worker and holds it with a lock that the worker renews (its event loop stays free, since the
 * search runs on the job thread). A worker killed in the middle of a job (SIGKILL, a lost machine)
 * stops renewing; once the lock has expired (`lockDuration`), another worker's stalled-job check
 * (every `stalledInterval`) moves the job back to waiting and some worker runs it again. Jobs are
 * deterministic, so the second run gives the result the first would have.
 *
 * Cancellation: the coordinator sets `cancelKey(run)` once it has its counterexample; a worker checks
 * it before starting a job of that run and every 250 ms while one runs, and then terminates the job
 * thread and returns a `cancelled` result. Ctrl+C (SIGINT/SIGTERM, in `scripts/commands/worker.ts`)
 * closes the worker: the running job is given back to the queue (failed with attempts left, so BullMQ
 * puts it back at once) and the connections are closed.
 */
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { UsageError } from '../model/core/model.ts';
import { describeJob, type JobSpec } from './plan.ts';
import type { JobResult } from './run-job.ts';
import { JobCancelled, JobError, JobThread } from './thread.ts';

/** How long `close` waits for BullMQ to close its connections before dropping them. */
const CLOSE_DEADLINE_MS = 5_000;

/** The queue every swarm uses unless told otherwise. */
export const DEFAULT_QUEUE = 'grove-swarm';

/** What a queued job carries: the run it belongs to and its spec. */
export interface JobData {
  readonly run: string;
  readonly spec: JobSpec;
}

/** A job's result as stored in Redis: the adapter's result and the worker that produced it. */
export type WorkerResult = JobResult & { readonly worker: string };

/** The Redis key that cancels the remaining jobs of a run. */
export function cancelKey(queue: string, run: string): string {
  return `grove-swarm:${queue}:cancel:${run}`;
}

/**
 * Fails fast (a UsageError naming the URL) when no Redis answers at `url` within a few seconds; the
 * connections BullMQ uses wait for Redis forever, which suits a restart but not a wrong URL.
 */
export async function ensureReachable(url: string): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 5_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    throw new UsageError(`cannot reach Redis at ${url}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    probe.disconnect();
  }
}

/** A Redis connection as BullMQ wants it (commands wait for a reconnection instead of failing). */
export function connect(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

export type WorkerEvent =
  | { readonly kind: 'ready'; readonly worker: string }
  | { readonly kind: 'started'; readonly worker: string; readonly jobId: string; readonly job: string }
  | { readonly kind: 'done'; readonly worker: string; readonly jobId: string; readonly outcome: JobResult['outcome']; readonly seconds: number }
  | { readonly kind: 'failed'; readonly worker: string; readonly jobId: string; readonly message: string }
  | { readonly kind: 'error'; readonly worker: string; readonly message: string }
  | { readonly kind: 'closed'; readonly worker: string };

export interface WorkerOptions {
  readonly redis: string;
  readonly queue?: string;
  /** Milliseconds a job's lock lasts without renewal (BullMQ's default 30,000). */
  readonly lockDuration?: number;
  /** Milliseconds between this worker's checks for stalled jobs (BullMQ's default 30,000). */
  readonly stalledInterval?: number;
  /** How many times a job may stall and be retried before it fails (default 3). */
  readonly maxStalledCount?: number;
  readonly onEvent?: (e: WorkerEvent) => void;
}

export interface SwarmWorker {
  readonly name: string;
  /** Stops taking jobs, gives the running one back to the queue and closes the connections. */
  close(): Promise<void>;
}

/** Starts a worker; resolves once it is connected and its job thread is loaded. */
export async function startWorker(o: WorkerOptions): Promise<SwarmWorker> {
  const name = `${hostname()}:${process.pid}`;
  const queue = o.queue ?? DEFAULT_QUEUE;
  const emit = (e: WorkerEvent): void => o.onEvent?.(e);
  await ensureReachable(o.redis);
  const thread = new JobThread();
  await thread.start();
  const redis = connect(o.redis);
  redis.on('error', () => {}); // reconnection is automatic; a worker outlives a Redis restart
  let closing = false;

  const processor = async (job: Job<JobData, WorkerResult>): Promise<WorkerResult> => {
    const { run, spec } = job.data;
    const key = cancelKey(queue, run);
    const cancelled = (): WorkerResult => ({ index: spec.index, outcome: 'cancelled', states: 0, transitions: 0, runs: 0, depth: 0, seconds: 0, worker: name });
    if ((await redis.exists(key)) === 1) return cancelled();
    emit({ kind: 'started', worker: name, jobId: job.id ?? '', job: describeJob(spec) });
    let stop = false;
    const poll = setInterval(() => {
      redis.exists(key).then(
        (n) => {
          if (n === 1 && !stop) {
            stop = true;
            void thread.cancel();
          }
        },
        () => {},
      );
    }, 250);
    let last = 0;
    try {
      const r = await thread.run(spec, (p) => {
        const now = performance.now();
        if (now - last < 500) return;
        last = now;
        job.updateProgress({ states: p.states, runs: p.runs }).catch(() => {});
      });
      emit({ kind: 'done', worker: name, jobId: job.id ?? '', outcome: r.outcome, seconds: r.seconds });
      return { ...r, worker: name };
    } catch (e) {
      if (e instanceof JobCancelled) {
        if (closing) throw new Error(`worker ${name} closed while running this job`);
        emit({ kind: 'done', worker: name, jobId: job.id ?? '', outcome: 'cancelled', seconds: 0 });
        return cancelled();
      }
      const message = e instanceof Error ? e.message : String(e);
      emit({ kind: 'failed', worker: name, jobId: job.id ?? '', message });
      if (e instanceof JobError && e.usage) throw new UnrecoverableError(message);
      throw e;
    } finally {
      clearInterval(poll);
    }
  };

  const connection = connect(o.redis);
  connection.on('error', () => {});
  const worker = new Worker<JobData, WorkerResult>(queue, processor, {
    connection,
    concurrency: 1,
    lockDuration: o.lockDuration ?? 30_000,
    stalledInterval: o.stalledInterval ?? 30_000,
    maxStalledCount: o.maxStalledCount ?? 3,
    autorun: false,
  });
  worker.on('error', (e) => emit({ kind: 'error', worker: name, message: e.message }));
  void worker.run();
  await worker.waitUntilReady();
  emit({ kind: 'ready', worker: name });
  return {
    name,
    async close() {
      if (closing) return;
      closing = true;
      await thread.cancel();
      // BullMQ's close waits for Redis; with Redis gone for good, give up after a few seconds.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([worker.close(), new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_DEADLINE_MS)))]);
      clearTimeout(timer);
      await thread.close();
      connection.disconnect();
      redis.disconnect();
    },
  };
}
