/**
 * Pure reads and writes of the remote: tips, histories and the primitives' effect on logs and refs.
 *
 * These are the *correct* semantics. A variant may replace any primitive (see `variant.ts`) to model
 * another remote or to plant a bug; the properties are written against these reads, never against a
 * variant's writes.
 */
import type { CommitId, Log, LogId, LogRef, Remote } from './state.ts';

/** LSN of the branch point (0 for a root log). */
export function start(log: Log): number {
  return log.base === null ? 0 : log.base.lsn;
}

/** Highest LSN written in the log (its branch point if it has no entries of its own). */
export function tip(log: Log): number {
  return start(log) + log.entries.length;
}

/** Tip of log `id`, or -1 when the log does not exist. */
export function tipOf(r: Remote, id: LogId): number {
  const l = r.logs[id];
  return l === undefined ? -1 : tip(l);
}

/** The commit at `(log, lsn)` in the log itself (not through its branch point), or null. */
export function entryAt(r: Remote, id: LogId, lsn: number): CommitId | null {
  const l = r.logs[id];
  if (l === undefined) return null;
  const i = lsn - start(l) - 1;
  return i >= 0 && i < l.entries.length ? l.entries[i] : null;
}

/**
 * Does the history of `at` (the log up to `at.lsn`, then its branch point's history, recursively)
 * contain commit `c`? A missing log has an empty history.
 */
export function historyContains(r: Remote, at: LogRef, c: CommitId): boolean {
  let log = at.log;
  let lsn = at.lsn;
  for (let guard = 0; guard < 10_000; guard++) {
    const l = r.logs[log];
    if (l === undefined) return false;
    const s = start(l);
    const upto = Math.min(lsn, tip(l)) - s;
    for (let i = upto - 1; i >= 0; i--) if (l.entries[i] === c) return true;
    if (l.base === null) return false;
    log = l.base.log;
    lsn = Math.min(lsn, l.base.lsn);
  }
  return false;
}

/** The commits of a history, oldest first (holes skipped). For reports and tests. */
export function historyOf(r: Remote, at: LogRef): CommitId[] {
  const parts: CommitId[][] = [];
  let log = at.log;
  let lsn = at.lsn;
  for (let guard = 0; guard < 10_000; guard++) {
    const l = r.logs[log];
    if (l === undefined) break;
    const s = start(l);
    const upto = Math.min(lsn, tip(l)) - s;
    parts.push(l.entries.slice(0, Math.max(0, upto)).filter((c): c is CommitId => c !== null));
    if (l.base === null) break;
    log = l.base.log;
    lsn = Math.min(lsn, l.base.lsn);
  }
  return parts.reverse().flat();
}

/** Writes `c` at `(id, lsn)`, extending the log (with holes if `lsn` is past tip+1). No checks. */
export function writeEntry(r: Remote, id: LogId, lsn: number, c: CommitId): Remote {
  const l = r.logs[id];
  const s = start(l);
  const i = lsn - s - 1;
  const entries = l.entries.slice();
  while (entries.length < i) entries.push(null);
  entries[i] = c;
  return { ...r, logs: { ...r.logs, [id]: { base: l.base, entries } } };
}

/** Creates log `id` branched at `from` with the single entry `c`. No checks. */
export function createLog(r: Remote, id: LogId, from: LogRef, c: CommitId): Remote {
  return { ...r, logs: { ...r.logs, [id]: { base: { log: from.log, lsn: from.lsn }, entries: [c] } } };
}

/** Points ref `name` at `to`. No checks. */
export function setRef(r: Remote, name: string, to: LogRef): Remote {
  return { ...r, refs: { ...r.refs, [name]: { log: to.log, lsn: to.lsn } } };
}
