/**
 * # A controllable scheduler for remote calls
 *
 * The model takes one step of one actor at a time; the implementation's clients are ordinary async
 * code that would run their remote calls whenever the event loop lets them. To run both side by side,
 * every remote call of every client goes through a *gate*: the call blocks until the scheduler lets
 * that actor's next call through. The driver (the harness) then decides, one step at a time, which
 * actor goes, exactly as the model's chooser does, so program actor i's k-th remote call is the
 * model's k-th step of actor i and the interleaving is exactly the schedule's.
 *
 * **Stable points.** After letting a call through, the driver waits until that actor is again at a
 * *stable point*: blocked at its next gate (`requested`), paused inside a call (`paused`, below), or
 * finished with its program. Between two stable points only that actor's code runs (everyone else is
 * blocked at a gate or a pause), so whatever the client does after its call returns (acknowledge to its
 * user, move to the next state, start the next operation) belongs to that step, and nothing depends on
 * how many microtasks or I/O callbacks it takes. A watchdog turns "never reached a stable point" into a
 * `HarnessError` instead of a hang.
 *
 * **Splitting a call.** Backends declare yield points inside a call (`cas:compared`, between a CAS's
 * compare and its write; `lock:wait`, while waiting for a lock) by awaiting `hooks.pause(label)`.
 * Normally a pause returns at once, so a call is one step. With `split: true` a pause is a stable point:
 * the driver may run other actors' calls before it resumes the paused one, so two clients' CASes can
 * interleave *inside* the calls. That is how a CAS without its lock is caught: a correct backend holds
 * its lock across the pause (the other client then waits at `lock:wait`), a broken one does not.
 * A split call takes effect, for the model, when it completes; that is its linearization point for
 * every backend here (the write is after the last pause), and `harness/run.ts` relies on it.
 *
 * **Ending a run.** `abort()` rejects every blocked gate and pause with `RunAborted`, so clients that
 * still had calls to make finish (with that error) and no promise is left dangling.
 */
import { RunAborted } from '../remote/errors.ts';
import type { Remote, RemoteHooks } from '../remote/types.ts';

import { HarnessError } from '../testkit/errors.ts';

/** What one completed remote call did. */
export interface CallRecord {
  readonly method: 'readRef' | 'append' | 'branch' | 'check' | 'cas';
  readonly args: readonly unknown[];
  /** The result, when the call returned. */
  readonly result?: unknown;
  /** The error, when it threw. */
  readonly error?: unknown;
}

/** What a step of the driver saw. */
export type StepEvent =
  | { readonly kind: 'completed'; readonly call: CallRecord }
  | { readonly kind: 'paused'; readonly label: string; readonly call: Omit<CallRecord, 'result' | 'error'> }
  | { readonly kind: 'finished'; readonly error?: unknown };

type State = 'starting' | 'requested' | 'running' | 'paused' | 'finished';

interface Slot {
  state: State;
  /** The call waiting at the gate or paused inside. */
  call: Omit<CallRecord, 'result' | 'error'> | null;
  label: string;
  go: (() => void) | null;
  stop: ((e: unknown) => void) | null;
  completed: number;
  last: CallRecord | null;
  calls: number;
  error: unknown;
  wake: (() => void) | null;
}

/** Options of a scheduler. */
export interface SchedulerOptions {
  /** Make backend yield points stable points (see the module comment). Default false. */
  readonly split?: boolean;
  /** Watchdog: how long an actor may run without reaching a stable point (ms, default 10,000). */
  readonly timeoutMs?: number;
}

/** The scheduler. One per run; actors are named by their ids (`1`, `2`, …). */
export class Scheduler {
  private readonly slots = new Map<string, Slot>();
  private aborted = false;

  constructor(readonly options: SchedulerOptions = {}) {}

  private slot(actor: string): Slot {
    let s = this.slots.get(actor);
    if (s === undefined) {
      s = { state: 'starting', call: null, label: '', go: null, stop: null, completed: 0, last: null, calls: 0, error: undefined, wake: null };
      this.slots.set(actor, s);
    }
    return s;
  }

  private changed(s: Slot): void {
    const w = s.wake;
    s.wake = null;
    w?.();
  }

  /** How many remote calls `actor` has been let through so far (the one running included). */
  callsOf(actor: string): number {
    return this.slot(actor).calls;
  }

  /**
   * A view of `remote` whose five primitives go through `actor`'s gate; the read-back methods and
   * `close` pass straight through.
   */
  gate(actor: string, remote: Remote): Remote {
    const through = <T>(method: CallRecord['method'], args: unknown[], fn: () => Promise<T>): Promise<T> => this.through(actor, { method, args }, fn);
    return {
      kind: remote.kind,
      readRef: (ref) => through('readRef', [ref], () => remote.readRef(ref)),
      append: (log, lsn, c) => through('append', [log, lsn, c], () => remote.append(log, lsn, c)),
      branch: (from, to, c) => through('branch', [from, to, c], () => remote.branch(from, to, c)),
      check: (ref, at, mode) => through('check', [ref, at, mode], () => remote.check(ref, at, mode)),
      cas: (ref, e, n, cmp) => through('cas', [ref, e, n, cmp], () => remote.cas(ref, e, n, cmp)),
      listLogs: () => remote.listLogs(),
      readRefs: () => remote.readRefs(),
      close: () => remote.close(),
    };
  }

  /** Hooks for `actor`'s backend connection: its pauses are the scheduler's (stable points if split). */
  hooks(actor: string, extra: Omit<RemoteHooks, 'pause'> = {}): RemoteHooks {
    return { ...extra, pause: (label) => this.pause(actor, label) };
  }

  private async through<T>(actor: string, call: Omit<CallRecord, 'result' | 'error'>, fn: () => Promise<T>): Promise<T> {
    if (this.aborted) throw new RunAborted('run ended');
    const s = this.slot(actor);
    await new Promise<void>((resolve, reject) => {
      s.state = 'requested';
      s.call = call;
      s.label = call.method;
      s.go = resolve;
      s.stop = reject;
      this.changed(s);
    });
    try {
      const result = await fn();
      s.last = { ...call, result };
      return result;
    } catch (error) {
      s.last = { ...call, error };
      throw error;
    } finally {
      s.completed++;
      s.call = null;
    }
  }

  private async pause(actor: string, label: string): Promise<void> {
    if (!this.options.split) return;
    if (this.aborted) throw new RunAborted('run ended');
    const s = this.slot(actor);
    await new Promise<void>((resolve, reject) => {
      s.state = 'paused';
      s.label = label;
      s.go = resolve;
      s.stop = reject;
      this.changed(s);
    });
  }

  /** Marks `actor`'s program as ended (with the error it ended on, if any). */
  finished(actor: string, error?: unknown): void {
    const s = this.slot(actor);
    s.state = 'finished';
    s.error = error;
    this.changed(s);
  }

  private stable(s: Slot): boolean {
    return s.state === 'requested' || s.state === 'paused' || s.state === 'finished';
  }

  private async until(actor: string, s: Slot, ok: () => boolean): Promise<void> {
    if (ok()) return;
    const ms = this.options.timeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => reject(new HarnessError(`actor ${actor} reached no remote call, pause or end within ${ms} ms (state ${s.state}, ${s.label})`)), ms);
        const check = (): void => {
          if (ok()) resolve();
          else s.wake = check;
        };
        check();
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits until `actor` is at a stable point and says where: `requested` (with its call), `paused` or `finished`. */
  async settle(actor: string): Promise<{ state: 'requested' | 'paused' | 'finished'; call: Omit<CallRecord, 'result' | 'error'> | null; label: string }> {
    const s = this.slot(actor);
    await this.until(actor, s, () => this.stable(s));
    return { state: s.state as 'requested' | 'paused' | 'finished', call: s.call, label: s.label };
  }

  /** Is `actor` paused inside a call (split mode)? */
  isPaused(actor: string): boolean {
    return this.slot(actor).state === 'paused';
  }

  /**
   * One step of `actor`: lets its next call through (or resumes its paused call) and waits for the
   * next stable point. Returns what happened: the call completed, paused, or the program had ended.
   */
  async step(actor: string): Promise<StepEvent> {
    const s = this.slot(actor);
    await this.settle(actor);
    if (s.state === 'finished') return { kind: 'finished', error: s.error };
    const before = s.completed;
    if (s.state === 'requested') s.calls++;
    const call = s.call!;
    s.state = 'running';
    const go = s.go!;
    s.go = null;
    s.stop = null;
    go();
    await this.until(actor, s, () => this.stable(s) && (s.completed > before || s.state === 'paused'));
    if (s.completed > before) return { kind: 'completed', call: s.last! };
    return { kind: 'paused', label: s.label, call };
  }

  /** Ends the run: every blocked gate and pause rejects with `RunAborted`; later calls do too. */
  abort(): void {
    this.aborted = true;
    for (const s of this.slots.values()) {
      const stop = s.stop;
      s.go = null;
      s.stop = null;
      stop?.(new RunAborted('run ended'));
    }
  }
}
