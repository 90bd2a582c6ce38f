/**
 * # Interned states
 *
 * One partition's search (lin/check.ts) reaches the same model state again and again, by other
 * orders of the same operations and by other sets, and tries the same operation from it each time.
 * Every distinct state gets a small integer id the first time it is reached (distinct by the model's
 * `equal`, or by its `hash` keys when it has none), so that the search
 * (lin/kernel/assembly/search.ts) compares states as integers in its memo and remembers the step of
 * operation `op` from state id `s` as the id it leads to, or as "rejected", in a cache of its own:
 * the model is then asked about once per (state, operation) pair instead of once per visit.
 *
 * A {@link StateTable} holds one partition's states and answers the search's questions about them.
 * For a model with a `digest`, the search finds states by digest itself, in the kernel's memory
 * (the table of digests grows there, out of the collector's way), and asks this table only to
 * compare two states whose digests match and to keep a new one; without a digest, this table finds
 * them by their hash keys, in a Map, and gives the search ids.
 *
 * Sound under the model's own contract: `step` is deterministic and does not mutate its state, and
 * two states the model calls equal are interchangeable (the memo already prunes on that equality).
 * `equal` must therefore be an equivalence relation, as "the same state" is.
 */
import type { FullLinModel, StepResult } from './model.ts';
import { NEW_STATE, type SearchArrays, type StateAnswers } from './kernel/kernel.ts';

/** The id {@link StateTable.step} returns for an operation the model rejects. */
export const REJECTED = -1;

/** `observed`'s mark for an operation whose observed state the kernel interns (lin/kernel/assembly/search.ts). */
const TO_INTERN = -2;

/** The states of one partition's search and the steps between them. */
export class StateTable<S, I, O> implements StateAnswers {
  /**
   * The states by id; id 0 is the model's initial state. When the kernel interns the states, one
   * more may follow them: the last one put in place, which the kernel found equal to another.
   */
  readonly states: S[] = [];
  /** Calls of the model's `step` so far. */
  steps = 0;
  /** The result object `step` lends the model (`LinModel.step`'s `into`): read at once, never kept. */
  private readonly into: StepResult<S>;
  /** The model's digest; with one, the kernel interns the states. */
  private readonly digestOf: ((s: S) => number) | undefined;
  /** With a digest: the state in place as the next id (see {@link step}), and each operation's observed state. */
  private placed: S | undefined;
  private readonly seen: (S | undefined)[] = [];
  private readonly seenDigests: Int32Array;
  /** Without a digest: each state's hash key (when read), the first id of every key, and per id the next with its key. */
  private readonly keys: (string | undefined)[] = [];
  private readonly heads = new Map<string, number>();
  private readonly chain: number[] = [];
  constructor(
    private readonly m: FullLinModel<S, I, O>,
    private readonly inputs: readonly I[],
    private readonly outputs: readonly (O | undefined)[],
  ) {
    this.digestOf = m.digest;
    this.seenDigests = new Int32Array(this.digestOf !== undefined ? inputs.length : 0);
    const init = m.init();
    this.into = { ok: false, next: init, digest: undefined };
    if (this.digestOf !== undefined) this.states.push(init);
    else this.intern(init);
  }

  /**
   * The `observed` entry of operation `op`, whose observed state is `s`: its id, or, when the kernel
   * interns the states, a mark for the kernel to intern it (with the others, in operation order).
   */
  observe(op: number, s: S): number {
    if (this.digestOf === undefined) return this.intern(s);
    this.seen[op] = s;
    this.seenDigests[op] = this.digestOf(s) | 0;
    return TO_INTERN;
  }

  /** What the kernel needs to intern the states itself (SearchArrays.digests), for a model with a digest. */
  kernelDigests(): SearchArrays['digests'] {
    if (this.digestOf === undefined) return undefined;
    return { init: this.digestOf(this.states[0]) | 0, observed: this.seenDigests };
  }

  /**
   * The model's step of operation `op` from state id `from`: {@link REJECTED}, the id of the state
   * it leads to, or (when the kernel interns the states: `digest` is that of `from`, and `count` the
   * next id) that state's digest plus 2^31, the state put in place as state `count`: the kernel
   * keeps it by counting it, or finds an equal one and the next step puts another there.
   */
  step(from: number, op: number, digest: number, count: number): number {
    this.steps++;
    const m = this.m;
    const s = this.states[from];
    const digestOf = this.digestOf;
    if (digestOf === undefined) {
      const r = m.step(s, this.inputs[op], this.outputs[op], undefined, this.into);
      // A step that returns its own state (a read) needs no lookup.
      return !r.ok ? REJECTED : r.next === s ? from : this.intern(r.next);
    }
    // A model that fills `into` and computes no digest leaves it undefined: none is kept from before.
    this.into.digest = undefined;
    const r = m.step(s, this.inputs[op], this.outputs[op], digest, this.into);
    if (!r.ok) return REJECTED;
    if (r.next === s) return from;
    this.states[count] = this.placed = r.next;
    return NEW_STATE + ((r.digest ?? digestOf(r.next)) >>> 0);
  }

  /** 1 when state `id` equals the one in place as the next id, else 0. */
  same(id: number): number {
    const t = this.states[id];
    const s = this.placed as S;
    if (t === s) return 1;
    if (this.m.hasOwnEqual) return this.m.equal(t, s) ? 1 : 0;
    return this.keyOf(id) === this.m.hash(s) ? 1 : 0;
  }

  /** Puts the state operation `op` observes in place as state `id`, the next id. */
  place(id: number, op: number): void {
    this.states[id] = this.placed = this.seen[op] as S;
  }

  /** Without a digest: the id of state `s`, that of an equal state seen before, else a new one. */
  private intern(s: S): number {
    const m = this.m;
    const key = m.hash(s);
    const head = this.heads.get(key);
    if (head !== undefined) {
      for (let id = head; id !== -1; id = this.chain[id]) {
        const t = this.states[id];
        if (t === s || (m.hasOwnEqual ? m.equal(t, s) : this.keyOf(id) === key)) return id;
      }
    }
    const id = this.states.length;
    this.heads.set(key, id);
    this.states.push(s);
    this.keys.push(key);
    this.chain.push(head ?? -1);
    return id;
  }

  private keyOf(id: number): string {
    let k = this.keys[id];
    if (k === undefined) this.keys[id] = k = this.m.hash(this.states[id]);
    return k;
  }
}
