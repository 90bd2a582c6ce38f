/**
 * The log forest as plain, JSON-serialisable data (STYLE.md §4: pictures are data first).
 *
 * A forest is what one Grove state looks like when drawn: each log a chain of entries (`a1---a2`),
 * each branched log hanging off the entry it was branched from, refs pinned to the entry their
 * history ends at, and every commit marked with what the ghost facts say about it (acknowledged,
 * lost, failed, orphaned). The renderers in `reports/render/` only lay this data out; everything a
 * picture claims is decided here and tested here.
 *
 * Entries are named by log and LSN (`b3` is LSN 3 of log `b`), the project's notation for positions
 * (`Append<b@3>`, `CAS<main, a@2, b@3>`), not by ordinal within the log as some of the seed's
 * pictures do (the seed's `b1` branched from `a2` is `b3` here).
 */

/**
 * What a forest says about the commit an entry holds, decided in this order:
 * - `hole`: no commit at this LSN (a planted bug; G2);
 * - `lost`: acknowledged, and in no remote ref's history any more (G6);
 * - `zombie`: reported failed (never acknowledged), yet in a remote ref's history (G7);
 * - `failed`: reported failed, in no remote ref's history;
 * - `acked`: acknowledged, and in some remote ref's history;
 * - `orphaned`: written, never acknowledged nor reported failed, and in no remote ref's history
 *   (a push in flight, or one given up);
 * - `visible`: in some remote ref's history, not acknowledged (initial commits, pending pushes).
 */
export type EntryStatus = 'hole' | 'lost' | 'zombie' | 'failed' | 'acked' | 'orphaned' | 'visible';

/** A position, `a@2`. Same shape as the model's `LogRef`, restated so the data stands alone. */
export interface Position {
  readonly log: string;
  readonly lsn: number;
}

/**
 * A node of the forest: an entry of a log, or the *start* of a root log (`a@0`, the empty history),
 * which exists in the data only when something branches from it or points at it.
 */
export interface ForestNode {
  /** `a1`, `b3`; `a0` for the start of root log `a`; `l26_3` when the log name ends in a digit. */
  readonly id: string;
  readonly kind: 'entry' | 'start';
  readonly log: string;
  readonly lsn: number;
  /** The commit held, `ACTOR.N`; null for a start node or a hole. */
  readonly commit: string | null;
  /** `start` nodes are always `visible`. */
  readonly status: EntryStatus;
  /** Is this very entry (not merely its commit) in the history of some remote ref? */
  readonly reachable: boolean;
}

/** A log: its own entries in LSN order, and where it was branched from. */
export interface ForestLog {
  readonly id: string;
  /** The branch point as the remote records it (`b` from `a@2`); null for a root log. */
  readonly base: Position | null;
  /**
   * The node the log hangs from: the entry holding its branch point's LSN (following branch points
   * down to the log that holds it), or the root's start node for a branch at LSN 0. Null for a root.
   */
  readonly from: string | null;
  /** Node ids of the log's own entries (holes included), oldest first. */
  readonly entries: readonly string[];
  /** The start node of a root log, when present in `nodes`. */
  readonly start: string | null;
  /** Highest LSN written. */
  readonly tip: number;
}

/** `next`: consecutive entries of one log (or a root's start to its first entry); `branch`: branch point to a branched log's first entry. */
export interface ForestEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: 'next' | 'branch';
}

/**
 * A named pointer into the forest.
 * - `remote`: a ref on the remote (`main`);
 * - `tracking`: an actor's view of a remote ref (`1:origin/main`), for scripted actors, which keep one;
 * - `local`: a client's own ref (for the local/staged model; Grove's remote model has none).
 */
export interface ForestRef {
  readonly name: string;
  readonly kind: 'remote' | 'tracking' | 'local';
  /** The actor holding a tracking or local ref. */
  readonly actor?: string;
  /** How pictures print it: `main`, `1:origin/main` (or `origin/main` from the actor's perspective). */
  readonly label: string;
  /** What the ref stands for (under `refs: log`, its log up to the tip). */
  readonly at: Position;
  /** The node its history ends at (`at` resolved through branch points). */
  readonly node: string;
  /** Does it point at the tip of the node's log? (Pictures put tip refs after the row, others with their position.) */
  readonly atTip: boolean;
}

/** One commit and the entries holding it (a re-written commit, such as a push's fallback Branch, has two). */
export interface ForestCommit {
  readonly id: string;
  readonly nodes: readonly string[];
  readonly acked: boolean;
  readonly failed: boolean;
  /** In the history of some remote ref. */
  readonly inRef: boolean;
  readonly status: EntryStatus;
}

/**
 * A squash equivalence: the entries `from` (a contiguous range, oldest first) hold the same change
 * as `to` (the seed's `(c1..=c3) => b1`). Drawn as dashed edges. Grove's remote model has none; the
 * local/staged model fills them.
 */
export interface SquashEdge {
  readonly from: readonly string[];
  readonly to: string;
}

/** A whole forest. Arrays are in drawing order and deterministic for a given state. */
export interface Forest {
  /** Logs in preorder: a root, then its branched logs (rightmost branch point first), recursively. */
  readonly logs: readonly ForestLog[];
  readonly nodes: readonly ForestNode[];
  readonly edges: readonly ForestEdge[];
  readonly refs: readonly ForestRef[];
  readonly commits: readonly ForestCommit[];
  readonly squash?: readonly SquashEdge[];
}
