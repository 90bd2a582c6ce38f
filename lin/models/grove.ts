/**
 * The Grove remote as a linearizability model: the five primitives of MODEL.md §1 as the real
 * `Remote` (impl/remote/types.ts) answers them, checked against the reference model's pure
 * primitives (`primitivesFor(variant)` in model/grove/variant.ts). The state is the model's `Remote`
 * (logs and refs, immutable), so a step never mutates its input.
 *
 * Inputs carry everything the real call was given, including the per-call semantics knobs the real
 * interface takes as arguments (`check`'s mode, `cas`'s compare): the model applies
 * `primitivesFor({ ...variant, check: mode, refs: compare })` for that call, so one model checks
 * histories of every standard variant. The `variant` only matters for a variant that replaces a
 * primitive (`remote` in a GroveVariant): a history is then judged against that remote instead.
 *
 * Outputs are exactly what the real call returned. `read` is the one primitive whose real answer is
 * richer than the model's `read`: the interface returns the ref's raw value *and* the tip of its log
 * at one instant; the model checks both against the state. For `check` and `cas` on a ref that does
 * not exist, the interface answers `actual: null` where the model's primitives say `?@0`.
 *
 * **Unknown outputs.** `output === undefined` (a lost reply, a killed client) is accepted in any
 * state, and the step returns the state the primitive would have left: with the checker's pending
 * semantics (`ret = Infinity`) the operation may take effect at any point after its call, or never.
 *
 * **Partitioning.** `partition` splits a history into independent families of refs and logs, by
 * union–find over what each operation could touch: `append` its log; `branch` its source and new
 * log; `read`/`check`/`cas` their ref, and also every log the ref could be pointing at when they run
 * (the tip a `read` returns and `check`'s advance read that log): the ref's initial log, `check`'s
 * log and `cas`'s `next` log. Operations of different families read and write disjoint parts of the
 * state, and every family starts from the same initial store, so the history is linearizable iff
 * every family is. In the stress runs every client pushes to `main`, so everything is one family
 * and partitioning changes nothing there; it matters for histories with several refs.
 */
import type { LinModel, StepResult } from '../model.ts';
import type { Operation } from '../history.ts';
import { tipOf } from '../../model/grove/remote.ts';
import type { CommitId, LogId, LogRef, Remote as ModelRemote } from '../../model/grove/state.ts';
import { primitivesFor, type GroveVariant, type Primitives } from '../../model/grove/variant.ts';
import { lsnCas } from '../../model/grove/variants/standard.ts';

/** One primitive call as invoked (the arguments of the real `Remote` method). */
export type GroveInput =
  | { readonly op: 'append'; readonly log: LogId; readonly lsn: number; readonly commit: CommitId }
  | { readonly op: 'branch'; readonly from: LogRef; readonly to: LogId; readonly commit: CommitId }
  | { readonly op: 'read'; readonly ref: string }
  | { readonly op: 'check'; readonly ref: string; readonly at: LogRef; readonly mode: 'read' | 'advance' }
  | { readonly op: 'cas'; readonly ref: string; readonly expected: LogRef; readonly next: LogRef; readonly compare: 'log' | 'logref' };

/** The primitives' names, in the order reports list them. */
export const GROVE_OPS = ['append', 'branch', 'read', 'check', 'cas'] as const;
/** A primitive's name. */
export type GroveOpName = (typeof GROVE_OPS)[number];

/** What `append` and `branch` answered. */
export type GroveWriteOutput = { readonly ok: true } | { readonly ok: false; readonly reason: 'conflict' | 'missing' | 'exists' };
/** What `read` answered: the ref's raw value and its log's tip (-1: no such log), or null for no such ref. */
export type GroveReadOutput = { readonly at: LogRef; readonly tip: number } | null;
/** What `check` and `cas` answered. */
export interface GroveRefOutput {
  readonly ok: boolean;
  readonly actual: LogRef | null;
}
/** The result of one primitive call (which one is known from the input). */
export type GroveOutput = GroveWriteOutput | GroveReadOutput | GroveRefOutput;

/** A store as the model holds it (the same shape as impl/remote's `StoreSnapshot`). */
export type GroveLinState = ModelRemote;

/** The store a fresh Grove check starts from: an empty root log `a` and `main` at `a@0`. */
export const EMPTY_GROVE_STORE: GroveLinState = { logs: { a: { base: null, entries: [] } }, refs: { main: { log: 'a', lsn: 0 } } };

const at = (r: LogRef | null): string => (r === null ? 'none' : `${r.log}@${r.lsn}`);

/** Renders a call in the notation's words: `Append<a@3, 1.2> -> Ok`, `CAS<main, a@2, b@3> -> Err(a@4)`; `-> ?` when unknown. */
export function describeGroveOp(input: GroveInput, output: GroveOutput | undefined): string {
  let call: string;
  switch (input.op) {
    case 'append':
      call = `Append<${input.log}@${input.lsn}, ${input.commit}>`;
      break;
    case 'branch':
      call = `Branch<${at(input.from)}, ${input.to}, ${input.commit}>`;
      break;
    case 'read':
      call = `Pull<${input.ref}>`;
      break;
    case 'check':
      call = `Check<${input.ref}, ${at(input.at)}${input.mode === 'advance' ? ', advance' : ''}>`;
      break;
    case 'cas':
      call = `CAS<${input.ref}, ${at(input.expected)}, ${at(input.next)}${input.compare === 'log' ? ', log' : ''}>`;
      break;
  }
  if (output === undefined) return `${call} -> ?`;
  if (output === null) return `${call} -> none`;
  if ('tip' in output) return `${call} -> ${at(output.at)} tip ${output.tip}`;
  if ('actual' in output) return `${call} -> ${output.ok ? 'Ok' : 'Err'}(${at(output.actual)})`;
  return `${call} -> ${output.ok ? 'Ok' : `Err: ${output.reason}`}`;
}

/** `a:[1.1 1.2] b(a@1):[2.1] | main=a@2`, keys sorted. Also the memo key. */
export function describeGroveState(s: GroveLinState): string {
  const logs = Object.keys(s.logs)
    .sort()
    .map((id) => {
      const l = s.logs[id];
      return `${id}${l.base === null ? '' : `(${l.base.log}@${l.base.lsn})`}:[${l.entries.map((e) => e ?? '_').join(' ')}]`;
    });
  const refs = Object.keys(s.refs)
    .sort()
    .map((n) => `${n}=${s.refs[n].log}@${s.refs[n].lsn}`);
  return `${logs.join(' ')} | ${refs.join(' ')}`;
}

const sameRef = (a: LogRef | null, b: LogRef | null): boolean => (a === null || b === null ? a === b : a.log === b.log && a.lsn === b.lsn);

function sameOutput(expected: GroveOutput, seen: GroveOutput): boolean {
  if (expected === null || seen === null) return expected === seen;
  if ('tip' in expected) return 'tip' in seen && expected.tip === seen.tip && sameRef(expected.at, seen.at);
  if ('actual' in expected) return 'actual' in seen && expected.ok === seen.ok && sameRef(expected.actual, seen.actual);
  if ('tip' in seen || 'actual' in seen) return false;
  return expected.ok === seen.ok && (expected.ok || seen.ok || expected.reason === seen.reason);
}

/** Union–find over string keys. */
class Families {
  private readonly parent = new Map<string, string>();
  find(k: string): string {
    if (!this.parent.has(k)) this.parent.set(k, k);
    for (;;) {
      const p = this.parent.get(k)!;
      if (p === k) return k;
      const gp = this.parent.get(p)!;
      this.parent.set(k, gp); // path halving
      k = gp;
    }
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}

/** The keys (`ref:main`, `log:a`) an operation may touch; the first names its family. */
function keysOf(input: GroveInput): string[] {
  switch (input.op) {
    case 'append':
      return [`log:${input.log}`];
    case 'branch':
      return [`log:${input.to}`, `log:${input.from.log}`];
    case 'read':
      return [`ref:${input.ref}`];
    case 'check':
      return [`ref:${input.ref}`, `log:${input.at.log}`];
    case 'cas':
      return [`ref:${input.ref}`, `log:${input.next.log}`];
  }
}

/**
 * One primitive call applied to a store under `variant`'s primitives: the next store and the call's
 * result. Pure; the returned function caches the primitives it builds. Shared by the linearizability
 * model and by `grove-check run`'s grove service (net/services/grove.ts).
 */
export function groveApply(variant: GroveVariant): (s: GroveLinState, input: GroveInput) => { next: GroveLinState; out: GroveOutput } {
  const prims = new Map<string, Primitives>();
  const primsFor = (refs: 'log' | 'logref', check: 'read' | 'advance'): Primitives => {
    const key = `${refs}/${check}`;
    let p = prims.get(key);
    if (p === undefined) {
      p = primitivesFor({ ...variant, refs, check });
      prims.set(key, p);
    }
    return p;
  };
  const apply = (s: GroveLinState, input: GroveInput): { next: GroveLinState; out: GroveOutput } => {
    switch (input.op) {
      case 'append': {
        const r = primsFor(variant.refs, variant.check).append(s, input.log, input.lsn, input.commit);
        return { next: r.remote, out: r.ok ? { ok: true } : { ok: false, reason: r.reason ?? 'conflict' } };
      }
      case 'branch': {
        const r = primsFor(variant.refs, variant.check).branch(s, input.from, input.to, input.commit);
        return { next: r.remote, out: r.ok ? { ok: true } : { ok: false, reason: r.reason ?? 'exists' } };
      }
      case 'read': {
        const raw = s.refs[input.ref];
        return { next: s, out: raw === undefined ? null : { at: { log: raw.log, lsn: raw.lsn }, tip: tipOf(s, raw.log) } };
      }
      case 'check': {
        if (s.refs[input.ref] === undefined) return { next: s, out: { ok: false, actual: null } };
        const r = primsFor(variant.refs, input.mode).check(s, input.ref, input.at);
        return { next: r.remote, out: { ok: r.ok, actual: r.actual } };
      }
      case 'cas': {
        if (s.refs[input.ref] === undefined) return { next: s, out: { ok: false, actual: null } };
        const r = primsFor(input.compare, variant.check).cas(s, input.ref, input.expected, input.next);
        return { next: r.remote, out: { ok: r.ok, actual: r.actual } };
      }
    }
  };
  return apply;
}

/**
 * The Grove remote's linearizability model, starting from `initial` (default: log `a` empty, `main`
 * at `a@0`) and judged by `variant`'s primitives (default `lsn-cas`, whose primitives are the
 * correct ones; see the module comment for what the variant changes).
 */
export function groveLinModel(initial: GroveLinState = EMPTY_GROVE_STORE, variant: GroveVariant = lsnCas): LinModel<GroveLinState, GroveInput, GroveOutput> {
  const apply = groveApply(variant);
  return {
    init: () => initial,
    step(s, input, output): StepResult<GroveLinState> {
      const { next, out } = apply(s, input);
      if (output === undefined) return { ok: true, next };
      return { ok: sameOutput(out, output), next };
    },
    hash: describeGroveState,
    partition(history: readonly Operation<GroveInput, GroveOutput>[]): Operation<GroveInput, GroveOutput>[][] {
      const f = new Families();
      for (const [name, ref] of Object.entries(initial.refs)) f.union(`ref:${name}`, `log:${ref.log}`);
      for (const op of history) {
        const ks = keysOf(op.input);
        for (const k of ks.slice(1)) f.union(ks[0], k);
      }
      const parts = new Map<string, Operation<GroveInput, GroveOutput>[]>();
      for (const op of history) {
        const root = f.find(keysOf(op.input)[0]);
        if (!parts.has(root)) parts.set(root, []);
        parts.get(root)!.push(op);
      }
      return [...parts.values()];
    },
    describeOp: describeGroveOp,
    describeState: describeGroveState,
  };
}
