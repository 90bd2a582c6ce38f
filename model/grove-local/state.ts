/**
 * The state of the local/staged/origin model: a shared remote log with its ref `main`, and clients
 * that each hold three logs. Immutable data; a step builds a new state and shares the rest.
 *
 * What is stored, and what is derived:
 * - a local commit `c_j` writes one page, and its value is its own name (`c3` writes `p=c3`), so every
 *   value in the system is unique and a page's value says who wrote it last. Only the page is stored;
 * - a staged commit stores its range and the pages its squash produced (G8 checks them against the
 *   range), and the remote LSN it landed at once its equivalence is recorded;
 * - `origin/main` is a prefix of the remote log (remote entries are never rewritten), so the
 *   remote-tracking copy is stored as its length;
 * - the remote's entries carry, as ghost data for the properties, which client's range they hold.
 */
import type { Pages } from './pages.ts';
import type { Snapshot } from './canonical.ts';

/** A staged commit `b_k`: the squash of local `c_lo..=c_hi`. */
export interface Staged {
  readonly lo: number;
  readonly hi: number;
  /** The pages the squash wrote (correctly: those of `c_lo..=c_hi` folded in order). */
  readonly pages: Pages;
  /** The remote LSN of its recorded equivalence `b_k => a_at`, or null while none is recorded. */
  readonly at: number | null;
}

/** A client (actor `index+1`) with its local, staged and origin/main logs. */
export interface Client {
  /** `local[j-1]` is the page local commit `c_j` writes (its value is the commit's name). */
  readonly local: readonly string[];
  /** Staged commits `b1..bm`, in order. */
  readonly staged: readonly Staged[];
  /** How many staged commits are known landed: `b1..b_landed` (set when a push is confirmed). */
  readonly landed: number;
  /** Length of the remote-tracking copy origin/main: it holds remote entries `a1..a_origin`. */
  readonly origin: number;
  /** The origin/main position the client's snapshot builds on (`≤ origin`; `< origin` after a pull, until a rebase). */
  readonly base: number;
  /** The remote LSN of the push in flight (appended, not yet confirmed), or null. */
  readonly push: number | null;
  /** True after a push conflicted: the client waits for a pull before pushing again. */
  readonly behind: boolean;
  /**
   * The snapshot the client's current write transaction read: taken when its previous write ended
   * (or at the start). A write commits only if this snapshot still equals the current one.
   */
  readonly read: Snapshot;
}

/** One entry of the remote log, with the ghost provenance the properties read. */
export interface RemoteEntry {
  readonly pages: Pages;
  /** Ghost: the client (0-based) whose staged commit `staged` (1-based) holding `c_lo..=c_hi` this is. */
  readonly client: number;
  readonly staged: number;
  readonly lo: number;
  readonly hi: number;
}

/** The remote: log `a` (entry `k` is `a_{k+1}`; dense by construction) and ref `main` (an LSN of `a`). */
export interface Remote {
  readonly entries: readonly RemoteEntry[];
  readonly main: number;
}

/** A whole state. */
export interface LocalState {
  readonly remote: Remote;
  readonly clients: readonly Client[];
}

/** The highest local LSN squashed so far (0 when nothing is). */
export function squashedUpTo(c: Client): number {
  return c.staged.length === 0 ? 0 : c.staged[c.staged.length - 1].hi;
}

/** The highest local LSN whose staged commit is known landed (the local watermark; 0 when none). */
export function landedUpTo(c: Client): number {
  return c.landed === 0 ? 0 : c.staged[c.landed - 1].hi;
}

/** A client that has done nothing: empty logs, snapshot on `a@0`. */
export function emptyClient(): Client {
  return { local: [], staged: [], landed: 0, origin: 0, base: 0, push: null, behind: false, read: { origin: [], staged: [], local: [] } };
}

/** The initial state: an empty remote with `main` at `a@0`, and `clients` empty clients. */
export function initialState(clients: number): LocalState {
  return { remote: { entries: [], main: 0 }, clients: Array.from({ length: clients }, emptyClient) };
}
