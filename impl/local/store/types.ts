/**
 * The durable side of a Grove client: its three logs and a few positions, kept next to the remote
 * store it syncs with (in memory for the memory backend, a directory of append-only files for fs, a
 * SQLite database for sqlite). Every method is synchronous and atomic with respect to the event loop:
 * a local write is one call that returns once the entry is stored, so it never waits for a remote
 * round trip and no other JavaScript runs in the middle of it.
 *
 * What is stored:
 * - `local`: every accepted local write (`c_j` writes one page; its value names the commit);
 * - `staged`: squashes of contiguous local ranges, with the remote LSN each one landed at once its
 *   equivalence is recorded;
 * - `origin`: the remote entries the client has fetched (`a1..a_origin`), with their contents;
 * - `meta`: how many staged commits are landed, the snapshot's base, the push in flight, `behind`.
 */

/** A commit's page writes, `page → value`. */
export type Pages = Readonly<Record<string, string>>;

/** Local commit `c_j`: it writes `page = value` (the value is the commit's own name). */
export interface LocalEntry {
  readonly page: string;
  readonly value: string;
}

/** Staged commit `b_k`: the squash of local `c_lo..=c_hi`, and where it landed (null: not yet). */
export interface StagedEntry {
  readonly lo: number;
  readonly hi: number;
  readonly pages: Pages;
  readonly at: number | null;
}

/** A fetched remote entry: the commit id as the remote stores it, and its decoded pages. */
export interface OriginEntry {
  readonly commit: string;
  readonly pages: Pages;
}

/** The positions a client keeps beside its logs. */
export interface LocalMeta {
  /** Staged commits `b1..b_landed` are known landed. */
  readonly landed: number;
  /** The origin/main LSN the snapshot builds on. */
  readonly base: number;
  /** The remote LSN appended and not yet confirmed, or null. */
  readonly push: number | null;
  /** A push conflicted: pull before pushing again. */
  readonly behind: boolean;
}

/** Everything a local store holds. Plain data; `load` returns a fresh copy. */
export interface LocalData {
  readonly local: readonly LocalEntry[];
  readonly staged: readonly StagedEntry[];
  readonly origin: readonly OriginEntry[];
  readonly meta: LocalMeta;
}

/** Which kind of local store. */
export type LocalStoreKind = 'memory' | 'fs' | 'sqlite';

/** A client's durable logs. Synchronous, atomic per call; not shared between clients. */
export interface LocalLogStore {
  readonly kind: LocalStoreKind;
  /** Where it lives (a directory, a database file, or `memory`). */
  readonly location: string;
  /** Everything stored, as a fresh copy. */
  load(): LocalData;
  /** Appends local commit `c_{n+1}`. */
  appendLocal(e: LocalEntry): void;
  /** Appends staged commit `b_{m+1}` (with `at` null unless a planted bug says otherwise). */
  appendStaged(b: StagedEntry): void;
  /** Records staged commit `b_k` (1-based) as landed at remote LSN `at`: the equivalence `b_k => a_at`. */
  setLanding(k: number, at: number): void;
  /** Appends fetched remote entries after the ones held. */
  appendOrigin(entries: readonly OriginEntry[]): void;
  /** Replaces the positions. */
  setMeta(m: LocalMeta): void;
  /** Releases files and handles. Idempotent. */
  close(): void;
}

/** The positions of a client that has done nothing. */
export const EMPTY_META: LocalMeta = { landed: 0, base: 0, push: null, behind: false };
