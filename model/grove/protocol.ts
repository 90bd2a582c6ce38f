/**
 * Client protocols as step functions: each call takes one step of one actor, which is exactly one
 * remote primitive, so other actors' steps interleave between any two of them.
 *
 * A push follows `shared/bench/grove.pml` transition for transition, so that a breadth-first search
 * of this model stores the same states as SPIN does:
 *
 *   read    Pull<main>            the actor reads the ref: the position `pos` it builds on
 *   append  Append<pos.log@pos.lsn+1>   Ok → confirm;  conflict → branch (fall back to a force push)
 *   confirm Check<main, log> or CAS<main, pos, pos+1>   Ok → acknowledged;  Err → branch
 *   branch  Branch<pos, new>      a new log from what the actor read, holding its commit
 *   cas     CAS<main, pos, new@pos.lsn+1>   Ok → acknowledged;  Err → reported failed
 *
 * A force push is `read, branch, cas`; a pull is `read`. After each client op the actor's position is
 * reset to the root log at LSN 0 (as in the Promela model), so that finished attempts do not
 * multiply states.
 *
 * Scripted actors (`applyScripted`) take whatever op a hand-written row names, resolving implicit
 * LSNs (`Append<a>`, `CAS<main, a, b>`) from their own view of the remote, as MODEL.md §1 describes.
 */
import { UsageError, op, ok, err } from '../core/model.ts';
import type { Op, Result, Row } from '../../scenarios/notation/types.ts';
import { entryAt, historyContains, tipOf } from './remote.ts';
import { refPosition } from './properties.ts';
import {
  insertSorted,
  parseRef,
  showRef,
  type Actor,
  type CommitId,
  type GroveState,
  type LogRef,
  type ProgramActor,
  type ScriptedActor,
} from './state.ts';
import type { GroveVariant, Primitives } from './variant.ts';

/** A client operation an actor's program is made of. */
export type ClientOp = 'push' | 'force-push' | 'pull';

/** What a step did, for the transition properties (see `properties.ts`). */
export interface GroveEffect {
  readonly actor: string;
  readonly kind: 'read' | 'pull-log' | 'append' | 'branch' | 'check' | 'cas' | 'crash' | 'restart';
  /** True for a step whose reply was lost (the remote applied it; the actor saw a timeout). */
  readonly lostReply?: boolean;
  readonly ok: boolean;
  /** Append: where it wrote (or tried to). */
  readonly at?: LogRef;
  /** CAS: the value it expected (its history is what an informed force push knew about). */
  readonly expected?: LogRef;
  /** The commit acknowledged by this step, if any. */
  readonly acked?: CommitId;
  /** The commit reported failed by this step, if any. */
  readonly failed?: CommitId;
}

/** Everything a step function needs that is fixed for a model instance. */
export interface ProtocolContext {
  readonly variant: GroveVariant;
  readonly prims: Primitives;
  /** The ref every client pushes to. */
  readonly ref: string;
  /** The log every client starts from (and returns its position to between ops). */
  readonly root: string;
  /** The client ops every program-driven actor runs, in order. */
  readonly program: readonly ClientOp[];
  /** How many client ops each program-driven actor runs (the `--ops` bound). */
  readonly ops: number;
  /** Highest LSN an Append or Branch may write (the Promela model's MAXL); Infinity for none. */
  readonly maxLsn: number;
  /** Fault budgets, or null when no faults are explored (then states carry no fault fields). */
  readonly faults: { readonly maxLost: number; readonly maxCrashes: number; readonly maxTotal: number } | null;
  /** Commits are named by content: with `collide`, every actor's k-th commit has the same content. */
  readonly collide: boolean;
}

/** `a`, `b`, … for log number n (0 is the root log); `l26`, `l27`, … past `z`. */
export function logName(n: number): string {
  return n < 26 ? String.fromCharCode(97 + n) : `l${n}`;
}

/**
 * The commit of program actor `a`'s current client op, named by its content (a content hash stands
 * behind the name): `ACTOR.K` by default, or `xK` for every actor when `collide` makes two clients
 * write the same content, so that a commit's identity survives a retry and two equal commits are a
 * case the checker explores rather than assumes away.
 */
export function programCommit(ctx: Pick<ProtocolContext, 'collide'>, a: ProgramActor): CommitId {
  return ctx.collide ? `x${a.k + 1}` : `${a.id}.${a.k + 1}`;
}

/** The log a program actor's force push creates in its current client op (the Promela model's `c`). */
export function programBranchLog(ctx: ProtocolContext, a: ProgramActor, index: number): string {
  return logName(1 + index * ctx.ops + a.k);
}

const refText = (ctx: ProtocolContext, r: LogRef): string => showRef(r, ctx.variant.refs === 'logref');

function withActor(s: GroveState, i: number, a: Actor): readonly Actor[] {
  const actors = s.actors.slice();
  actors[i] = a;
  return actors;
}

/** The LSN a program actor's append targets: `at` if a retry moved it, else just past what it read. */
function appendLsn(a: ProgramActor): number {
  return a.at ?? a.pos.lsn + 1;
}

/** The op a program actor will perform next (known before the step runs), for listing actions. */
export function programNextOp(ctx: ProtocolContext, s: GroveState, i: number): Op {
  const a = s.actors[i] as ProgramActor;
  const pos = a.pos;
  const lsn = appendLsn(a);
  switch (a.pc) {
    case 'read':
      return op('Pull', ctx.ref);
    case 'append':
      return op('Append', `${pos.log}@${lsn}`);
    case 'confirm':
      return ctx.variant.confirm === 'check'
        ? op('Check', ctx.ref, ctx.variant.refs === 'log' ? pos.log : `${pos.log}@${lsn}`)
        : op('CAS', ctx.ref, refText(ctx, pos), refText(ctx, { log: pos.log, lsn }));
    case 'branch':
      return op('Branch', `${pos.log}@${pos.lsn}`, programBranchLog(ctx, a, i));
    case 'cas':
      return op('CAS', ctx.ref, refText(ctx, pos), refText(ctx, { log: programBranchLog(ctx, a, i), lsn: pos.lsn + 1 }));
    case 'pull-tip':
      return op('Pull', pos.log);
    case 'recover-append':
      return op('Read', `${pos.log}@${lsn}`);
    case 'recover-ref':
      return op('Pull', ctx.ref);
    case 'recover-branch':
      return op('Pull', programBranchLog(ctx, a, i));
    case 'down':
      return op('restart');
    case 'done':
      throw new Error(`actor ${a.id} has finished`);
  }
}

/** Is the actor's next step a remote write (whose reply may be lost)? */
export function isWrite(a: ProgramActor): boolean {
  return a.pc === 'append' || a.pc === 'confirm' || a.pc === 'branch' || a.pc === 'cas';
}

/** Ends program actor i's current client op; `acked` says whether its commit was acknowledged. */
function finish(ctx: ProtocolContext, s: GroveState, i: number, acked: boolean): GroveState {
  const a = s.actors[i] as ProgramActor;
  const c = programCommit(ctx, a);
  const k = a.k + 1;
  const next: ProgramActor = { kind: 'program', id: a.id, k, pc: k < ctx.ops ? 'read' : 'done', pos: { log: ctx.root, lsn: 0 } };
  const failed = acked || s.acked.includes(c) || ctx.program[a.k] === 'pull' ? s.failed : insertSorted(s.failed, c);
  return { ...s, actors: withActor(s, i, next), failed };
}

function ack(s: GroveState, c: CommitId): GroveState {
  return { ...s, acked: insertSorted(s.acked, c) };
}

/** The recovery a variant applies after a lost reply or a restart (MODEL.md §4). */
function recovery(ctx: ProtocolContext): 'none' | 'retry-naive' | 'recover-by-reading' {
  return ctx.variant.recovery ?? 'none';
}

/**
 * Takes the next step of program-driven actor `i`. With `lostReply`, the remote applies the step's
 * write but the actor sees a timeout (`?`): what it does next is its variant's recovery.
 */
export function programStep(ctx: ProtocolContext, s: GroveState, i: number, lostReply = false): { next: GroveState; row: Row; effect: GroveEffect } {
  const a = s.actors[i] as ProgramActor;
  const c = programCommit(ctx, a);
  const o = programNextOp(ctx, s, i);
  const r = s.remote;
  const pos = a.pos;
  const lsn = appendLsn(a);
  const rec = recovery(ctx);
  const row = (result: Result): Row => ({ kind: 'call', actor: a.id, op: o, result: lostReply ? { kind: 'unknown' } : result });
  const set = (st: GroveState, patch: Partial<ProgramActor>): GroveState => ({ ...st, actors: withActor(st, i, { ...(st.actors[i] as ProgramActor), ...patch }) });
  // Durable intent, written before a remote write (only when faults are explored).
  const intent = (kind: 'append' | 'confirm' | 'branch' | 'cas'): Partial<ProgramActor> => (ctx.faults ? { intent: { kind, pos, at: lsn } } : {});
  const lost = (st: GroveState): GroveState => (lostReply && st.faults ? { ...st, faults: { lost: st.faults.lost + 1, crashes: st.faults.crashes } } : st);
  switch (a.pc) {
    case 'read': {
      const at = ctx.prims.read(r, ctx.ref);
      if (at === null) throw new UsageError(`ref '${ctx.ref}' does not exist`);
      const kind = ctx.program[a.k];
      const st = set(s, { pos: at, pc: kind === 'push' ? 'append' : 'branch' });
      const next = kind === 'pull' ? finish(ctx, st, i, false) : st;
      return { next, row: row(ok(showRef(at))), effect: { actor: a.id, kind: 'read', ok: true } };
    }
    case 'pull-tip': {
      const t = tipOf(r, pos.log);
      return { next: set(s, { at: t + 1, pc: 'append' }), row: row(ok(`${pos.log}@${t}`)), effect: { actor: a.id, kind: 'pull-log', ok: true } };
    }
    case 'append': {
      const res = lsn > ctx.maxLsn ? { remote: r, ok: false, reason: 'conflict' as const } : ctx.prims.append(r, pos.log, lsn, c);
      const pc = lostReply ? (rec === 'retry-naive' ? 'pull-tip' : rec === 'recover-by-reading' ? 'recover-append' : 'branch') : res.ok ? 'confirm' : 'branch';
      let next: GroveState = lost(set({ ...s, remote: res.remote }, { pc, ...intent('append') }));
      let acked: CommitId | undefined;
      if (res.ok && !lostReply && ctx.variant.client?.ackOnAppend) {
        next = ack(next, c);
        acked = c;
      }
      return {
        next,
        row: row(res.ok ? ok() : err(undefined, res.reason ?? 'conflict')),
        effect: { actor: a.id, kind: 'append', ok: res.ok, at: { log: pos.log, lsn }, acked },
      };
    }
    case 'recover-append': {
      const there = entryAt(r, pos.log, lsn);
      const pc = there === c ? 'confirm' : there === null ? 'append' : 'branch';
      return { next: set(s, { pc }), row: row(there === null ? err(undefined, 'empty') : ok(there)), effect: { actor: a.id, kind: 'pull-log', ok: there !== null } };
    }
    case 'confirm': {
      const target = { log: pos.log, lsn };
      const res = ctx.variant.confirm === 'check' ? ctx.prims.check(r, ctx.ref, target) : ctx.prims.cas(r, ctx.ref, pos, target);
      const st: GroveState = lost({ ...s, remote: res.remote });
      let next: GroveState;
      if (lostReply) next = set(st, { pc: rec === 'retry-naive' ? 'confirm' : rec === 'recover-by-reading' ? 'recover-ref' : 'branch', ...intent('confirm') });
      else next = res.ok ? finish(ctx, ack(st, c), i, true) : set(st, { pc: 'branch', ...intent('confirm') });
      return {
        next,
        row: row(res.ok ? ok() : err(refText(ctx, res.actual))),
        effect: {
          actor: a.id,
          kind: ctx.variant.confirm,
          ok: res.ok,
          expected: ctx.variant.confirm === 'cas' ? pos : undefined,
          acked: res.ok && !lostReply ? c : undefined,
        },
      };
    }
    case 'recover-ref': {
      const at = r.refs[ctx.ref];
      const landed = at !== undefined && historyContains(r, refPosition(ctx.variant, r, at), c);
      const viaCas = a.intent?.kind === 'cas';
      const next = landed ? finish(ctx, ack(s, c), i, true) : viaCas ? finish(ctx, s, i, false) : set(s, { pc: 'branch' });
      return {
        next,
        row: row(ok(at === undefined ? '?' : refText(ctx, at))),
        effect: { actor: a.id, kind: 'read', ok: true, acked: landed ? c : undefined, failed: !landed && viaCas ? c : undefined },
      };
    }
    case 'branch': {
      const to = programBranchLog(ctx, a, i);
      const full = pos.lsn + 1 > ctx.maxLsn;
      const res = full ? { remote: r, ok: false, reason: 'full' as const } : ctx.prims.branch(r, pos, to, c);
      const st: GroveState = lost({ ...s, remote: res.remote });
      let next: GroveState;
      if (lostReply) {
        next = rec === 'retry-naive' ? set(st, { pc: 'branch', ...intent('branch') }) : rec === 'recover-by-reading' ? set(st, { pc: 'recover-branch', ...intent('branch') }) : finish(ctx, st, i, false);
      } else next = res.ok ? set(st, { pc: 'cas', ...intent('branch') }) : finish(ctx, st, i, false);
      return {
        next,
        row: row(res.ok ? ok() : err(undefined, res.reason ?? 'exists')),
        effect: { actor: a.id, kind: 'branch', ok: res.ok, failed: !res.ok && !lostReply ? c : undefined },
      };
    }
    case 'recover-branch': {
      const to = programBranchLog(ctx, a, i);
      const mine = entryAt(r, to, pos.lsn + 1) === c;
      const exists = tipOf(r, to) >= 0;
      const next = mine ? set(s, { pc: 'cas' }) : exists ? finish(ctx, s, i, false) : set(s, { pc: 'branch' });
      return { next, row: row(exists ? ok(`${to}@${tipOf(r, to)}`) : err(undefined, 'missing')), effect: { actor: a.id, kind: 'pull-log', ok: exists } };
    }
    case 'cas': {
      const target = { log: programBranchLog(ctx, a, i), lsn: pos.lsn + 1 };
      const res = ctx.prims.cas(r, ctx.ref, pos, target);
      const st: GroveState = lost({ ...s, remote: res.remote });
      let next: GroveState;
      if (lostReply) {
        next = rec === 'retry-naive' ? set(st, { pc: 'cas', ...intent('cas') }) : rec === 'recover-by-reading' ? set(st, { pc: 'recover-ref', ...intent('cas') }) : finish(ctx, st, i, false);
      } else next = res.ok ? finish(ctx, ack(st, c), i, true) : finish(ctx, st, i, false);
      return {
        next,
        row: row(res.ok ? ok() : err(refText(ctx, res.actual))),
        effect: {
          actor: a.id,
          kind: 'cas',
          ok: res.ok,
          expected: pos,
          acked: res.ok && !lostReply ? c : undefined,
          failed: !lostReply && !res.ok ? c : lostReply && rec === 'none' ? c : undefined,
        },
      };
    }
    case 'down':
    case 'done':
      throw new Error(`actor ${a.id} cannot take a step now (${a.pc})`);
  }
}

/** Crashes actor i: its volatile state (position, step) is lost; its client op and intent survive. */
export function crashStep(ctx: ProtocolContext, s: GroveState, i: number): { next: GroveState; row: Row; effect: GroveEffect } {
  const a = s.actors[i] as ProgramActor;
  const down: ProgramActor = { kind: 'program', id: a.id, k: a.k, pc: 'down', pos: { log: ctx.root, lsn: 0 }, ...(a.intent ? { intent: a.intent } : {}) };
  const f = s.faults ?? { lost: 0, crashes: 0 };
  return {
    next: { ...s, actors: withActor(s, i, down), faults: { lost: f.lost, crashes: f.crashes + 1 } },
    row: { kind: 'fault', actor: a.id, fault: 'crash' },
    effect: { actor: a.id, kind: 'crash', ok: true },
  };
}

/**
 * Restarts a crashed actor from its durable state. Without recovery it starts its client op over
 * (read the ref again, same commit); recover-by-reading first finds out what its last write did.
 */
export function restartStep(ctx: ProtocolContext, s: GroveState, i: number): { next: GroveState; row: Row; effect: GroveEffect } {
  const a = s.actors[i] as ProgramActor;
  const it = a.intent;
  let up: ProgramActor = { kind: 'program', id: a.id, k: a.k, pc: 'read', pos: { log: ctx.root, lsn: 0 } };
  if (recovery(ctx) === 'recover-by-reading' && it !== undefined) {
    const pc = it.kind === 'append' ? 'recover-append' : it.kind === 'branch' ? 'recover-branch' : 'recover-ref';
    up = { ...up, pc, pos: it.pos, at: it.at, intent: it };
  }
  return { next: { ...s, actors: withActor(s, i, up) }, row: { kind: 'fault', actor: a.id, fault: 'restart' }, effect: { actor: a.id, kind: 'restart', ok: true } };
}

// ---------------------------------------------------------------------------------------------------
// Scripted actors: the seeds' tables.

/** A fresh scripted actor that has seen the whole remote `s` (the scenario's initial state). */
export function newScriptedActor(id: string, s: GroveState): ScriptedActor {
  const logs: Record<string, number> = {};
  for (const name of Object.keys(s.remote.logs)) logs[name] = tipOf(s.remote, name);
  return { kind: 'scripted', id, logs, refs: { ...s.remote.refs }, commit: null, written: 'no', made: 0 };
}

function badRow(row: Row, what: string): UsageError {
  return new UsageError(what, row.span);
}

function argRef(row: Row, text: string | undefined): { log: string; lsn: number | undefined } {
  const p = text === undefined ? null : parseRef(text);
  if (p === null) throw badRow(row, `expected a log or log@lsn, found '${text ?? ''}'`);
  return p;
}

/**
 * Applies a hand-written row for a scripted actor: resolves implicit LSNs from the actor's view, runs
 * the primitive, and returns the row with the model's result (the caller compares it with the
 * written one). Commits: an actor's Append writes a new commit unless its last commit has not been
 * written yet; a Branch re-writes the commit in flight (the fallback of a failed push). A successful
 * confirming op (Check under `confirm: check`, or any CAS) acknowledges the commit in flight; a failed
 * CAS after a Branch reports it failed.
 */
export function applyScripted(
  ctx: ProtocolContext,
  s: GroveState,
  row: Extract<Row, { kind: 'call' | 'invoke' }>,
): { next: GroveState; row: Row; effect: GroveEffect } {
  let i = s.actors.findIndex((x) => x.id === row.actor);
  let st = s;
  if (i < 0) {
    st = { ...s, actors: [...s.actors, newScriptedActor(row.actor, s)] };
    i = st.actors.length - 1;
  }
  const a0 = st.actors[i];
  if (a0.kind !== 'scripted') throw badRow(row, `actor ${row.actor} follows a program; its rows must be its program's steps`);
  let a: ScriptedActor = a0;
  const r = st.remote;
  const withLsn = ctx.variant.refs === 'logref';
  const out = (remote: typeof r, actor: ScriptedActor, result: Result, effect: Omit<GroveEffect, 'actor'>, extra?: Partial<GroveState>) => {
    const next: GroveState = { ...st, ...extra, remote, actors: withActor(st, i, actor) };
    return { next, row: { kind: 'call' as const, actor: row.actor, op: row.op, result, span: row.span }, effect: { actor: row.actor, ...effect } };
  };
  const viewTip = (log: string): number => a.logs[log] ?? 0;
  const newCommit = (): { c: CommitId; made: number } => ({ c: `${a.id}.${a.made + 1}`, made: a.made + 1 });
  const args = row.op.args;
  switch (row.op.name) {
    case 'Pull': {
      if (args.length !== 1) throw badRow(row, `Pull takes one argument (a ref or a log), found ${args.length}`);
      const name = args[0];
      if (r.refs[name] !== undefined) {
        const at = ctx.prims.read(r, name)!;
        a = { ...a, refs: { ...a.refs, [name]: r.refs[name] }, logs: { ...a.logs, [at.log]: at.lsn } };
        return out(r, a, ok(showRef(at)), { kind: 'read', ok: true });
      }
      const t = tipOf(r, argRef(row, name).log);
      if (t < 0) return out(r, a, err(undefined, 'missing'), { kind: 'pull-log', ok: false });
      a = { ...a, logs: { ...a.logs, [name]: t } };
      return out(r, a, ok(), { kind: 'pull-log', ok: true });
    }
    case 'Append': {
      if (args.length !== 1) throw badRow(row, `Append takes one argument (a log or log@lsn), found ${args.length}`);
      const p = argRef(row, args[0]);
      const lsn = p.lsn ?? viewTip(p.log) + 1;
      const fresh = a.commit === null || a.written !== 'no';
      const { c, made } = fresh ? newCommit() : { c: a.commit!, made: a.made };
      let failed = st.failed;
      if (fresh && a.commit !== null && !st.acked.includes(a.commit)) failed = insertSorted(failed, a.commit);
      const res = lsn > ctx.maxLsn ? { remote: r, ok: false, reason: 'conflict' as const } : ctx.prims.append(r, p.log, lsn, c);
      a = { ...a, commit: c, made, written: res.ok ? 'append' : 'no', logs: res.ok ? { ...a.logs, [p.log]: lsn } : a.logs };
      let acked = st.acked;
      if (res.ok && ctx.variant.client?.ackOnAppend) acked = insertSorted(acked, c);
      return out(res.remote, a, res.ok ? ok() : err(undefined, res.reason ?? 'conflict'), {
        kind: 'append',
        ok: res.ok,
        at: { log: p.log, lsn },
        acked: res.ok && ctx.variant.client?.ackOnAppend ? c : undefined,
      }, { acked, failed });
    }
    case 'Branch': {
      if (args.length !== 2) throw badRow(row, `Branch takes two arguments (from, new log), found ${args.length}`);
      const p = argRef(row, args[0]);
      const to = argRef(row, args[1]).log;
      const from = { log: p.log, lsn: p.lsn ?? viewTip(p.log) };
      const { c, made } = a.commit === null ? newCommit() : { c: a.commit, made: a.made };
      const res = ctx.prims.branch(r, from, to, c);
      a = { ...a, commit: c, made, written: res.ok ? 'branch' : a.written, logs: res.ok ? { ...a.logs, [to]: from.lsn + 1 } : a.logs };
      return out(res.remote, a, res.ok ? ok() : err(undefined, res.reason ?? 'exists'), { kind: 'branch', ok: res.ok });
    }
    case 'Check': {
      if (args.length !== 2) throw badRow(row, `Check takes two arguments (ref, log), found ${args.length}`);
      const name = args[0];
      if (r.refs[name] === undefined) throw badRow(row, `no ref named '${name}'`);
      const p = argRef(row, args[1]);
      const res = ctx.prims.check(r, name, { log: p.log, lsn: p.lsn ?? viewTip(p.log) });
      a = { ...a, refs: { ...a.refs, [name]: res.actual } };
      let acked = st.acked;
      let ackedNow: CommitId | undefined;
      if (res.ok && ctx.variant.confirm === 'check' && a.commit !== null && a.written !== 'no') {
        ackedNow = a.commit;
        acked = insertSorted(acked, a.commit);
        a = { ...a, commit: null, written: 'no' };
      }
      return out(res.remote, a, res.ok ? ok() : err(showRef(res.actual, withLsn)), { kind: 'check', ok: res.ok, acked: ackedNow }, { acked });
    }
    case 'CAS': {
      if (args.length !== 3) throw badRow(row, `CAS takes three arguments (ref, expected, new), found ${args.length}`);
      const name = args[0];
      if (r.refs[name] === undefined) throw badRow(row, `no ref named '${name}'`);
      const e = argRef(row, args[1]);
      const n = argRef(row, args[2]);
      const seen = a.refs[name];
      const expected = { log: e.log, lsn: e.lsn ?? (seen !== undefined && seen.log === e.log ? seen.lsn : viewTip(e.log)) };
      const next = { log: n.log, lsn: n.lsn ?? viewTip(n.log) };
      const res = ctx.prims.cas(r, name, expected, next);
      a = { ...a, refs: { ...a.refs, [name]: res.actual } };
      let acked = st.acked;
      let failed = st.failed;
      let ackedNow: CommitId | undefined;
      let failedNow: CommitId | undefined;
      if (res.ok && a.commit !== null && a.written !== 'no') {
        ackedNow = a.commit;
        acked = insertSorted(acked, a.commit);
        a = { ...a, commit: null, written: 'no' };
      } else if (!res.ok && a.commit !== null && a.written === 'branch') {
        failedNow = a.commit;
        failed = insertSorted(failed, a.commit);
        a = { ...a, commit: null, written: 'no' };
      }
      return out(res.remote, a, res.ok ? ok() : err(showRef(res.actual, withLsn)), { kind: 'cas', ok: res.ok, expected, acked: ackedNow, failed: failedNow }, { acked, failed });
    }
    default:
      throw badRow(row, `unknown op '${row.op.name}' for model grove; expected Pull, Append, Branch, Check or CAS`);
  }
}
