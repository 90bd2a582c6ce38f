/**
 * G8–G11 evaluated on the implementation. The implementation's clients and its store (read back) are
 * mapped into the model's `LocalState` (the abstraction function `abstractState`), and the model's
 * own property code judges it, with one difference that matters: wherever a property reads a
 * client's *snapshot* or *equivalences*, it reads the ones the implementation computed
 * (`ImplClientView`), not ones re-derived from the abstract state. A client whose snapshot or
 * bookkeeping is wrong is thus judged on what it actually reads.
 */
import { canonicalProblem, materialize, showSnapshot, type Equivalence, type Snapshot } from '../../model/grove-local/canonical.ts';
import { clientId, remoteAt } from '../../model/grove-local/names.ts';
import { samePages, showPages } from '../../model/grove-local/pages.ts';
import { canonicalClientProblem, convergenceProblem, expectedPages, squashProblem } from '../../model/grove-local/properties.ts';
import type { LocalContext } from '../../model/grove-local/protocol.ts';
import type { Client, LocalState, RemoteEntry } from '../../model/grove-local/state.ts';
import { heldPages } from '../../model/grove-local/view.ts';
import type { StoreSnapshot } from '../remote/types.ts';
import type { ClientSnapshot } from './canonical.ts';
import type { LocalClient } from './client.ts';
import { decodeCommit } from './commit.ts';
import type { LocalData } from './store/types.ts';

/** What one implementation client holds and reads, captured at one instant. */
export interface ImplClientView {
  readonly actor: string;
  readonly stagedLog: string;
  readonly localLog: string;
  readonly logs: LocalData;
  readonly snapshot: ClientSnapshot;
  /** The snapshot its write transaction read. */
  readonly read: ClientSnapshot;
  readonly equivalences: readonly Equivalence[];
  /** The canonical snapshot by the client's own canonicalizer. */
  readonly canonical: ClientSnapshot;
}

/** The whole implementation at one instant: its clients and the remote store read back. */
export interface ImplView {
  readonly clients: readonly ImplClientView[];
  readonly store: StoreSnapshot;
}

/** Captures a client (copies: later steps do not change the view). */
export function clientView(c: LocalClient): ImplClientView {
  return {
    actor: c.names.actor,
    stagedLog: c.names.staged,
    localLog: c.names.local,
    logs: c.logs(),
    snapshot: c.snapshot(),
    read: c.readSnapshot(),
    equivalences: c.equivalences(),
    canonical: c.canonical(),
  };
}

/** Captures the implementation: every client, and the store as read back. */
export function implView(clients: readonly LocalClient[], store: StoreSnapshot): ImplView {
  return { clients: clients.map(clientView), store };
}

/**
 * The model state the implementation is in: remote entries decoded from the store's log (ghost
 * provenance from each commit's staged name), `main`, and per client its logs and positions.
 * Throws when a remote entry is not a staged commit of a known client.
 */
export function abstractState(v: ImplView, remoteLog = 'a', ref = 'main'): LocalState {
  const log = v.store.logs[remoteLog];
  const entries: RemoteEntry[] = (log?.entries ?? []).map((id, k) => {
    if (id === null) throw new Error(`the remote log ${remoteLog} has a hole at ${remoteLog}@${k + 1}`);
    const c = decodeCommit(id);
    const client = v.clients.findIndex((x) => c.staged.startsWith(x.stagedLog) && /^\d+$/.test(c.staged.slice(x.stagedLog.length)));
    if (client < 0) throw new Error(`remote entry ${remoteLog}@${k + 1} holds ${c.staged}, which no client stages`);
    return { pages: c.pages, client, staged: Number(c.staged.slice(v.clients[client].stagedLog.length)), lo: c.lo, hi: c.hi };
  });
  const clients = v.clients.map(
    (c): Client => ({
      local: c.logs.local.map((e) => e.page),
      staged: c.logs.staged.map((b) => ({ lo: b.lo, hi: b.hi, pages: b.pages, at: b.at })),
      landed: c.logs.meta.landed,
      origin: c.logs.origin.length,
      base: c.logs.meta.base,
      push: c.logs.meta.push,
      behind: c.logs.meta.behind,
      read: c.read,
    }),
  );
  return { remote: { entries, main: v.store.refs[ref]?.lsn ?? 0 }, clients };
}

/** What a step of the implementation did, for the transition properties. */
export interface ImplEffect {
  readonly client: number;
  readonly kind: string;
  readonly ok: boolean;
  /** A write: the snapshot its transaction read. */
  readonly read?: Snapshot;
}

/** A property the implementation breaks, with the model's wording. */
export interface ImplProblem {
  readonly property: 'G8' | 'G9' | 'G10' | 'G11';
  readonly message: string;
}

function canonicalStateProblem(s: LocalState, v: ImplView): string | null {
  for (let i = 0; i < s.clients.length; i++) {
    const m = canonicalClientProblem(s, i, v.clients[i].snapshot, v.clients[i].equivalences);
    if (m !== null) return m;
  }
  return null;
}

function localWritesProblem(s: LocalState, v: ImplView): string | null {
  for (let i = 0; i < s.clients.length; i++) {
    const snap = v.clients[i].snapshot;
    const got = materialize(snap, heldPages(s, i));
    if ('missing' in got) return `client ${clientId(i)}'s snapshot ${showSnapshot(snap)} names ${got.missing}, which it does not hold`;
    const want = expectedPages(s, i);
    if (!samePages(got.local, want)) {
      return `client ${clientId(i)} reads ${showPages(got.local)} from ${showSnapshot(snap)}, but main's history at ${remoteAt(s.clients[i].base)} plus its unlanded local commits is ${showPages(want)}`;
    }
  }
  return null;
}

/**
 * G8–G11 on the implementation's step `before → after` (in the model's order; for each, the
 * transition check first, then the state check). `effect` is undefined for the initial state.
 * Returns the first property that fails, or null.
 */
export function implProblem(ctx: LocalContext, before: ImplView | null, after: ImplView, effect?: ImplEffect): ImplProblem | null {
  const s = abstractState(after);
  const g8 = squashProblem(s);
  if (g8 !== null) return { property: 'G8', message: g8 };
  const g9 = canonicalStateProblem(s, after);
  if (g9 !== null) return { property: 'G9', message: g9 };
  if (before !== null && effect !== undefined) {
    const i = effect.client;
    const m = canonicalProblem(before.clients[i].snapshot, after.clients[i].equivalences, heldPages(s, i));
    if (m !== null) return { property: 'G9', message: `client ${clientId(i)}, its snapshot before the step: ${m}` };
    if (effect.kind === 'write' && effect.ok && effect.read !== undefined) {
      const b = abstractState(before);
      const held = heldPages(b, i);
      const read = materialize(effect.read, held);
      const now = materialize(before.clients[i].snapshot, held);
      if (!('missing' in read) && !('missing' in now) && !samePages(read.local, now.local)) {
        return {
          property: 'G10',
          message: `client ${clientId(i)}'s write was accepted on a stale snapshot: it read ${showPages(read.local)} from ${showSnapshot(effect.read)}, but commits onto ${showPages(now.local)} (${showSnapshot(before.clients[i].snapshot)})`,
        };
      }
    }
  }
  const g10 = localWritesProblem(s, after);
  if (g10 !== null) return { property: 'G10', message: g10 };
  const g11 = convergenceProblem(ctx, s);
  if (g11 !== null) return { property: 'G11', message: g11 };
  return null;
}
