/**
 * A job thread: a worker thread that runs job specs (`job-thread.ts`), so that a long, synchronous
 * search never blocks the worker's event loop. BullMQ renews a job's lock from that loop; a search
 * on the main thread would let the lock expire and the job be taken for stalled and run twice. It
 * also makes a job cancellable at any moment: the thread is terminated and a fresh one started.
 *
 * The thread is started from an eval'd bootstrap, as the fast engine's worker threads are: compiled
 * JavaScript from dist/ as is, TypeScript through tsx's ESM API (`runtime/module.ts`).
 */
import { Worker } from 'node:worker_threads';
import { moduleUrl, workerSource } from '../runtime/module.ts';
import type { JobSpec } from './plan.ts';
import type { JobProgress, JobResult } from './run-job.ts';

export interface ThreadRequest {
  readonly id: number;
  readonly spec: JobSpec;
}

export type ThreadReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'progress'; readonly id: number; readonly progress: JobProgress }
  | { readonly kind: 'result'; readonly id: number; readonly result: JobResult }
  | { readonly kind: 'error'; readonly id: number; readonly message: string; readonly usage: boolean };

/** A job that could not run: `usage` when its spec is bad input (retrying cannot help). */
export class JobError extends Error {
  constructor(
    message: string,
    readonly usage: boolean,
  ) {
    super(message);
  }
}

/** Raised when a running job is cancelled (`JobThread.cancel`). */
export class JobCancelled extends Error {}

/** The thread's source: it imports `job-thread.ts` (compiled, or through tsx; see runtime/module.ts) and rethrows a load failure. */
function bootstrap(): string {
  return workerSource(moduleUrl('./job-thread.ts', import.meta.url), '(e) => { throw e; }');
}

/** One job thread, started lazily; runs one job at a time. */
export class JobThread {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private nextId = 1;
  private running: { id: number; reject: (e: Error) => void } | undefined;

  /** Starts the thread now (so that its start-up is not counted in the first job). */
  start(): Promise<void> {
    if (this.ready !== undefined) return this.ready;
    const w = new Worker(bootstrap(), { eval: true });
    this.worker = w;
    this.ready = new Promise<void>((resolve, reject) => {
      let loaded = false;
      const onMessage = (m: ThreadReply): void => {
        if (m.kind !== 'ready') return;
        w.off('message', onMessage);
        loaded = true;
        resolve();
      };
      w.on('message', onMessage);
      // A thread that was replaced (its job cancelled) has nothing left to settle: only the current one does.
      w.once('error', (e) => {
        if (!loaded) reject(e);
        if (this.worker === w) this.running?.reject(new JobError(`job thread failed: ${e.message}`, false));
      });
      w.once('exit', () => {
        if (!loaded) reject(new JobError('job thread exited while loading', false));
        if (this.worker !== w) return;
        this.worker = undefined;
        this.ready = undefined;
        this.running?.reject(new JobError('job thread exited', false));
      });
    });
    return this.ready;
  }

  /** Runs `spec`; `onProgress` hears the checker's progress. Rejects with JobError or JobCancelled. */
  async run(spec: JobSpec, onProgress?: (p: JobProgress) => void): Promise<JobResult> {
    if (this.running !== undefined) throw new Error('a job thread runs one job at a time');
    const id = this.nextId++;
    // A job is cancellable while its thread is still loading, too.
    let aborted: Error | undefined;
    this.running = { id, reject: (e) => (aborted = e) };
    try {
      await this.start();
    } catch (e) {
      if (this.running?.id === id) this.running = undefined;
      throw aborted ?? e;
    }
    if (aborted !== undefined) throw aborted;
    const w = this.worker!;
    return new Promise<JobResult>((resolve, reject) => {
      const done = (): void => {
        w.off('message', onMessage);
        this.running = undefined;
      };
      const onMessage = (m: ThreadReply): void => {
        if (m.kind === 'ready' || m.id !== id) return;
        if (m.kind === 'progress') onProgress?.(m.progress);
        else if (m.kind === 'result') {
          done();
          resolve(m.result);
        } else {
          done();
          reject(new JobError(m.message, m.usage));
        }
      };
      this.running = {
        id,
        reject: (e) => {
          done();
          reject(e);
        },
      };
      w.on('message', onMessage);
      w.postMessage({ id, spec } satisfies ThreadRequest);
    });
  }

  /** Cancels the running job (if any): the thread is terminated; the next job starts a new one. */
  async cancel(): Promise<void> {
    const w = this.worker;
    const r = this.running;
    if (r === undefined) return;
    this.running = undefined;
    this.worker = undefined;
    this.ready = undefined;
    r.reject(new JobCancelled('job cancelled'));
    if (w !== undefined) await w.terminate();
  }

  /** Stops the thread. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (this.running !== undefined) {
      const r = this.running;
      this.running = undefined;
      r.reject(new JobCancelled('job thread closed'));
    }
    if (w !== undefined) await w.terminate();
  }
}
