/**
 * # Interned states and remembered steps
 *
 * One partition's search (lin/check.ts) reaches the same model state again and again, by other
 * orders of the same operations and by other sets, and tries the same operation from it each time.
 * A {@link StateTable} gives every distinct state a small integer id the first time it is reached
 * (distinct by the model's `equal`, or by its `hash` keys when it has none), and remembers the step
 * of operation `op` from state id `s` as the id it leads to, or as "rejected" (in a bounded cache:
 * a pair may be asked again after another evicted it, and the cache turns itself off when it does
 * not pay). The search then calls the model about once per (state, operation) pair instead of
 * once per visit, and its memo compares states as integers.
 *
 * Sound under the model's own contract: `step` is deterministic and does not mutate its state, and
 * two states the model calls equal are interchangeable (the memo already prunes on that equality).
 * `equal` must therefore be an equivalence relation, as "the same state" is.
 */
import type { FullLinModel } from './model.ts';

/** The id {@link StateTable.next} returns for an operation the model rejects. */
export const REJECTED = -1;

/** Most slots of the step cache (a power of two): 64 Ki pairs, 768 KiB, stays in the processor's cache. */
const MAX_SLOTS = 1 << 16;

/**
 * Lookups of the step cache after which it is switched off when fewer than a quarter of them hit:
 * with states that never repeat (a kv value appended to in every order), probing costs more than it saves.
 */
const TRIAL = 1 << 14;

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
  // The step cache, direct-mapped (a pair evicts the one in its slot): (from, op) → next id or
  // REJECTED; from = -1 marks a free slot. Lossy on purpose: bounded memory, one probe per lookup.
  private readonly cFrom: Int32Array;
  private readonly cOp: Int32Array;
  private readonly cNext: Int32Array;
  private readonly mask: number;
  private lookups = 0;
  private hits = 0;
  private cached = true;

  constructor(
    private readonly m: FullLinModel<S, I, O>,
    private readonly inputs: readonly I[],
    private readonly outputs: readonly (O | undefined)[],
  ) {
    let size = 1024;
    while (size < MAX_SLOTS && size < inputs.length * 256) size *= 2;
    this.cFrom = new Int32Array(size).fill(-1);
    this.cOp = new Int32Array(size);
    this.cNext = new Int32Array(size);
    this.mask = size - 1;
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

  /** The id operation `op` leads to from state id `from`, or {@link REJECTED}. */
  next(from: number, op: number): number {
    if (!this.cached) return this.step(from, op);
    const h = Math.imul(from ^ Math.imul(op, 0x9e3779b1), 0x85ebca6b);
    const i = (h ^ (h >>> 15)) & this.mask;
    if (this.cFrom[i] === from && this.cOp[i] === op) {
      this.hits++;
      return this.cNext[i];
    }
    if (++this.lookups === TRIAL && this.hits < TRIAL / 4) this.cached = false;
    const to = this.step(from, op);
    this.cFrom[i] = from;
    this.cOp[i] = op;
    this.cNext[i] = to;
    return to;
  }

  /** Asks the model. */
  private step(from: number, op: number): number {
    this.steps++;
    const r = this.m.step(this.states[from], this.inputs[op], this.outputs[op]);
    return r.ok ? this.intern(r.next) : REJECTED;
  }

  private keyOf(id: number): string {
    let k = this.keys[id];
    if (k === undefined) this.keys[id] = k = this.m.hash(this.states[id]);
    return k;
  }
}
