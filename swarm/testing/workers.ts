/**
 * `grove-check worker` processes for tests and benchmarks, with their JSON events (ready, started,
 * done, closed) collected and awaitable: a test waits for an event, never for a guessed time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerEvent } from '../worker.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface WorkerProc {
  readonly child: ChildProcess;
  readonly events: WorkerEvent[];
  /** Resolves with the first event from number `since` on (default: the next one to come) that `pred` accepts. */
  next(pred: (e: WorkerEvent) => boolean, since?: number): Promise<WorkerEvent>;
  readonly exited: Promise<number | null>;
  /** SIGTERM (a clean close) and wait for the exit. */
  stop(): Promise<void>;
}

/** Starts `grove-check worker --redis URL --json` (short lock and stalled check unless `args` say otherwise); resolves once it is ready. */
export function spawnWorker(url: string, args: readonly string[] = ['--lock-duration', '1500', '--stalled-interval', '500']): Promise<WorkerProc> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts/cli.ts'), 'worker', '--redis', url, '--json', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: WorkerEvent[] = [];
  const waiters: { pred: (e: WorkerEvent) => boolean; resolve: (e: WorkerEvent) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let e: WorkerEvent;
    try {
      e = JSON.parse(line) as WorkerEvent;
    } catch {
      return;
    }
    events.push(e);
    for (const w of [...waiters]) {
      if (w.pred(e)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
    }
  });
  child.stderr!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const proc: WorkerProc = {
    child,
    events,
    exited,
    next: (pred, since = events.length) => {
      const seen = events.slice(since).find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ pred, resolve }));
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  const ready = proc.next((e) => e.kind === 'ready', 0).then(() => proc);
  return Promise.race([ready, exited.then((code) => Promise.reject(new Error(`grove-check worker exited with ${code} before it was ready`)))]);
}
