/**
 * The codec path's memo (`CodecCapability.expand` and `properties`, used only by the fast engine):
 * the model's own steps and checks, each computed once per distinct input and then looked up.
 *
 * Why it pays. G9 canonicalizes snapshots on every transition and G8 and G10 fold pages on every new
 * state, yet almost all of that work is per client: at 2 clients × 3 writes there are 89,493 states
 * and 202,810 transitions but only 5,664 distinct clients and 489 distinct remotes. Each check below
 * is one the model already computes client by client (`properties.ts`), so its result is kept by the
 * inputs it reads.
 *
 * Why it is sound. States are immutable, and the codec makes the remote's entries and each client
 * parts (`codec.ts`), so a decoded state's entries and clients are the one shared copy of their
 * content; a successor's stepping client and entries are the ones this memo made when it first took
 * that step. Results are kept by those objects (in `WeakMap`s, so they go with the search that made
 * them), and every result is a pure function of what its key holds:
 * - `takeAction` for client `i` reads that client, the remote's entries and `main`, and the fixed
 *   context: its successor client, entries, `main` and effect are kept by (client, entries, `main`);
 *   the enabled actions of client `i` (`clientActions`) read the client and `main`, so are too;
 * - G8 for client `i` (`clientSquashProblem`) reads the client alone; G9 and G10 for client `i`
 *   (`clientCanonicalProblem`, `clientWritesProblem`) read it and the remote's entries;
 * - G11 (`convergenceProblem`) holds unless no client has a sync step left, which is each client's
 *   actions, kept as above (the rare stopped states are judged by the model's own function);
 * - G9's rest (`snapshotBeforeProblem`) and G10 on a step (`staleWriteProblem`) read the stepping
 *   client before the step, its effect, and the client and entries after it, all fixed by the key
 *   of the step they judge, so they are kept with that step.
 * The key is a client *at its index*: equal clients at two indices are one shared copy, and names
 * depend on the index. `assertCodec` compares every step and verdict with the model's own on every
 * reachable state of a small bound, and `codec.test.ts` runs the planted bugs through this path.
 */
import { LazyStep, type CodecCapability } from '../core/codec.ts';
import type { Property, Step } from '../core/model.ts';
import { clientKey, entriesKey } from './fingerprint.ts';
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
import type { Client, LocalState, RemoteEntry } from './state.ts';

type Entries = readonly RemoteEntry[];
type Verdict = string | null;

/** What is kept of one content of the remote's entries. */
interface EntriesFacts {
  /** An object of this content: the one the engine decoded last, once it has decoded one. */
  shared: Entries;
}

/** What is kept of one content of a client at its index. */
interface ClientFacts {
  /** An object of this content: the one the engine decoded last, once it has decoded one. */
  shared: Client;
  g8?: Verdict;
  /** Whether it has a sync step enabled, when `main` is past its origin/main (1) or not (0). */
  readonly sync: (boolean | undefined)[];
  readonly byEntries: Map<EntriesFacts, WithEntries>;
}

/** What is kept of a client with one content of the remote's entries. */
interface WithEntries {
  g9?: Verdict;
  g10?: Verdict;
  /** Its steps, in `clientActions` order, by `main`. */
  readonly steps: Map<number, readonly Taken[]>;
}

/** One step of a client, kept by (client, entries, `main`): what `takeAction` changes, and its checks. */
interface Taken {
  readonly client: ClientFacts;
  readonly entries: EntriesFacts;
  readonly main: number;
  readonly effect: LocalEffect;
  /** G9's rest and G10 on this step, once judged (undefined until then). */
  rest?: Verdict;
  stale?: Verdict;
}

/** A step this memo made: a lazy row, and the kept step its checks are kept with. */
class MemoStep extends LazyStep<LocalState> {
  constructor(
    next: LocalState,
    readonly taken: Taken,
    from: LocalState,
    index: number,
    stepOf: (s: LocalState, index: number) => Step<LocalState>,
  ) {
    super(next, taken.effect, from, index, stepOf);
  }
}

/** The codec path's `expand`, G9's parts and properties for a model instance, memoized (see the module comment). */
export function memoizedCodecPath(ctx: LocalContext, stepOf: (s: LocalState, index: number) => Step<LocalState>, clients: number): Required<Omit<CodecCapability<LocalState>, 'codec'>> {
  // Facts by content (the fingerprint's strings), and by object for the objects already seen.
  const clientsByKey: Map<string, ClientFacts>[] = Array.from({ length: clients }, () => new Map());
  const clientsSeen: WeakMap<Client, ClientFacts>[] = Array.from({ length: clients }, () => new WeakMap());
  const entriesByKey = new Map<string, EntriesFacts>();
  const entriesSeen = new WeakMap<Entries, EntriesFacts>();

  const factsOf = (i: number, c: Client): ClientFacts => {
    let f = clientsSeen[i].get(c);
    if (f === undefined) {
      const key = clientKey(c);
      f = clientsByKey[i].get(key);
      if (f === undefined) {
        f = { shared: c, sync: [undefined, undefined], byEntries: new Map() };
        clientsByKey[i].set(key, f);
      }
      clientsSeen[i].set(c, f);
    }
    return f;
  };
  const entriesOf = (entries: Entries): EntriesFacts => {
    let f = entriesSeen.get(entries);
    if (f === undefined) {
      const key = entriesKey(entries);
      f = entriesByKey.get(key);
      if (f === undefined) {
        f = { shared: entries };
        entriesByKey.set(key, f);
      }
      entriesSeen.set(entries, f);
    }
    return f;
  };
  const withEntries = (i: number, s: LocalState): WithEntries => {
    const byEntries = factsOf(i, s.clients[i]).byEntries;
    const e = entriesOf(s.remote.entries);
    let w = byEntries.get(e);
    if (w === undefined) {
      w = { steps: new Map() };
      byEntries.set(e, w);
    }
    return w;
  };

  /** Client `i`'s steps from `s`, each as `takeAction` takes it, kept. */
  const stepsOf = (s: LocalState, i: number): readonly Taken[] => {
    const w = withEntries(i, s);
    let taken = w.steps.get(s.remote.main);
    if (taken === undefined) {
      taken = clientActions(ctx, s, i).map((a): Taken => {
        const t = takeAction(ctx, s, a);
        return { client: factsOf(i, t.next.clients[i]), entries: entriesOf(t.next.remote.entries), main: t.next.remote.main, effect: t.effect };
      });
      w.steps.set(s.remote.main, taken);
    }
    return taken;
  };

  /**
   * The state `t` leads to from `s` (client `i` stepping), sharing the rest of `s` as `takeAction`
   * does; its stepping client and entries are the objects of their content the engine decoded last
   * (equal content: the same state), which its codec then finds interned without writing them.
   */
  const successor = (s: LocalState, i: number, t: Taken): LocalState => {
    const next = s.clients.slice();
    next[i] = t.client.shared;
    const same = t.entries.shared === s.remote.entries && t.main === s.remote.main;
    return { remote: same ? s.remote : { entries: t.entries.shared, main: t.main }, clients: next };
  };

  const expand = (s: LocalState): Step<LocalState>[] => {
    entriesOf(s.remote.entries).shared = s.remote.entries;
    const out: Step<LocalState>[] = [];
    for (let i = 0; i < s.clients.length; i++) {
      factsOf(i, s.clients[i]).shared = s.clients[i];
      for (const t of stepsOf(s, i)) out.push(new MemoStep(successor(s, i, t), t, s, out.length, stepOf));
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
    const f = factsOf(i, s.clients[i]);
    if (f.g8 === undefined) f.g8 = clientSquashProblem(s.clients[i], i);
    return f.g8;
  };
  const g9 = (s: LocalState, i: number): Verdict => {
    const w = withEntries(i, s);
    if (w.g9 === undefined) w.g9 = clientCanonicalProblem(ctx, s, i);
    return w.g9;
  };
  const g10 = (s: LocalState, i: number): Verdict => {
    const w = withEntries(i, s);
    if (w.g10 === undefined) w.g10 = clientWritesProblem(ctx, s, i);
    return w.g10;
  };
  const syncPending = (s: LocalState): boolean =>
    s.clients.some((c, i) => {
      const f = factsOf(i, c);
      const k = s.remote.main > c.origin ? 1 : 0;
      if (f.sync[k] === undefined) f.sync[k] = clientActions(ctx, s, i).some((a) => isSync(a.kind));
      return f.sync[k];
    });

  // On a step this memo did not make (as `assertCodec` judges `step`'s own), the model's functions.
  const g9State = (s: LocalState) => firstOf(s, g9);
  const g9Rest = (before: LocalState, step: Step<LocalState>): Verdict => {
    if (!(step instanceof MemoStep)) return snapshotBeforeProblem(ctx, before, step);
    if (step.taken.rest === undefined) step.taken.rest = snapshotBeforeProblem(ctx, before, step);
    return step.taken.rest;
  };
  const stale = (before: LocalState, step: Step<LocalState>): Verdict => {
    if (!(step instanceof MemoStep)) return staleWriteProblem(ctx, before, step);
    if (step.taken.stale === undefined) step.taken.stale = staleWriteProblem(ctx, before, step);
    return step.taken.stale;
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
