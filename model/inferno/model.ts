/**
 * The Inferno version-control store (seed 004) as a reference model under the grove-check checker.
 *
 * What is modeled. The store is the seed's directory (object files, `heads/`, `to_head/`; for option 1
 * each object's `hist_id` and the in-memory `hist_to_head` map). Each actor runs its program of
 * `store(o, p)` calls, and each call is the seed's algorithm cut into its file-system operations, one
 * step each, so that other actors interleave between any two:
 *
 *   current  Write<o> · Exists<heads/p> · Rename<heads/p, heads/o> · Append<heads/o, p> ·
 *            Read<heads/o> · Point<to_head/h, o> for each h read
 *   lock     Lock · (the same steps) · Unlock                                    (option 0)
 *   cas      Write<o> (with p's hist_id) · Check<hist_to_head/id, p> ·
 *            WriteHead<heads/o> (= heads/p ++ p) · CAS<hist_to_head/id, p, o>    (option 1)
 *
 * plus `current-atomic-rename`, the current design with rename+append made one step (bug 1 fixed
 * alone), which shows that bug 2 is a race of its own. A missing file makes `Rename` and `Read` fail
 * as Python would (the store ends with `Err(missing)`); `appendFile` creates a missing file. A store
 * whose predecessor is not a head stores the object unlinked (`current`: `Exists` fails) or answers
 * `TriedToAppendToNonHeadError` (`cas`). A `crash` (bounded by `extra.maxCrashes`, the CLI's `--max-crashes`) stops an actor forever
 * between any two steps of a store, keeping what it wrote (and, under `lock`, the lock).
 *
 * The spec. A ghost map of links `o -> p` is the sequential store: a link is recorded at the store's
 * commit point (the rename for current/lock, the CAS for cas). I1/I2 compare `fetchHist` with it in
 * quiescent crash-free states; I3 in quiescent states after a crash, accepting either outcome of the
 * crashed store. `fetch` and `fetchHist` are in `store.ts` as pure functions.
 *
 * What is abstracted away. Object contents (a hash is the object), reads running concurrently with
 * stores (reads are judged at quiescent points), `del(h)` (the seed gives no algorithm for it),
 * process restarts and option 1's snapshotting of `hist_to_head` (an actor crash keeps memory), and
 * option 2/3 (a database, STM: atomic by construction). A caller names a predecessor only once it has
 * been written (`store(o3, o2)` starts after `Write<o2>`): that is how a caller learns a hash.
 */
import { UsageError, ok, err, op, type Action, type Model, type ModelFamily, type ModelOptions, type Step } from '../core/model.ts';
import { LazyStep } from '../core/codec.ts';
import type { Op, Result, Row } from '../../scenarios/notation/types.ts';
import { infernoProperties } from './properties.ts';
import { infernoCodec } from './codec.ts';
import type { Design, Hash, InfernoState, Pc, Store, StoreActor } from './store.ts';

/** A store design. */
export interface InfernoVariant {
  readonly name: string;
  readonly title: string;
  readonly planted?: string;
  /** `to-head`: heads/ + to_head/ (current, lock); `hist-id`: option 1's hist_id + hist_to_head CAS. */
  readonly design: Design;
  /** Option 0: one global lock around every store. */
  readonly lock: boolean;
  /** Rename and append as one atomic step (bug 1 fixed alone). */
  readonly atomicRenameAppend: boolean;
}

/** The seed's current implementation (bugs 1, 2 and 3). */
export const currentVariant: InfernoVariant = { name: 'current', title: "the seed's current implementation: rename, append and to_head updates as separate file operations", design: 'to-head', lock: false, atomicRenameAppend: false };
/** Current with rename+append atomic: isolates bug 2 (not a seed design; an ablation). */
export const atomicRenameVariant: InfernoVariant = { name: 'current-atomic-rename', title: 'current, with rename+append made atomic (bug 1 fixed alone; to_head updates still race)', design: 'to-head', lock: false, atomicRenameAppend: true };
/** Option 0: one global lock around every store. */
export const lockVariant: InfernoVariant = { name: 'lock', title: 'option 0: the current implementation inside one global lock', design: 'to-head', lock: true, atomicRenameAppend: false };
/** Option 1: hist_id meta, a new head file per store, CAS on the in-memory hist_to_head. */
export const casVariant: InfernoVariant = { name: 'cas', title: 'option 1: hist_id in each object, a new head file per store, CAS on hist_to_head', design: 'hist-id', lock: false, atomicRenameAppend: false };

/** Every Inferno variant. */
export const infernoVariants: readonly InfernoVariant[] = [currentVariant, atomicRenameVariant, lockVariant, casVariant];

/** A program: for each actor, its `store(o, p)` calls as `[o, p]`. */
export type InfernoProgram = readonly (readonly (readonly [Hash, Hash])[])[];

/** `chain`: actor i stores o(i+2) on o(i+1) (each builds on the previous actor's object). */
export function chainProgram(actors: number): InfernoProgram {
  return Array.from({ length: actors }, (_, i) => [[`o${i + 2}`, `o${i + 1}`] as const]);
}

/** `fork`: every actor stores its own successor of o1 (`o2a`, `o2b`, …): at most one may win. */
export function forkProgram(actors: number): InfernoProgram {
  return Array.from({ length: actors }, (_, i) => [[`o2${String.fromCharCode(97 + i)}`, 'o1'] as const]);
}

const ROOT = 'o1';
const NONE: Readonly<Record<Hash, Hash>> = {};

/**
 * The objects a model's steps make again and again, kept once. States are immutable, so a list or
 * an actor with the same content may be the same object: a step that adds an object file, appends
 * to a head file or moves an actor returns the object it returned the last time it did the same to
 * the same input, and lists are kept one per content. Both engines allocate less; the fast engine's
 * codec finds them by identity (`Interner`), not by content. Per model instance: dropped with it.
 */
function memos(): {
  /** `xs` with `x` added, sorted (`xs` itself when it holds `x`). */
  sortedWith(xs: readonly string[], x: string): readonly string[];
  /** `xs` with `x` appended. */
  appended(xs: readonly string[], x: string): readonly string[];
  /** What `make` returns for `from` and `key`, made once. */
  derive<T>(from: object, key: string, make: () => T): T;
  /** `{ ...r, [k]: v }` (insertion order as the spread's), made once per record, key and value. */
  set<V extends string | readonly string[]>(r: Readonly<Record<string, V>>, k: string, v: V): Readonly<Record<string, V>>;
} {
  const lists = new Map<string, readonly string[]>();
  const derived = new WeakMap<object, Map<string, unknown>>();
  // Hashes are `o1`, `o2a`, …: no newline in them.
  const canon = (xs: readonly string[]): readonly string[] => {
    const k = xs.join('\n');
    const c = lists.get(k);
    if (c !== undefined) return c;
    lists.set(k, xs);
    return xs;
  };
  const derive = <T>(from: object, key: string, make: () => T): T => {
    let m = derived.get(from);
    if (m === undefined) derived.set(from, (m = new Map()));
    let v = m.get(key) as T | undefined;
    if (v === undefined) m.set(key, (v = make()));
    return v;
  };
  return {
    sortedWith: (xs, x) => (xs.includes(x) ? xs : derive(xs, `+${x}`, () => canon([...xs, x].sort()))),
    appended: (xs, x) => derive(xs, `.${x}`, () => canon([...xs, x])),
    derive,
    set: <V extends string | readonly string[]>(r: Readonly<Record<string, V>>, k: string, v: V): Readonly<Record<string, V>> => {
      if (typeof v !== 'object') return derive(r, `=${k}\n${String(v)}`, () => ({ ...r, [k]: v }));
      // A list value, by identity (lists are kept one per content).
      const byList = derive(r, `[]${k}`, () => new WeakMap<readonly string[], Readonly<Record<string, V>>>());
      let out = byList.get(v as readonly string[]);
      if (out === undefined) byList.set(v as readonly string[], (out = { ...r, [k]: v }));
      return out;
    },
  };
}

/** The empty list: every actor between stores holds this one. */
const EMPTY: readonly Hash[] = [];

function without<V>(r: Readonly<Record<string, V>>, k: string): Record<string, V> {
  const out = { ...r };
  delete out[k];
  return out;
}

function fpRecord(r: Readonly<Record<string, string | readonly string[]>>): string {
  return Object.keys(r)
    .sort()
    .map((k) => `${k}=${String(r[k])}`)
    .join(',');
}

/** Builds an Inferno model: a variant, a program and a crash budget. */
export function infernoModel(o: { variant: InfernoVariant; program: InfernoProgram; programName: string; crashes: number }): Model<InfernoState> {
  const v = o.variant;
  if (!Number.isInteger(o.crashes) || o.crashes < 0) throw new UsageError(`inferno: crashes must be a whole number ≥ 0, got ${o.crashes}`);
  const first: Pc = v.lock ? 'start' : 'write';
  const cur = (a: StoreActor, i: number) => o.program[i][a.k];
  const memo = memos();
  /** `a` at `pc`, the same object each time. */
  const at = (a: StoreActor, pc: Pc): StoreActor => memo.derive(a, `pc ${pc}`, () => ({ ...a, pc }));

  type Act = { kind: 'step' | 'crash'; actor: number };
  const canStep = (s: InfernoState, i: number): boolean => {
    const a = s.actors[i];
    if (a.crashed || a.pc === 'done') return false;
    if (a.pc === 'start' || (a.pc === 'write' && !v.lock)) {
      const [, p] = cur(a, i);
      if (!s.store.objects.includes(p)) return false;
      if (a.pc === 'start' && s.store.lock !== -1) return false;
    }
    return true;
  };
  const midOp = (a: StoreActor): boolean => !a.crashed && a.pc !== 'done' && a.pc !== first;
  // Actions are immutable: one of each per actor, shared by every state.
  const stepActs: Act[] = o.program.map((_, i) => ({ kind: 'step', actor: i }));
  const crashActs: Act[] = o.program.map((_, i) => ({ kind: 'crash', actor: i }));
  /** Whether the crash budget has room left in `s`. */
  const mayCrash = (s: InfernoState): boolean => {
    let used = 0;
    for (const a of s.actors) if (a.crashed) used++;
    return used < o.crashes;
  };
  const enabled = (s: InfernoState): Act[] => {
    const out: Act[] = [];
    const n = s.actors.length;
    for (let i = 0; i < n; i++) if (canStep(s, i)) out.push(stepActs[i]);
    if (mayCrash(s)) for (let i = 0; i < n; i++) if (midOp(s.actors[i])) out.push(crashActs[i]);
    return out;
  };
  /** No action is enabled (`enabled(s)` is empty), decided without listing them: the properties ask on every state. */
  const terminal = (s: InfernoState): boolean => {
    const n = s.actors.length;
    for (let i = 0; i < n; i++) if (canStep(s, i)) return false;
    if (!mayCrash(s)) return true;
    for (let i = 0; i < n; i++) if (midOp(s.actors[i])) return false;
    return true;
  };

  const opOf = (s: InfernoState, i: number): Op => {
    const a = s.actors[i];
    const [h, p] = cur(a, i);
    const id = s.store.histId[p] ?? '?';
    switch (a.pc) {
      case 'start':
        return op('Lock');
      case 'write':
        return op('Write', h);
      case 'exists':
        return op('Exists', `heads/${p}`);
      case 'rename':
        return v.atomicRenameAppend ? op('RenameAppend', `heads/${p}`, `heads/${h}`, p) : op('Rename', `heads/${p}`, `heads/${h}`);
      case 'append':
        return op('Append', `heads/${h}`, p);
      case 'read':
        return op('Read', `heads/${h}`);
      case 'point':
        return op('Point', `to_head/${a.list[a.idx]}`, h);
      case 'check':
        return op('Check', `hist_to_head/${id}`, p);
      case 'head-file':
        return op('WriteHead', `heads/${h}`);
      case 'cas':
        return op('CAS', `hist_to_head/${id}`, p, h);
      case 'unlock':
        return op('Unlock');
      case 'done':
        throw new Error(`inferno: actor ${i + 1} has finished`);
    }
  };

  /** The actor after its current store ends: unlock first under the lock design. */
  const end = (a: StoreActor, i: number): StoreActor => {
    if (v.lock && a.pc !== 'unlock') return at(a, 'unlock');
    return memo.derive(a, `end ${i}`, () => {
      const k = a.k + 1;
      return { k, pc: k < o.program[i].length ? first : 'done', list: EMPTY, idx: 0, crashed: false };
    });
  };

  /**
   * Takes action `act` (number `index` of `s`'s enabled actions). With `rowed` false the row is left
   * for its reader to make (`LazyStep`, for `expand`): no op or result text is built.
   */
  const move = (s: InfernoState, act: Act, index: number, rowed: boolean): Step<InfernoState> => {
    const i = act.actor;
    const a = s.actors[i];
    const actors = s.actors.slice();
    const actor = String(i + 1);
    if (act.kind === 'crash') {
      actors[i] = memo.derive(a, 'crash', () => ({ ...a, crashed: true }));
      const effect = { kind: 'crash', actor: i };
      if (!rowed) return new LazyStep({ ...s, actors }, effect, s, index, step);
      return { next: { ...s, actors }, row: { kind: 'fault', actor, fault: 'crash' } as Row, effect };
    }
    const [h, p] = cur(a, i);
    const st = s.store;
    let store: Store = st;
    let links = s.links;
    let next: StoreActor;
    let result: Result = ok();
    switch (a.pc) {
      case 'start':
        store = { ...st, lock: i };
        next = at(a, 'write');
        break;
      case 'write':
        store = { ...st, objects: memo.sortedWith(st.objects, h), ...(v.design === 'hist-id' ? { histId: memo.set(st.histId, h, st.histId[p]) } : {}) };
        next = at(a, v.design === 'hist-id' ? 'check' : 'exists');
        break;
      case 'exists':
        if (st.heads[p] !== undefined) next = at(a, 'rename');
        else {
          result = err('missing');
          next = end(a, i);
        }
        break;
      case 'rename': {
        const file = st.heads[p];
        if (file === undefined) {
          result = err('missing');
          next = end(a, i);
          break;
        }
        const moved = v.atomicRenameAppend ? memo.appended(file, p) : file;
        store = { ...st, heads: { ...without(st.heads, p), [h]: moved } };
        links = memo.set(links, h, p);
        next = at(a, v.atomicRenameAppend ? 'read' : 'append');
        break;
      }
      case 'append':
        store = { ...st, heads: memo.set(st.heads, h, memo.appended(st.heads[h] ?? EMPTY, p)) };
        next = at(a, 'read');
        break;
      case 'read': {
        const file = st.heads[h];
        if (file === undefined) {
          result = err('missing');
          next = end(a, i);
        } else {
          if (rowed) result = ok(file.length === 0 ? 'empty' : file.join(' '));
          if (file.length === 0) next = end(a, i);
          else {
            // Remembered by the actor and the file it read (lists are kept one per content).
            const byFile = memo.derive(a, 'read', () => new WeakMap<readonly Hash[], StoreActor>());
            let n = byFile.get(file);
            if (n === undefined) byFile.set(file, (n = { ...a, pc: 'point', list: file, idx: 0 }));
            next = n;
          }
        }
        break;
      }
      case 'point': {
        store = { ...st, toHead: memo.set(st.toHead, a.list[a.idx], h) };
        const idx = a.idx + 1;
        next = idx < a.list.length ? memo.derive(a, 'idx', () => ({ ...a, idx })) : end(a, i);
        break;
      }
      case 'check': {
        const head = st.histToHead[st.histId[p]];
        if (head === p) next = at(a, 'head-file');
        else {
          result = err(head ?? 'none');
          next = end(a, i);
        }
        break;
      }
      case 'head-file':
        store = { ...st, heads: memo.set(st.heads, h, memo.appended(st.heads[p] ?? EMPTY, p)) };
        next = at(a, 'cas');
        break;
      case 'cas': {
        const id = st.histId[p];
        const head = st.histToHead[id];
        if (head === p) {
          store = { ...st, histToHead: memo.set(st.histToHead, id, h) };
          links = memo.set(links, h, p);
        } else result = err(head ?? 'none');
        next = end(a, i);
        break;
      }
      case 'unlock':
        store = { ...st, lock: -1 };
        next = end(a, i);
        break;
      case 'done':
        throw new Error(`inferno: actor ${actor} has finished`);
    }
    actors[i] = next;
    const effect = { kind: a.pc, actor: i, ok: result.kind === 'ok' };
    if (!rowed) return new LazyStep({ store, actors, links }, effect, s, index, step);
    const row: Row = { kind: 'call', actor, op: opOf(s, i), result };
    return { next: { store, actors, links }, row, effect };
  };

  const step = (s: InfernoState, index: number): Step<InfernoState> => {
    const act = enabled(s)[index];
    if (act === undefined) throw new Error(`inferno: no enabled action number ${index}`);
    return move(s, act, index, true);
  };
  const expand = (s: InfernoState): Step<InfernoState>[] => {
    const acts = enabled(s);
    const out: Step<InfernoState>[] = new Array(acts.length);
    for (let k = 0; k < acts.length; k++) out[k] = move(s, acts[k], k, false);
    return out;
  };

  const crashedOps = (s: InfernoState): [Hash, Hash][] => s.actors.flatMap((a, i) => (a.crashed ? [[...cur(a, i)] as [Hash, Hash]] : []));
  const properties = infernoProperties(v.design, [ROOT], terminal, crashedOps);

  return {
    name: 'inferno',
    variant: v.name,
    config: { variant: v.name, actors: o.program.length, program: o.programName, maxCrashes: o.crashes },
    initial: () => ({
      store: { objects: [ROOT], heads: { [ROOT]: [] }, toHead: {}, histId: v.design === 'hist-id' ? { [ROOT]: ROOT } : NONE, histToHead: v.design === 'hist-id' ? { [ROOT]: ROOT } : NONE, lock: -1 },
      actors: o.program.map((ops) => ({ k: 0, pc: ops.length > 0 ? first : 'done', list: EMPTY, idx: 0, crashed: false })),
      links: {},
    }),
    actions(s): Action[] {
      return enabled(s).map((x): Action =>
        // No footprints: every step may touch the whole store, and crashes share one budget.
        x.kind === 'crash' ? { actor: String(x.actor + 1), op: op('crash'), fault: 'crash' } : { actor: String(x.actor + 1), op: opOf(s, x.actor) },
      );
    },
    step,
    fingerprint(s) {
      const st = s.store;
      const acts = s.actors.map((a) => `${a.k}${a.pc}${a.list.join(' ')}#${a.idx}${a.crashed ? '!' : ''}`).join(';');
      return `${st.objects.join(',')}|${fpRecord(st.heads)}|${fpRecord(st.toHead)}|${fpRecord(st.histId)}|${fpRecord(st.histToHead)}|${st.lock}|${acts}|${fpRecord(s.links)}`;
    },
    properties,
  capabilities: { codec: { codec: infernoCodec.codec, expand } },
  };
}

/** The Inferno family (seed 004): `actors` (default 2), `extra.program` (`chain` or `fork`, default chain), `extra.maxCrashes` (default 0). */
export const infernoFamily: ModelFamily<InfernoState> = {
  name: 'inferno',
  title: 'Inferno version-control store: store/fetchHist over heads/ and to_head/, and its fixes (seed 004, reference model)',
  variants: infernoVariants.map((x) => ({ name: x.name, title: x.title, planted: x.planted })),
  properties: infernoProperties('to-head', [ROOT], () => false, () => []).map((p) => ({ id: p.id, title: p.title })),
  defaultVariant: 'current',
  build(options: ModelOptions) {
    const name = options.variant ?? 'current';
    const variant = infernoVariants.find((x) => x.name === name);
    if (variant === undefined) throw new UsageError(`unknown variant '${name}' for model inferno; known: ${infernoVariants.map((x) => x.name).join(', ')}`);
    const actors = options.actors ?? 2;
    if (!Number.isInteger(actors) || actors < 1 || actors > 9) throw new UsageError(`inferno: actors must be 1..9, got ${actors}`);
    const programName = typeof options.extra?.program === 'string' ? options.extra.program : 'chain';
    if (programName !== 'chain' && programName !== 'fork') throw new UsageError(`inferno: unknown program '${programName}'; expected chain or fork`);
    const crashes = typeof options.extra?.maxCrashes === 'number' ? options.extra.maxCrashes : 0;
    return infernoModel({ variant, program: programName === 'chain' ? chainProgram(actors) : forkProgram(actors), programName, crashes });
  },
};
