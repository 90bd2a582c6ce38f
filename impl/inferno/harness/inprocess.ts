/**
 * The in-process harnesses: N async clients on one real store in one process, concurrently
 * (`Promise.all` over their loops), either under the seeded turn scheduler (the seed fixes the
 * interleaving of file calls) or free-running with seeded delays (real concurrent I/O); optionally
 * with a crash hook that kills the "process" before a named call.
 *
 * A run: create the scripts' first versions (an instance without hooks), open the clients' instance
 * (with the gate and the crash hook), run the clients, and then, crash or not, read every stored
 * object's history once more (after a crash through a *new* instance over the same directory: the
 * restart) and judge the history and the store at rest (`verdict.ts`).
 *
 * A crash (`crash: { label, nth }`) fires before the nth call with that label, counted over all
 * clients: the call throws `CrashError`, and so does every later call of every client, so nothing
 * more reaches the disk; calls in flight stay pending. `append-head` #1 is "between the rename and
 * the append" of the first store that gets that far. The dead instance is then closed (what the OS
 * would release: its database handle, its lock owner token) and the store reopened.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectStore } from '../inspect.ts';
import { Io, type CrashPlan } from '../io.ts';
import { openStore } from '../stores.ts';
import { CrashError, type Hash, type StoreName } from '../types.ts';
import { delayGate } from './delays.ts';
import { prng } from '../../testkit/prng.ts';
import { Recorder, type RecordedOp } from './record.ts';
import { TurnScheduler } from './scheduler.ts';
import { HarnessError } from '../../testkit/errors.ts';
import { judge, type Verdict } from './verdict.ts';
import { Known, MemoryBoard, createRoots, finalSweep, runClient } from './workload.ts';

/** Options of {@link runInProcess}. */
export interface InProcessOptions {
  readonly store: StoreName;
  readonly clients: number;
  /** Calls per client. */
  readonly ops: number;
  readonly seed: number;
  /** Scripts the clients share (default 1: the most contention). */
  readonly scripts?: number;
  /** `seeded` (default) or `free` (see the module comment). */
  readonly schedule?: 'seeded' | 'free';
  /** Kill the process before this call (crash mode). */
  readonly crash?: CrashPlan;
  /** Budget of the linearizability search (ms). */
  readonly timeoutMs?: number;
  /** Keep the store directory (its path is returned) instead of deleting it. */
  readonly keep?: boolean;
  /** Share of stores among calls (default 0.6). */
  readonly pStore?: number;
}

/** A run's verdict, and where the store was (deleted unless `keep`). */
export interface RunResult {
  readonly verdict: Verdict;
  readonly dir: string;
  /** The recorded history. */
  readonly ops: readonly RecordedOp[];
}

/** Runs N async clients on one store in this process (see the module comment). */
export async function runInProcess(o: InProcessOptions): Promise<RunResult> {
  const started = performance.now();
  const scripts = o.scripts ?? 1;
  const schedule = o.schedule ?? 'seeded';
  const dir = await mkdtemp(join(tmpdir(), `inferno-${o.store}-`));
  let clock = 0;
  const rec = new Recorder(() => clock++);
  const setup = await openStore(o.store, dir, new Io());
  const roots = await createRoots(setup, rec, scripts);
  await setup.close();

  const scheduler = schedule === 'seeded' ? new TurnScheduler(prng(`${o.seed}/schedule`)) : null;
  const io =
    scheduler !== null ? new Io({ gate: scheduler.gate, scheduled: true, crash: o.crash }) : new Io({ gate: delayGate(String(o.seed)), crash: o.crash });
  const store = await openStore(o.store, dir, io);
  const board = new MemoryBoard(roots);
  const known = new Known(roots);
  const runs: Promise<void>[] = [];
  for (let c = 1; c <= o.clients; c++) {
    const body = () => runClient(store, rec, board, known, prng(`${o.seed}/client/${c}`), { client: c, ops: o.ops, scripts, pStore: o.pStore });
    runs.push(scheduler !== null ? scheduler.run(c, body) : body());
  }
  scheduler?.start();
  const settled = await Promise.allSettled(runs);
  for (const s of settled) {
    if (s.status === 'rejected' && !(s.reason instanceof CrashError)) {
      await store.close();
      throw s.reason instanceof HarnessError ? s.reason : new HarnessError(`a client failed outside the store's answers: ${String(s.reason)}`);
    }
  }
  if (scheduler?.error) {
    await store.close();
    throw scheduler.error;
  }

  let reader = store;
  if (io.crashed) {
    await store.close();
    reader = await openStore(o.store, dir, new Io());
  }
  const objects: Hash[] = [...roots];
  for (const op of rec.ops) {
    if (op.input.f !== 'store' || op.input.pred === null) continue;
    const refused = op.output?.f === 'store' && !op.output.ok;
    if (!refused) objects.push(op.input.hash);
  }
  await finalSweep(reader, rec, o.clients + 1, objects);
  const atRest = await inspectStore(o.store, dir, reader);
  await reader.close();
  if (!o.keep) await rm(dir, { recursive: true, force: true });

  const fired = io.crashed;
  const verdict = judge(
    {
      store: o.store,
      mode: o.crash !== undefined ? 'crash' : 'async',
      schedule,
      seed: o.seed,
      clients: o.clients,
      ops: o.ops,
      scripts,
      ...(o.crash !== undefined ? { crash: { label: o.crash.label, nth: o.crash.nth, fired, inProcess: true } } : {}),
    },
    rec.ops,
    atRest,
    { crashed: fired, trace: scheduler?.trace, seconds: (performance.now() - started) / 1000, timeoutMs: o.timeoutMs, dir },
  );
  return { verdict, dir, ops: rec.ops };
}
