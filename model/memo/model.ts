/**
 * Memo epochs (seed 001) as a model under the grove-check checker.
 *
 * What is modeled. Each replica has exactly one active epoch and a Lamport clock. `Create<e>` is a
 * local Git operation (commit, reset) that starts a new epoch: the clock ticks, the epoch takes the
 * timestamp, the replica applies its own selection rule to it and broadcasts it. `Op<o, e>` is an
 * operation tagged with the replica's active epoch, applied locally and broadcast. The network
 * (`net`) delivers any message to any other replica in any order, late, and at most `1 + dups` times
 * (`Deliver<r, e>`, `Deliver<r, o>`). On an epoch delivery the replica merges its clock and applies
 * the variant's rule (`lamport-tiebreak`: timestamp, then replica id; `lamport-no-tiebreak`:
 * timestamp only, keeping the current epoch on a tie); on an op delivery it applies the op only if
 * the op's epoch is the active one.
 *
 * What is abstracted away. A work tree is the set of op ids applied in the active epoch: switching
 * epochs empties it (the seed's "local counters reset to zero"); base commits, the I/O to scan them,
 * version vectors, untethered buffers and the file system are not modeled. An op message is only
 * delivered to a replica that has already seen its epoch (ops travel behind their epoch, as for a
 * collaborator who "only needs to fetch operations associated with the most recent epoch"); epochs
 * themselves arrive in any order. Ops do not tick the Lamport clock (that would only shift timestamps).
 *
 * Properties: M1 convergence (checked whenever nothing is in flight), M2 sequential later-wins
 * (using the ghost causal past of each epoch), M3 superseded ops never change state. Bounds: replicas
 * (`actors`), epochs per replica (`extra.epochs`), ops per replica (`ops`), extra deliveries per
 * message (`extra.dups`).
 */
import { UsageError, err, ok, op, type Action, type Model, type ModelFamily, type Step, type ModelOptions } from '../core/model.ts';
import type { Op, Result, Row } from '../../scenarios/notation/types.ts';
import { memoProperties, type MemoEffect } from './properties.ts';
import { memoCodec } from './codec.ts';
import { LazyStep } from '../core/codec.ts';
import { BASE_EPOCH, addSorted, replicaName, type Epoch, type MemoMessage, type MemoState, type Replica } from './state.ts';
import { memoVariantByName, memoVariants, type MemoVariant } from './variants.ts';

/** How a Memo model instance is configured. */
export interface MemoOptions {
  readonly variant: MemoVariant;
  /** Number of replicas (≥ 1). */
  readonly replicas: number;
  /** Epochs each replica may create. */
  readonly epochs: number;
  /** Ops each replica may make. */
  readonly ops: number;
  /** Extra deliveries allowed per message and replica (1: each message at most twice). */
  readonly dups: number;
}

type MemoAction =
  | { readonly kind: 'create'; readonly replica: number }
  | { readonly kind: 'op'; readonly replica: number }
  | { readonly kind: 'deliver'; readonly msg: number; readonly to: number };

/** A canonical string for a Memo state. */
export function memoFingerprint(s: MemoState): string {
  const reps = s.replicas.map((r) => `${r.clock}:${r.active}:${r.seen.join(',')}:${r.tree.join(',')}:${r.made}:${r.ops}`).join(';');
  const eps = Object.keys(s.epochs)
    .sort()
    .map((id) => `${id}@${s.epochs[id].ts}<${s.epochs[id].after.join(',')}`)
    .join(';');
  const msgs = s.msgs.map((m) => `${m.id}>${m.epoch}:${m.delivered.join('')}`).join(';');
  return `${reps}|${eps}|${msgs}`;
}

function withReplica(s: MemoState, i: number, r: Replica): readonly Replica[] {
  const out = s.replicas.slice();
  out[i] = r;
  return out;
}

function addMessage(msgs: readonly MemoMessage[], m: MemoMessage): readonly MemoMessage[] {
  return [...msgs, m].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Builds a Memo model instance. Pure and deterministic. */
export function memoModel(o: MemoOptions): Model<MemoState> {
  for (const [k, v, min] of [['replicas', o.replicas, 1], ['epochs', o.epochs, 0], ['ops', o.ops, 0], ['dups', o.dups, 0]] as const) {
    if (!Number.isInteger(v) || v < min) throw new UsageError(`memo: ${k} must be a whole number ≥ ${min}, got ${v}`);
  }
  const v = o.variant;
  const maxDeliveries = 1 + o.dups;
  // A message delivered to replica `to` once more, made once per message object and replica: a state
  // shares its messages with the states it steps to, and the fast engine's codec steps from one
  // decoded copy per message content, so the same object comes back and is known by identity.
  const deliveries = new WeakMap<MemoMessage, MemoMessage[]>();
  const deliveredTo = (m: MemoMessage, to: number): MemoMessage => {
    let made = deliveries.get(m);
    if (made === undefined) deliveries.set(m, (made = []));
    let out = made[to];
    if (out === undefined) {
      const delivered = m.delivered.slice();
      delivered[to]++;
      made[to] = out = { ...m, delivered };
    }
    return out;
  };
  // The same for a replica a delivery changes: an op applied (by the replica object and the op's id),
  // an epoch arrived (by the replica, the epoch and the replica's active epoch, all `arrive` reads).
  const applied = new WeakMap<Replica, Map<string, Replica>>();
  const applyOp = (r: Replica, id: string): Replica => {
    let made = applied.get(r);
    if (made === undefined) applied.set(r, (made = new Map()));
    let out = made.get(id);
    if (out === undefined) made.set(id, (out = { ...r, tree: addSorted(r.tree, id) }));
    return out;
  };
  /** A fresh message's delivery counts: none yet, the sender's slot pinned at the maximum. */
  const fresh = (from: number): number[] => Array.from({ length: o.replicas }, (_, j) => (j === from ? maxDeliveries : 0));
  // What an `Op` step makes (the replica after it and its message), by the replica object and its index.
  const opSteps = new WeakMap<Replica, { readonly after: Replica; readonly msg: MemoMessage }[]>();
  const opStep = (r: Replica, i: number): { readonly after: Replica; readonly msg: MemoMessage } => {
    let made = opSteps.get(r);
    if (made === undefined) opSteps.set(r, (made = []));
    let out = made[i];
    if (out === undefined) {
      const id = `o${i + 1}.${r.ops + 1}`;
      made[i] = out = { after: { ...r, ops: r.ops + 1, tree: addSorted(r.tree, id) }, msg: { id, kind: 'op', from: i, epoch: r.active, delivered: fresh(i) } };
    }
    return out;
  };
  // What a `Create` step makes (the epoch, the epochs with it, the replica after it), by the replica
  // object, the epochs it steps from (its causal past is read there) and the replica's index.
  type Created = { readonly e: Epoch; readonly epochs: Readonly<Record<string, Epoch>>; readonly after: Replica };
  const creations = new WeakMap<Replica, WeakMap<object, Created[]>>();
  const create = (r: Replica, all: Readonly<Record<string, Epoch>>, i: number): Created => {
    let byEpochs = creations.get(r);
    if (byEpochs === undefined) creations.set(r, (byEpochs = new WeakMap()));
    let made = byEpochs.get(all);
    if (made === undefined) byEpochs.set(all, (made = []));
    let out = made[i];
    if (out === undefined) {
      const ts = r.clock + 1;
      const id = `e${i + 1}.${r.made + 1}`;
      const past = new Set<string>();
      for (const x of r.seen) {
        past.add(x);
        for (const y of all[x].after) past.add(y);
      }
      const e: Epoch = { id, ts, replica: i + 1, after: [...past].sort() };
      const epochs = { ...all, [id]: e };
      made[i] = out = { e, epochs, after: arrive({ ...r, clock: ts, made: r.made + 1 }, e, epochs) };
    }
    return out;
  };
  // A `Create` step's message, by the epoch's id (which names its creator).
  const epochMsgs = new Map<string, MemoMessage>();
  const epochMsg = (id: string, from: number): MemoMessage => {
    let m = epochMsgs.get(id);
    if (m === undefined) epochMsgs.set(id, (m = { id, kind: 'epoch', from, epoch: id, delivered: fresh(from) }));
    return m;
  };
  const arrivals = new WeakMap<Replica, WeakMap<Epoch, WeakMap<Epoch, Replica>>>();
  const arrived = (r: Replica, e: Epoch, epochs: Readonly<Record<string, Epoch>>): Replica => {
    let byEpoch = arrivals.get(r);
    if (byEpoch === undefined) arrivals.set(r, (byEpoch = new WeakMap()));
    let byActive = byEpoch.get(e);
    if (byActive === undefined) byEpoch.set(e, (byActive = new WeakMap()));
    const active = epochs[r.active];
    let out = byActive.get(active);
    if (out === undefined) byActive.set(active, (out = arrive({ ...r, clock: v.mergeClock ? Math.max(r.clock, e.ts) : r.clock }, e, epochs)));
    return out;
  };

  const enabled = (s: MemoState): MemoAction[] => {
    const out: MemoAction[] = [];
    s.replicas.forEach((r, i) => {
      if (r.made < o.epochs) out.push({ kind: 'create', replica: i });
      if (r.ops < o.ops) out.push({ kind: 'op', replica: i });
    });
    s.msgs.forEach((m, mi) => {
      m.delivered.forEach((n, to) => {
        if (n >= maxDeliveries) return;
        if (m.kind === 'op' && !s.replicas[to].seen.includes(m.epoch)) return;
        out.push({ kind: 'deliver', msg: mi, to });
      });
    });
    return out;
  };

  const opOf = (s: MemoState, a: MemoAction): Op => {
    switch (a.kind) {
      case 'create': {
        const r = s.replicas[a.replica];
        return op('Create', `e${a.replica + 1}.${r.made + 1}`);
      }
      case 'op': {
        const r = s.replicas[a.replica];
        return op('Op', `o${a.replica + 1}.${r.ops + 1}`, r.active);
      }
      case 'deliver':
        return op('Deliver', replicaName(a.to), s.msgs[a.msg].id);
    }
  };

  const rowOf = (s: MemoState, a: MemoAction, result: Result): Row => ({ kind: 'call', actor: actorOf(a), op: opOf(s, a), result });
  /** A result `move` does not print (its row is left to `step`). */
  const OK: Result = ok();

  const actorOf = (a: MemoAction): string => (a.kind === 'deliver' ? 'net' : replicaName(a.replica));

  const footprint = (s: MemoState, a: MemoAction): string[] => {
    if (a.kind === 'deliver') return [`replica:${replicaName(a.to)}`, `msg:${s.msgs[a.msg].id}`];
    return [`replica:${replicaName(a.replica)}`, 'msgs'];
  };

  /** The replica after epoch `e` arrives (created locally or delivered): the variant's rule decides. */
  const arrive = (r: Replica, e: Epoch, epochs: Readonly<Record<string, Epoch>>): Replica => {
    const seen = addSorted(r.seen, e.id);
    if (v.wins(e, epochs[r.active])) return { ...r, seen, active: e.id, tree: [] };
    return { ...r, seen };
  };

  /**
   * Takes action `a` (number `index` of `s`'s enabled actions). With `rowed` false the step's row is
   * left for its reader to make (`LazyStep`, for `expand`): its op and result are never printed. No
   * function is made per step (under tsx every named closure costs a property definition).
   */
  const move = (s: MemoState, a: MemoAction, index: number, rowed: boolean): Step<MemoState> => {
    switch (a.kind) {
      case 'create': {
        const { e, epochs, after } = create(s.replicas[a.replica], s.epochs, a.replica);
        const { id, ts } = e;
        const next: MemoState = { replicas: withReplica(s, a.replica, after), epochs, msgs: addMessage(s.msgs, epochMsg(id, a.replica)) };
        const effect: MemoEffect = { kind: 'create', replica: a.replica, id, epoch: id };
        if (!rowed) return new LazyStep(next, effect, s, index, step);
        return { next, row: rowOf(s, a, ok(after.active === id ? `ts ${ts}` : `ts ${ts}, kept ${after.active}`)), effect };
      }
      case 'op': {
        const r = s.replicas[a.replica];
        const { after, msg } = opStep(r, a.replica);
        const next: MemoState = { ...s, replicas: withReplica(s, a.replica, after), msgs: addMessage(s.msgs, msg) };
        const effect: MemoEffect = { kind: 'op', replica: a.replica, id: msg.id, epoch: r.active };
        return rowed ? { next, row: rowOf(s, a, ok()), effect } : new LazyStep(next, effect, s, index, step);
      }
      case 'deliver': {
        const m = s.msgs[a.msg];
        const r = s.replicas[a.to];
        const msgs = s.msgs.slice();
        msgs[a.msg] = deliveredTo(m, a.to);
        let after: Replica = r;
        let result: Result = OK;
        if (m.kind === 'epoch') {
          const e = s.epochs[m.epoch];
          if (r.seen.includes(e.id)) {
            if (rowed) result = ok('dup');
          } else {
            after = arrived(r, e, s.epochs);
            if (rowed) result = ok(after.active === e.id ? `active ${e.id}` : `kept ${after.active}`);
          }
        } else if (r.tree.includes(m.id)) {
          if (rowed) result = ok('dup');
        } else if (m.epoch === r.active || v.applyAnyEpoch) {
          after = applyOp(r, m.id);
          if (rowed) result = ok('applied');
        } else {
          if (rowed) result = err(undefined, `stale epoch ${m.epoch}`);
        }
        const next: MemoState = { ...s, replicas: withReplica(s, a.to, after), msgs };
        const effect: MemoEffect = { kind: m.kind === 'epoch' ? 'deliver-epoch' : 'deliver-op', replica: a.to, id: m.id, epoch: m.epoch };
        return rowed ? { next, row: rowOf(s, a, result), effect } : new LazyStep(next, effect, s, index, step);
      }
    }
  };

  const step = (s: MemoState, index: number): Step<MemoState> => {
    const a = enabled(s)[index];
    if (a === undefined) throw new Error(`memo: no enabled action number ${index}`);
    return move(s, a, index, true);
  };
  const expand = (s: MemoState): Step<MemoState>[] => {
    const acts = enabled(s);
    const out: Step<MemoState>[] = new Array(acts.length);
    for (let k = 0; k < acts.length; k++) out[k] = move(s, acts[k], k, false);
    return out;
  };

  const initial = (): MemoState => ({
    replicas: Array.from({ length: o.replicas }, () => ({ clock: 0, active: BASE_EPOCH.id, seen: [BASE_EPOCH.id], tree: [], made: 0, ops: 0 })),
    epochs: { [BASE_EPOCH.id]: BASE_EPOCH },
    msgs: [],
  });

  return {
    name: 'memo',
    variant: v.name,
    config: { variant: v.name, actors: o.replicas, epochs: o.epochs, ops: o.ops, dups: o.dups },
    initial,
    actions(s): Action[] {
      return enabled(s).map((a) => ({ actor: actorOf(a), op: opOf(s, a), footprint: footprint(s, a) }));
    },
    step,
    fingerprint: memoFingerprint,
    properties: memoProperties(),
    capabilities: { codec: { codec: memoCodec.codec, expand } },
  };
}

function num(x: string | number | boolean | undefined, fallback: number): number {
  return typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : fallback;
}

/** The Memo family (seed 001): options `actors` (replicas, default 2), `ops` (default 0), `extra.epochs` (default 1), `extra.dups` (default 1). */
export const memoFamily: ModelFamily<MemoState> = {
  name: 'memo',
  title: 'Memo epochs: replicas create epochs with Lamport timestamps and broadcast them (seed 001)',
  variants: memoVariants.map((x) => ({ name: x.name, title: x.title, planted: x.planted })),
  properties: memoProperties().map((p) => ({ id: p.id, title: p.title, advisory: p.advisory })),
  defaultVariant: 'lamport-tiebreak',
  options: [
    { name: 'epochs', flag: 'epochs', header: 'epochs', type: 'int', default: 1, min: 0, max: 20, place: 'extra', help: 'epochs each replica creates (--set epochs=N)' },
    { name: 'dups', flag: 'dups', header: 'dups', type: 'int', default: 1, min: 0, max: 20, place: 'extra', help: 'extra deliveries of each message (--set dups=N)' },
  ],
  build(options: ModelOptions) {
    return memoModel({
      variant: memoVariantByName(options.variant ?? 'lamport-tiebreak'),
      replicas: options.actors ?? 2,
      ops: options.ops ?? 0,
      epochs: num(options.extra?.epochs, 1),
      dups: num(options.extra?.dups, 1),
    });
  },
};
