/**
 * The sequential specification of the Inferno store, as a linearizability model (`lin/model.ts`).
 *
 * The state is the set of stored objects, each with its predecessor (`null` for the first version
 * of a script). It is the reference model's ghost `links` (`model/inferno/model.ts`) plus roots, and
 * `fetchHist` is its `chainTo` run to the head, so the two agree by construction; the contract test
 * (`stores.test.ts`) runs both beside every real store.
 *
 * - `store(o, p)`: allowed when `o` is new and `p` is null (a new script) or a stored object with no
 *   successor (a head). Allowed: it links and answers ok. Not allowed: it answers `not-head` and
 *   changes nothing. (Storing an existing object again is outside the spec; the harnesses never do.)
 * - `fetchHist(h)`: `h` stored: the chain from the script's first version to its head. `h` not
 *   stored: an error.
 * - `fetch(h)`: `h` stored: content that hashes to `h`. Not stored: anything (a refused store may
 *   leave its object file behind, in the seed's code and in option 1; the database does not).
 *
 * An unknown output (`undefined`: the call raised an unexpected error, or crashed) is accepted, and a
 * store with an unknown output takes effect if it is allowed (`lin/model.ts`'s contract); a crashed
 * call that never returned is pending and may also never take effect.
 *
 * Partitions: stores and reads of different scripts are independent, so a history splits into one
 * part per script (connected by `store(o, p)`), which keeps each search small and each witness
 * about one script.
 */
import type { LinModel } from '../../lin/model.ts';
import type { Operation } from '../../lin/history.ts';
import { hashOf, type Hash } from './types.ts';

/** An operation as invoked. `hash` is the hash of `content`, known to the caller before the call. */
export type InfernoInput =
  | { readonly f: 'store'; readonly hash: Hash; readonly pred: Hash | null; readonly content: string }
  | { readonly f: 'fetchHist'; readonly h: Hash }
  | { readonly f: 'fetch'; readonly h: Hash };

/** An operation's answer. `error` is the message of the error it raised. */
export type InfernoOutput =
  | { readonly f: 'store'; readonly ok: true }
  | { readonly f: 'store'; readonly ok: false; readonly error: 'not-head' }
  | { readonly f: 'fetchHist'; readonly ok: true; readonly hist: readonly Hash[] }
  | { readonly f: 'fetchHist'; readonly ok: false; readonly error: string }
  | { readonly f: 'fetch'; readonly content: string | null };

/** The sequential store: each stored object's predecessor, and each object's successor. Immutable. */
export interface SpecState {
  readonly pred: Readonly<Record<Hash, Hash | null>>;
  readonly succ: Readonly<Record<Hash, Hash>>;
}

/** The empty store. */
export const emptySpec: SpecState = { pred: {}, succ: {} };

/** Whether `store(hash, pred)` is allowed in `s`. */
export function storeAllowed(s: SpecState, hash: Hash, pred: Hash | null): boolean {
  if (hash in s.pred) return false;
  return pred === null || (pred in s.pred && !(pred in s.succ));
}

/** `s` with `hash` stored after `pred` (which must be allowed). Does not mutate `s`. */
export function applyStore(s: SpecState, hash: Hash, pred: Hash | null): SpecState {
  return { pred: { ...s.pred, [hash]: pred }, succ: pred === null ? s.succ : { ...s.succ, [pred]: hash } };
}

/** The spec's `fetchHist(h)`: the whole history of h's script, oldest first, or null when h is not stored. */
export function specHistory(s: SpecState, h: Hash): Hash[] | null {
  if (!(h in s.pred)) return null;
  let head = h;
  for (let n = s.succ[head]; n !== undefined; n = s.succ[head]) head = n;
  const out: Hash[] = [];
  for (let x: Hash | null = head; x !== null && out.length <= Object.keys(s.pred).length; x = s.pred[x] ?? null) out.unshift(x);
  return out;
}

/** One spec step; `output === undefined` is an unknown result (see the module comment). */
export function specStep(s: SpecState, input: InfernoInput, output: InfernoOutput | undefined): { ok: boolean; next: SpecState } {
  switch (input.f) {
    case 'store': {
      const allowed = storeAllowed(s, input.hash, input.pred);
      const next = allowed ? applyStore(s, input.hash, input.pred) : s;
      if (output === undefined) return { ok: true, next };
      if (output.f !== 'store') return { ok: false, next: s };
      return { ok: output.ok === allowed, next };
    }
    case 'fetchHist': {
      if (output === undefined) return { ok: true, next: s };
      if (output.f !== 'fetchHist') return { ok: false, next: s };
      const want = specHistory(s, input.h);
      if (want === null) return { ok: !output.ok, next: s };
      return { ok: output.ok && output.hist.length === want.length && output.hist.every((x, i) => x === want[i]), next: s };
    }
    case 'fetch': {
      if (output === undefined || !(input.h in s.pred)) return { ok: true, next: s };
      return { ok: output.f === 'fetch' && output.content !== null && hashOf(output.content) === input.h, next: s };
    }
  }
}

/** Splits a history into one part per script (union of `o` and `p` over stores). */
export function partitionByScript<O>(history: readonly Operation<InfernoInput, O>[]): Operation<InfernoInput, O>[][] {
  const parent = new Map<Hash, Hash>();
  const find = (x: Hash): Hash => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const union = (a: Hash, b: Hash) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const op of history) {
    const i = op.input;
    if (i.f === 'store') {
      find(i.hash);
      if (i.pred !== null) union(i.hash, i.pred);
    }
  }
  const parts = new Map<Hash, Operation<InfernoInput, O>[]>();
  for (const op of history) {
    const key = find(op.input.f === 'store' ? op.input.hash : op.input.h);
    let part = parts.get(key);
    if (part === undefined) parts.set(key, (part = []));
    part.push(op);
  }
  return [...parts.values()];
}

/**
 * The spec as a `LinModel`. `name` renders a hash in witnesses (default: its first 8 characters);
 * the harnesses pass the object's content, which they make readable (`s0.c2.5`).
 */
export function infernoSpec(name: (h: Hash) => string = (h) => h.slice(0, 8)): LinModel<SpecState, InfernoInput, InfernoOutput> {
  const list = (xs: readonly Hash[]) => `[${xs.map(name).join(' ')}]`;
  return {
    init: () => emptySpec,
    step: specStep,
    hash: (s) =>
      Object.keys(s.pred)
        .sort()
        .map((k) => `${k}<${s.pred[k] ?? ''}`)
        .join(','),
    partition: partitionByScript,
    describeOp(input, output) {
      const res = (o: InfernoOutput | undefined): string => {
        if (o === undefined) return '?';
        if (o.f === 'store') return o.ok ? 'ok' : 'not-head';
        if (o.f === 'fetchHist') return o.ok ? list(o.hist) : `error: ${o.error}`;
        return o.content === null ? 'null' : 'found';
      };
      const call =
        input.f === 'store' ? `store(${name(input.hash)}, ${input.pred === null ? 'null' : name(input.pred)})` : `${input.f}(${name(input.h)})`;
      return `${call} -> ${res(output)}`;
    },
    describeState(s) {
      const roots = Object.keys(s.pred).filter((h) => s.pred[h] === null).sort();
      return roots.map((r) => list(specHistory(s, r) ?? [])).join(' ') || '(empty)';
    },
  };
}
