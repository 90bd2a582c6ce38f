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

/** Slots of the step cache at first, and at most (powers of two): 64 Ki pairs take 768 KiB. */
const FIRST_SLOTS = 256;
const MAX_SLOTS = 1 << 16;

/**
 * Misses of the step cache after which it is switched off when it had fewer than a quarter as many
 * hits: with states that never repeat (a kv value appended to in every order), probing costs more
 * than it saves. Decided early, within the first iterations, so that the path never changes later
 * in optimized code (etcd_002 has 1,971 hits by then, and keeps its cache).
 */
const TRIAL = 1 << 8;

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
  // The step cache, direct-mapped (a pair evicts the one in its slot): (from, op) → next id or
  // REJECTED; from = -1 marks a free slot. Lossy on purpose: bounded memory, one probe per lookup.
  private cFrom = new Int32Array(FIRST_SLOTS).fill(-1);
  private cOp = new Int32Array(FIRST_SLOTS);
  private cNext = new Int32Array(FIRST_SLOTS);
  private mask = FIRST_SLOTS - 1;
  /** Misses since the cache last grew: it doubles (empty) after twice its size of them. */
  private misses = 0;
  private missed = 0;
  private hits = 0;
  private cached = true;

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

  /** The id operation `op` leads to from state id `from`, or {@link REJECTED}. */
  next(from: number, op: number): number {
    if (!this.cached) return this.step(from, op);
    const h = Math.imul(from ^ Math.imul(op, 0x9e3779b1), 0x85ebca6b);
    const i = (h ^ (h >>> 15)) & this.mask;
    if (this.cFrom[i] === from && this.cOp[i] === op) {
      this.hits++;
      return this.cNext[i];
    }
    if (++this.missed === TRIAL && this.hits < TRIAL / 4) this.cached = false;
    const to = this.step(from, op);
    if (++this.misses > 2 * this.cFrom.length && this.cFrom.length < MAX_SLOTS) {
      const size = this.cFrom.length * 2;
      this.cFrom = new Int32Array(size).fill(-1);
      this.cOp = new Int32Array(size);
      this.cNext = new Int32Array(size);
      this.mask = size - 1;
      this.misses = 0;
      return to;
    }
    this.cFrom[i] = from;
    this.cOp[i] = op;
    this.cNext[i] = to;
    return to;
  }

  /** Asks the model. */
  private step(from: number, op: number): number {
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
