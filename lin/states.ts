/**
 * # Interned states
 *
 * One partition's search (lin/check.ts) reaches the same model state again and again, by other
 * orders of the same operations and by other sets, and tries the same operation from it each time.
 * A {@link StateTable} gives every distinct state a small integer id the first time it is reached
 * (distinct by the model's `equal`, or by its `hash` keys when it has none), so that the search
 * (lin/kernel/assembly/search.ts) compares states as integers in its memo and remembers the step of
 * operation `op` from state id `s` as the id it leads to, or as "rejected", in a cache of its own:
 * the model is then asked about once per (state, operation) pair instead of once per visit.
 *
 * Sound under the model's own contract: `step` is deterministic and does not mutate its state, and
 * two states the model calls equal are interchangeable (the memo already prunes on that equality).
 * `equal` must therefore be an equivalence relation, as "the same state" is.
 */
import type { FullLinModel } from './model.ts';

/** The id {@link StateTable.step} returns for an operation the model rejects. */
export const REJECTED = -1;

/** The states of one partition's search and the steps between them. */
export class StateTable<S, I, O> {
  /** The states by id; id 0 is the model's initial state. */
  readonly states: S[] = [];
  /** Calls of the model's `step` so far. */
  steps = 0;
  private readonly keys: (string | undefined)[] = [];
  /** Whether hash keys are ever read ({@link keyOf}, only for a model without its own `equal`). */
  private readonly keyed: boolean;
  /** Without a digest: the first id of every hash key, chained through {@link chain}. */
  private readonly heads = new Map<string, number>();
  /** With a digest: open addressing from digest (`dKey`) to the first id (`dHead`, -1: free slot). */
  private dKey = new Int32Array(64);
  private dHead = new Int32Array(64).fill(-1);
  private readonly chain: number[] = [];
  constructor(
    private readonly m: FullLinModel<S, I, O>,
    private readonly inputs: readonly I[],
    private readonly outputs: readonly (O | undefined)[],
  ) {
    this.keyed = !m.hasOwnEqual;
    this.intern(m.init());
  }

  /** The id of state `s`: that of an equal state seen before, else a new one. */
  intern(s: S): number {
    const m = this.m;
    if (m.digest === undefined) {
      const key = m.hash(s);
      const head = this.heads.get(key);
      const id = head === undefined ? -1 : this.find(head, s, key);
      if (id !== -1) return id;
      this.heads.set(key, this.states.length);
      return this.add(s, key, head ?? -1);
    }
    const d = m.digest(s) | 0;
    const mask = this.dHead.length - 1;
    let i = spread(d) & mask;
    for (let h = this.dHead[i]; h !== -1; h = this.dHead[i]) {
      if (this.dKey[i] === d) {
        const id = this.find(h, s, undefined);
        if (id !== -1) return id;
        this.dHead[i] = this.states.length;
        return this.add(s, undefined, h);
      }
      i = (i + 1) & mask;
    }
    this.dKey[i] = d;
    this.dHead[i] = this.states.length;
    const id = this.add(s, undefined, -1);
    if (2 * this.states.length > this.dHead.length) this.growDigests();
    return id;
  }

  /** The id on the chain from `head` of a state equal to `s` (hash key `key`, if known), or -1. */
  private find(head: number, s: S, key: string | undefined): number {
    const m = this.m;
    for (let id = head; id !== -1; id = this.chain[id]) {
      const t = this.states[id];
      if (t === s) return id;
      if (m.hasOwnEqual) {
        if (m.equal(t, s)) return id;
      } else {
        if (key === undefined) key = m.hash(s);
        if (this.keyOf(id) === key) return id;
      }
    }
    return -1;
  }

  private add(s: S, key: string | undefined, chain: number): number {
    this.states.push(s);
    if (this.keyed) this.keys.push(key);
    this.chain.push(chain);
    return this.states.length - 1;
  }

  private growDigests(): void {
    const keys = this.dKey;
    const heads = this.dHead;
    this.dKey = new Int32Array(keys.length * 2);
    this.dHead = new Int32Array(keys.length * 2).fill(-1);
    const mask = this.dHead.length - 1;
    for (let j = 0; j < keys.length; j++) {
      if (heads[j] === -1) continue;
      let i = spread(keys[j]) & mask;
      while (this.dHead[i] !== -1) i = (i + 1) & mask;
      this.dKey[i] = keys[j];
      this.dHead[i] = heads[j];
    }
  }

  /** The id operation `op` leads to from state id `from`, or {@link REJECTED}: the model's answer. */
  step(from: number, op: number): number {
    this.steps++;
    const s = this.states[from];
    const r = this.m.step(s, this.inputs[op], this.outputs[op]);
    // A step that returns its own state (a read) needs no lookup.
    return !r.ok ? REJECTED : r.next === s ? from : this.intern(r.next);
  }

  private keyOf(id: number): string {
    let k = this.keys[id];
    if (k === undefined) this.keys[id] = k = this.m.hash(this.states[id]);
    return k;
  }
}

/** A 32-bit word with its bits mixed, for slot numbers. */
function spread(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}
