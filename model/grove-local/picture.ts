/**
 * Plain data for drawing a state the way the seed draws it: for each client its three logs
 * (origin/main, staged, local) with their entries, where its unlanded chain branches from
 * origin/main, and the equivalence edges between them (`c1 c2 c3 → b1`, `b1 → a3`); plus the remote
 * log and where `main` points. JSON-serialisable, no layout: the reports module renders it.
 */
import { canonicalize, type Snapshot } from './canonical.ts';
import { clientId, localLog, localName, MAIN, REMOTE_LOG, remoteName, stagedLog, stagedName } from './names.ts';
import type { Pages } from './pages.ts';
import type { LocalState } from './state.ts';
import { threeLogs, type LocalVariant } from './variant.ts';
import { equivalencesOf, localPages, snapshotOf } from './view.ts';

/** One entry of a log. */
export interface EntryPicture {
  readonly id: string;
  readonly pages: Pages;
}

/** One log as a client holds it: which ref it is, the log's letter, and its entries oldest first. */
export interface LogPicture {
  readonly ref: 'origin/main' | 'staged' | 'local';
  readonly log: string;
  readonly entries: readonly EntryPicture[];
}

/** An equivalence edge: the commits `from` are held again, as one commit, by `to`. */
export interface EquivalenceEdge {
  readonly from: string[];
  readonly to: string;
}

/** One client: its three logs, its equivalence edges, and its snapshot before and after canonicalization. */
export interface ClientPicture {
  readonly id: string;
  /** origin/main, staged and local, in that order (the seed's lines, top to bottom). */
  readonly logs: readonly LogPicture[];
  /** The origin/main entry the client's unlanded chain builds on (`a2`), or null for the empty base. */
  readonly base: string | null;
  readonly equivalences: readonly EquivalenceEdge[];
  readonly snapshot: Snapshot;
  readonly canonical: Snapshot;
}

/** The whole picture: the remote log `a` with `main`, and every client. */
export interface LocalPicture {
  readonly remote: { readonly log: string; readonly ref: string; readonly main: number; readonly entries: readonly EntryPicture[] };
  readonly clients: readonly ClientPicture[];
}

/** The equivalence edges of a list of equivalences: `local → staged`, and `staged → remote` once landed. */
export function edgesOf(eqs: readonly { local: readonly string[]; staged: string; remote?: string }[]): EquivalenceEdge[] {
  const out: EquivalenceEdge[] = [];
  for (const e of eqs) {
    if (e.local.length > 0) out.push({ from: [...e.local], to: e.staged });
    if (e.remote !== undefined) out.push({ from: [e.staged], to: e.remote });
  }
  return out;
}

/** The picture of state `s` (snapshots as `variant` takes them; default the correct client). Pure. */
export function pictureOf(s: LocalState, variant: Pick<LocalVariant, 'snapshotFrom'> = threeLogs): LocalPicture {
  const remoteEntries = s.remote.entries.map((e, k) => ({ id: remoteName(k + 1), pages: { ...e.pages } }));
  const clients = s.clients.map((c, i): ClientPicture => {
    const eqs = equivalencesOf(c, i);
    const snapshot = snapshotOf(variant, c, i);
    return {
      id: clientId(i),
      logs: [
        { ref: 'origin/main', log: REMOTE_LOG, entries: remoteEntries.slice(0, c.origin) },
        { ref: 'staged', log: stagedLog(i), entries: c.staged.map((b, k) => ({ id: stagedName(i, k + 1), pages: { ...b.pages } })) },
        { ref: 'local', log: localLog(i), entries: c.local.map((_, j) => ({ id: localName(i, j + 1), pages: localPages(c, i, j + 1) })) },
      ],
      base: c.base === 0 ? null : remoteName(c.base),
      equivalences: edgesOf(eqs),
      snapshot,
      canonical: canonicalize(snapshot, eqs),
    };
  });
  return { remote: { log: REMOTE_LOG, ref: MAIN, main: s.remote.main, entries: remoteEntries }, clients };
}
