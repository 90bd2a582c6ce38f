/**
 * # Side by side: the grove-local model and the implementation, step by step
 *
 * One schedule drives both. At every pick the chooser names one of the model's enabled actions (in
 * the model's order); the model takes it, and the implementation's client of that actor takes the
 * same step:
 * - local steps (`Write`, `Squash`, `Rebase`) are explicit calls of the client's step functions;
 * - remote steps (`Push`, `CAS`, `Pull`) are taken by the client's **background pusher** — the same
 *   `Pusher` loop that runs in production — under a scripted policy that hands it the schedule's
 *   step. Its remote call goes through the existing `Scheduler`'s gate (`impl/harness/scheduler.ts`),
 *   which releases it only when the driver says so, so the interleaving is exactly the schedule's.
 *   Between steps every pusher is idle in its policy, which the harness reports to the scheduler as
 *   a stable point.
 *
 * After every step the harness compares, in this order (the first difference is the finding):
 * 1. G8–G11 evaluated on the implementation (`properties.ts`: its store read back, its clients' logs,
 *    and the snapshots and equivalences it computed): a property it breaks is reported by its id;
 * 2. the row (`Actor Op Result`, printed as the model prints it); the remote read back against the
 *    model's (entries with their contents and provenance, `main`); each client's three logs, base,
 *    equivalence edges, snapshot and canonical snapshot (the reference `canonicalize` applied to the
 *    implementation's snapshot) against the model's `pictureOf`; the client's own canonical form
 *    against the reference one; and the rest of its positions (landed, push in flight, behind, the
 *    snapshot its write transaction read). Any difference is property `L`;
 * 3. the model's own properties on its step (a planted model variant's flaw is the model's verdict).
 */
import { checkStep } from '../../checker/properties.ts';
import { printOp, printRow } from '../../scenarios/notation/print.ts';
import type { Row } from '../../scenarios/notation/types.ts';
import { showSnapshot, snapshotKey, type Snapshot } from '../../model/grove-local/canonical.ts';
import type { LocalModel } from '../../model/grove-local/model.ts';
import { clientId, localLog, stagedLog, stagedName } from '../../model/grove-local/names.ts';
import { pagesKey } from '../../model/grove-local/pages.ts';
import { pictureOf, type ClientPicture, type LocalPicture } from '../../model/grove-local/picture.ts';
import { enabledActions, type LocalAction } from '../../model/grove-local/protocol.ts';
import type { LocalState } from '../../model/grove-local/state.ts';
import { diffStores } from '../harness/compare.ts';
import { Scheduler } from '../harness/scheduler.ts';
import { HarnessError } from '../testkit/errors.ts';
import type { Chooser } from '../testkit/chooser.ts';
import { createStore, type BackendKind, type StoreOptions } from '../remote/index.ts';
import { readSnapshot, type Remote, type StoreSnapshot } from '../remote/types.ts';
import { LocalClient, type LocalPlant, type StepOutcome, type SyncKind } from './client.ts';
import { encodeCommit } from './commit.ts';
import { implPicture } from './picture.ts';
import { abstractState, implProblem, implView, type ImplView } from './properties.ts';
import { Pusher, type SyncPolicy } from './pusher.ts';
import { openLocalStore, requireLocalBackend } from './store/index.ts';
import { runSideBySide } from '../testkit/side-by-side.ts';

/** What to run. */
export interface LocalRunOptions {
  /** A grove-local model instance (its variant, clients, writes and pages). */
  readonly model: LocalModel;
  readonly backend: BackendKind;
  /** A planted bug in the implementation's clients. */
  readonly plant?: LocalPlant;
  /** Compare with the model after every step (default true); false leaves only the properties. */
  readonly compare?: boolean;
  /** Evaluate G8–G11 on the implementation and the model's properties (default true). */
  readonly properties?: boolean;
  /** Advisory properties count (none of G8–G11 is advisory; kept for symmetry with the Grove harness). */
  readonly strict?: boolean;
  /** At most this many picks (default 200). */
  readonly maxDepth?: number;
  /** Scheduler watchdog, ms. */
  readonly timeoutMs?: number;
  /** How stores are built (`durable` defaults to false here, as in `impl/harness/run.ts`). */
  readonly store?: StoreOptions;
}

/** A failed check of a run. */
export interface LocalFinding {
  readonly property: string;
  readonly message: string;
  /** 1-based row at which it failed. */
  readonly atRow: number;
  readonly source: 'implementation' | 'divergence' | 'model';
}

/** What a run did. */
export interface LocalExecution {
  /** The implementation's rows, one per step. */
  readonly rows: Row[];
  /** The model's rows (equal to `rows` unless the finding is a row divergence). */
  readonly modelRows: Row[];
  /** The model's action indices. */
  readonly path: number[];
  /** The picks as keys (`1 write:p`, `2 push`): replaying them with `keysChooser` reproduces the run. */
  readonly picks: string[];
  readonly finding: LocalFinding | null;
  /** The last states reached: the model's, and the implementation's abstracted into the model's shape. */
  readonly model: LocalState;
  readonly impl: LocalState | null;
  /** The implementation's picture after the last step. */
  readonly picture: LocalPicture | null;
}


/** `1 write:p`, `2 squash`: an action's key, stable when other picks are deleted around it. */
export function pickKey(a: LocalAction): string {
  return `${clientId(a.client)} ${a.kind}${a.page !== undefined ? `:${a.page}` : ''}`;
}


/**
 * The harness's pusher policy: hands the pusher the schedule's step. While waiting for one the pusher
 * is idle, which is a stable point for the scheduler (`finished` until its next call).
 */
class ScriptedPolicy implements SyncPolicy {
  private pending: ((k: SyncKind | null) => void) | null = null;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  outcome: StepOutcome | { readonly kind: SyncKind; readonly error: unknown } | null = null;

  constructor(
    private readonly sched: Scheduler,
    private readonly actor: string,
  ) {}

  next(): Promise<SyncKind | null> {
    this.sched.finished(this.actor);
    for (const w of this.idleWaiters.splice(0)) w();
    if (this.closed) return Promise.resolve(null);
    return new Promise((r) => (this.pending = r));
  }

  after(o: StepOutcome | { readonly kind: SyncKind; readonly error: unknown }): void {
    this.outcome = o;
  }

  /** Hands the pusher `kind`; resolves when it is idle again (the step done). */
  give(kind: SyncKind): Promise<void> {
    const p = this.pending;
    if (p === null) throw new HarnessError(`actor ${this.actor}'s pusher is not idle`);
    this.pending = null;
    this.outcome = null;
    const idle = new Promise<void>((r) => this.idleWaiters.push(r));
    p(kind);
    return idle;
  }

  close(): void {
    this.closed = true;
    const p = this.pending;
    this.pending = null;
    p?.(null);
  }
}

/** A view of `r` that calls `onCall` right after each primitive is invoked (the call is then at its gate). */
function signalling(r: Remote, onCall: () => void): Remote {
  const after = <T>(p: Promise<T>): Promise<T> => {
    onCall();
    return p;
  };
  return {
    kind: r.kind,
    append: (log, lsn, c) => after(r.append(log, lsn, c)),
    branch: (from, to, c) => after(r.branch(from, to, c)),
    readRef: (ref) => after(r.readRef(ref)),
    check: (ref, at, mode) => after(r.check(ref, at, mode)),
    cas: (ref, e, n, cmp) => after(r.cas(ref, e, n, cmp)),
    listLogs: () => r.listLogs(),
    readRefs: () => r.readRefs(),
    close: () => r.close(),
  };
}

const message = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
const showPagesOf = (es: readonly { id: string; pages: Readonly<Record<string, string>> }[]): string => es.map((e) => `${e.id}{${pagesKey(e.pages)}}`).join(' ') || '·';

/** The model's remote as the store should read back (commits encoded as the client encodes them). */
export function expectedStore(s: LocalState): StoreSnapshot {
  const entries = s.remote.entries.map((e) => encodeCommit({ staged: stagedName(e.client, e.staged), lo: e.lo, hi: e.hi, pages: e.pages }));
  return { logs: { a: { base: null, entries } }, refs: { main: { log: 'a', lsn: s.remote.main } } };
}

/** The first difference between a client's picture in the model and in the implementation, or null. */
export function diffClient(m: ClientPicture, x: ClientPicture): string | null {
  const who = `client ${m.id}`;
  for (let k = 0; k < m.logs.length; k++) {
    const a = showPagesOf(m.logs[k].entries);
    const b = showPagesOf(x.logs[k]?.entries ?? []);
    if (a !== b) return `${who}'s ${m.logs[k].ref}: model ${a}, implementation ${b}`;
  }
  if (m.base !== x.base) return `${who}'s base: model ${m.base ?? 'a@0'}, implementation ${x.base ?? 'a@0'}`;
  const eq = (p: ClientPicture) => p.equivalences.map((e) => `${e.from.join(' ')} → ${e.to}`).join(', ') || '·';
  if (eq(m) !== eq(x)) return `${who}'s equivalences: model ${eq(m)}, implementation ${eq(x)}`;
  if (snapshotKey(m.snapshot) !== snapshotKey(x.snapshot)) return `${who}'s snapshot: model ${showSnapshot(m.snapshot)}, implementation ${showSnapshot(x.snapshot)}`;
  if (snapshotKey(m.canonical) !== snapshotKey(x.canonical)) return `${who}'s canonical snapshot: model ${showSnapshot(m.canonical)}, implementation ${showSnapshot(x.canonical)}`;
  return null;
}

/**
 * Everything the harness compares after a step (see the module comment, item 2). Null when the
 * implementation agrees with the model.
 */
export function compareWithModel(s: LocalState, variant: LocalModel['ctx']['variant'], v: ImplView, implRow: Row, modelRow: Row, backend: string): string | null {
  if (printRow(implRow) !== printRow(modelRow)) return `the ${backend} implementation answers ${printRow(implRow)} where the model answers ${printRow(modelRow)}`;
  const after = `after ${printRow(implRow)}`;
  const store = diffStores(expectedStore(s), v.store);
  if (store !== null) return `${after} the ${backend} store differs from the model's remote: ${store}`;
  const mp = pictureOf(s, variant);
  const xp = implPicture(v);
  for (let i = 0; i < mp.clients.length; i++) {
    const d = diffClient(mp.clients[i], xp.clients[i]);
    if (d !== null) return `${after}: ${d}`;
    const own = v.clients[i].canonical;
    if (snapshotKey(own) !== snapshotKey(xp.clients[i].canonical)) {
      return `${after}: client ${mp.clients[i].id}'s own canonicalizer gives ${showSnapshot(own)}, the reference gives ${showSnapshot(xp.clients[i].canonical)}`;
    }
    const mc = s.clients[i];
    const x = v.clients[i].logs.meta;
    const pos = (c: { landed: number; push: number | null; behind: boolean }) => `landed ${c.landed}, push ${c.push ?? '-'}, behind ${c.behind}`;
    if (pos(mc) !== pos(x)) return `${after}: client ${mp.clients[i].id}'s positions: model ${pos(mc)}, implementation ${pos(x)}`;
    if (snapshotKey(mc.read as Snapshot) !== snapshotKey(v.clients[i].read)) {
      return `${after}: client ${mp.clients[i].id}'s write transaction read: model ${showSnapshot(mc.read)}, implementation ${showSnapshot(v.clients[i].read)}`;
    }
  }
  return null;
}

/**
 * Runs one schedule side by side (see the module comment). Never throws for a verdict; throws
 * HarnessError for misuse, and StoreUsageError for `backend: 'postgres'` before any store is made.
 */
export async function runLocal(o: LocalRunOptions, choose: Chooser): Promise<LocalExecution> {
  requireLocalBackend(o.backend);
  const model = o.model;
  const ctx = model.ctx;
  let s = model.initial();
  const n = s.clients.length;
  const store = await createStore(o.backend, { logs: { a: { base: null, entries: [] } }, refs: { main: { log: 'a', lsn: 0 } } }, { durable: false, ...o.store });
  const sched = new Scheduler({ timeoutMs: o.timeoutMs });
  const clients: LocalClient[] = [];
  const policies: ScriptedPolicy[] = [];
  const pushers: Pusher[] = [];
  const loops: Promise<void>[] = [];
  const signals: ((() => void) | null)[] = Array.from({ length: n }, () => null);
  try {
    const observer = await store.connect();
    for (let i = 0; i < n; i++) {
      const id = clientId(i);
      const conn = await store.connect(sched.hooks(id));
      const remote = signalling(sched.gate(id, conn), () => signals[i]?.());
      const local = openLocalStore(o.backend, store.location, id, { durable: o.store?.durable });
      const client = new LocalClient({ names: { actor: id, staged: stagedLog(i), local: localLog(i), remote: 'a', ref: 'main' }, remote, store: local, plant: o.plant });
      const policy = new ScriptedPolicy(sched, id);
      const pusher = new Pusher(client, policy);
      clients.push(client);
      policies.push(policy);
      pushers.push(pusher);
      loops.push(pusher.start());
    }
    return await drive();

    async function remoteStep(i: number, kind: SyncKind): Promise<StepOutcome | { error: unknown }> {
      const id = clientId(i);
      let called = false;
      const gate = new Promise<void>((r) => (signals[i] = () => ((called = true), r())));
      const idle = policies[i].give(kind);
      await Promise.race([gate, idle]);
      signals[i] = null;
      if (called) {
        const ev = await sched.step(id);
        if (ev.kind !== 'completed') throw new HarnessError(`actor ${id}'s pusher did not complete its call (${ev.kind})`);
      }
      await idle;
      const out = policies[i].outcome;
      if (out === null) throw new HarnessError(`actor ${id}'s pusher reported no outcome for ${kind}`);
      return out;
    }

    async function drive(): Promise<LocalExecution> {
      const rows: Row[] = [];
      const modelRows: Row[] = [];
      const path: number[] = [];
      const picks: string[] = [];
      let before: ImplView = implView(clients, await readSnapshot(observer));
      let implState: LocalState | null = null;
      let picture: LocalPicture | null = null;
      const found = (property: string, msg: string, source: LocalFinding['source']): LocalExecution => ({
        rows,
        modelRows,
        path,
        picks,
        finding: { property, message: msg, atRow: Math.max(1, rows.length), source },
        model: s,
        impl: implState,
        picture,
      });
      // The drive is the testkit's; a step here is the model's action `idx`, made by the harness on the client.
      const takeStep = async (idx: number): Promise<LocalExecution | null> => {
        const a = enabledActions(ctx, s)[idx];
        const step = model.step(s, idx);
        const c = clients[a.client];
        const out: StepOutcome | { error: unknown } =
          a.kind === 'write' ? c.write(a.page!) : a.kind === 'squash' ? c.squash() : a.kind === 'rebase' ? c.rebase() : await remoteStep(a.client, a.kind);
        path.push(idx);
        modelRows.push(step.row);
        if ('error' in out) {
          rows.push({ kind: 'call', actor: clientId(a.client), op: step.row.kind === 'call' ? step.row.op : { name: '?', args: [] }, result: { kind: 'unknown' } });
          return found('L', `actor ${clientId(a.client)}'s ${printOp(step.row.kind === 'call' ? step.row.op : { name: a.kind, args: [] })} threw ${message(out.error)}`, 'divergence');
        }
        rows.push(out.row);
        let after: ImplView;
        try {
          after = implView(clients, await readSnapshot(observer));
          implState = abstractState(after);
          picture = implPicture(after);
        } catch (e) {
          return found('L', `after ${printRow(out.row)} the ${o.backend} implementation cannot be read back: ${message(e)}`, 'divergence');
        }
        if (o.properties !== false) {
          const p = implProblem(ctx, before, after, { client: a.client, kind: a.kind, ok: out.ok, read: out.read });
          if (p !== null) return found(p.property, `${p.message} (on the ${o.backend} implementation)`, 'implementation');
        }
        if (o.compare !== false) {
          const diff = compareWithModel(step.next, ctx.variant, after, out.row, step.row, o.backend);
          if (diff !== null) return found('L', diff, 'divergence');
        }
        if (o.properties !== false) {
          const v = checkStep(model, s, step, o.strict ?? false);
          if (v.violation) return found(v.violation.property, v.violation.message, 'model');
        }
        s = step.next;
        before = after;
        return null;
      };
      const stop = await runSideBySide<LocalExecution>({ enabled: () => enabledActions(ctx, s).map(pickKey), step: takeStep }, choose, o.maxDepth ?? 200, picks);
      return stop ?? { rows, modelRows, path, picks, finding: null, model: s, impl: implState, picture };
    }
  } finally {
    sched.abort();
    for (const p of policies) p.close();
    await Promise.all(loops);
    for (const c of clients) c.close();
    await store.dispose();
  }
}
