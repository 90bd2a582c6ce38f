/**
 * A seen set of 64-bit fingerprints in a `SharedArrayBuffer`, written by several worker threads at
 * once (see the essay in `parallel.ts`).
 *
 * A slot is four 32-bit words: `[tag, hi, lo, owner]`. `tag` is 0 for an empty slot, `BUSY` while a
 * worker is filling the slot, and `level + 1` once the fingerprint `(hi, lo)` is published, `level`
 * being the BFS level at which the state was first reached. A worker claims an empty slot with
 * `Atomics.compareExchange(tag, 0, BUSY)`: exactly one worker wins the slot, writes the fingerprint
 * and the owner key, and publishes with `Atomics.store(tag, level + 1)`; a worker that reads `BUSY`
 * waits (a few instructions) for the publication before comparing. `owner` is the smallest
 * generation key (parent index × actors + action index) that reached the state during its level,
 * kept with a compare-and-swap minimum loop, so that which worker "owns" a new state does not depend
 * on thread timing.
 *
 * Fingerprints are those of `fingerprints.ts` (`hashWords`), with the same mapping of (0, 0) to (0, 1)
 * as `FingerprintTable`, so the parallel search merges exactly the states the single-threaded one does.
 * The table does not grow while workers run: the coordinator rehashes it between levels.
 */

/** Words per slot. */
const SLOT = 4;
/** Tag of a slot being filled. */
const BUSY = 0xffffffff;

/** What `claim` returns for a fingerprint stored at an earlier level (the state is not new). */
export const OLD = -1;
/** What `claim` returns for a state new at this level already reached by a smaller key (never this caller's). */
export const LOST = -3;
/** What `claim` returns when the table passed its hard load limit (the level must be redone). */
export const FULL = -2;

/** Open-addressing (linear probing) table of 64-bit fingerprints over shared memory. */
export class SharedTable {
  /** The slots, four words each (see the module comment). */
  readonly words: Uint32Array;
  /** Slots - 1 (slots is a power of two). */
  readonly mask: number;

  /** Wraps a buffer made by `SharedTable.create` (in the coordinator or a worker). */
  constructor(readonly buffer: SharedArrayBuffer) {
    this.words = new Uint32Array(buffer);
    this.mask = this.words.length / SLOT - 1;
  }

  /** A new, empty table of at least `slots` slots (rounded up to a power of two). */
  static create(slots: number): SharedTable {
    let cap = 1;
    while (cap < slots) cap *= 2;
    return new SharedTable(new SharedArrayBuffer(cap * SLOT * 4));
  }

  /** Number of slots. */
  get slots(): number {
    return this.mask + 1;
  }

  /** Bytes held. */
  bytes(): number {
    return this.buffer.byteLength;
  }

  /**
   * Looks up fingerprint `(hi, lo)` for a state reached at `level` by generation key `key`. Returns
   * `OLD` when it was stored at an earlier level, `LOST` when it is new at this level but a smaller key
   * reached it already (the owner only decreases, so this key will never own it); otherwise the slot
   * index: this key owns the state for now (a smaller key may still take it; `owner` decides after
   * the level). `claimed` is called
   * once for each slot this call filled, and may return false to refuse (hard load limit): `FULL`.
   */
  claim(hi: number, lo: number, level: number, key: number, claimed: () => boolean): number {
    hi >>>= 0;
    lo >>>= 0;
    if (hi === 0 && lo === 0) lo = 1;
    const w = this.words;
    const tagNow = level + 1;
    let i = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      const b = i * SLOT;
      let tag = Atomics.load(w, b);
      if (tag === 0) {
        if (Atomics.compareExchange(w, b, 0, BUSY) === 0) {
          if (!claimed()) {
            // Give the slot back empty: the level is abandoned and redone after a rehash.
            Atomics.store(w, b, 0);
            return FULL;
          }
          w[b + 1] = hi;
          w[b + 2] = lo;
          w[b + 3] = key;
          Atomics.store(w, b, tagNow);
          return i;
        }
        tag = Atomics.load(w, b);
      }
      while (tag === BUSY) tag = Atomics.load(w, b);
      if (tag !== 0 && w[b + 1] === hi && w[b + 2] === lo) {
        if (tag !== tagNow) return OLD;
        for (;;) {
          const cur = Atomics.load(w, b + 3);
          if (key >= cur) return LOST;
          if (Atomics.compareExchange(w, b + 3, cur, key) === cur) return i;
        }
      }
      if (tag === 0) continue; // a claim was given back: look at the slot again
      i = (i + 1) & this.mask;
    }
  }

  /** The owner key of slot `i` (final once every worker has finished the level). */
  owner(i: number): number {
    return Atomics.load(this.words, i * SLOT + 3);
  }

  /**
   * A table of `slots` slots holding every fingerprint of this one stored before `level` (the
   * entries of `level` itself are dropped: that level is about to be redone). Coordinator only, with
   * no worker running. Returns the new table and how many fingerprints it holds.
   */
  rehash(slots: number, level: number): { table: SharedTable; size: number } {
    const t = SharedTable.create(slots);
    const src = this.words;
    const dst = t.words;
    let size = 0;
    for (let b = 0; b < src.length; b += SLOT) {
      const tag = src[b];
      if (tag === 0 || tag === BUSY || tag >= level + 1) continue;
      const hi = src[b + 1];
      const lo = src[b + 2];
      let i = (hi ^ Math.imul(lo, 0x9e3779b1)) & t.mask;
      while (dst[i * SLOT] !== 0) i = (i + 1) & t.mask;
      dst.set(src.subarray(b, b + SLOT), i * SLOT);
      size++;
    }
    return { table: t, size };
  }
}
