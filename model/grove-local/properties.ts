/**
 * G8–G11 (MODEL.md §3) for the local/staged/origin model, each a named state or transition
 * invariant returning a witness message. They read the state through `view.ts` and the reference
 * canonicalizer (`canonical.ts`) and compare with ground truth that no variant can change: the local
 * log (every accepted write, append-only), the remote log and its ghost provenance.
 *
 * How they split the work, so that each planted bug trips exactly one of them:
 * - G8 is about the staged log alone: ranges and the pages of each squash;
 * - G9 is about canonicalization of the client's snapshots (the current one, and the one before a
 *   step rewritten with the equivalences after it, the seed's "extreme" case): terminating,
 *   idempotent, confluent, naming only commits the client holds, preserving each ref's pages; and
 *   every recorded equivalence `b => a` names an entry of the client's origin/main with equal pages;
 * - G10 is about content: what a client's snapshot materializes equals the remote history at its base
 *   plus its local commits not yet landed there; and a write commits only on the snapshot it read;
 * - G11 is about positions once everything has stopped: when no client has a sync step left, every
 *   origin/main equals main, every snapshot is based on it, nothing is in flight or unlanded, and the
 *   remote log holds nothing past main.
 */
import type { Property, Step } from '../core/model.ts';
import { canonicalProblem, materialize, showSnapshot, type Equivalence, type Snapshot } from './canonical.ts';
import { clientId, localName, remoteAt, remoteName, showRange, stagedName } from './names.ts';
import { foldPages, samePages, showPages, type Pages } from './pages.ts';
import { syncPending, type LocalContext, type LocalEffect } from './protocol.ts';
import { squashedUpTo, type Client, type LocalState } from './state.ts';
import { equivalencesOf, foldLocal, heldPages, localPages, snapshotOf } from './view.ts';

function effectOf(step: Step<LocalState>): LocalEffect | undefined {
  return step.effect as LocalEffect | undefined;
}

/**
 * What client `i` should read (G10's oracle): the remote entries `a1..a_base`, then its local commits
 * after the last of its own ranges among those entries.
 */
export function expectedPages(s: LocalState, i: number): Pages {
  const c = s.clients[i];
  const list: Pages[] = [];
  let w = 0;
  for (let k = 0; k < c.base && k < s.remote.entries.length; k++) {
    const e = s.remote.entries[k];
    list.push(e.pages);
    if (e.client === i) w = Math.max(w, e.hi);
  }
  for (let j = w + 1; j <= c.local.length; j++) list.push(localPages(c, i, j));
  return foldPages(list);
}

/** G8 for client `i` alone (`squashProblem` asks each client in turn). */
export function clientSquashProblem(c: Client, i: number): string | null {
  let prev = 0;
  for (let k = 0; k < c.staged.length; k++) {
    const b = c.staged[k];
    const name = stagedName(i, k + 1);
    const range = showRange(i, b.lo, b.hi);
    if (b.lo !== prev + 1) {
      const why = k === 0 ? 'the first range must start at ' + localName(i, 1) : `${stagedName(i, k)} ended at ${localName(i, prev)}`;
      return `client ${clientId(i)}: ${name} squashes ${range}, but ${why}: ranges must be contiguous, disjoint and ordered`;
    }
    if (b.hi < b.lo || b.hi > c.local.length) return `client ${clientId(i)}: ${name} squashes ${range}, outside the local log c1..=c${c.local.length}`;
    const want = foldLocal(c, i, b.lo, b.hi);
    if (!samePages(b.pages, want)) return `client ${clientId(i)}: ${name} holds ${showPages(b.pages)}, but ${range} folded in order is ${showPages(want)}`;
    prev = b.hi;
  }
  return null;
}

/** G8: each client's staged commits squash contiguous, disjoint, ordered ranges, with the folded pages. */
export function squashProblem(s: LocalState): string | null {
  for (let i = 0; i < s.clients.length; i++) {
    const m = clientSquashProblem(s.clients[i], i);
    if (m !== null) return m;
  }
  return null;
}

/**
 * G9 for client `i` of state `s`: its equivalences and its current snapshot. It reads the client and
 * the remote entries it holds (`heldPages`), nothing else of `s`.
 */
export function clientCanonicalProblem(ctx: LocalContext, s: LocalState, i: number): string | null {
  const c = s.clients[i];
  return canonicalClientProblem(s, i, snapshotOf(ctx.variant, c, i), equivalencesOf(c, i));
}

/**
 * G9 for client `i` of state `s`, given its snapshot and equivalences: the model's own
 * (`clientCanonicalProblem`), or those an implementation reports (impl/local/properties.ts).
 */
export function canonicalClientProblem(s: LocalState, i: number, snapshot: Snapshot, equivalences: readonly Equivalence[]): string | null {
  const c = s.clients[i];
  const held = heldPages(s, i);
  for (let k = 0; k < c.staged.length; k++) {
    const b = c.staged[k];
    if (b.at === null) continue;
    const eq = `${stagedName(i, k + 1)} => ${remoteName(b.at)}`;
    const a = held(remoteName(b.at));
    if (a === undefined) return `client ${clientId(i)} records ${eq}, but ${remoteName(b.at)} is not in its origin/main (${remoteAt(c.origin)})`;
    if (!samePages(a, b.pages)) return `client ${clientId(i)} records ${eq}, but ${remoteName(b.at)} holds ${showPages(a)} and ${stagedName(i, k + 1)} ${showPages(b.pages)}`;
  }
  const m = canonicalProblem(snapshot, equivalences, held);
  return m === null ? null : `client ${clientId(i)}: ${m}`;
}

/** G9 on state `s`: every client's equivalences and current snapshot. */
export function canonicalStateProblem(ctx: LocalContext, s: LocalState): string | null {
  for (let i = 0; i < s.clients.length; i++) {
    const m = clientCanonicalProblem(ctx, s, i);
    if (m !== null) return m;
  }
  return null;
}

/** G9's rest after `canonicalStateProblem` of the successor: the stepping client's snapshot before the step, rewritten with the equivalences after it. */
export function snapshotBeforeProblem(ctx: LocalContext, before: LocalState, step: Step<LocalState>): string | null {
  const e = effectOf(step);
  if (e === undefined) return null;
  const i = e.client;
  const after = step.next;
  const old = snapshotOf(ctx.variant, before.clients[i], i);
  const m = canonicalProblem(old, equivalencesOf(after.clients[i], i), heldPages(after, i));
  return m === null ? null : `client ${clientId(i)}, its snapshot before the step: ${m}`;
}

/**
 * G10 for client `i` of state `s`: its snapshot materializes the remote history at its base plus its
 * unlanded commits. It reads the client and the remote entries (up to its base and its origin/main).
 */
export function clientWritesProblem(ctx: LocalContext, s: LocalState, i: number): string | null {
  const c = s.clients[i];
  const snap = snapshotOf(ctx.variant, c, i);
  const got = materialize(snap, heldPages(s, i));
  if ('missing' in got) return `client ${clientId(i)}'s snapshot ${showSnapshot(snap)} names ${got.missing}, which it does not hold`;
  const want = expectedPages(s, i);
  if (!samePages(got.local, want)) {
    return `client ${clientId(i)} reads ${showPages(got.local)} from ${showSnapshot(snap)}, but main's history at ${remoteAt(c.base)} plus its unlanded local commits is ${showPages(want)}`;
  }
  return null;
}

/** G10 on state `s`: each client's snapshot materializes the remote history at its base plus its unlanded commits. */
export function localWritesProblem(ctx: LocalContext, s: LocalState): string | null {
  for (let i = 0; i < s.clients.length; i++) {
    const m = clientWritesProblem(ctx, s, i);
    if (m !== null) return m;
  }
  return null;
}

/**
 * G10 on a step: an accepted write commits on the snapshot it read. It reads the step's effect, the
 * writing client before the step and the remote entries it holds then.
 */
export function staleWriteProblem(ctx: LocalContext, before: LocalState, step: Step<LocalState>): string | null {
  const e = effectOf(step);
  if (e?.kind !== 'write' || !e.ok || e.read === undefined) return null;
  const i = e.client;
  const held = heldPages(before, i);
  const read = materialize(e.read, held);
  const current = snapshotOf(ctx.variant, before.clients[i], i);
  const now = materialize(current, held);
  if ('missing' in read || 'missing' in now) return null;
  if (samePages(read.local, now.local)) return null;
  return `client ${clientId(i)}'s write was accepted on a stale snapshot: it read ${showPages(read.local)} from ${showSnapshot(e.read)}, but commits onto ${showPages(now.local)} (${showSnapshot(current)})`;
}

/** G11 on state `s`: when no sync step is left, everything agrees with the remote. */
export function convergenceProblem(ctx: LocalContext, s: LocalState): string | null {
  if (syncPending(ctx, s)) return null;
  const main = s.remote.main;
  const stopped = 'after every actor stopped and pulled';
  if (s.remote.entries.length !== main) return `${stopped}, log a holds ${remoteName(s.remote.entries.length)} past main (${remoteAt(main)})`;
  for (let i = 0; i < s.clients.length; i++) {
    const c = s.clients[i];
    const who = `client ${clientId(i)}`;
    if (c.origin !== main) return `${stopped}, ${who}'s origin/main is ${remoteAt(c.origin)} but main is ${remoteAt(main)}`;
    if (c.base !== c.origin) return `${stopped}, ${who}'s snapshot is still on ${remoteAt(c.base)} while its origin/main is ${remoteAt(c.origin)}`;
    if (c.push !== null) return `${stopped}, ${who} still has a push in flight at ${remoteAt(c.push)}`;
    if (c.landed < c.staged.length) return `${stopped}, ${who}'s ${stagedName(i, c.landed + 1)} never landed`;
    if (squashedUpTo(c) < c.local.length) return `${stopped}, ${who}'s ${localName(i, squashedUpTo(c) + 1)} was never squashed`;
  }
  return null;
}

/** Builds G8–G11 for a model instance. */
export function localProperties(ctx: LocalContext): Property<LocalState>[] {
  return [
    {
      id: 'G8',
      title: "squash: a squashed commit's pages equal its range's pages folded in order; ranges are contiguous, disjoint and ordered",
      state: squashProblem,
    },
    {
      id: 'G9',
      title: 'canonical: canonicalization terminates, is idempotent and confluent, and preserves the pages that every ref materializes',
      // The state check runs inside the transition (first, for its clearer message), so that the
      // checker evaluates it once per step; `state` alone would also cover the initial state, which
      // is empty and canonical.
      transition: (before, step) => canonicalStateProblem(ctx, step.next) ?? snapshotBeforeProblem(ctx, before, step),
    },
    {
      id: 'G10',
      title: "local writes: a client's materialized state = remote history at its origin + its unlanded commits (no local write lost, no landed commit shadowing newer remote pages)",
      state: (s) => localWritesProblem(ctx, s),
      transition: (before, step) => staleWriteProblem(ctx, before, step),
    },
    {
      id: 'G11',
      title: 'convergence: once all actors stop and pull, every view of a ref agrees with the remote',
      state: (s) => convergenceProblem(ctx, s),
    },
  ];
}
