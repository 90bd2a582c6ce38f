/**
 * The separate-process harness: K worker processes (`worker.ts`, run with `node --import tsx`) on
 * one store directory, each a client with its own store instance, sharing only the directory and a
 * board of tips (files in another directory). Nothing is scheduled: the interleaving is the
 * kernel's, widened by each worker's seeded delays, so a seed names an experiment, not a schedule.
 *
 * The parent creates the scripts' first versions, starts the workers, waits until all are `ready`
 * (Node and tsx take a few hundred ms to start) and then says `go` to all at once, so their
 * workloads overlap. Each worker appends its history to its own file (JSON lines, fsynced); the
 * parent merges them (times are ns of the system-wide monotonic clock since the parent's base),
 * reopens the store, reads every stored object's history once more, and judges (`verdict.ts`).
 *
 * With a crash plan, worker 1 SIGKILLs itself before the planned call; the others go on (their
 * process did not die): for option 0 and `cas-shared` they must break the dead worker's lock.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspectStore } from '../inspect.ts';
import { Io, type CrashPlan } from '../io.ts';
import { openStore } from '../stores.ts';
import type { Hash, StoreName } from '../types.ts';
import type { RunResult } from './inprocess.ts';
import { opsFromLines, Recorder, type HistoryLine } from './record.ts';
import { HarnessError } from '../../testkit/errors.ts';
import { spawnWorker } from '../../testkit/supervisor.ts';
import { moduleUrl } from '../../../runtime/module.ts';
import { judge } from './verdict.ts';
import type { WorkerArgs } from './worker.ts';
import type { DelayOptions } from './delays.ts';
import { FileBoard, createRoots, finalSweep } from './workload.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');

/** Options of {@link runProcesses}. */
export interface ProcessesOptions {
  readonly store: StoreName;
  /** Worker processes. */
  readonly workers: number;
  /** Calls per worker. */
  readonly ops: number;
  readonly seed: number;
  /** Scripts the workers share (default 1). */
  readonly scripts?: number;
  /** Worker 1 SIGKILLs itself before this call. */
  readonly crash?: CrashPlan;
  /** Budget of the linearizability search (ms). */
  readonly timeoutMs?: number;
  /**
   * Give up on the workers when none of them has made progress (started, or written a history line)
   * for this long (ms, default 60,000). A stall, not a total: a slow, loaded machine is never cut off.
   */
  readonly stallMs?: number;
  /** Keep the directories. */
  readonly keep?: boolean;
  /** fsync each history line (default true). */
  readonly fsync?: boolean;
  /** The workers' delay gates (default: yield 0.3, sleep 0.3 up to 4 ms: wider than in one process, where a call costs less). */
  readonly delays?: DelayOptions;
  /** Share of stores that announce themselves when called (default 0.5). */
  readonly pAnnounce?: number;
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

function startWorker(args: WorkerArgs): { child: ChildProcess; ready: Promise<void>; exit: Promise<Exit> } {
  const child = spawnWorker(moduleUrl('./worker.ts', import.meta.url), [JSON.stringify(args)], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let out = '';
  const ready = new Promise<void>((res, rej) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready\n')) res();
    });
    child.on('exit', () => rej(new HarnessError(`worker ${args.client} exited before it was ready: ${stderr.trim()}`)));
  });
  const exit = new Promise<Exit>((res) => child.on('exit', (code, signal) => res({ code, signal, stderr })));
  return { child, ready, exit };
}

/** Runs K worker processes on one store (see the module comment). */
export async function runProcesses(o: ProcessesOptions): Promise<RunResult> {
  const started = performance.now();
  const scripts = o.scripts ?? 1;
  const top = await mkdtemp(join(tmpdir(), `inferno-proc-${o.store}-`));
  const dir = join(top, 'store');
  const board = join(top, 'board');
  const hist = join(top, 'history');
  await Promise.all([mkdir(dir), mkdir(board), mkdir(hist)]);
  const base = process.hrtime.bigint();
  const rec = new Recorder(() => Number(process.hrtime.bigint() - base));
  const setup = await openStore(o.store, dir, new Io());
  const roots = await createRoots(setup, rec, scripts);
  await setup.close();
  await FileBoard.init(board, roots);

  const workers = Array.from({ length: o.workers }, (_, i) =>
    startWorker({
      store: o.store,
      dir,
      board,
      history: join(hist, `w${i + 1}.jsonl`),
      client: i + 1,
      ops: o.ops,
      seed: o.seed,
      roots,
      base: base.toString(),
      ...(o.crash !== undefined && i === 0 ? { crash: o.crash } : {}),
      fsync: o.fsync,
      delays: o.delays ?? { yieldP: 0.3, sleepP: 0.3, maxMs: 4 },
      pAnnounce: o.pAnnounce,
    }),
  );
  const killAll = () => workers.forEach((w) => w.child.exitCode === null && w.child.kill('SIGKILL'));
  const stallMs = o.stallMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  let watching = true;
  const deadline = new Promise<never>((_, rej) => {
    // Progress is what the workers write: their output (ready) and their history files.
    let seen = -1;
    let last = performance.now();
    const progress = async (): Promise<number> => {
      let n = 0;
      for (let i = 1; i <= o.workers; i++) n += (await stat(join(hist, `w${i}.jsonl`)).catch(() => null))?.size ?? 0;
      return n + workers.filter((w) => w.child.exitCode !== null).length;
    };
    const look = (): void => {
      void progress().then((n) => {
        if (!watching) return;
        if (n !== seen) [seen, last] = [n, performance.now()];
        if (performance.now() - last > stallMs) rej(new HarnessError(`workers made no progress for ${stallMs} ms`));
        else timer = setTimeout(look, Math.min(500, stallMs));
      });
    };
    look();
  });
  let exits: Exit[];
  try {
    await Promise.race([Promise.all(workers.map((w) => w.ready)), deadline]);
    for (const w of workers) w.child.stdin!.end('go\n');
    exits = await Promise.race([Promise.all(workers.map((w) => w.exit)), deadline]);
  } catch (e) {
    killAll();
    await Promise.allSettled(workers.map((w) => w.exit));
    if (!o.keep) await rm(top, { recursive: true, force: true });
    throw e;
  } finally {
    watching = false;
    clearTimeout(timer);
  }
  let killed = false;
  exits.forEach((x, i) => {
    if (x.code === 0) return;
    if (x.signal === 'SIGKILL' && i === 0 && o.crash !== undefined) killed = true;
    else throw new HarnessError(`worker ${i + 1} failed (code ${x.code}, signal ${x.signal}): ${x.stderr.trim()}`);
  });

  const lines: HistoryLine[] = [];
  for (let i = 1; i <= o.workers; i++) {
    const text = await readFile(join(hist, `w${i}.jsonl`), 'utf8').catch(() => '');
    for (const l of text.split('\n')) if (l.trim() !== '') lines.push(JSON.parse(l) as HistoryLine);
  }
  const ops = [...rec.ops, ...opsFromLines(lines)];
  const reader = await openStore(o.store, dir, new Io());
  const objects: Hash[] = [...roots];
  for (const op of ops) {
    if (op.input.f !== 'store' || op.input.pred === null) continue;
    if (!(op.output?.f === 'store' && !op.output.ok)) objects.push(op.input.hash);
  }
  const sweep = new Recorder(() => Number(process.hrtime.bigint() - base), undefined, 900_000_000);
  await finalSweep(reader, sweep, o.workers + 1, objects);
  const atRest = await inspectStore(o.store, dir, reader);
  await reader.close();
  if (!o.keep) await rm(top, { recursive: true, force: true });
  const all = [...ops, ...sweep.ops];
  const verdict = judge(
    {
      store: o.store,
      mode: 'processes',
      seed: o.seed,
      clients: o.workers,
      ops: o.ops,
      scripts,
      ...(o.crash !== undefined ? { crash: { label: o.crash.label, nth: o.crash.nth, fired: killed, inProcess: false } } : {}),
    },
    all,
    atRest,
    { crashed: killed, seconds: (performance.now() - started) / 1000, timeoutMs: o.timeoutMs, dir },
  );
  return { verdict, dir: top, ops: all };
}
