/**
 * One client process of a stress run: `node --import tsx worker.ts '<WorkerConfig as JSON>'`.
 *
 * It recovers the history files of the slot's earlier incarnations (recovery.ts), opens its own
 * connection to the shared store, wraps it in the recorder (recorder.ts) and runs the slot's remaining
 * client operations (push, force push, pull, chosen by its seeded PRNG) with the real client
 * (`impl/client`), one at a time. Messages to the parent over IPC: `ready` (store open), `invoke`
 * (after each invoke is durable: the parent's kill trigger) and nothing else; it waits for `go`
 * before its first operation so that all workers start together.
 *
 * Faults it takes part in: a lost reply (the recorder records `info` after the remote applied the
 * call, with the seeded probability `lostReplies`) and a self-inflicted SIGKILL inside a backend
 * write (`selfKill`: at the first crash point of the chosen kind after `afterInvokes` calls, e.g.
 * between the fs backend's temp-file write and its link or rename). The parent's own SIGKILLs arrive
 * from outside at any instruction.
 *
 * Exit codes: 0 done, 1 an unexpected error (printed to stderr; the run fails).
 */
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { GroveClient } from '../client/client.ts';
import { prng } from '../testkit/prng.ts';
import { variantByName } from '../../model/grove/variants/index.ts';
import { GroveHistoryWriter, LostReply, now, recordingRemote } from './recorder.ts';
import { recoverHistories } from './recovery.ts';
import { openStore, type StoreSpec, type StressPlant } from './stores.ts';

/** Crash points of the backends, by whether the write was already published when they are reached. */
export const CRASH_POINTS = {
  /** Before the write is visible: a temp file written but not linked/renamed; a transaction not committed. */
  'before-publish': ['entry:tmp-written', 'branch:tmp-written', 'ref:tmp-written', 'branch:log-inserted', 'branch:before-commit'],
  /** Right after the write became visible, before the directory fsync or the reply. */
  'after-publish': ['entry:linked', 'branch:renamed', 'ref:renamed'],
} as const;

/** A SIGKILL the worker sends itself inside a backend write. */
export interface SelfKill {
  /** Only after this many primitive calls of this incarnation. */
  readonly afterInvokes: number;
  readonly when: keyof typeof CRASH_POINTS;
}

/** Everything a worker process needs, as JSON on its command line. */
export interface WorkerConfig {
  /** The slot (0-based): a worker and its restarted incarnations. */
  readonly slot: number;
  /** This incarnation's client id (unique in the run; names its commits and logs). */
  readonly client: number;
  readonly seed: string;
  readonly store: StoreSpec;
  readonly variant: string;
  /** Client operations of the slot, over all its incarnations. */
  readonly ops: number;
  /** Directory of the history files. */
  readonly dir: string;
  /** History files of the slot's earlier incarnations, oldest first. */
  readonly previous: readonly string[];
  /** Probability that a call's reply is lost after the remote applied it. */
  readonly lostReplies: number;
  /** Operation mix weights (default push 6, force-push 2, pull 2). */
  readonly mix?: { readonly push: number; readonly force: number; readonly pull: number };
  /** Longest pause between two client operations, in ms (default 0: maximum contention). */
  readonly thinkMs?: number;
  readonly selfKill?: SelfKill;
  readonly plant?: StressPlant;
  /** Wait for the parent's `go` before the first operation (default true). */
  readonly barrier?: boolean;
}

/** The history file of an incarnation. */
export function historyPath(dir: string, slot: number, client: number): string {
  return join(dir, `w${slot}-c${client}.jsonl`);
}

/** Messages a worker sends its parent. */
export type WorkerMessage = { readonly t: 'ready' } | { readonly t: 'invoke'; readonly n: number; readonly started: number };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function main(cfg: WorkerConfig): Promise<void> {
  const recovered = recoverHistories(cfg.previous);
  const rng = prng(`${cfg.seed}/slot${cfg.slot}/client${cfg.client}`);
  const lossRng = prng(`${cfg.seed}/slot${cfg.slot}/client${cfg.client}/loss`);
  const variant = variantByName(cfg.variant);
  const writer = new GroveHistoryWriter(historyPath(cfg.dir, cfg.slot, cfg.client));
  let invokes = 0;
  let started = recovered.startedOps;
  const killPoints: readonly string[] = cfg.selfKill === undefined ? [] : CRASH_POINTS[cfg.selfKill.when];
  const base = await openStore(cfg.store, {
    plant: cfg.plant,
    hooks: {
      crash: (point) => {
        if (cfg.selfKill !== undefined && invokes >= cfg.selfKill.afterInvokes && killPoints.includes(point)) {
          writeSync(2, `self-kill at ${point}\n`);
          process.kill(process.pid, 'SIGKILL');
        }
      },
    },
  });
  const remote = recordingRemote(base, {
    client: cfg.client,
    writer,
    onInvoke: (input) => {
      invokes++;
      if (input.op === 'read') started++;
      process.send?.({ t: 'invoke', n: invokes, started } satisfies WorkerMessage);
    },
    loseReply: () => cfg.lostReplies > 0 && lossRng.chance(cfg.lostReplies),
  });
  const client = new GroveClient({
    remote,
    variant,
    onAcknowledged: (commit) => writer.write({ type: 'ack', client: cfg.client, commit, time: now() }),
  });
  if (cfg.barrier !== false && process.send !== undefined) {
    const go = new Promise<void>((resolve) => process.on('message', (m: { t?: string }) => m?.t === 'go' && resolve()));
    process.send({ t: 'ready' } satisfies WorkerMessage);
    await go;
  }
  const mix = cfg.mix ?? { push: 6, force: 2, pull: 2 };
  const total = mix.push + mix.force + mix.pull;
  for (let n = recovered.startedOps + 1; n <= cfg.ops; n++) {
    const commit = `c${cfg.client}.${n}`;
    const log = `l${cfg.client}_${n}`;
    const r = rng.next() * total;
    // A self-kill aimed at a transaction that only a branch opens: make the next operation a force push.
    const wantsBranch = cfg.selfKill !== undefined && cfg.store.backend === 'postgres' && invokes >= cfg.selfKill.afterInvokes;
    try {
      if (wantsBranch || (r >= mix.push && r < mix.push + mix.force)) await client.forcePush(commit, log);
      else if (r < mix.push) await client.push(commit, log);
      else await client.pull();
    } catch (e) {
      if (!(e instanceof LostReply)) throw e;
    }
    const think = cfg.thinkMs ?? 0;
    if (think > 0) await sleep(rng.int(think + 1));
  }
  writer.close();
  await base.close();
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  let cfg: WorkerConfig;
  try {
    cfg = JSON.parse(process.argv[2] ?? '') as WorkerConfig;
  } catch {
    process.stderr.write('worker: expected the WorkerConfig as JSON in argv[2]\n');
    process.exit(1);
  }
  main(cfg).then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`worker slot ${cfg.slot} client ${cfg.client}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
