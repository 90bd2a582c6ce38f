/**
 * # The background pusher, and why local writes never wait
 *
 * A Grove client's user writes to `local`. If a write had to reach the remote before it returned, the
 * application would run at the speed of the network and stop whenever the remote is unreachable or
 * contended; if it had to wait for a push in progress to finish, every write would inherit the push's
 * latency and its retries. The seed's answer (000, second half) is to take the remote out of the
 * write path entirely: three logs, and a background worker that moves changes between them.
 *
 * - A **write** appends one entry to the durable local log and returns. It touches nothing the
 *   pusher is in the middle of: the pusher reads the local log only when it squashes, and a squash is
 *   one synchronous step, so it sees a prefix of the log and the write lands after it.
 * - A **squash** folds the unsquashed suffix of `local` into one new commit of `staged`. It does not
 *   change what the client reads: `(c4..=c5) => b2` says the two hold the same change, and the
 *   canonical snapshot substitutes one for the other.
 * - A **push** appends the first unlanded staged commit to the remote log at origin/main's tip + 1
 *   (a conditional append: it conflicts if anyone got there first) and **confirms** it with a CAS on
 *   `main`. Only the confirmed CAS records the landing `b2 => a4` and moves the commit into
 *   origin/main; again the canonical snapshot is unchanged. Recording it any earlier would let the
 *   snapshot name an entry that `main` may never reach (planted bug `early-equivalence`).
 * - After a conflict the pusher **pulls** and **rebases**: the snapshot's base moves to the new tip of
 *   origin/main, with the unlanded staged and local commits replayed on top. Commits are physical
 *   page sets, so a replay changes no commit; but it does change what the client reads.
 *
 * So the only thing sync ever does to a writer is the rebase, and a rebase is exactly when a write
 * must not go through unchanged: a write is a small transaction that read a snapshot, and it commits
 * only if that snapshot is still, canonically, the current one. Squashes and landings leave the
 * canonical snapshot alone, so a writer racing the pusher is never refused because of its own
 * background sync; a rebase onto someone else's entries refuses it once (`Err: stale`) and it retries
 * on the new snapshot. Checking the local head instead (planted bug `stale-write`) accepts a write
 * that never saw the remote pages it now sits on.
 *
 * The pusher here is real concurrent work: an async loop that awaits remote calls while the
 * application keeps calling `write`. Which step it takes next is the **policy**'s call: `AutoPolicy`
 * decides from the client's state (`LocalClient.nextSyncStep`) and sleeps when there is nothing to
 * do; the side-by-side harness plugs in a scripted policy that takes the schedule's steps, so that the
 * very same loop runs under a model checker's chooser.
 */
import type { LocalClient, StepOutcome, SyncKind } from './client.ts';

/** Decides the pusher's next sync step. */
export interface SyncPolicy {
  /** The next step to take, or null to stop the loop. May wait (for work, for a schedule). */
  next(client: LocalClient): Promise<SyncKind | null>;
  /** Told what each step did (or the error it threw). */
  after?(outcome: StepOutcome | { readonly kind: SyncKind; readonly error: unknown }): void;
}

/** The loop that runs a client's sync steps in the background. */
export class Pusher {
  private loop: Promise<void> | null = null;
  /** Steps taken, by kind. */
  readonly counts: Record<SyncKind, number> = { squash: 0, push: 0, confirm: 0, pull: 0, rebase: 0 };
  /** Errors thrown by remote steps (the loop goes on: the policy decides whether to retry). */
  readonly errors: unknown[] = [];

  constructor(
    readonly client: LocalClient,
    readonly policy: SyncPolicy,
  ) {}

  /** Starts the loop (once). The returned promise settles when the policy stops it; it never rejects. */
  start(): Promise<void> {
    this.loop ??= this.run();
    return this.loop;
  }

  /** Resolves when the loop has ended. */
  done(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    for (;;) {
      let kind: SyncKind | null;
      try {
        kind = await this.policy.next(this.client);
      } catch (e) {
        this.errors.push(e);
        return;
      }
      if (kind === null) return;
      try {
        const out = await this.client.sync(kind);
        if (out.refused === undefined) this.counts[kind]++;
        this.policy.after?.(out);
      } catch (error) {
        this.errors.push(error);
        this.policy.after?.({ kind, error });
      }
    }
  }
}

/** Options of the automatic policy. */
export interface AutoPolicyOptions {
  /** When idle, pull every this many ms to learn of others' landings (default: only when woken). */
  readonly pollMs?: number;
  /** Wait after a pull that found nothing new while behind, ms (default 1). */
  readonly backoffMs?: number;
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The production policy: take `client.nextSyncStep()`; when there is none, wait until woken (a write)
 * or the poll interval passes (then pull). Every step yields to the event loop first, so the
 * application's writes interleave with sync even when the remote answers without I/O. `stop()`
 * ends the loop at the next decision; `drained()` resolves when the client has nothing unlanded.
 */
export class AutoPolicy implements SyncPolicy {
  private stopped = false;
  private wake: (() => void) | null = null;
  private lastKind: SyncKind | null = null;
  private failed = false;
  private readonly drainWaiters: (() => void)[] = [];

  constructor(private readonly o: AutoPolicyOptions = {}) {}

  /** Tells the pusher there is new work (call after a write). */
  notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Stops the loop at its next decision. */
  stop(): void {
    this.stopped = true;
    this.notify();
  }

  /** Resolves once the client has nothing unsquashed, unlanded or in flight (checked at each decision). */
  drained(): Promise<void> {
    return new Promise((r) => {
      this.drainWaiters.push(r);
      this.notify();
    });
  }

  async next(client: LocalClient): Promise<SyncKind | null> {
    for (;;) {
      await tick();
      if (!client.hasUnlanded() && client.nextSyncStep() === null) for (const r of this.drainWaiters.splice(0)) r();
      if (this.stopped) return null;
      const k = client.nextSyncStep();
      // A pull right after a pull found nothing new (the conflicting push is not confirmed yet); an
      // error may be transient: back off rather than spin.
      if ((k === 'pull' && this.lastKind === 'pull') || this.failed) await sleep(this.o.backoffMs ?? 1);
      this.failed = false;
      if (k !== null) return k;
      const polled = await this.idle();
      if (polled && !this.stopped) return 'pull';
    }
  }

  after(outcome: StepOutcome | { readonly kind: SyncKind; readonly error: unknown }): void {
    this.lastKind = outcome.kind === 'write' ? null : outcome.kind;
    if ('error' in outcome) this.failed = true;
  }

  /** Waits to be woken (false) or for the poll interval (true). */
  private idle(): Promise<boolean> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      this.wake = () => {
        clearTimeout(timer);
        resolve(false);
      };
      if (this.o.pollMs !== undefined) {
        timer = setTimeout(() => {
          this.wake = null;
          resolve(true);
        }, this.o.pollMs);
      }
    });
  }
}
