/**
 * The remote as a Grove user ships it: an asynchronous interface with the five primitives of
 * MODEL.md §1, each atomic, plus read-back methods that list the whole store (for comparing an
 * implementation with the model, and for tools).
 *
 * Four backends implement it, one folder each: `memory/` (for speed), `fs/` (a directory of files,
 * crash-safe), `sqlite/` (better-sqlite3, the embedded default) and `postgres/` (a schema of its own
 * in a PostgreSQL server at `GROVE_PG_URL`). They share the semantics stated on
 * each method below; `contract.test.ts` holds every backend to them.
 *
 * Types of positions are the model's (`LogRef`, `LogId`, `CommitId`) because they are the notation's
 * own vocabulary; no behaviour of the model is imported.
 */
import type { CommitId, LogId, LogRef } from '../../model/grove/state.ts';

export type { CommitId, LogId, LogRef };

/** Which backend a remote is. */
export type BackendKind = 'memory' | 'fs' | 'sqlite' | 'postgres';

/** The backends, in the order reports list them. */
export const BACKENDS: readonly BackendKind[] = ['memory', 'fs', 'sqlite', 'postgres'];

/** What `append` answers: `conflict` when the LSN is not the log's tip+1 (or is taken), `missing` when there is no such log. */
export type AppendOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: 'conflict' | 'missing' };

/** What `branch` answers: `exists` when the new log's name is taken, `missing` when the branch point is not in the store. */
export type BranchOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: 'exists' | 'missing' };

/** What `check` and `cas` answer: whether they held, and where the ref points afterwards (`null`: no such ref). */
export interface RefOutcome {
  readonly ok: boolean;
  readonly actual: LogRef | null;
}

/** What `readRef` answers, read at one instant: the ref's value and the tip of the log it names (-1: no such log). */
export interface RefRead {
  readonly at: LogRef;
  readonly tip: number;
}

/** How `cas` compares the ref with the expected value: the LogId only (`log`) or LogId and LSN (`logref`). */
export type RefCompare = 'log' | 'logref';

/** What `check` does when the ref is on the log: only answer (`read`) or also advance the ref's LSN (`advance`). */
export type CheckMode = 'read' | 'advance';

/** A log as stored: its branch point (null for a root log) and its own entries from LSN base+1 (null: a hole). */
export interface StoredLog {
  readonly base: LogRef | null;
  readonly entries: readonly (CommitId | null)[];
}

/** The whole store, read back: the same shape as the model's `Remote`. */
export interface StoreSnapshot {
  readonly logs: Readonly<Record<LogId, StoredLog>>;
  readonly refs: Readonly<Record<string, LogRef>>;
}

/**
 * Hooks a harness passes to a backend instance. Both default to doing nothing.
 * - `pause(label)`: awaited at the backend's documented yield points (e.g. `cas:compared`, between a
 *   CAS's compare and its write), so a controllable scheduler can split a call in two and let another
 *   client run in between. A correct backend keeps its atomicity across a pause (it holds its lock).
 * - `crash(point)`: called at the backend's crash points (e.g. `entry:tmp-written`); throwing
 *   `SimulatedCrash` from it stops the write there, as a power cut would.
 */
export interface RemoteHooks {
  readonly pause?: (label: string) => Promise<void>;
  readonly crash?: (point: string) => void;
}

/**
 * A connection to a Grove remote. Every primitive is atomic (linearizable) with respect to every other
 * primitive of every connection to the same store, in this process or another.
 */
export interface Remote {
  readonly kind: BackendKind;
  /** `Append<log@lsn>`: writes `commit` at `lsn` iff the log exists and `lsn` is its tip+1. */
  append(log: LogId, lsn: number, commit: CommitId): Promise<AppendOutcome>;
  /** `Branch<from, to>`: creates log `to` branched at `from`, holding `commit` at `from.lsn + 1`; exclusive. */
  branch(from: LogRef, to: LogId, commit: CommitId): Promise<BranchOutcome>;
  /** `Pull<ref>`: the ref's value and the tip of its log, at one instant; null for an unknown ref. */
  readRef(ref: string): Promise<RefRead | null>;
  /**
   * `Check<ref, at.log>`: is `ref` on log `at.log`? Under `advance`, when it is and `at.lsn` is past the
   * ref's LSN, the ref moves to `min(at.lsn, tip)` in the same atomic step.
   */
  check(ref: string, at: LogRef, mode: CheckMode): Promise<RefOutcome>;
  /** `CAS<ref, expected, next>`: if `ref` equals `expected` (under `compare`), point it at `next`. */
  cas(ref: string, expected: LogRef, next: LogRef, compare: RefCompare): Promise<RefOutcome>;
  /** Every log with its branch point and entries. Throws `CorruptStoreError` on contents it cannot read. */
  listLogs(): Promise<Record<LogId, StoredLog>>;
  /** Every ref. Throws `CorruptStoreError` on contents it cannot read. */
  readRefs(): Promise<Record<string, LogRef>>;
  /** Releases the connection (file handles, database). Idempotent. */
  close(): Promise<void>;
}

/** The store a fresh Grove check starts from: an empty root log `a` and `main` at `a@0`. */
export function emptyStore(): StoreSnapshot {
  return { logs: { a: { base: null, entries: [] } }, refs: { main: { log: 'a', lsn: 0 } } };
}

/** Reads the whole store through its own API. */
export async function readSnapshot(r: Remote): Promise<StoreSnapshot> {
  const logs = await r.listLogs();
  const refs = await r.readRefs();
  return { logs, refs };
}

/** Names usable as log ids and ref names (they become file names and rows). */
export const NAME_RE = /^[A-Za-z_][\w-]*$/;
