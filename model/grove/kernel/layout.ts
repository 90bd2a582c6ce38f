/**
 * The packed layout of a Grove state: one fixed-size byte vector per state, like the Promela model's
 * state vector, padded to whole 32-bit words so that hashing and comparing read words.
 *
 * ```
 * byte 0      ref log          (log number: 0 is `a`, 1 + i*ops + k is actor i's k-th branch log)
 * byte 1      ref LSN
 * bytes 4..7  acked commits    (bit c-1 for commit number c = 1 + i*ops + k, i.e. `${i+1}.${k+1}`)
 * bytes 8..11 failed commits
 * then 4 bytes per actor:      pc, k, pos log, pos LSN
 * then per log (stride 4 + E): exists, base log, base LSN, entry count, E entry bytes (commit number, 0 = hole)
 * then, only when faults are explored, 5 bytes per actor: `at` (the LSN a naive retry appends at,
 *             0 = none), intent kind (0 none, 1 append, 2 confirm, 3 branch, 4 cas), intent log,
 *             intent LSN, intent `at`; and bytes 2 and 3 hold the lost replies and crashes used
 * ```
 *
 * Every byte that the reference model does not distinguish is kept zero (entries past the count,
 * logs that do not exist, the position of an actor between client ops), so that two states are equal
 * in the reference model exactly when their packed vectors are equal byte for byte.
 */
import { UsageError } from '../../core/model.ts';

/** Program counter codes, numbered as the Promela model's `pc`. */
export const PC = {
  read: 0,
  append: 1,
  confirm: 2,
  branch: 3,
  cas: 4,
  done: 5,
  pullTip: 6,
  recoverAppend: 7,
  recoverRef: 8,
  recoverBranch: 9,
  down: 10,
} as const;
/** The reference model's names for the codes of `PC`, by code. */
export const PC_NAMES = ['read', 'append', 'confirm', 'branch', 'cas', 'done', 'pull-tip', 'recover-append', 'recover-ref', 'recover-branch', 'down'] as const;
/** Intent kinds as packed (0 is no intent), by code. */
export const INTENT_NAMES = ['', 'append', 'confirm', 'branch', 'cas'] as const;

/** Offsets of a state vector for one configuration. Immutable once built. */
export interface Layout {
  readonly actors: number;
  readonly ops: number;
  /** Logs: the root plus one branch log per actor and op. */
  readonly logs: number;
  /** Entry bytes per log. */
  readonly entries: number;
  /** Byte offset of actor 0's record. */
  readonly actor0: number;
  /** Byte offset of log 0's record. */
  readonly log0: number;
  /** Bytes per log record. */
  readonly logStride: number;
  /** Byte offset of actor 0's fault record (5 bytes per actor), or -1 when faults are not explored. */
  readonly fault0: number;
  /** Bytes per state (a multiple of 4). */
  readonly bytes: number;
  /** 32-bit words per state. */
  readonly words: number;
}

/** Byte offset of the ref's log number. */
export const REF_LOG = 0;
/** Byte offset of the ref's LSN. */
export const REF_LSN = 1;
/** Byte offset of the count of lost replies used (faults only; else always 0). */
export const LOST = 2;
/** Byte offset of the count of crashes used (faults only; else always 0). */
export const CRASHES = 3;
/** Bytes of an actor's fault record: at, intent kind, intent log, intent LSN, intent at. */
export const FAULT_STRIDE = 5;
/** Byte offset of the acked-commits bitmask (32 bits, little-endian). */
export const ACKED = 4;
/** Byte offset of the failed-commits bitmask (32 bits, little-endian). */
export const FAILED = 8;
const HEADER = 12;

/** Most commits a configuration may have: they are bits of one 32-bit word. */
export const MAX_COMMITS = 30;

/**
 * Builds the layout for `actors` × `ops`. `entries` is the most entries a log can hold: every commit
 * is written once (twice the count when a variant writes past the slot it was asked for), plus once
 * more per fault (a retry or a restart may write the same commit again). With `faults` the layout
 * gets a fault record per actor; without, it is byte for byte the fault-free layout.
 */
export function layoutFor(actors: number, ops: number, entries: number, faults = false): Layout {
  if (actors * ops > MAX_COMMITS) throw new UsageError(`the fast engine handles at most ${MAX_COMMITS} commits (actors × ops); got ${actors} × ${ops}`);
  if (entries > 250) throw new UsageError(`the fast engine keeps LSNs in a byte; ${entries} entries per log is too many`);
  const logs = 1 + actors * ops;
  const logStride = 4 + entries;
  const actor0 = HEADER;
  const log0 = actor0 + 4 * actors;
  const end = log0 + logs * logStride;
  const fault0 = faults ? end : -1;
  const raw = faults ? end + FAULT_STRIDE * actors : end;
  const bytes = (raw + 3) & ~3;
  return { actors, ops, logs, entries, actor0, log0, logStride, fault0, bytes, words: bytes >> 2 };
}
