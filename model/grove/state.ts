/**
 * Grove's state: the remote (logs and refs), the actors, and the ghost facts that the safety
 * properties need (which commits were acknowledged, which were reported failed).
 *
 * Everything here is immutable data: a step builds a new state and shares the rest. Keys of records
 * are kept in no particular order; `fingerprint` sorts them, so insertion order never leaks into a
 * verdict.
 */

/** A log's name: `a`, `b`, … */
export type LogId = string;
/** A commit's identity, `ACTOR.N` (the N-th commit of that actor; `0.N` for initial-state commits). */
export type CommitId = string;

/** A position in a log: `a@2` is the log `a` up to and including LSN 2 (`a@0`: nothing of `a` itself). */
export interface LogRef {
  readonly log: LogId;
  readonly lsn: number;
}

/**
 * A monotonic log. `entries[i]` is the commit at LSN `start + 1 + i`, where `start` is the branch point's
 * LSN (0 for a root log). A `null` entry is a hole: a correct remote never makes one (G2), but planted
 * bugs may, so the representation can show it.
 */
export interface Log {
  readonly base: LogRef | null;
  readonly entries: readonly (CommitId | null)[];
}

/** The remote: every log, and every ref (branch) pointing into them. */
export interface Remote {
  readonly logs: Readonly<Record<LogId, Log>>;
  readonly refs: Readonly<Record<string, LogRef>>;
}

/**
 * Where a program-driven actor is in its client operation. The last five only occur with faults:
 * `pull-tip` (naive retry learns the log's tip before appending again), `recover-append`,
 * `recover-ref` and `recover-branch` (recover-by-reading finds out what happened before acting again)
 * and `down` (crashed).
 */
export type Pc =
  | 'read'
  | 'append'
  | 'confirm'
  | 'branch'
  | 'cas'
  | 'done'
  | 'pull-tip'
  | 'recover-append'
  | 'recover-ref'
  | 'recover-branch'
  | 'down';

/**
 * The remote write a client started last in its current client op, kept in durable local state
 * (written before the call, cleared when the client op ends), so that a client that crashed or lost
 * a reply can find out what happened. Only tracked when faults are explored.
 */
export interface Intent {
  readonly kind: 'append' | 'confirm' | 'branch' | 'cas';
  /** The position the client read (what its CAS expects, where its branch starts). */
  readonly pos: LogRef;
  /** The LSN its append targeted. */
  readonly at: number;
}

/** How the actor's in-flight commit was last written, if at all. */
export type Written = 'no' | 'append' | 'branch';

/**
 * An actor. Program-driven actors (the checker's) keep exactly what the protocol needs: the client op
 * they are on (`k`), the step within it (`pc`) and the position they read (`pos`), as the Promela model
 * does, so that state counts agree with SPIN's. Scripted actors (the seeds' hand-written tables) keep
 * a view of every log and ref instead, since their next op is whatever the table says.
 */
export type Actor = ProgramActor | ScriptedActor;

export interface ProgramActor {
  readonly kind: 'program';
  readonly id: string;
  readonly k: number;
  readonly pc: Pc;
  readonly pos: LogRef;
  /** The LSN to append at when it is not `pos.lsn + 1` (after a naive retry learned the tip). */
  readonly at?: number;
  /** Durable: the last remote write started in this client op (faults only). */
  readonly intent?: Intent;
}

export interface ScriptedActor {
  readonly kind: 'scripted';
  readonly id: string;
  /** Last seen tip of each log. */
  readonly logs: Readonly<Record<LogId, number>>;
  /** Last seen value of each ref. */
  readonly refs: Readonly<Record<string, LogRef>>;
  /** The commit in flight, if any. */
  readonly commit: CommitId | null;
  readonly written: Written;
  /** How many commits this actor has made (names the next one). */
  readonly made: number;
}

export interface GroveState {
  readonly remote: Remote;
  readonly actors: readonly Actor[];
  /** Ghost: commits whose push was acknowledged, sorted. */
  readonly acked: readonly CommitId[];
  /** Ghost: commits whose push was reported failed, sorted. */
  readonly failed: readonly CommitId[];
  /** Faults used so far (present only when faults are explored). */
  readonly faults?: { readonly lost: number; readonly crashes: number };
}

/** `a@2`, or `a` when `withLsn` is false. */
export function showRef(r: LogRef, withLsn = true): string {
  return withLsn ? `${r.log}@${r.lsn}` : r.log;
}

/** Parses `a` or `a@2`; `lsn` is undefined when absent. Returns null if malformed. */
export function parseRef(text: string): { log: LogId; lsn: number | undefined } | null {
  const m = /^([A-Za-z_][\w-]*)(?:@(\d+))?$/.exec(text.trim());
  if (!m) return null;
  return { log: m[1], lsn: m[2] === undefined ? undefined : Number(m[2]) };
}

/** Inserts `x` into a sorted array of strings, returning a new array (or the same one if present). */
export function insertSorted(xs: readonly string[], x: string): readonly string[] {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  if (xs[lo] === x) return xs;
  return [...xs.slice(0, lo), x, ...xs.slice(lo)];
}
