/**
 * One schedule run against the model and an implementation at once.
 *
 * The model's program-driven actors and the implementation's clients (one `GroveClient` per actor,
 * each with its own connection to one fresh store) follow the same schedule: at every pick the chooser
 * names an actor among those the model has enabled; the scheduler lets that client's next remote call
 * through (or, in split mode, resumes it) and the model takes that actor's step. After each completed
 * call the harness compares, in this order:
 * 1. the model's safety properties (G1–G6, G7 if strict) evaluated on what the *implementation* did
 *    (its store read back through its own API, the commits its clients acknowledged or reported failed,
 *    the primitive it called): a property the implementation breaks is reported by its own id;
 * 2. the row (`Actor Op Result`, printed as the model prints it), the store read back against the
 *    model's remote (logs with base and entries, refs), and the acknowledged/failed commits: any
 *    difference is property `L` (the implementation's history has no linearization the model accepts:
 *    calls are sequential here, so the schedule's order is the only one);
 * 3. the model's own properties on its step (the protocol's flaws, e.g. G6 under logid-check).
 *
 * A call that throws is a finding too (`L`, naming the error: a corrupt store names its file or row),
 * except a `SimulatedCrash` from a crash plan: then the store is read back through a fresh connection,
 * as a restarted process would, and must equal the model's remote before the call or after it.
 */
import type { Result, Row } from '../../scenarios/notation/types.ts';
import { printOp, printRow } from '../../scenarios/notation/print.ts';
import { checkStep } from '../../checker/properties.ts';
import type { GroveModel } from '../../model/grove/model.ts';
import type { GroveEffect } from '../../model/grove/protocol.ts';
import { insertSorted, type GroveState, type Remote as ModelRemote } from '../../model/grove/state.ts';
import { GroveClient, type ClientPlant } from '../client/client.ts';
import { createStore, SimulatedCrash, RunAborted, type BackendKind, type StoreOptions } from '../remote/index.ts';
import { readSnapshot, type LogRef, type Remote, type StoreSnapshot } from '../remote/types.ts';
import { Scheduler, type CallRecord } from './scheduler.ts';
import { HarnessError } from '../testkit/errors.ts';
import type { Chooser } from '../testkit/chooser.ts';
import { runSideBySide } from '../testkit/side-by-side.ts';
import { diffStores } from './compare.ts';

/** Crash one call of one actor at one crash point of the backend (`*`: the first it reaches). */
export interface CrashPlan {
  readonly actor: string;
  /** 1-based number of the actor's remote call. */
  readonly call: number;
  readonly point: string;
}

/** What to run against. */
export interface ImplRunOptions {
  readonly model: GroveModel;
  readonly backend: BackendKind;
  /**
   * How stores are built. `durable` defaults to false here: a schedule never cuts power, so fsyncs
   * change nothing the harness can observe (simulated crashes stop a write but keep the page cache);
   * atomicity does not depend on them. Pass `durable: true` to run the fsyncs anyway.
   */
  readonly store?: StoreOptions;
  /** Split calls at backend yield points (see scheduler.ts). */
  readonly split?: boolean;
  /** A planted client bug. */
  readonly client?: ClientPlant;
  readonly crash?: CrashPlan;
  /** Evaluate properties (default true); false compares with the model only. */
  readonly properties?: boolean;
  /** Advisory properties (G7) count. */
  readonly strict?: boolean;
  /** The model state to start from (its remote seeds the store); default `model.initial()`. */
  readonly initial?: GroveState;
  /** At most this many picks (default 200). */
  readonly maxDepth?: number;
  /** Scheduler watchdog (ms). */
  readonly timeoutMs?: number;
}


/** A failed check of a run. */
export interface Finding {
  readonly property: string;
  readonly message: string;
  /** 1-based row at which it failed. */
  readonly atRow: number;
  /** Who showed it: the implementation (a property on its behaviour), a divergence, or the model itself. */
  readonly source: 'implementation' | 'divergence' | 'model';
}

/** What a run did. */
export interface ImplExecution {
  /** The implementation's rows, one per completed call (a crashed call's result is `?`). */
  readonly rows: Row[];
  /** The model's action indices, one per completed call. */
  readonly path: number[];
  /** The actor of every pick, pauses included (replaying these picks reproduces the run). */
  readonly picks: string[];
  readonly finding: Finding | null;
  /** Set when a planned crash happened and the store read back consistently. */
  readonly crashed?: string;
  /** Split mode: where calls paused, in order. */
  readonly pauses: string[];
}

const refText = (model: GroveModel, r: LogRef | null): string => {
  const at = r ?? { log: '?', lsn: 0 };
  return model.ctx.variant.refs === 'logref' ? `${at.log}@${at.lsn}` : at.log;
};

/** The row a remote call prints as, in the model's words. */
export function rowOf(model: GroveModel, actor: string, c: CallRecord): Row {
  const a = c.args as never[];
  const call = (name: string, args: string[], result: Result): Row => ({ kind: 'call', actor, op: { name, args }, result });
  const unknown = { kind: 'unknown' } as const;
  const res = c.result as never;
  const failed = c.error !== undefined || c.result === undefined;
  switch (c.method) {
    case 'readRef': {
      const r = res as { at: LogRef; tip: number } | null;
      if (failed) return call('Pull', [a[0]], unknown);
      if (r === null) return call('Pull', [a[0]], { kind: 'err', message: 'missing' });
      const pos = model.ctx.variant.refs === 'log' ? { log: r.at.log, lsn: Math.max(0, r.tip) } : r.at;
      return call('Pull', [a[0]], { kind: 'ok', value: `${pos.log}@${pos.lsn}` });
    }
    case 'append': {
      const op = [`${a[0]}@${a[1]}`];
      if (failed) return call('Append', op, unknown);
      const r = res as { ok: boolean; reason?: string };
      return call('Append', op, r.ok ? { kind: 'ok' } : { kind: 'err', message: r.reason });
    }
    case 'branch': {
      const from = a[0] as LogRef;
      const op = [`${from.log}@${from.lsn}`, a[1]];
      if (failed) return call('Branch', op, unknown);
      const r = res as { ok: boolean; reason?: string };
      return call('Branch', op, r.ok ? { kind: 'ok' } : { kind: 'err', message: r.reason });
    }
    case 'check': {
      const at = a[1] as LogRef;
      const op = [a[0], model.ctx.variant.refs === 'log' ? at.log : `${at.log}@${at.lsn}`];
      if (failed) return call('Check', op, unknown);
      const r = res as { ok: boolean; actual: LogRef | null };
      return call('Check', op, r.ok ? { kind: 'ok' } : { kind: 'err', value: refText(model, r.actual) });
    }
    case 'cas': {
      const op = [a[0], refText(model, a[1]), refText(model, a[2])];
      if (failed) return call('CAS', op, unknown);
      const r = res as { ok: boolean; actual: LogRef | null };
      return call('CAS', op, r.ok ? { kind: 'ok' } : { kind: 'err', value: refText(model, r.actual) });
    }
  }
}

function effectOf(actor: string, c: CallRecord, acked: string | undefined, failed: string | undefined): GroveEffect {
  const r = c.result as { ok?: boolean } | null;
  const ok = r === null ? false : r?.ok ?? true;
  const a = c.args as never[];
  switch (c.method) {
    case 'readRef':
      return { actor, kind: 'read', ok: true, acked, failed };
    case 'append':
      return { actor, kind: 'append', ok, at: { log: a[0], lsn: a[1] }, acked, failed };
    case 'branch':
      return { actor, kind: 'branch', ok, acked, failed };
    case 'check':
      return { actor, kind: 'check', ok, acked, failed };
    case 'cas':
      return { actor, kind: 'cas', ok, expected: a[1] as LogRef, acked, failed };
  }
}

const message = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Runs one schedule (see the module comment). Never throws for a verdict; throws HarnessError for misuse. */
export async function runImpl(o: ImplRunOptions, choose: Chooser): Promise<ImplExecution> {
  const model = o.model;
  const ctx = model.ctx;
  if (Number.isFinite(ctx.maxLsn)) throw new HarnessError('maxLsn bounds are not supported against an implementation');
  const extra = ctx as unknown as { faults?: unknown; collide?: boolean };
  if (extra.faults || extra.collide) throw new HarnessError('faults (lost replies, crashes) and collide are model features; they are not injected into implementation clients');
  const strict = o.strict ?? false;
  const properties = o.properties ?? true;
  let s: GroveState = o.initial ?? model.initial();
  const programActors = s.actors.filter((a) => a.kind === 'program').map((a) => a.id);
  if (s.actors.some((a) => a.kind !== 'program')) throw new HarnessError('only program-driven actors can run against an implementation');
  const store = await createStore(o.backend, s.remote as StoreSnapshot, { durable: false, ...o.store });
  const sched = new Scheduler({ split: o.split, timeoutMs: o.timeoutMs });
  const events: { kind: 'acked' | 'failed'; commit: string }[] = [];
  const programs: Promise<void>[] = [];
  let observer: Remote | null = null;
  let crashFired = false;
  try {
    observer = await store.connect();
    for (const [index, id] of programActors.entries()) {
      const crash = (point: string): void => {
        const plan = o.crash;
        if (plan === undefined || crashFired || plan.actor !== id || sched.callsOf(id) !== plan.call) return;
        if (plan.point !== '*' && plan.point !== point) return;
        crashFired = true;
        throw new SimulatedCrash(point);
      };
      const conn = await store.connect(sched.hooks(id, { crash }));
      const client = new GroveClient({
        remote: sched.gate(id, conn),
        variant: ctx.variant,
        ref: ctx.ref,
        plant: o.client,
        onAcknowledged: (c) => events.push({ kind: 'acked', commit: c }),
      });
      const program = async (): Promise<void> => {
        for (let k = 0; k < ctx.ops; k++) {
          const op = ctx.program[k];
          const commit = `${id}.${k + 1}`;
          const branchLog = logName(1 + index * ctx.ops + k);
          const out = await client.run(op, commit, branchLog);
          if (out.outcome === 'failed') events.push({ kind: 'failed', commit });
        }
      };
      programs.push(
        program().then(
          () => sched.finished(id),
          (e: unknown) => sched.finished(id, e),
        ),
      );
    }
    return await drive(o, model, s, store, observer, sched, events, choose, strict, properties);
  } finally {
    sched.abort();
    await Promise.all(programs);
    await store.dispose();
  }
}

/** `a`, `b`, … for log number n, as the model names the logs force pushes create. */
function logName(n: number): string {
  return n < 26 ? String.fromCharCode(97 + n) : `l${n}`;
}

async function drive(
  o: ImplRunOptions,
  model: GroveModel,
  s0: GroveState,
  store: Awaited<ReturnType<typeof createStore>>,
  observer: Remote,
  sched: Scheduler,
  events: { kind: 'acked' | 'failed'; commit: string }[],
  choose: Chooser,
  strict: boolean,
  properties: boolean,
): Promise<ImplExecution> {
  let s = s0;
  const rows: Row[] = [];
  const path: number[] = [];
  const picks: string[] = [];
  const pauses: string[] = [];
  let implPrev: GroveState = { ...s, remote: (await readSnapshot(observer)) as ModelRemote };
  const found = (property: string, msg: string, source: Finding['source']): ImplExecution => ({
    rows,
    path,
    picks,
    pauses,
    finding: { property, message: msg, atRow: Math.max(1, rows.length), source },
  });

  /** Processes a completed call of `actor`; returns an execution to stop with, or null to go on. */
  const completed = async (actor: string, call: CallRecord): Promise<ImplExecution | null> => {
    const enabled = model.actions(s);
    const idx = enabled.findIndex((a) => a.actor === actor);
    const row = rowOf(model, actor, call);
    if (idx < 0) {
      rows.push(row);
      return found('L', `actor ${actor}'s client made a call (${printRow(row)}) but the model's actor ${actor} has no step left`, 'divergence');
    }
    if (call.error !== undefined) {
      rows.push(row);
      if (call.error instanceof SimulatedCrash) {
        const fresh = await store.connect();
        let snap: StoreSnapshot;
        try {
          snap = await readSnapshot(fresh);
        } catch (e) {
          return found('L', `after a simulated crash at ${call.error.point} in actor ${actor}'s ${printOp(row.kind === 'call' ? row.op : { name: '?', args: [] })}, the store cannot be read back: ${message(e)}`, 'divergence');
        }
        const before = diffStores(s.remote, snap);
        const after = diffStores(model.step(s, idx).next.remote, snap);
        if (before === null || after === null) {
          return { rows, path, picks, pauses, finding: null, crashed: `crash at ${call.error.point} in actor ${actor}'s call ${sched.callsOf(actor)}: the store reads back as ${before === null ? 'before' : 'after'} the call` };
        }
        return found('L', `after a simulated crash at ${call.error.point}, the store is neither as before the call (${before}) nor as after it (${after})`, 'divergence');
      }
      return found('L', `actor ${actor}'s call ${printRow(row)} threw ${message(call.error)}`, 'divergence');
    }
    const step = model.step(s, idx);
    path.push(idx);
    rows.push(row);
    let snap: StoreSnapshot;
    try {
      snap = await readSnapshot(observer);
    } catch (e) {
      return found('L', `after ${printRow(row)} the store cannot be read back: ${message(e)}`, 'divergence');
    }
    let acked = implPrev.acked;
    let failed = implPrev.failed;
    let ackedNow: string | undefined;
    let failedNow: string | undefined;
    for (const e of events.splice(0)) {
      if (e.kind === 'acked') {
        acked = insertSorted(acked, e.commit);
        ackedNow = e.commit;
      } else if (!acked.includes(e.commit)) {
        failed = insertSorted(failed, e.commit);
        failedNow = e.commit;
      }
    }
    const impl: GroveState = { remote: snap as ModelRemote, actors: step.next.actors, acked, failed };
    if (properties) {
      const v = checkStep(model, implPrev, { next: impl, row, effect: effectOf(actor, call, ackedNow, failedNow) }, strict);
      if (v.violation) return found(v.violation.property, `${v.violation.message} (on the ${o.backend} implementation)`, 'implementation');
    }
    if (printRow(row) !== printRow(step.row)) return found('L', `the ${o.backend} implementation answers ${printRow(row)} where the model answers ${printRow(step.row)}`, 'divergence');
    const diff = diffStores(step.next.remote, snap);
    if (diff !== null) return found('L', `after ${printRow(row)} the ${o.backend} store differs from the model's remote: ${diff}`, 'divergence');
    if (acked.join(',') !== step.next.acked.join(',')) {
      return found('L', `after ${printRow(row)} the ${o.backend} clients have acknowledged [${acked.join(', ')}], the model [${step.next.acked.join(', ')}]`, 'divergence');
    }
    if (failed.join(',') !== step.next.failed.join(',')) {
      return found('L', `after ${printRow(row)} the ${o.backend} clients have reported failed [${failed.join(', ')}], the model [${step.next.failed.join(', ')}]`, 'divergence');
    }
    if (properties) {
      const v = checkStep(model, s, step, strict);
      if (v.violation) return found(v.violation.property, v.violation.message, 'model');
    }
    s = step.next;
    implPrev = impl;
    return null;
  };

  // The drive is the testkit's; a step here lets the chosen actor's client make its next call.
  const stop = await runSideBySide<ImplExecution>(
    {
      enabled: () => model.actions(s).map((a) => a.actor),
      async step(_i, actor) {
        const ev = await sched.step(actor);
        if (ev.kind === 'finished') {
          const next = model.actions(s).find((a) => a.actor === actor);
          return found('L', `actor ${actor}'s client ended its program${ev.error !== undefined ? ` with ${message(ev.error)}` : ''}, but the model's next step for it is ${next ? printOp(next.op) : '?'}`, 'divergence');
        }
        if (ev.kind === 'paused') {
          pauses.push(`${actor} ${ev.call.method} paused at ${ev.label}`);
          return null;
        }
        return completed(actor, ev.call);
      },
      async finish() {
        // Split mode: finish the calls left half done, taking paused actors in turn (a lock holder
        // and a waiter alternate, so the holder gets to finish).
        let turn = 0;
        for (let guard = 0; guard < 10_000; guard++) {
          const paused = model.actions(s).map((a) => a.actor).filter((a) => sched.isPaused(a));
          if (paused.length === 0) break;
          const actor = paused[turn++ % paused.length];
          picks.push(actor);
          const ev = await sched.step(actor);
          if (ev.kind === 'paused') continue;
          if (ev.kind === 'finished') break;
          const stopped = await completed(actor, ev.call);
          if (stopped !== null) return stopped;
        }
        if (model.actions(s).length === 0) {
          for (const a of s.actors) {
            const st = await sched.settle(a.id);
            if (st.state !== 'finished') return found('L', `actor ${a.id}'s client makes another call (${st.call?.method ?? st.label}) after its program ended in the model`, 'divergence');
          }
        }
        return null;
      },
    },
    choose,
    o.maxDepth ?? 200,
    picks,
  );
  return stop ?? { rows, path, picks, pauses, finding: null };
}

/** Re-exported for callers that catch a run's end. */
export { RunAborted };
