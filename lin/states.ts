/**
 * # Interned states and remembered steps
 *
 * One partition's search (lin/check.ts) reaches the same model state again and again, by other
 * orders of the same operations and by other sets, and tries the same operation from it each time.
 * A {@link StateTable} gives every distinct state a small integer id the first time it is reached
 * (distinct by the model's `equal`, or by its `hash` keys when it has none), and remembers the step
 * of operation `op` from state id `s` as the id it leads to, or as "rejected". The search then
 * calls the model once per (state, operation) pair instead of once per visit, and its memo compares
 * states as integers.
 *
 * Sound under the model's own contract: `step` is deterministic and does not mutate its state, and
 * two states the model calls equal are interchangeable (the memo already prunes on that equality).
 * `equal` must therefore be an equivalence relation, as "the same state" is.
 */
import type { FullLinModel } from './model.ts';

/** The id {@link StateTable.next} returns for an operation the model rejects. */
export const REJECTED = -1;

/** Transitions slots before the first growth (a power of two). */
const FIRST_SLOTS = 1024;

/** The states of one partition's search and the steps between them. */
export class StateTable<S, I, O> {
  /** The states by id; id 0 is the model's initial state. */
  readonly states: S[] = [];
  /** Calls of the model's `step` so far. */
  steps = 0;
  private readonly keys: (string | undefined)[] = [];
  /** First id of every digest (or hash key, without a digest), chained through {@link chain}. */
  private readonly heads = new Map<number | string, number>();
  private readonly chain: number[] = [];
  // Remembered steps, open addressing: (from, op) → next id or REJECTED; from = -1 marks a free slot.
  private tFrom = new Int32Array(FIRST_SLOTS).fill(-1);
  private tOp = new Int32Array(FIRST_SLOTS);
  private tNext = new Int32Array(FIRST_SLOTS);
  private tUsed = 0;

  constructor(
    private readonly m: FullLinModel<S, I, O>,
    private readonly inputs: readonly I[],
    private readonly outputs: readonly (O | undefined)[],
  ) {
    this.intern(m.init());
  }

  /** The id of state `s`: that of an equal state seen before, else a new one. */
  intern(s: S): number {
    const m = this.m;
    let key: string | undefined;
    const bucket: number | string = m.digest !== undefined ? m.digest(s) | 0 : (key = m.hash(s));
    const head = this.heads.get(bucket);
    if (head !== undefined) {
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
    }
    const id = this.states.length;
    this.states.push(s);
    this.keys.push(key);
    this.chain.push(head ?? -1);
    this.heads.set(bucket, id);
    return id;
  }

  /** The id operation `op` leads to from state id `from`, or {@link REJECTED}; asks the model once per pair. */
  next(from: number, op: number): number {
    let mask = this.tFrom.length - 1;
    let i = slot(from, op, mask);
    for (let f = this.tFrom[i]; f !== -1; f = this.tFrom[i]) {
      if (f === from && this.tOp[i] === op) return this.tNext[i];
      i = (i + 1) & mask;
    }
    this.steps++;
    const r = this.m.step(this.states[from], this.inputs[op], this.outputs[op]);
    const to = r.ok ? this.intern(r.next) : REJECTED;
    if (2 * (this.tUsed + 1) > this.tFrom.length) {
      this.grow();
      mask = this.tFrom.length - 1;
      i = slot(from, op, mask);
      while (this.tFrom[i] !== -1) i = (i + 1) & mask;
    }
    this.tUsed++;
    this.tFrom[i] = from;
    this.tOp[i] = op;
    this.tNext[i] = to;
    return to;
  }

  private keyOf(id: number): string {
    let k = this.keys[id];
    if (k === undefined) this.keys[id] = k = this.m.hash(this.states[id]);
    return k;
  }

  private grow(): void {
    const from = this.tFrom;
    const op = this.tOp;
    const to = this.tNext;
    this.tFrom = new Int32Array(from.length * 2).fill(-1);
    this.tOp = new Int32Array(from.length * 2);
    this.tNext = new Int32Array(from.length * 2);
    const mask = this.tFrom.length - 1;
    for (let j = 0; j < from.length; j++) {
      if (from[j] === -1) continue;
      let i = slot(from[j], op[j], mask);
      while (this.tFrom[i] !== -1) i = (i + 1) & mask;
      this.tFrom[i] = from[j];
      this.tOp[i] = op[j];
      this.tNext[i] = to[j];
    }
  }
}

/** Home slot of the pair (from, op). */
function slot(from: number, op: number, mask: number): number {
  let h = Math.imul(from ^ Math.imul(op, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  return h & mask;
}
