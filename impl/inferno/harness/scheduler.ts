/**
 * # A seeded turn scheduler over real file calls
 *
 * The clients of one process are ordinary async loops over a real store. Every labelled file call
 * of every client first awaits this scheduler's gate, which lets exactly one client run at a time:
 * the one a seeded PRNG picks among the clients waiting at a gate. The picked client makes its real
 * file call, runs whatever synchronous code follows (the rest of the store's step, the harness's
 * bookkeeping, the next op's choice) and parks at its next gate or finishes; only then is the next
 * client picked. So between two picks only one client's code runs and the interleaving, at the
 * granularity of file calls, is a function of the seed: a failing seed replays bit for bit, and the
 * trace of (client, label) picks is the schedule.
 *
 * This is the reference model's interleaving (one actor takes one file step) on the real store: the
 * calls are real `rename`s and `appendFile`s on a real directory, only their order is chosen.
 *
 * Which client runs is carried by `AsyncLocalStorage`, so store code needs no client argument. Code
 * outside {@link TurnScheduler.run} (setup, the final sweep) passes its gates at once.
 *
 * A watchdog fails the run if the running client neither parks nor finishes in `watchdogMs` (a
 * client blocked on something that is not a gate would otherwise hang the run).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Gate } from '../io.ts';
import type { Prng } from '../../testkit/prng.ts';

import { HarnessError } from '../../testkit/errors.ts';
import { scriptChooser, type Chooser } from '../../testkit/chooser.ts';

interface Slot {
  state: 'running' | 'waiting' | 'done';
  label: string;
  go: (() => void) | null;
  stop: ((e: unknown) => void) | null;
}

/** One pick of the scheduler: which client made which call. */
export interface Pick {
  readonly client: number;
  readonly label: string;
}

/** The key of a pick for a {@link Chooser}: `client label` (`'2 rename-head'`). */
export const pickKey = (p: Pick): string => `${p.client} ${p.label}`;

/**
 * A chooser that follows a written schedule, `client label` per pick (`'2 rename-head'`), and then
 * the lowest-numbered waiting client. Throws {@link HarnessError} when the named client is not waiting
 * at that label (the schedule does not fit the store).
 */
export const scripted = scriptChooser;

/** See the module comment. */
export class TurnScheduler {
  /** Every pick, in order: the schedule. */
  readonly trace: Pick[] = [];
  private readonly als = new AsyncLocalStorage<number>();
  private readonly slots = new Map<number, Slot>();
  private started = false;
  private failed: HarnessError | null = null;
  private timer: NodeJS.Timeout | null = null;

  private readonly choose: Chooser;

  /** `pick`: a seeded PRNG (uniform among the waiting clients) or a {@link Chooser} (a scripted schedule). */
  constructor(
    pick: Prng | Chooser,
    private readonly watchdogMs = 10_000,
  ) {
    this.choose = typeof pick === 'function' ? pick : (w) => pick.int(w.length);
  }

  /** The chooser's pick among `waiting` (sorted by client); a chooser that stops picks the lowest-numbered. */
  private pickAmong(waiting: readonly Pick[]): number {
    return this.choose(waiting.map(pickKey), this.trace.length) ?? 0;
  }

  /** The gate to give the store's `Io`. */
  readonly gate: Gate = (label) => {
    const client = this.als.getStore();
    if (client === undefined) return undefined;
    const slot = this.slots.get(client);
    if (slot === undefined) throw new HarnessError(`client ${client} is not registered`);
    if (this.failed !== null) return Promise.reject(this.failed);
    return new Promise<void>((go, stop) => {
      slot.state = 'waiting';
      slot.label = label;
      slot.go = go;
      slot.stop = stop;
      this.kick();
    });
  };

  /**
   * Runs `f` as client `client` (a number not used before). Its gates wait for their turn; nothing
   * runs until {@link start}.
   */
  run<T>(client: number, f: () => Promise<T>): Promise<T> {
    if (this.slots.has(client)) throw new HarnessError(`client ${client} registered twice`);
    const slot: Slot = { state: 'running', label: '', go: null, stop: null };
    this.slots.set(client, slot);
    // Until start() the client may only run up to its first gate.
    return this.als.run(client, async () => {
      try {
        return await f();
      } finally {
        slot.state = 'done';
        this.kick();
      }
    });
  }

  /** Starts picking (after every client is registered with {@link run}). */
  start(): void {
    this.started = true;
    this.kick();
  }

  private kick(): void {
    if (!this.started || this.failed !== null) return;
    const all = [...this.slots.entries()];
    if (all.some(([, s]) => s.state === 'running')) return;
    this.clearWatchdog();
    const waiting = all.filter(([, s]) => s.state === 'waiting').sort(([a], [b]) => a - b);
    if (waiting.length === 0) return;
    let i: number;
    try {
      i = this.pickAmong(waiting.map(([c, x]) => ({ client: c, label: x.label })));
    } catch (e) {
      this.failWith(e instanceof HarnessError ? e : new HarnessError(String(e)));
      return;
    }
    const [client, slot] = waiting[i];
    this.trace.push({ client, label: slot.label });
    slot.state = 'running';
    const go = slot.go!;
    slot.go = slot.stop = null;
    this.timer = setTimeout(() => this.fail(client, slot.label), this.watchdogMs);
    go();
  }

  private clearWatchdog(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private fail(client: number, label: string): void {
    this.failWith(new HarnessError(`client ${client} ran for ${this.watchdogMs} ms after its turn at ${label} without reaching another file call`));
  }

  private failWith(e: HarnessError): void {
    this.failed = e;
    for (const s of this.slots.values()) {
      if (s.state === 'waiting') s.stop?.(this.failed);
    }
  }

  /** The watchdog's error, if it fired. */
  get error(): HarnessError | null {
    return this.failed;
  }
}
