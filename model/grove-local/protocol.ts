/**
 * The client's steps, each one atomic, so that every other actor's step can interleave between them:
 *
 *   Write<c_j, p=c_j>          a local write: commits if the snapshot it read is still (canonically)
 *                              the current one, else `Err: stale` and the client reads again
 *   Squash<c_lo..=c_hi, b_k>   squash every unsquashed local commit into the next staged commit
 *   Push<b_k, a@t+1>           append the first unlanded staged commit at origin/main's tip + 1
 *                              (conditional: `Err: conflict` when the remote has moved)
 *   CAS<main, a@t, a@t+1>      confirm: move main over the entry; on Ok the client records the
 *                              equivalence `(c_lo..=c_hi) => b_k => a_{t+1}` and origin/main holds it
 *   Pull<main>                 fetch the remote up to main into origin/main
 *   Rebase<a@t>                move the snapshot's base to origin/main's tip, replaying the unlanded
 *                              staged and local commits on top (commits are physical page sets, so a
 *                              replay keeps their pages; a rebase with nothing unlanded is a fast-forward)
 *
 * A write is never blocked by sync: it is enabled whatever pushes are in flight, and background
 * squashes and pushes leave the canonical snapshot unchanged, so they never make it fail. Only a
 * rebase onto new remote entries changes the snapshot; a write that read the old one is then
 * rejected and retried on the new one (optimistic concurrency, by canonical-snapshot equality).
 */
import { err, ok, op, type Action } from '../core/model.ts';
import type { Op, Result, Row } from '../../scenarios/notation/types.ts';
import { sameSnapshot, type Snapshot } from './canonical.ts';
import { clientId, localName, MAIN, remoteAt, remoteName, showRange, stagedName } from './names.ts';
import { squashedUpTo, type Client, type LocalState, type Staged } from './state.ts';
import type { LocalVariant } from './variant.ts';
import { equivalencesOf, foldLocal, snapshotOf } from './view.ts';

/** The kinds of step; all but `write` are sync steps (G11 waits until none is enabled). */
export type StepKind = 'write' | 'squash' | 'push' | 'confirm' | 'pull' | 'rebase';

/** An enabled step: which client, what kind, and for a write which page. */
export interface LocalAction {
  readonly client: number;
  readonly kind: StepKind;
  readonly page?: string;
}

/** What a step did, for the transition properties. */
export interface LocalEffect {
  readonly client: number;
  readonly kind: StepKind;
  readonly ok: boolean;
  /** A write: the snapshot it read (the transaction's), before the step. */
  readonly read?: Snapshot;
  /** A confirm that recorded an equivalence, as the seed writes it. */
  readonly equivalence?: string;
}

/** Everything fixed for a model instance. */
export interface LocalContext {
  readonly variant: LocalVariant;
  /** Accepted writes each client makes. */
  readonly writes: number;
  /** The pages a write may touch. */
  readonly pages: readonly string[];
}

/** Is the step a sync step (anything but a local write)? */
export function isSync(kind: StepKind): boolean {
  return kind !== 'write';
}

/** The steps client `i` can take, in a fixed order: writes (one per page), squash, push, confirm, pull, rebase. */
export function clientActions(ctx: LocalContext, s: LocalState, i: number): LocalAction[] {
  const c = s.clients[i];
  const out: LocalAction[] = [];
  if (c.local.length < ctx.writes) for (const page of ctx.pages) out.push({ client: i, kind: 'write', page });
  if (c.local.length > squashedUpTo(c)) out.push({ client: i, kind: 'squash' });
  if (c.push === null && !c.behind && c.landed < c.staged.length && c.base === c.origin) out.push({ client: i, kind: 'push' });
  if (c.push !== null) out.push({ client: i, kind: 'confirm' });
  if (s.remote.main > c.origin) out.push({ client: i, kind: 'pull' });
  const unlanded = c.landed < c.staged.length || c.local.length > squashedUpTo(c);
  if (c.push === null && c.base < c.origin && (ctx.variant.fastForward || unlanded)) out.push({ client: i, kind: 'rebase' });
  return out;
}

/** Every enabled step, client by client. */
export function enabledActions(ctx: LocalContext, s: LocalState): LocalAction[] {
  return s.clients.flatMap((_, i) => clientActions(ctx, s, i));
}

/** Does any client have a sync step enabled? (When none does, every actor has stopped and pulled.) */
export function syncPending(ctx: LocalContext, s: LocalState): boolean {
  return s.clients.some((_, i) => clientActions(ctx, s, i).some((a) => isSync(a.kind)));
}

function squashRange(v: LocalVariant, c: Client): { lo: number; hi: number } {
  const sq = squashedUpTo(c);
  return { lo: v.squashFrom === 'after' || sq === 0 ? sq + 1 : sq, hi: c.local.length };
}

/** The op an action prints as, known before it runs. */
export function actionOp(ctx: LocalContext, s: LocalState, a: LocalAction): Op {
  const c = s.clients[a.client];
  const i = a.client;
  switch (a.kind) {
    case 'write': {
      const name = localName(i, c.local.length + 1);
      return op('Write', name, `${a.page}=${name}`);
    }
    case 'squash': {
      const r = squashRange(ctx.variant, c);
      return op('Squash', showRange(i, r.lo, r.hi), stagedName(i, c.staged.length + 1));
    }
    case 'push':
      return op('Push', stagedName(i, c.landed + 1), remoteAt(c.origin + 1));
    case 'confirm':
      return op('CAS', MAIN, remoteAt(c.push! - 1), remoteAt(c.push!));
    case 'pull':
      return op('Pull', MAIN);
    case 'rebase':
      return op('Rebase', remoteAt(c.origin));
  }
}

/** The action as an `Action` for the checker (actor, op, footprint). */
export function describeAction(ctx: LocalContext, s: LocalState, a: LocalAction): Action {
  const me = `client:${clientId(a.client)}`;
  const footprint =
    a.kind === 'push' ? [me, 'log:a'] : a.kind === 'confirm' ? [me, 'ref:main'] : a.kind === 'pull' ? [me, 'ref:main', 'log:a'] : [me];
  return { actor: clientId(a.client), op: actionOp(ctx, s, a), footprint };
}

function withClient(s: LocalState, i: number, c: Client): LocalState {
  const clients = s.clients.slice();
  clients[i] = c;
  return { ...s, clients };
}

function withStaged(c: Client, k: number, b: Staged): readonly Staged[] {
  const staged = c.staged.slice();
  staged[k] = b;
  return staged;
}

/** Takes action `a` (which must be enabled). Pure: returns the next state, the row and the effect. */
export function takeAction(ctx: LocalContext, s: LocalState, a: LocalAction): { next: LocalState; row: Row; effect: LocalEffect } {
  const v = ctx.variant;
  const i = a.client;
  const c = s.clients[i];
  const o = actionOp(ctx, s, a);
  const row = (result: Result): Row => ({ kind: 'call', actor: clientId(i), op: o, result });
  switch (a.kind) {
    case 'write': {
      const current = snapshotOf(v, c, i);
      const accepted = v.writeCheck === 'local-head' || sameSnapshot(c.read, current, equivalencesOf(c, i));
      const written: Client = accepted ? { ...c, local: [...c.local, a.page!] } : c;
      const next: Client = { ...written, read: snapshotOf(v, written, i) };
      return {
        next: withClient(s, i, next),
        row: row(accepted ? ok() : err(undefined, 'stale')),
        effect: { client: i, kind: 'write', ok: accepted, read: c.read },
      };
    }
    case 'squash': {
      const r = squashRange(v, c);
      const b: Staged = { lo: r.lo, hi: r.hi, pages: foldLocal(c, i, r.lo, r.hi), at: null };
      return { next: withClient(s, i, { ...c, staged: [...c.staged, b] }), row: row(ok()), effect: { client: i, kind: 'squash', ok: true } };
    }
    case 'push': {
      const lsn = c.origin + 1;
      if (s.remote.entries.length !== c.origin) {
        return { next: withClient(s, i, { ...c, behind: true }), row: row(err(undefined, 'conflict')), effect: { client: i, kind: 'push', ok: false } };
      }
      const k = c.landed;
      const b = c.staged[k];
      const entries = [...s.remote.entries, { pages: b.pages, client: i, staged: k + 1, lo: b.lo, hi: b.hi }];
      const staged = v.equivalenceAt === 'append' ? withStaged(c, k, { ...b, at: lsn }) : c.staged;
      const next = withClient({ ...s, remote: { ...s.remote, entries } }, i, { ...c, staged, push: lsn });
      return { next, row: row(ok()), effect: { client: i, kind: 'push', ok: true } };
    }
    case 'confirm': {
      const lsn = c.push!;
      if (s.remote.main !== lsn - 1) {
        const next = withClient(s, i, { ...c, push: null, behind: true });
        return { next, row: row(err(remoteAt(s.remote.main))), effect: { client: i, kind: 'confirm', ok: false } };
      }
      const k = c.landed;
      const b = c.staged[k];
      const eq = `${showRange(i, b.lo, b.hi)} => ${stagedName(i, k + 1)} => ${remoteName(lsn)}`;
      const client: Client = { ...c, staged: withStaged(c, k, { ...b, at: lsn }), landed: k + 1, origin: lsn, base: lsn, push: null };
      const next = withClient({ ...s, remote: { ...s.remote, main: lsn } }, i, client);
      return { next, row: row(ok(eq)), effect: { client: i, kind: 'confirm', ok: true, equivalence: eq } };
    }
    case 'pull': {
      const main = s.remote.main;
      return { next: withClient(s, i, { ...c, origin: main, behind: false }), row: row(ok(remoteAt(main))), effect: { client: i, kind: 'pull', ok: true } };
    }
    case 'rebase':
      return { next: withClient(s, i, { ...c, base: c.origin }), row: row(ok()), effect: { client: i, kind: 'rebase', ok: true } };
  }
}
