/**
 * git-subhistory commit maps (seed 002) as a model under the grove-check checker.
 *
 * What is modeled. A remote ref (`refs/subhistory/map`) holds a commit map: a set of entries. Each
 * user has a local map and the remote map it last fetched. A user's push is the seed's pre-push hook
 * loop: merge the local map with the last fetched remote map (the merge is kept locally), push the
 * merged map with `--force-with-lease=<ref>:<sha>` where `<sha>` is the last fetched map's object id,
 * and on failure fetch and go back to the merge, giving an explicit error after `retries` loops.
 * Each of the `Push` and `Fetch` steps is one atomic operation on the remote, so other users' steps
 * interleave between them. Before each push a user has made one new entry (`a1`, `a2`, … for alice),
 * standing for the squash-merge commits of the pushed objects (step 1 of the hook).
 *
 * What is abstracted away. Entries are opaque names (a Main→Sub commit pair each): the merge is set
 * union, and two users never map the same commit differently. A map's sha is its content (a tree or
 * blob id is the hash of its content), so a lease compares content; an ABA on equal content is
 * harmless by construction. The Sub commit refs pushed alongside, the main refs the hook guards,
 * `--no-verify` and network failures are not modeled.
 *
 * Properties: S1 no entry of a successfully pushed map is ever lost from the remote; S2 the loop
 * ends boundedly and every push ends either with its entry on the remote or with an explicit error
 * (never a silent loss). Variants: `force-with-lease` (the seed's design), `plain-force` (an
 * unconditional push, which loses entries), `planted-silent-give-up` (a hook that exits 0 when it
 * gives up: breaks S2 only).
 */
import { UsageError, err, ok, op, type Action, type Model, type ModelFamily, type ModelOptions, type Property, type Step } from '../core/model.ts';
import { LazyStep } from '../core/codec.ts';
import type { Op, Result, Row } from '../../scenarios/notation/types.ts';
import { subhistoryCodec } from './codec.ts';

/** How a push reaches the remote, and what the hook does when it gives up. */
export interface SubhistoryVariant {
  readonly name: string;
  readonly title: string;
  /** For planted-bug variants: the property this variant is built to violate. */
  readonly planted?: string;
  /** `lease`: `--force-with-lease=<ref>:<sha>` (a CAS on the ref's content); `force`: `--force`. */
  readonly push: 'lease' | 'force';
  /** When the hook gives up: `error` (exit non-zero, the seed) or `silent` (exit 0: a planted bug). */
  readonly giveUp: 'error' | 'silent';
}

/** The seed's design. */
export const forceWithLease: SubhistoryVariant = {
  name: 'force-with-lease',
  title: 'merge with the last fetched map, push with --force-with-lease=<ref>:<sha>, fetch and retry, error after too many loops',
  push: 'lease',
  giveUp: 'error',
};

/** The naive alternative the seed's lease guards against. */
export const plainForce: SubhistoryVariant = {
  name: 'plain-force',
  title: 'merge with the last fetched map and push with --force (unconditional)',
  push: 'force',
  giveUp: 'error',
};

/** S2: after too many loops the hook exits 0, so the user is told Ok while the map never landed. */
export const plantedSilentGiveUp: SubhistoryVariant = {
  name: 'planted-silent-give-up',
  title: 'planted bug (S2): after too many loops the hook gives up silently (exit 0)',
  planted: 'S2',
  push: 'lease',
  giveUp: 'silent',
};

/** Every subhistory variant, standard ones first. */
export const subhistoryVariants: readonly SubhistoryVariant[] = [forceWithLease, plainForce, plantedSilentGiveUp];

/** One user. */
export interface User {
  /** Local commit map (sorted entries), including the entry of the push in progress. */
  readonly local: readonly string[];
  /** The remote map as last fetched (its content is the lease's sha). */
  readonly fetched: readonly string[];
  /** Pushes finished. */
  readonly k: number;
  /** What the user does next. */
  readonly pc: 'push' | 'fetch' | 'done';
  /** Failed push attempts in the current push. */
  readonly fails: number;
}

/** The remote map, the users, and the ghost record of what was pushed successfully (for S1). */
export interface SubhistoryState {
  /** The remote ref's map, sorted. */
  readonly remote: readonly string[];
  readonly users: readonly User[];
  /** Ghost: every entry of every map that was pushed successfully, sorted. */
  readonly pushed: readonly string[];
}

/** What a step did, for S2. */
export interface SubhistoryEffect {
  readonly user: number;
  readonly kind: 'push' | 'fetch';
  /** Set when the step ended the user's push: `ok` (told success) or `error` (told failure). */
  readonly ended?: 'ok' | 'error';
  /** The entry the ended push was made for. */
  readonly entry?: string;
  /** Push attempts made in this push so far, including this one. */
  readonly attempt?: number;
}

const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];

/** `{a1+b1}`, `{}`: a map as printed (also its sha, since a map's object id is its content). */
export function showMap(m: readonly string[]): string {
  return `{${m.join('+')}}`;
}

/**
 * The union of two sorted maps, sorted. When one holds the other, that one itself is returned, not an
 * equal copy: a state's maps are then most often lists it shares with the state it steps from, which
 * the fast engine's codec recognises by identity (`Interner.list`) instead of interning them anew.
 */
function union(a: readonly string[], b: readonly string[]): readonly string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(a[i++]);
      j++;
    } else if (a[i] < b[j]) out.push(a[i++]);
    else out.push(b[j++]);
  }
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out.length === a.length ? a : out.length === b.length ? b : out;
}

/**
 * One model's maps, one object per content, and their unions remembered by the objects united. A
 * map is a set of at most users × ops entries, so there are few of them; a step's maps are then
 * objects seen before, which the fast engine's codec knows by identity (`Interner.list` keeps the
 * object it first saw), instead of an equal new list to intern by its content on every step.
 */
class Maps {
  private readonly byContent = new Map<string, readonly string[]>();
  private readonly unions = new Map<readonly string[], Map<readonly string[], readonly string[]>>();

  /** The one object with the content of `xs` (`xs` itself when it is the first seen). */
  canon(xs: readonly string[]): readonly string[] {
    const key = xs.join(',');
    const known = this.byContent.get(key);
    if (known !== undefined) return known;
    this.byContent.set(key, xs);
    return xs;
  }

  /** `union(a, b)` as its one object (`a` and `b` are ones `canon` or `union` returned). */
  union(a: readonly string[], b: readonly string[]): readonly string[] {
    let row = this.unions.get(a);
    if (row === undefined) this.unions.set(a, (row = new Map()));
    let u = row.get(b);
    if (u === undefined) row.set(b, (u = this.canon(union(a, b))));
    return u;
  }
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Entry made by user `i` for its push number `k` (0-based): `a1`, `b2`, … */
export function entryOf(i: number, k: number): string {
  return `${String.fromCharCode(97 + i)}${k + 1}`;
}

/** Builds S1 and S2. */
export function subhistoryProperties(retries: number): Property<SubhistoryState>[] {
  return [
    {
      id: 'S1',
      title: 'no lost entry: no entry of a successfully pushed map is ever lost from the remote',
      state(s) {
        // Judged on every new state: the list of lost entries is made only when there is one.
        if (s.pushed.every((x) => s.remote.includes(x))) return null;
        const lost = s.pushed.filter((x) => !s.remote.includes(x));
        return lost.length === 0 ? null : `entries ${lost.join(', ')} were pushed successfully but the remote map is ${showMap(s.remote)}`;
      },
    },
    {
      id: 'S2',
      title: 'bounded loop, no silent loss: each push ends after at most 1 + retries attempts, with its entry on the remote or an explicit error',
      transition(_before, step) {
        const e = step.effect as SubhistoryEffect | undefined;
        if (e === undefined) return null;
        const who = NAMES[e.user];
        if (e.attempt !== undefined && e.attempt > retries + 1) return `${who} made push attempt ${e.attempt}, past the bound of ${retries + 1}`;
        if (e.ended === 'ok' && e.entry !== undefined && !step.next.remote.includes(e.entry)) {
          return `${who} was told its push succeeded, but entry ${e.entry} is not on the remote map ${showMap(step.next.remote)}`;
        }
        return null;
      },
    },
  ];
}

/** Builds a subhistory model: `users` users making `ops` pushes each, with up to `retries` fetch-and-retry loops per push. */
export function subhistoryModel(o: { variant: SubhistoryVariant; users: number; ops: number; retries: number }): Model<SubhistoryState> {
  if (!Number.isInteger(o.users) || o.users < 1 || o.users > NAMES.length) throw new UsageError(`subhistory: users must be 1..${NAMES.length}, got ${o.users}`);
  if (!Number.isInteger(o.ops) || o.ops < 0) throw new UsageError(`subhistory: ops must be a whole number ≥ 0, got ${o.ops}`);
  if (!Number.isInteger(o.retries) || o.retries < 0) throw new UsageError(`subhistory: retries must be a whole number ≥ 0, got ${o.retries}`);
  const v = o.variant;
  // Every entry, made once: a step then makes no new string (and the codec finds each by its cached hash).
  const entries = Array.from({ length: o.users }, (_, i) => Array.from({ length: o.ops }, (_, k) => entryOf(i, k)));
  const maps = new Maps();
  // Every entry as a map of its own, and the empty map: the maps every other is a union of.
  const single = entries.map((row) => row.map((x) => maps.canon([x])));
  const none = maps.canon([]);
  const active = (s: SubhistoryState): number[] => s.users.flatMap((u, i) => (u.pc === 'done' ? [] : [i]));
  const opOf = (s: SubhistoryState, i: number): Op => {
    const u = s.users[i];
    if (u.pc === 'fetch') return op('Fetch');
    const merged = maps.union(u.local, u.fetched);
    return v.push === 'lease' ? op('Push', showMap(merged), `lease=${showMap(u.fetched)}`) : op('Push', showMap(merged), 'force');
  };
  /** The user after finishing its current push: next push (with a new entry) or done. */
  const finish = (u: User, i: number): User => {
    const k = u.k + 1;
    return k < o.ops ? { ...u, k, pc: 'push', fails: 0, local: maps.union(u.local, single[i][k]) } : { ...u, k, pc: 'done', fails: 0 };
  };
  const rowOf = (s: SubhistoryState, i: number, result: Result): Row => ({ kind: 'call', actor: NAMES[i], op: opOf(s, i), result });
  /**
   * User `i` takes its step (action number `index` of `s`). With `rowed` false the row is left for
   * its reader to make (`LazyStep`, for `expand`): no map is printed.
   */
  const move = (s: SubhistoryState, i: number, index: number, rowed: boolean): Step<SubhistoryState> => {
    const u = s.users[i];
    const users = s.users.slice();
    if (u.pc === 'fetch') {
      users[i] = { ...u, fetched: s.remote, pc: 'push' };
      const effect: SubhistoryEffect = { user: i, kind: 'fetch' };
      return rowed ? { next: { ...s, users }, row: rowOf(s, i, ok(showMap(s.remote))), effect } : new LazyStep({ ...s, users }, effect, s, index, step);
    }
    const merged = maps.union(u.local, u.fetched);
    const entry = entries[i][u.k];
    const attempt = u.fails + 1;
    const landed = v.push === 'force' || same(s.remote, u.fetched);
    if (landed) {
      users[i] = finish({ ...u, local: merged }, i);
      const effect: SubhistoryEffect = { user: i, kind: 'push', ended: 'ok', entry, attempt };
      const next = { remote: merged, users, pushed: maps.union(s.pushed, merged) };
      return rowed ? { next, row: rowOf(s, i, ok()), effect } : new LazyStep(next, effect, s, index, step);
    }
    if (u.fails < o.retries) {
      users[i] = { ...u, local: merged, pc: 'fetch', fails: attempt };
      const effect: SubhistoryEffect = { user: i, kind: 'push', attempt };
      return rowed ? { next: { ...s, users }, row: rowOf(s, i, err('stale')), effect } : new LazyStep({ ...s, users }, effect, s, index, step);
    }
    users[i] = finish({ ...u, local: merged }, i);
    const silent = v.giveUp === 'silent';
    const effect: SubhistoryEffect = { user: i, kind: 'push', ended: silent ? 'ok' : 'error', entry, attempt };
    if (!rowed) return new LazyStep({ ...s, users }, effect, s, index, step);
    const result: Result = silent ? ok() : { kind: 'err', value: 'stale', message: `gave up after ${o.retries} retries` };
    return { next: { ...s, users }, row: rowOf(s, i, result), effect };
  };
  const step = (s: SubhistoryState, index: number): Step<SubhistoryState> => {
    const i = active(s)[index];
    if (i === undefined) throw new Error(`subhistory: no enabled action number ${index}`);
    return move(s, i, index, true);
  };
  const expand = (s: SubhistoryState): Step<SubhistoryState>[] => {
    const out: Step<SubhistoryState>[] = [];
    for (let i = 0; i < s.users.length; i++) if (s.users[i].pc !== 'done') out.push(move(s, i, out.length, false));
    return out;
  };
  const properties = subhistoryProperties(o.retries);
  return {
    name: 'subhistory',
    variant: v.name,
    config: { variant: v.name, actors: o.users, ops: o.ops, retries: o.retries },
    initial: () => ({
      remote: none,
      pushed: none,
      users: Array.from({ length: o.users }, (_, i) => ({ local: o.ops > 0 ? single[i][0] : none, fetched: none, k: 0, pc: o.ops > 0 ? 'push' : 'done', fails: 0 }) as User),
    }),
    actions(s): Action[] {
      return active(s).map((i) => ({ actor: NAMES[i], op: opOf(s, i), footprint: ['ref:map'] }));
    },
    step,
    fingerprint(s) {
      return `${s.remote.join(',')}|${s.pushed.join(',')}|${s.users.map((u) => `${u.local.join(',')}/${u.fetched.join(',')}/${u.k}${u.pc[0]}${u.fails}`).join(';')}`;
    },
    properties,
  capabilities: { codec: { codec: subhistoryCodec.codec, expand } },
  };
}

function num(x: string | number | boolean | undefined, fallback: number): number {
  return typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : fallback;
}

/** The subhistory family (seed 002): options `actors` (users, default 2), `ops` (pushes each, default 1), `extra.retries` (default 1). */
export const subhistoryFamily: ModelFamily<SubhistoryState> = {
  name: 'subhistory',
  title: 'git-subhistory commit maps: merge with the fetched map, push with --force-with-lease, retry (seed 002)',
  variants: subhistoryVariants.map((x) => ({ name: x.name, title: x.title, planted: x.planted })),
  properties: subhistoryProperties(1).map((p) => ({ id: p.id, title: p.title })),
  defaultVariant: 'force-with-lease',
  options: [{ name: 'retries', flag: 'retries', header: 'retries', type: 'int', default: 1, min: 0, max: 20, place: 'extra', help: 'fetch-and-retry rounds after a rejected push (--set retries=N)' }],
  build(options: ModelOptions) {
    const name = options.variant ?? 'force-with-lease';
    const variant = subhistoryVariants.find((x) => x.name === name);
    if (variant === undefined) throw new UsageError(`unknown variant '${name}' for model subhistory; known: ${subhistoryVariants.map((x) => x.name).join(', ')}`);
    return subhistoryModel({ variant, users: options.actors ?? 2, ops: options.ops ?? 1, retries: num(options.extra?.retries, 1) });
  },
};

