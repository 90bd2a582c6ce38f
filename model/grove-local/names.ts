/**
 * Names of logs and commits, after the seed: the remote log is `a`; client 1 squashes into staged log
 * `b` and writes local log `c`; client 2 uses `d` and `e`; client 3 `f` and `g`; and so on. A commit is
 * named by its log and LSN (`c3` is the third entry of log `c`), so every commit name in a state is
 * unique and says which log (and so which client) holds it.
 */

/** The remote log every client pushes to. */
export const REMOTE_LOG = 'a';

/** The remote ref every client pushes to and pulls from. */
export const MAIN = 'main';

/** Most clients the naming supports (staged/local letters `b`…`y`). */
export const MAX_CLIENTS = 12;

/** Client number `i` (0-based) prints as actor `i+1`. */
export function clientId(i: number): string {
  return String(i + 1);
}

/** Letter of client `i`'s staged log: `b`, `d`, `f`, … */
export function stagedLog(i: number): string {
  return String.fromCharCode(98 + 2 * i);
}

/** Letter of client `i`'s local log: `c`, `e`, `g`, … */
export function localLog(i: number): string {
  return String.fromCharCode(99 + 2 * i);
}

/** `a3`: the remote entry at LSN 3. */
export function remoteName(lsn: number): string {
  return `${REMOTE_LOG}${lsn}`;
}

/** `b2`: client `i`'s staged commit number `k` (1-based). */
export function stagedName(i: number, k: number): string {
  return `${stagedLog(i)}${k}`;
}

/** `c5`: client `i`'s local commit number `j` (1-based). */
export function localName(i: number, j: number): string {
  return `${localLog(i)}${j}`;
}

/** Local commits `lo..=hi` of client `i` as names (`c4`, `c5`); empty when `hi < lo`. */
export function localRange(i: number, lo: number, hi: number): string[] {
  const out: string[] = [];
  for (let j = lo; j <= hi; j++) out.push(localName(i, j));
  return out;
}

/** `c4..=c5` (or `c4..=c4`): a local range as the seed writes it. */
export function showRange(i: number, lo: number, hi: number): string {
  return `${localName(i, lo)}..=${localName(i, hi)}`;
}

/** `a@3`: a position in the remote log. */
export function remoteAt(lsn: number): string {
  return `${REMOTE_LOG}@${lsn}`;
}

/** Splits `c12` into log `c` and LSN 12; null when it is not a commit name. */
export function parseCommit(id: string): { log: string; lsn: number } | null {
  const m = /^([a-z])(\d+)$/.exec(id);
  return m === null ? null : { log: m[1], lsn: Number(m[2]) };
}
