/**
 * The Grove model family: builds a `Model<GroveState>` for a variant, a number of program-driven
 * actors and a number of client ops each. Pure and deterministic; see `protocol.ts` for the steps and
 * `properties.ts` for G1–G7.
 */
import { UsageError, type Action, type Model, type ModelFamily, type ModelOptions } from '../core/model.ts';
import type { Row } from '../../scenarios/notation/types.ts';
import { applyScripted, crashStep, isWrite, newScriptedActor, programNextOp, programStep, programBranchLog, restartStep, type ClientOp, type ProtocolContext } from './protocol.ts';
import { groveProperties } from './properties.ts';
import { tipOf, writeEntry } from './remote.ts';
import { parseRef, type Actor, type GroveState, type Log, type LogRef, type ProgramActor, type Remote } from './state.ts';
import { allVariants, loadedVariants, loadVariant, variantByName } from './variants/index.ts';
import { primitivesFor, type GroveVariant } from './variant.ts';
import { groveItf } from './itf.ts';
import { groveCapabilities } from './capabilities.ts';

export interface GroveOptions {
  readonly variant: GroveVariant;
  /** Program-driven actors `1..actors` (0 for a scenario of scripted actors only). */
  readonly actors: number;
  /** Client ops each program-driven actor runs. */
  readonly ops: number;
  /** The client ops, cycled to `ops` entries; default all `push`. */
  readonly program?: readonly ClientOp[];
  /** Highest LSN a write may use (the Promela model's MAXL); default unbounded. */
  readonly maxLsn?: number;
  /** At most this many lost replies per schedule (default 0). */
  readonly maxLostReplies?: number;
  /** At most this many crashes per schedule (default 0). */
  readonly maxCrashes?: number;
  /** At most this many faults of either kind per schedule (default: the sum of the two). */
  readonly maxFaults?: number;
  /** Every actor's k-th commit has the same content (and so the same identity). */
  readonly collide?: boolean;
}

export type GroveModel = Model<GroveState> & { readonly ctx: ProtocolContext };

/**
 * True when `m` is a Grove model instance (it carries Grove's own capabilities and protocol context):
 * what the Grove implementation harness asks before it runs a scenario, instead of testing a name.
 */
export function isGroveModel(m: Model<any>): m is GroveModel {
  return m.capabilities === (groveCapabilities as unknown) && typeof (m as { ctx?: unknown }).ctx === 'object';
}

const ROOT = 'a';
const REF = 'main';

/** The remote every Grove check starts from: an empty log `a` and `main` pointing at `a@0`. */
export function initialRemote(): Remote {
  return { logs: { [ROOT]: { base: null, entries: [] } }, refs: { [REF]: { log: ROOT, lsn: 0 } } };
}

function fpRef(r: LogRef): string {
  return `${r.log}@${r.lsn}`;
}

function fpLog(id: string, l: Log): string {
  return `${id}<${l.base === null ? '' : fpRef(l.base)}:${l.entries.map((c) => c ?? '_').join(',')}`;
}

function fpActor(a: Actor): string {
  if (a.kind === 'program') {
    const at = a.at === undefined ? '' : `^${a.at}`;
    const it = a.intent === undefined ? '' : `!${a.intent.kind}${fpRef(a.intent.pos)}/${a.intent.at}`;
    return `${a.id}:${a.pc}${a.k}${fpRef(a.pos)}${at}${it}`;
  }
  const logs = Object.keys(a.logs).sort().map((k) => `${k}=${a.logs[k]}`).join(',');
  const refs = Object.keys(a.refs).sort().map((k) => `${k}=${fpRef(a.refs[k])}`).join(',');
  return `${a.id}:s[${logs}][${refs}]${a.commit ?? '-'}${a.written}${a.made}`;
}

/** A canonical string for a state: equal states, equal strings; key order never matters. */
export function fingerprint(s: GroveState): string {
  const logs = Object.keys(s.remote.logs).sort().map((id) => fpLog(id, s.remote.logs[id])).join(';');
  const refs = Object.keys(s.remote.refs).sort().map((n) => `${n}>${fpRef(s.remote.refs[n])}`).join(';');
  const faults = s.faults === undefined ? '' : `|f${s.faults.lost},${s.faults.crashes}`;
  return `${logs}|${refs}|${s.acked.join(',')}|${s.failed.join(',')}|${s.actors.map(fpActor).join(';')}${faults}`;
}

/** The most entries an `Initial state:` block may make in all (every log and every ref's growth). */
export const MAX_INITIAL_ENTRIES = 10_000;

/**
 * Builds the state an `Initial state:` block describes. Keys of one lowercase letter (optionally
 * followed by digits) are logs, anything else is a ref:
 * - `- a: +2`: root log `a` with 2 entries; `- b: a@1 +1`: log `b` branched from `a@1` with 1 entry
 *   (the branch point must be within `a`: at most its tip);
 * - `- main: a` or `- main: a@2`: ref `main` at log `a` (at its tip, or at LSN 2; the log grows to
 *   reach it).
 * Entries made here are commits `0.1`, `0.2`, … (actor 0 stands for history before the scenario).
 * A key given twice is an error, and so is a block that would make more than `MAX_INITIAL_ENTRIES`
 * entries (said before any is made). Errors carry the entry's position (`UsageError.at`).
 */
export function remoteFrom(entries: readonly { key: string; value: string; span?: { line: number; column: number } }[]): Remote {
  const logs: Record<string, { base: LogRef | null; entries: (string | null)[] }> = { [ROOT]: { base: null, entries: [] } };
  const refs: Record<string, LogRef> = {};
  let made = 0;
  const fail = (e: { key: string; value: string; span?: { line: number; column: number } }, what: string) => new UsageError(`initial state '- ${e.key}: ${e.value}': ${what}`, e.span);
  const tipNow = (log: string): number => {
    const l = logs[log];
    return l === undefined ? -1 : (l.base === null ? 0 : l.base.lsn) + l.entries.length;
  };
  const number = (e: { key: string; value: string; span?: { line: number; column: number } }, text: string): number => {
    const n = Number(text);
    if (!(n <= MAX_INITIAL_ENTRIES)) throw fail(e, `${text} is more than the ${MAX_INITIAL_ENTRIES.toLocaleString('en-US')} entries an initial state may have`);
    return n;
  };
  const grow = (e: { key: string; value: string; span?: { line: number; column: number } }, log: string, upto: number) => {
    const more = upto - tipNow(log);
    if (more <= 0) return;
    if (made + more > MAX_INITIAL_ENTRIES) throw fail(e, `the initial state would have more than ${MAX_INITIAL_ENTRIES.toLocaleString('en-US')} entries`);
    for (let k = 0; k < more; k++) logs[log].entries.push(`0.${++made}`);
  };
  const seen = new Map<string, number>();
  for (const e of entries) {
    const line = seen.get(e.key);
    if (line !== undefined) throw fail(e, `'${e.key}' is already given${line > 0 ? ` on line ${line}` : ''}`);
    seen.set(e.key, e.span?.line ?? 0);
  }
  const isLog = (k: string) => /^[a-z]\d*$/.test(k);
  for (const e of entries.filter((x) => isLog(x.key))) {
    const m = /^(?:([a-z]\d*)@(\d+))?\s*(?:\+(\d+))?$/.exec(e.value.trim());
    if (m === null || (m[1] === undefined && m[3] === undefined)) throw fail(e, "expected '+N' or 'log@lsn' or 'log@lsn +N'");
    const add = number(e, m[3] ?? '0');
    if (m[1] !== undefined) {
      const base = { log: m[1], lsn: number(e, m[2]) };
      if (tipNow(base.log) < 0) throw fail(e, `log ${base.log} is not defined above it`);
      if (base.lsn > tipNow(base.log)) throw fail(e, `the branch point ${base.log}@${base.lsn} is past the end of log ${base.log} (its tip is ${base.log}@${tipNow(base.log)})`);
      logs[e.key] = { base, entries: [] };
    } else if (logs[e.key] === undefined) {
      logs[e.key] = { base: null, entries: [] };
    }
    grow(e, e.key, tipNow(e.key) + add);
  }
  for (const e of entries.filter((x) => !isLog(x.key))) {
    const p = parseRef(e.value);
    if (p === null) throw fail(e, "expected 'log' or 'log@lsn'");
    if (tipNow(p.log) < 0) logs[p.log] = { base: null, entries: [] };
    if (p.lsn !== undefined) grow(e, p.log, number(e, String(p.lsn)));
    refs[e.key] = { log: p.log, lsn: p.lsn ?? tipNow(p.log) };
  }
  if (refs[REF] === undefined && entries.every((x) => isLog(x.key))) refs[REF] = { log: ROOT, lsn: tipNow(ROOT) };
  return { logs, refs } as Remote;
}

/** Builds a Grove model instance. */
export function groveModel(o: GroveOptions): GroveModel {
  if (!Number.isInteger(o.actors) || o.actors < 0) throw new UsageError(`actors must be a whole number ≥ 0, got ${o.actors}`);
  if (!Number.isInteger(o.ops) || o.ops < 0) throw new UsageError(`ops must be a whole number ≥ 0, got ${o.ops}`);
  const program = Array.from({ length: o.ops }, (_, k) => (o.program && o.program.length > 0 ? o.program[k % o.program.length] : 'push'));
  const ctx: ProtocolContext = {
    variant: o.variant,
    prims: primitivesFor(o.variant),
    ref: REF,
    root: ROOT,
    program,
    ops: o.ops,
    maxLsn: o.maxLsn ?? Number.POSITIVE_INFINITY,
    faults:
      (o.maxLostReplies ?? 0) > 0 || (o.maxCrashes ?? 0) > 0
        ? { maxLost: o.maxLostReplies ?? 0, maxCrashes: o.maxCrashes ?? 0, maxTotal: o.maxFaults ?? (o.maxLostReplies ?? 0) + (o.maxCrashes ?? 0) }
        : null,
    collide: o.collide ?? false,
  };
  const faults0 = ctx.faults ? { faults: { lost: 0, crashes: 0 } } : {};
  const actorsFor = (): ProgramActor[] =>
    Array.from({ length: o.actors }, (_, i) => ({ kind: 'program', id: String(i + 1), k: 0, pc: o.ops > 0 ? 'read' : 'done', pos: { log: ROOT, lsn: 0 } }));
  /** The enabled actions: per actor in order, its own step, then a lost-reply and a crash if budgets allow. */
  const enabled = (s: GroveState): { i: number; kind: 'step' | 'lost-reply' | 'crash' | 'restart' }[] => {
    const out: { i: number; kind: 'step' | 'lost-reply' | 'crash' | 'restart' }[] = [];
    const f = ctx.faults;
    const used = s.faults ?? { lost: 0, crashes: 0 };
    const room = f !== null && used.lost + used.crashes < f.maxTotal;
    s.actors.forEach((a, i) => {
      if (a.kind !== 'program' || a.pc === 'done') return;
      if (a.pc === 'down') {
        out.push({ i, kind: 'restart' });
        return;
      }
      out.push({ i, kind: 'step' });
      if (room && used.lost < f!.maxLost && isWrite(a)) out.push({ i, kind: 'lost-reply' });
      if (room && used.crashes < f!.maxCrashes) out.push({ i, kind: 'crash' });
    });
    return out;
  };
  const footprint = (s: GroveState, i: number): string[] => {
    const a = s.actors[i] as ProgramActor;
    switch (a.pc) {
      case 'read':
        return o.variant.refs === 'log' ? [`ref:${REF}`, 'log:*'] : [`ref:${REF}`];
      case 'append':
        return [`log:${a.pos.log}`];
      case 'confirm':
        return [`ref:${REF}`, `log:${a.pos.log}`];
      case 'branch':
        return [`log:${a.pos.log}`, `log:${programBranchLog(ctx, a, i)}`];
      default:
        return [`ref:${REF}`];
    }
  };
  const config = {
    variant: o.variant.name,
    actors: o.actors,
    ops: o.ops,
    program: program.join(','),
    ...(o.maxLsn !== undefined ? { maxLsn: o.maxLsn } : {}),
    ...(ctx.faults ? { maxLostReplies: ctx.faults.maxLost, maxCrashes: ctx.faults.maxCrashes, maxFaults: ctx.faults.maxTotal } : {}),
    ...(ctx.collide ? { collide: true } : {}),
  };
  return {
    name: 'grove',
    variant: o.variant.name,
    config,
    ctx,
    initial: () => ({ remote: initialRemote(), actors: actorsFor(), acked: [], failed: [], ...faults0 }),
    initialFrom(entries, scripted) {
      const s: GroveState = { remote: entries.length > 0 ? remoteFrom(entries) : initialRemote(), actors: actorsFor(), acked: [], failed: [], ...faults0 };
      const known = new Set(s.actors.map((a) => a.id));
      const extra = scripted.filter((id) => !known.has(id)).map((id) => newScriptedActor(id, s));
      return { ...s, actors: [...s.actors, ...extra] };
    },
    actions(s): Action[] {
      return enabled(s).map(({ i, kind }) => {
        const id = s.actors[i].id;
        if (kind === 'crash') return { actor: id, op: { name: 'crash', args: [] }, fault: 'crash', footprint: [] };
        if (kind === 'restart') return { actor: id, op: { name: 'restart', args: [] }, fault: 'restart', footprint: [] };
        const a: Action = { actor: id, op: programNextOp(ctx, s, i), footprint: footprint(s, i) };
        return kind === 'lost-reply' ? { ...a, fault: 'lost-reply' } : a;
      });
    },
    step(s, index) {
      const e = enabled(s)[index];
      if (e === undefined) throw new Error(`no enabled action number ${index}`);
      if (e.kind === 'crash') return crashStep(ctx, s, e.i);
      if (e.kind === 'restart') return restartStep(ctx, s, e.i);
      return programStep(ctx, s, e.i, e.kind === 'lost-reply');
    },
    apply(s, row: Row) {
      if (row.kind !== 'call' && row.kind !== 'invoke') throw new UsageError(`grove cannot apply a '${row.kind}' row here`);
      return applyScripted(ctx, s, row);
    },
    fingerprint,
    properties: groveProperties(o.variant),
    itf: groveItf,
    capabilities: groveCapabilities,
  };
}

/** The family, as `grove-check list` shows it and the CLI builds it. */
export const groveFamily: ModelFamily<GroveState> = {
  name: 'grove',
  title: 'Grove: a forest of monotonic logs with push and force push over compare-and-swap refs (seed 000)',
  get variants() {
    return [...allVariants, ...loadedVariants()].map((v) => ({ name: v.name, title: v.title, planted: v.planted }));
  },
  async loadVariant(path: string) {
    return (await loadVariant(path)).name;
  },
  properties: groveProperties(allVariants[0]).map((p) => ({ id: p.id, title: p.title, advisory: p.advisory })),
  defaultVariant: 'lsn-cas',
  build(options: ModelOptions) {
    const program = typeof options.extra?.program === 'string' ? (options.extra.program.split(',') as ClientOp[]) : undefined;
    for (const p of program ?? []) if (p !== 'push' && p !== 'force-push' && p !== 'pull') throw new UsageError(`unknown client op '${p}' in --program; expected push, force-push or pull`);
    const num = (k: string): number | undefined => (typeof options.extra?.[k] === 'number' ? (options.extra[k] as number) : undefined);
    return groveModel({
      variant: variantByName(options.variant ?? 'lsn-cas'),
      actors: options.actors ?? 3,
      ops: options.ops ?? 2,
      program,
      maxLsn: num('maxLsn'),
      maxLostReplies: num('maxLostReplies'),
      maxCrashes: num('maxCrashes'),
      maxFaults: num('maxFaults'),
      collide: options.extra?.collide === true,
    });
  },
};
