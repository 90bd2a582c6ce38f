/**
 * The codec path's memo (`CodecCapability.expand` and `properties`, used only by the fast engine):
 * the model's own steps and checks, each computed once per distinct input and then looked up.
 *
 * Why it pays. G9 canonicalizes snapshots on every transition and G8 and G10 fold pages on every new
 * state, yet almost all of that work is per client: at 2 clients × 3 writes there are 89,493 states
 * and 202,810 transitions but only 5,664 distinct clients and 489 distinct remotes, and the checks
 * read even less (not a client's push in flight nor the snapshot its write read, and of the remote
 * only the entries a client holds). Each check below is one the model already computes client by
 * client (`properties.ts`), so its result is kept by the inputs it reads.
 *
 * Why it is sound. States are immutable. A client, a client's logs and positions (`logsKey`) and the
 * remote's entries are each merged by content, by the fingerprint's own strings (`fingerprint.ts`:
 * equal strings, equal content), computed once per object: a decoded state's entries and clients are
 * the codec's shared copies (`codec.ts` writes them as parts), and a successor this memo made carries
 * the facts of its parts (`KnownState`). Every result is a pure function of the content it is kept by:
 * - client `i`'s enabled actions (`clientActions`) read the client and whether `main` is past its
 *   origin/main, and are kept by those; `takeAction` for client `i` reads the client and the fixed
 *   context, and a push also the remote's entries, a pull and a confirm also `main`: its successor
 *   client, its change to the entries or `main`, and its effect are kept by (client, whether `main`
 *   is past its origin/main, the entries if one of its actions is a push, `main` if one is a pull or
 *   a confirm) (`stepsOf`);
 * - G8 for client `i` (`clientSquashProblem`) reads its logs alone; G9 and G10 for client `i`
 *   (`clientCanonicalProblem`, `clientWritesProblem`) read its logs and positions and the remote's
 *   entries up to its origin/main and its base (`heldPages`, `expectedPages`), and are kept by those;
 * - G9's rest (`snapshotBeforeProblem`) reads the stepping client's logs and positions before and
 *   after the step and the entries it holds after it, and is kept by those;
 * - G10 on a step (`staleWriteProblem`) reads the step's effect and the stepping client before it,
 *   which the kept step fixes, and the entries it held before it, and is kept by those;
 * - G11 (`convergenceProblem`) holds unless no client has a sync step left, which is each client's
 *   actions, kept as above (the rare stopped states are judged by the model's own function).
 * A kept step with the remote's entries before it fixes the whole step (the client and entries
 * before and after it, its effect), so its two transition verdicts are also kept by those
 * (`StepVerdicts`): one lookup per transition.
 * A client is kept *at its index*: names depend on it. The merged facts live as long as the model
 * instance (a few per distinct content); objects are mapped to them in `WeakMap`s, which go with the
 * search that decoded them. `assertCodec` compares every step and verdict with the model's own on
 * every reachable state of a small bound, planted bugs included (`codec.test.ts`).
 */
import { LazyStep, type CodecCapability } from '../core/codec.ts';
import type { Property, Step } from '../core/model.ts';
import { clientKey, entriesKey, logsKey } from './fingerprint.ts';
import {
  clientCanonicalProblem,
  clientSquashProblem,
  clientWritesProblem,
  convergenceProblem,
  localProperties,
  snapshotBeforeProblem,
  staleWriteProblem,
} from './properties.ts';
import { clientActions, isSync, takeAction, type LocalContext, type LocalEffect } from './protocol.ts';
import type { Client, LocalState, Remote, RemoteEntry } from './state.ts';

type Entries = readonly RemoteEntry[];
type Verdict = string | null;

/** What is kept of one content of the remote's entries. */
interface EntriesFacts {
  /** An object of this content: the one the engine decoded last, once it has decoded one. */
  shared: Entries;
  /** The facts of its first `k` entries, once asked for. */
  readonly prefixes: (EntriesFacts | undefined)[];
}

/** What is kept of one content of a client's logs and positions (`logsKey`) at its index. */
interface LogsFacts {
  g8?: Verdict;
  /** G9 and G10 of the client, by the facts of the entries it reads (`readPrefix`). */
  readonly byPrefix: Map<EntriesFacts, { g9?: Verdict; g10?: Verdict }>;
  /** G9's rest of a step from these logs, by the logs after it and the entries held after it. */
  readonly rest: Map<LogsFacts, Map<EntriesFacts, Verdict>>;
}

/** What is kept of one content of a client at its index. */
interface ClientFacts {
  /** An object of this content: the one the engine decoded last, once it has decoded one. */
  shared: Client;
  readonly logs: LogsFacts;
  /** Its enabled actions and steps, when `main` is past its origin/main (1) or not (0). */
  readonly actions: (Actions | undefined)[];
}

/** A client's enabled actions (`clientActions`), what their steps read of the remote, and the steps. */
interface Actions {
  /** Whether one is a sync step (G11). */
  readonly sync: boolean;
  /** Whether a step reads the remote's entries (a push) or `main` (a pull or a confirm). */
  readonly readsEntries: boolean;
  readonly readsMain: boolean;
  /** The steps, in order, by the entries (null when none reads them) and `main` (-1 when none reads it). */
  readonly steps: Map<EntriesFacts | null, Map<number, readonly Taken[]>>;
}

/** One step of a client, kept by what it reads (`Actions.steps`): what `takeAction` changes, and its checks. */
interface Taken {
  readonly client: ClientFacts;
  /** The entries and `main` after the step, when it changes them. */
  readonly entries?: EntriesFacts;
  readonly main?: number;
  readonly effect: LocalEffect;
  /** G10 on this step, by the facts of the entries the client held before it (`readPrefix`). */
  readonly stale: Map<EntriesFacts, Verdict>;
  /** Its transition verdicts, by the facts of the remote's entries before it (which fix the step whole). */
  readonly verdicts: Map<EntriesFacts, StepVerdicts>;
}

/** G9's rest and G10 on one step, once judged (undefined until then). */
interface StepVerdicts {
  rest?: Verdict;
  stale?: Verdict;
}

/** A step this memo made: a lazy row, and the kept step its checks are kept with. */
class MemoStep extends LazyStep<LocalState> {
  /** Its verdicts (`Taken.verdicts`), once looked up. */
  verdicts: StepVerdicts | undefined = undefined;

  constructor(
    next: LocalState,
    readonly taken: Taken,
    /** The facts of the remote's entries before it. */
    readonly entries: EntriesFacts,
    from: LocalState,
    index: number,
    stepOf: (s: LocalState, index: number) => Step<LocalState>,
  ) {
    super(next, taken.effect, from, index, stepOf);
  }
}

/**
 * A successor this memo made, carrying the facts of its parts, so that the checks of the new state
 * right after its step find them without a lookup: client `k`'s are `from[k]`, but the stepping
 * client's (`stepper`), which are `stepped`. The model reads only its `remote` and `clients`.
 */
class KnownState implements LocalState {
  constructor(
    readonly remote: Remote,
    readonly clients: readonly Client[],
    readonly from: readonly ClientFacts[],
    readonly stepper: number,
    readonly stepped: ClientFacts,
    readonly entries: EntriesFacts,
  ) {}
}

/** The codec path's `expand`, G9's parts and properties for a model instance, memoized (see the module comment). */
export function memoizedCodecPath(ctx: LocalContext, stepOf: (s: LocalState, index: number) => Step<LocalState>, clients: number): Required<Omit<CodecCapability<LocalState>, 'codec'>> {
  // Facts by content (the fingerprint's strings), and by object for the objects already seen.
  const clientsByKey: Map<string, ClientFacts>[] = Array.from({ length: clients }, () => new Map());
  const logsByKey: Map<string, LogsFacts>[] = Array.from({ length: clients }, () => new Map());
  const clientsSeen: WeakMap<Client, ClientFacts>[] = Array.from({ length: clients }, () => new WeakMap());
  const entriesByKey = new Map<string, EntriesFacts>();
  const entriesSeen = new WeakMap<Entries, EntriesFacts>();

  const logsOf = (i: number, c: Client): LogsFacts => {
    const key = logsKey(c);
    let f = logsByKey[i].get(key);
    if (f === undefined) {
      f = { byPrefix: new Map(), rest: new Map() };
      logsByKey[i].set(key, f);
    }
    return f;
  };
  // The client at each index looked up last: consecutive states of a layer share most clients.
  const lastClient: (Client | null)[] = new Array(clients).fill(null);
  const lastFacts: (ClientFacts | null)[] = new Array(clients).fill(null);
  const factsOf = (i: number, c: Client): ClientFacts => {
    if (lastClient[i] === c) return lastFacts[i]!;
    let f = clientsSeen[i].get(c);
    if (f === undefined) {
      const key = clientKey(c);
      f = clientsByKey[i].get(key);
      if (f === undefined) {
        f = { shared: c, logs: logsOf(i, c), actions: [undefined, undefined] };
        clientsByKey[i].set(key, f);
      }
      clientsSeen[i].set(c, f);
    }
    lastClient[i] = c;
    lastFacts[i] = f;
    return f;
  };
  const entriesByContent = (entries: Entries): EntriesFacts => {
    const key = entriesKey(entries);
    let f = entriesByKey.get(key);
    if (f === undefined) {
      f = { shared: entries, prefixes: [] };
      entriesByKey.set(key, f);
    }
    return f;
  };
  let lastEntries: Entries | null = null;
  let lastEntriesFacts: EntriesFacts | null = null;
  const entriesOf = (entries: Entries): EntriesFacts => {
    if (lastEntries === entries) return lastEntriesFacts!;
    let f = entriesSeen.get(entries);
    if (f === undefined) {
      f = entriesByContent(entries);
      entriesSeen.set(entries, f);
    }
    lastEntries = entries;
    lastEntriesFacts = f;
    return f;
  };
  /** The facts of the entries client `c` reads: those up to its origin/main and its base. */
  const readPrefix = (e: EntriesFacts, c: Client): EntriesFacts => {
    const k = Math.max(c.origin, c.base);
    if (k >= e.shared.length) return e;
    let p = e.prefixes[k];
    if (p === undefined) p = e.prefixes[k] = entriesByContent(e.shared.slice(0, k));
    return p;
  };

  /** The facts of client `i` of `s`, and of its entries: carried by a state this memo made, else looked up. */
  const clientOf = (s: LocalState, i: number): ClientFacts =>
    s instanceof KnownState ? (i === s.stepper ? s.stepped : s.from[i]) : factsOf(i, s.clients[i]);
  const entriesIn = (s: LocalState): EntriesFacts => (s instanceof KnownState ? s.entries : entriesOf(s.remote.entries));

  /** Client `i`'s enabled actions in `s` (its facts `f`): they read the client and whether `main` is past its origin/main. */
  const actionsOf = (s: LocalState, i: number, f: ClientFacts): Actions => {
    const k = s.remote.main > s.clients[i].origin ? 1 : 0;
    let a = f.actions[k];
    if (a === undefined) {
      const list = clientActions(ctx, s, i);
      const kinds = new Set(list.map((x) => x.kind));
      a = { sync: list.some((x) => isSync(x.kind)), readsEntries: kinds.has('push'), readsMain: kinds.has('pull') || kinds.has('confirm'), steps: new Map() };
      f.actions[k] = a;
    }
    return a;
  };

  /**
   * Client `i`'s steps from `s` (its facts `f`, its entries' `e`), each as `takeAction` takes it,
   * kept by what they read: a write, a squash and a rebase read the client alone, a push also the
   * remote's entries (whether another landed first, and what it appends to), a pull and a confirm
   * also `main` (what it fetches, whether the CAS holds).
   */
  const stepsOf = (s: LocalState, i: number, f: ClientFacts, e: EntriesFacts): readonly Taken[] => {
    const a = actionsOf(s, i, f);
    const byEntries = a.readsEntries ? e : null;
    const main = a.readsMain ? s.remote.main : -1;
    let byMain = a.steps.get(byEntries);
    if (byMain === undefined) {
      byMain = new Map();
      a.steps.set(byEntries, byMain);
    }
    let taken = byMain.get(main);
    if (taken === undefined) {
      taken = clientActions(ctx, s, i).map((x): Taken => {
        const t = takeAction(ctx, s, x);
        const { entries, main } = t.next.remote;
        // (The objects made here are the ones the codec hands back when it decodes their content.)
        return {
          client: factsOf(i, t.next.clients[i]),
          ...(entries !== s.remote.entries ? { entries: entriesOf(entries) } : {}),
          ...(main !== s.remote.main ? { main } : {}),
          effect: t.effect,
          stale: new Map(),
          verdicts: new Map(),
        };
      });
      byMain.set(main, taken);
    }
    return taken;
  };

  /**
   * The state `t` leads to from `s` (client `i` stepping), sharing the rest of `s` as `takeAction`
   * does; its stepping client and entries are the objects of their content the engine decoded last
   * (equal content: the same state), which its codec then finds interned without writing them.
   */
  const successor = (s: LocalState, facts: readonly ClientFacts[], e: EntriesFacts, i: number, t: Taken): LocalState => {
    const next = s.clients.slice();
    next[i] = t.client.shared;
    if (t.entries === undefined && t.main === undefined) return new KnownState(s.remote, next, facts, i, t.client, e);
    const remote = { entries: t.entries?.shared ?? s.remote.entries, main: t.main ?? s.remote.main };
    return new KnownState(remote, next, facts, i, t.client, t.entries ?? e);
  };

  const expand = (s: LocalState): Step<LocalState>[] => {
    const e = entriesIn(s);
    e.shared = s.remote.entries;
    // (Loops, not callbacks, in what runs per state: no closure made per call.)
    const facts: ClientFacts[] = new Array(s.clients.length);
    for (let i = 0; i < s.clients.length; i++) facts[i] = clientOf(s, i);
    const out: Step<LocalState>[] = [];
    for (let i = 0; i < s.clients.length; i++) {
      facts[i].shared = s.clients[i];
      for (const t of stepsOf(s, i, facts[i], e)) out.push(new MemoStep(successor(s, facts, e, i, t), t, e, s, out.length, stepOf));
    }
    return out;
  };

  /** The first client's verdict that is not null, in client order (as the model's loops judge them). */
  const firstOf = (s: LocalState, judge: (s: LocalState, i: number) => Verdict): Verdict => {
    for (let i = 0; i < s.clients.length; i++) {
      const m = judge(s, i);
      if (m !== null) return m;
    }
    return null;
  };
  const g8 = (s: LocalState, i: number): Verdict => {
    const f = clientOf(s, i).logs;
    if (f.g8 === undefined) f.g8 = clientSquashProblem(s.clients[i], i);
    return f.g8;
  };
  const read = (s: LocalState, i: number) => {
    const byPrefix = clientOf(s, i).logs.byPrefix;
    const e = readPrefix(entriesIn(s), s.clients[i]);
    let r = byPrefix.get(e);
    if (r === undefined) {
      r = {};
      byPrefix.set(e, r);
    }
    return r;
  };
  const g9 = (s: LocalState, i: number): Verdict => {
    const r = read(s, i);
    if (r.g9 === undefined) r.g9 = clientCanonicalProblem(ctx, s, i);
    return r.g9;
  };
  const g10 = (s: LocalState, i: number): Verdict => {
    const r = read(s, i);
    if (r.g10 === undefined) r.g10 = clientWritesProblem(ctx, s, i);
    return r.g10;
  };
  const syncPending = (s: LocalState): boolean => {
    for (let i = 0; i < s.clients.length; i++) if (actionsOf(s, i, clientOf(s, i)).sync) return true;
    return false;
  };
  /** G9's rest of a step this memo made, kept by the stepping client's logs before and after it and the entries it holds after. */
  const restOf = (before: LocalState, step: MemoStep): Verdict => {
    const i = step.taken.effect.client;
    const after = step.taken.client;
    let byEntries = clientOf(before, i).logs.rest.get(after.logs);
    if (byEntries === undefined) {
      byEntries = new Map();
      clientOf(before, i).logs.rest.set(after.logs, byEntries);
    }
    const e = readPrefix(entriesIn(step.next), after.shared);
    let m = byEntries.get(e);
    if (m === undefined) {
      m = snapshotBeforeProblem(ctx, before, step);
      byEntries.set(e, m);
    }
    return m;
  };

  // On a step this memo did not make (as `assertCodec` judges `step`'s own), the model's functions.
  const g9State = (s: LocalState) => firstOf(s, g9);
  const verdictsOf = (step: MemoStep): StepVerdicts => {
    let v = step.verdicts;
    if (v === undefined) {
      v = step.taken.verdicts.get(step.entries);
      if (v === undefined) {
        v = {};
        step.taken.verdicts.set(step.entries, v);
      }
      step.verdicts = v;
    }
    return v;
  };
  const g9Rest = (before: LocalState, step: Step<LocalState>): Verdict => {
    if (!(step instanceof MemoStep)) return snapshotBeforeProblem(ctx, before, step);
    const v = verdictsOf(step);
    if (v.rest === undefined) v.rest = restOf(before, step);
    return v.rest;
  };
  /** G10 on a step this memo made, kept by the step and the entries its client held before it. */
  const staleOf = (before: LocalState, step: MemoStep): Verdict => {
    const e = readPrefix(step.entries, before.clients[step.taken.effect.client]);
    let m = step.taken.stale.get(e);
    if (m === undefined) {
      m = staleWriteProblem(ctx, before, step);
      step.taken.stale.set(e, m);
    }
    return m;
  };
  const stale = (before: LocalState, step: Step<LocalState>): Verdict => {
    if (!(step instanceof MemoStep)) return staleWriteProblem(ctx, before, step);
    const v = verdictsOf(step);
    if (v.stale === undefined) v.stale = staleOf(before, step);
    return v.stale;
  };

  const judged: Record<string, Pick<Property<LocalState>, 'state' | 'transition'>> = {
    G8: { state: (s) => firstOf(s, g8) },
    G9: { transition: (before, step) => g9State(step.next) ?? g9Rest(before, step) },
    G10: { state: (s) => firstOf(s, g10), transition: stale },
    G11: { state: (s) => (syncPending(s) ? null : convergenceProblem(ctx, s)) },
  };
  const properties = localProperties(ctx).map((p) => ({ ...p, ...judged[p.id] }));
  return { expand, transitionParts: { G9: { state: g9State, rest: g9Rest } }, properties };
}
