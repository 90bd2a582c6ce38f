/**
 * A protocol variant: what a ref holds, how the remote's primitives behave, and how a client
 * confirms a push. The three variants of MODEL.md §1 are small data records in `variants/`; a user adds
 * one by writing another record (and passing its file to `--variant ./my-variant.ts`), without
 * touching the checker.
 *
 * A variant may also replace any remote primitive. That is how the planted-bug variants in
 * `variants/planted.ts` break exactly one property each, and how a user models a remote whose
 * compare-and-swap is weaker than the textbook one.
 */
import { entryAt, setRef, tip, tipOf, writeEntry, createLog } from './remote.ts';
import type { CommitId, LogId, LogRef, Remote } from './state.ts';

export interface AppendResult {
  readonly remote: Remote;
  readonly ok: boolean;
  /** Why it failed: `conflict` (the LSN is not tip+1) or `missing` (no such log). */
  readonly reason?: 'conflict' | 'missing';
}

export interface BranchResult {
  readonly remote: Remote;
  readonly ok: boolean;
  readonly reason?: 'exists' | 'missing';
}

export interface RefResult {
  readonly remote: Remote;
  readonly ok: boolean;
  /** Where the ref points after the op (what an `Err(x)` reports). */
  readonly actual: LogRef;
}

/** The remote's primitives, each atomic. All are pure: they return a new remote. */
export interface Primitives {
  /** `Append<log@lsn>`: writes `c` at `lsn` iff the log exists and `lsn` is its tip+1. */
  append(r: Remote, log: LogId, lsn: number, c: CommitId): AppendResult;
  /** `Branch<from, to>`: creates log `to` branched at `from` with the single entry `c`. */
  branch(r: Remote, from: LogRef, to: LogId, c: CommitId): BranchResult;
  /** `Pull<ref>`: the position a reader of `ref` builds on, or null for an unknown ref. */
  read(r: Remote, ref: string): LogRef | null;
  /** `Check<ref, at.log>`: is `ref` on log `at.log`? (`at.lsn` is the caller's view of that log's tip.) */
  check(r: Remote, ref: string, at: LogRef): RefResult;
  /** `CAS<ref, expected, next>`: if `ref` is what the caller expects, point it at `next`. */
  cas(r: Remote, ref: string, expected: LogRef, next: LogRef): RefResult;
}

export interface GroveVariant {
  readonly name: string;
  /** One line for `grove-check list`. */
  readonly title: string;
  /** `log`: refs hold a LogId (a ref's history is its log up to the tip); `logref`: refs hold `log@lsn`. */
  readonly refs: 'log' | 'logref';
  /** How a push is confirmed after its Append: `Check<ref, log>` or a CAS advancing the ref's LSN. */
  readonly confirm: 'check' | 'cas';
  /** What `Check` does when the ref is on the log: only answer (`read`), or also advance its LSN. */
  readonly check: 'read' | 'advance';
  /** For planted-bug variants: the property this variant is built to violate. */
  readonly planted?: string;
  /** Client-side bug knobs, for planted variants. */
  readonly client?: {
    /** Acknowledge a push as soon as its Append succeeds, before confirming with the ref. */
    readonly ackOnAppend?: boolean;
  };
  /**
   * What a client does after a lost reply or a restart (MODEL.md §4): `none` takes a timeout for a
   * failure; `retry-naive` repeats the write (an append at the log's new tip); `recover-by-reading`
   * reads the slot, ref or log it wrote before acting again. Default `none`.
   */
  readonly recovery?: 'none' | 'retry-naive' | 'recover-by-reading';
  /** Replacements for remote primitives; the rest come from `primitivesFor`. */
  readonly remote?: Partial<Primitives>;
}

function refAt(r: Remote, ref: string): LogRef {
  return r.refs[ref] ?? { log: '?', lsn: 0 };
}

/** Does the ref's current value match `expected`, under the variant's notion of what a ref holds? */
export function refMatches(v: Pick<GroveVariant, 'refs'>, actual: LogRef, expected: LogRef): boolean {
  return v.refs === 'log' ? actual.log === expected.log : actual.log === expected.log && actual.lsn === expected.lsn;
}

/**
 * The correct primitives for a variant: conditional append, exclusive branch, and check/CAS under the
 * variant's ref semantics. Then the variant's own replacements, if any.
 */
export function primitivesFor(v: GroveVariant): Primitives {
  const base: Primitives = {
    append(r, log, lsn, c) {
      const l = r.logs[log];
      if (l === undefined) return { remote: r, ok: false, reason: 'missing' };
      if (lsn !== tip(l) + 1 || entryAt(r, log, lsn) !== null) return { remote: r, ok: false, reason: 'conflict' };
      return { remote: writeEntry(r, log, lsn, c), ok: true };
    },
    branch(r, from, to, c) {
      if (r.logs[to] !== undefined) return { remote: r, ok: false, reason: 'exists' };
      const t = tipOf(r, from.log);
      if (t < 0 || from.lsn > t) return { remote: r, ok: false, reason: 'missing' };
      return { remote: createLog(r, to, from, c), ok: true };
    },
    read(r, ref) {
      const at = r.refs[ref];
      if (at === undefined) return null;
      return v.refs === 'log' ? { log: at.log, lsn: Math.max(0, tipOf(r, at.log)) } : at;
    },
    check(r, ref, at) {
      const actual = refAt(r, ref);
      if (actual.log !== at.log) return { remote: r, ok: false, actual };
      if (v.check === 'advance' && at.lsn > actual.lsn) {
        const next = { log: at.log, lsn: Math.min(at.lsn, Math.max(0, tipOf(r, at.log))) };
        return { remote: setRef(r, ref, next), ok: true, actual: next };
      }
      return { remote: r, ok: true, actual };
    },
    cas(r, ref, expected, next) {
      const actual = refAt(r, ref);
      if (!refMatches(v, actual, expected)) return { remote: r, ok: false, actual };
      return { remote: setRef(r, ref, next), ok: true, actual: next };
    },
  };
  return { ...base, ...(v.remote ?? {}) };
}
