/**
 * One worker process of the separate-process harness (`processes.ts`): opens the store named in its
 * argument on the shared directory, says `ready` on stdout, waits for `go` on stdin, runs its
 * client's workload with seeded delays, appending each call and each return to its history file
 * (one JSON line each, written and fsynced before the call goes on, so a SIGKILL loses nothing the
 * client saw), and exits 0. With a crash plan it SIGKILLs itself before the planned call.
 *
 * Run as `node --import tsx impl/inferno/harness/worker.ts '<json WorkerArgs>'`.
 */
import { HistoryWriter } from '../../testkit/history.ts';
import { createInterface } from 'node:readline';
import { Io, type CrashPlan } from '../io.ts';
import { openStore } from '../stores.ts';
import type { Hash, StoreName } from '../types.ts';
import { delayGate, type DelayOptions } from './delays.ts';
import { prng } from '../../testkit/prng.ts';
import { Recorder, type HistoryLine } from './record.ts';
import { FileBoard, Known, runClient } from './workload.ts';

/** What the parent tells a worker. */
export interface WorkerArgs {
  readonly store: StoreName;
  readonly dir: string;
  readonly board: string;
  readonly history: string;
  readonly client: number;
  readonly ops: number;
  readonly seed: number;
  readonly roots: readonly Hash[];
  /** The parent's `process.hrtime.bigint()` at the start, as a decimal string: times are ns since then. */
  readonly base: string;
  readonly crash?: CrashPlan;
  /** fsync each history line (default true). */
  readonly fsync?: boolean;
  /** The delay gate's knobs. */
  readonly delays?: DelayOptions;
  /** Workload knobs. */
  readonly pAnnounce?: number;
}

async function main(): Promise<void> {
  const a = JSON.parse(process.argv[2] ?? '') as WorkerArgs;
  const base = BigInt(a.base);
  const history = new HistoryWriter<HistoryLine>(a.history, a.fsync !== false);
  const rec = new Recorder(() => Number(process.hrtime.bigint() - base), (line) => history.write(line), a.client * 1_000_000);
  const io = new Io({ gate: delayGate(`${a.seed}/worker/${a.client}`, a.delays), crash: a.crash, onCrash: () => process.kill(process.pid, 'SIGKILL') });
  const store = await openStore(a.store, a.dir, io);
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  for await (const l of lines) if (l.trim() === 'go') break;
  lines.close();
  await runClient(store, rec, new FileBoard(a.board), new Known(a.roots), prng(`${a.seed}/client/${a.client}`), { client: a.client, ops: a.ops, scripts: a.roots.length, pAnnounce: a.pAnnounce });
  await store.close();
  history.close();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`worker: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
