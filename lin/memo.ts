/**
 * The memo of one partition's search (lin/check.ts): the set of (linearized operations, state id)
 * pairs reached so far. Typed arrays only, no object per entry: each entry is a bitset row in one
 * pooled `Int32Array`, its state id and its hash; an open-addressing table of entry indices finds
 * them. The caller maintains the bitset's Zobrist hash incrementally; the state id is mixed in here.
 */

/** Entries the memo has room for at first. */
const FIRST_ENTRIES = 128;

/** The entries of the memo of one search. */
export class Memo {
  /** Number of entries. */
  size = 0;
  // Small at first: the arrays grow within the first iterations, while the engine still interprets
  // the search, not later in optimized code, where a path never taken before deoptimizes it.
  private pool: Int32Array;
  private entryHash = new Int32Array(FIRST_ENTRIES);
  private entryState = new Int32Array(FIRST_ENTRIES);
  /** Entry index per slot, -1 when free. */
  private slots = new Int32Array(2 * FIRST_ENTRIES).fill(-1);

  /** @param words words per bitset row (the search's bitset length). */
  constructor(private readonly words: number) {
    this.pool = new Int32Array(words * FIRST_ENTRIES);
  }

  /**
   * Records (`bits` with bit `om` of word `ow` set, `state`), where `bitsHash` is the Zobrist hash
   * of that set. True when it was new, false when it was already there.
   */
  add(bitsHash: number, bits: Int32Array, ow: number, om: number, state: number): boolean {
    const h = (bitsHash ^ Math.imul(state + 1, 0x2c1b3c6d)) | 0;
    const W = this.words;
    let mask = this.slots.length - 1;
    let i = home(h, mask);
    for (let e = this.slots[i]; e !== -1; e = this.slots[i]) {
      if (this.entryHash[e] === h && this.entryState[e] === state) {
        const base = e * W;
        let w = 0;
        while (w < W && this.pool[base + w] === (w === ow ? bits[w] | om : bits[w])) w++;
        if (w === W) return false;
      }
      i = (i + 1) & mask;
    }
    const e = this.size;
    if (e === this.entryHash.length) this.enlarge();
    if (2 * (e + 1) > this.slots.length) {
      this.rehash();
      mask = this.slots.length - 1;
      i = home(h, mask);
      while (this.slots[i] !== -1) i = (i + 1) & mask;
    }
    const base = e * W;
    for (let w = 0; w < W; w++) this.pool[base + w] = w === ow ? bits[w] | om : bits[w];
    this.entryHash[e] = h;
    this.entryState[e] = state;
    this.slots[i] = e;
    this.size = e + 1;
    return true;
  }

  private enlarge(): void {
    const pool = new Int32Array(this.pool.length * 2);
    pool.set(this.pool);
    this.pool = pool;
    const hashes = new Int32Array(this.entryHash.length * 2);
    hashes.set(this.entryHash);
    this.entryHash = hashes;
    const states = new Int32Array(this.entryState.length * 2);
    states.set(this.entryState);
    this.entryState = states;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    for (let e = 0; e < this.size; e++) {
      let i = home(this.entryHash[e], mask);
      while (this.slots[i] !== -1) i = (i + 1) & mask;
      this.slots[i] = e;
    }
  }
}

/** Home slot of hash `h`. */
function home(h: number, mask: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) & mask;
}
