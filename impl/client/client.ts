/**
 * A Grove client: keeps its views of the remote (the position it last read, the tips of the logs it
 * has seen, where the ref was last seen) and runs push, force push and pull through the sync machine
 * (`machine.ts`), one xstate actor per operation. Remote calls go through the `Remote` it was given,
 * so a harness can gate them.
 */
import { createActor, toPromise } from 'xstate';
import type { CommitId, LogId, LogRef, Remote } from '../remote/types.ts';
import { syncMachine, type ClientOp, type ClientPlant, type ClientVariant, type SyncOutput } from './machine.ts';

export type { ClientOp, ClientPlant, ClientVariant, SyncOutput } from './machine.ts';

/** How a client is built. */
export interface ClientOptions {
  readonly remote: Remote;
  readonly variant: ClientVariant;
  /** The ref it pushes to (default `main`). */
  readonly ref?: string;
  /** A planted bug (tests only). */
  readonly plant?: ClientPlant;
  /** Called when the client tells its user a push succeeded (before the operation returns). */
  readonly onAcknowledged?: (commit: CommitId) => void;
}

/** A client of one remote. Not re-entrant: run one operation at a time. */
export class GroveClient {
  /** The position the last operation read from the ref (null before the first). */
  position: LogRef | null = null;
  /** Where the ref was last seen to point. */
  seenRef: LogRef | null = null;
  /** The highest tip seen of each log. */
  tips: Record<LogId, number> = {};

  constructor(private readonly o: ClientOptions) {}

  /**
   * Runs one client operation to its end. `commit` is the commit a push writes and `branchLog` the log
   * a force push (or a push's fallback) creates. Resolves with the outcome; rejects with the error a
   * remote call threw (a corrupt store, a crash), leaving the views as they were.
   */
  async run(op: ClientOp, commit: CommitId, branchLog: LogId): Promise<SyncOutput> {
    const actor = createActor(syncMachine, {
      input: { remote: this.o.remote, variant: this.o.variant, op, ref: this.o.ref ?? 'main', commit, branchLog, tips: this.tips, plant: this.o.plant },
    });
    const sub = actor.on('acknowledged', (e) => this.o.onAcknowledged?.(e.commit));
    const finished = toPromise(actor);
    actor.start();
    actor.send({ type: 'SYNC' });
    let out: SyncOutput;
    try {
      out = await finished;
    } finally {
      sub.unsubscribe();
    }
    if (out.outcome === 'broken') throw out.error instanceof Error ? out.error : new Error(String(out.error));
    this.position = out.pos;
    this.seenRef = out.seenRef ?? this.seenRef;
    this.tips = { ...out.tips };
    return out;
  }

  /** Push: append the commit to the ref's log and confirm; fall back to a force push on failure. */
  push(commit: CommitId, fallbackLog: LogId): Promise<SyncOutput> {
    return this.run('push', commit, fallbackLog);
  }

  /** Force push: branch a new log from the position read, holding the commit, and CAS the ref to it. */
  forcePush(commit: CommitId, newLog: LogId): Promise<SyncOutput> {
    return this.run('force-push', commit, newLog);
  }

  /** Pull: read the ref (and the tip of its log). */
  pull(): Promise<SyncOutput> {
    return this.run('pull', '-', '-');
  }
}
