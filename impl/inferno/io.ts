/**
 * The file-system calls of the real stores, each behind a labelled yield point.
 *
 * Every store does its file work through an {@link Io}, never through `fs` directly. Each call names
 * what it is (`rename-head`, `append-head`, …) and, before touching the disk, awaits the *gate*: the
 * harness's say on who runs next. The gate is where interleavings are made:
 *
 * - no gate: the calls run as fast as they can (benchmarks, the CLI's one-thread runs);
 * - a delay gate (`harness/delays.ts`): a seeded PRNG sleeps a little before some calls, so that real
 *   concurrent I/O interleaves in many ways (not reproducible: libuv finishes I/O in its own order);
 * - a scheduler gate (`harness/scheduler.ts`): one client at a time, chosen by a seeded PRNG at each
 *   labelled call, so that the interleaving itself is a function of the seed.
 *
 * `pause(label)` is a yield point without a file call (a lock's wait between attempts, the in-memory
 * CAS of option 1), so that a scheduler can interleave there as well.
 *
 * **Crash hooks.** A {@link CrashPlan} names a call (`append-head`, the 2nd time it is reached) at
 * which the process dies *before* doing it: the Io then throws {@link CrashError} from that call and
 * from every later one, whoever makes it, so nothing more reaches the disk (an in-process crash), or
 * runs `onCrash` first (a worker process SIGKILLs itself there).
 */
import * as fsp from 'node:fs/promises';
import { writeAndLink } from '../testkit/lockfile.ts';
import { CrashError } from './types.ts';

/** A yield point: awaited before each labelled call. */
export type Gate = (label: string) => Promise<void> | void;

/** Where a simulated crash happens: before the `nth` (1-based) call labelled `label`, counted over all clients. */
export interface CrashPlan {
  readonly label: string;
  readonly nth: number;
}

/** Options of an {@link Io}. */
export interface IoOptions {
  /** Awaited before every labelled call (default: none). */
  readonly gate?: Gate;
  /** Die before this call. */
  readonly crash?: CrashPlan;
  /** Run when the crash fires, before the `CrashError` is thrown (a worker kills itself here). */
  readonly onCrash?: (label: string) => void;
  /**
   * True when the gate decides every turn (a scheduler): then a waiter needs no timer, its next turn
   * comes after others have moved. Otherwise {@link Io.backoff} sleeps.
   */
  readonly scheduled?: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The labelled file-system calls of one process (see the module comment). Holds the crash state. */
export class Io {
  /** Labelled calls made so far, per label. */
  readonly counts = new Map<string, number>();
  /** The labels in the order they were reached (every client), for witnesses. */
  readonly trace: string[] = [];
  private dead = false;
  private readonly gate: Gate | undefined;
  private readonly plan: CrashPlan | undefined;
  private readonly onCrash: ((label: string) => void) | undefined;
  private readonly scheduled: boolean;

  constructor(o: IoOptions = {}) {
    this.gate = o.gate;
    this.plan = o.crash;
    this.onCrash = o.onCrash;
    this.scheduled = o.scheduled ?? false;
  }

  /** True once the crash hook has fired: this process is dead. */
  get crashed(): boolean {
    return this.dead;
  }

  /** The yield point of every call: gate, count, and crash when the plan says so. */
  private async point(label: string): Promise<void> {
    if (this.dead) throw new CrashError(`the process is dead (crashed before ${this.trace.at(-1) ?? '?'})`);
    if (this.gate !== undefined) await this.gate(label);
    if (this.dead) throw new CrashError(`the process is dead (crashed before ${this.trace.at(-1) ?? '?'})`);
    const n = (this.counts.get(label) ?? 0) + 1;
    this.counts.set(label, n);
    this.trace.push(label);
    if (this.plan !== undefined && this.plan.label === label && this.plan.nth === n) {
      this.dead = true;
      this.onCrash?.(label);
      throw new CrashError(`crashed before ${label} #${n}`);
    }
  }

  /** A yield point with no file call (an in-memory step such as option 1's CAS). */
  async pause(label: string): Promise<void> {
    await this.point(label);
  }

  /**
   * A yield point while waiting for something another client must do (a lock to come free): under a
   * scheduler only the turn; otherwise also a sleep growing with `attempt` (0.2 ms up to 4 ms), so
   * that waiters do not fill libuv's thread pool ahead of the holder's own calls.
   */
  async backoff(label: string, attempt: number): Promise<void> {
    await this.point(label);
    if (!this.scheduled) await (attempt < 2 ? new Promise<void>((r) => setImmediate(r)) : sleep(Math.min(4, attempt - 1)));
  }

  /** `fs.writeFile` (creates or truncates). */
  async writeFile(label: string, path: string, data: string): Promise<void> {
    await this.point(label);
    await fsp.writeFile(path, data);
  }

  /** `fs.appendFile` (creates a missing file, as Python's `open(f, 'a')`). */
  async appendFile(label: string, path: string, data: string): Promise<void> {
    await this.point(label);
    await fsp.appendFile(path, data);
  }

  /** `fs.readFile` as UTF-8. */
  async readFile(label: string, path: string): Promise<string> {
    await this.point(label);
    return fsp.readFile(path, 'utf8');
  }

  /** `fs.rename` (atomic; replaces an existing target). */
  async rename(label: string, from: string, to: string): Promise<void> {
    await this.point(label);
    await fsp.rename(from, to);
  }

  /** Whether a path exists (`fs.access`). */
  async exists(label: string, path: string): Promise<boolean> {
    await this.point(label);
    try {
      await fsp.access(path);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Creates a file exclusively with `data`, complete or not at all (a temp file `link`ed into place,
   * `testkit/lockfile.ts`); rejects with EEXIST if it exists.
   */
  async createExclusive(label: string, path: string, data: string): Promise<void> {
    await this.point(label);
    await writeAndLink(path, data, false);
  }

  /** `fs.link` (exclusive: rejects with EEXIST if the target exists). */
  async link(label: string, from: string, to: string): Promise<void> {
    await this.point(label);
    await fsp.link(from, to);
  }

  /** `fs.unlink`. */
  async unlink(label: string, path: string): Promise<void> {
    await this.point(label);
    await fsp.unlink(path);
  }

  /** `fs.readdir`. */
  async readdir(label: string, path: string): Promise<string[]> {
    await this.point(label);
    return fsp.readdir(path);
  }
}
