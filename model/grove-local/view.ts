/**
 * What a client sees of its own state: its snapshot (the seed's three lines), its equivalences, and
 * the pages of every commit it holds. The snapshot follows the variant (a planted bug may misplace
 * its local line); the equivalences and pages are plain reads of the state.
 */
import type { Equivalence, Snapshot } from './canonical.ts';
import { localName, localRange, parseCommit, remoteName, stagedLog, localLog, stagedName, REMOTE_LOG } from './names.ts';
import { foldPages, type Pages } from './pages.ts';
import { squashedUpTo, type Client, type LocalState } from './state.ts';
import type { LocalVariant } from './variant.ts';

/** The pages local commit `c_j` of client `i` writes: its page, with its own name as the value. */
export function localPages(c: Client, i: number, j: number): Pages {
  return { [c.local[j - 1]]: localName(i, j) };
}

/** The local commits `lo..=hi` of client `i` folded in order (what a correct squash writes). */
export function foldLocal(c: Client, i: number, lo: number, hi: number): Pages {
  const list: Pages[] = [];
  for (let j = lo; j <= hi; j++) list.push(localPages(c, i, j));
  return foldPages(list);
}

/**
 * Client `i`'s snapshot: `a1..a_base` on origin/main, its staged commits not yet known landed, and
 * its local commits after the squash watermark (a planted variant starts the local line at it).
 */
export function snapshotOf(v: Pick<LocalVariant, 'snapshotFrom'>, c: Client, i: number): Snapshot {
  const origin: string[] = [];
  for (let k = 1; k <= c.base; k++) origin.push(remoteName(k));
  const staged: string[] = [];
  for (let k = c.landed + 1; k <= c.staged.length; k++) staged.push(stagedName(i, k));
  const sq = squashedUpTo(c);
  const from = v.snapshotFrom === 'after' || sq === 0 ? sq + 1 : sq;
  return { origin, staged, local: localRange(i, from, c.local.length) };
}

/** Client `i`'s equivalences, one per staged commit: `(c_lo..=c_hi) => b_k [=> a_at]`. */
export function equivalencesOf(c: Client, i: number): Equivalence[] {
  return c.staged.map((b, k) => ({
    local: localRange(i, b.lo, b.hi),
    staged: stagedName(i, k + 1),
    ...(b.at !== null ? { remote: remoteName(b.at) } : {}),
  }));
}

/**
 * The pages of a commit client `i` holds, or undefined for one it does not: remote entries up to its
 * origin/main, its own staged and local commits.
 */
export function heldPages(s: LocalState, i: number): (id: string) => Pages | undefined {
  const c = s.clients[i];
  return (id) => {
    const p = parseCommit(id);
    if (p === null || p.lsn < 1) return undefined;
    if (p.log === REMOTE_LOG) return p.lsn <= c.origin && p.lsn <= s.remote.entries.length ? s.remote.entries[p.lsn - 1].pages : undefined;
    if (p.log === stagedLog(i)) return p.lsn <= c.staged.length ? c.staged[p.lsn - 1].pages : undefined;
    if (p.log === localLog(i)) return p.lsn <= c.local.length ? localPages(c, i, p.lsn) : undefined;
    return undefined;
  };
}
