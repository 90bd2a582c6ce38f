/**
 * Seen-state sets keyed by 64-bit fingerprints of packed states.
 *
 * Two fingerprint functions feed them. `hashWords` is two 32-bit lanes of MurmurHash3's mixing over
 * the state's words, with different seeds and constants, finished with MurmurHash3's `fmix32` and a
 * cross-lane mix; symmetry reduction (whose canonical vector is not a small edit of its parent's)
 * and bitstate mode use it. `TabulationHash` is updated from the parent's fingerprint by the bytes a
 * step changed; the plain exhaustive search uses it. Neither is a cryptographic hash; distinct states
 * behave like independent uniform 64-bit values for the collision estimates below.
 *
 * Two sets, one interface:
 * - `FingerprintTable` (hash compaction, like TLC's fingerprint set): stores the 64 bits in an
 *   open-addressing table of pairs of 32-bit words. Two distinct states with equal fingerprints are
 *   taken as one, so the second and everything only reachable through it would be missed. With n
 *   states stored the chance that any such collision happened is about n² / 2⁶⁵ (TLC reports the
 *   same figure): 1e-5 at 20 million states, 3e-4 at 100 million. The run reports it.
 * - `Bitstate` (SPIN's supertrace): a bit array of 2^bits bits with k = 3 probes. Memory is fixed in
 *   advance; the price is that a new state whose k bits are already set is taken as seen. The run
 *   reports the estimated number of states missed.
 * Neither can report a violation that is not real: every counterexample is replayed on the reference
 * model before it is returned. Both can, with the stated probability, miss one.
 */

/** Lane outputs of the last `hashWords` call (module-level to avoid allocation per state). */
export const lanes = new Uint32Array(2);

/** Hashes `n` words of `w` from `off` into `lanes[0]` (high) and `lanes[1]` (low). */
export function hashWords(w: Uint32Array, off: number, n: number): void {
  let h1 = 0x9747b28c | 0;
  let h2 = 0x2f1b3c5d | 0;
  for (let j = 0; j < n; j++) {
    const x = w[off + j];
    let k = Math.imul(x, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h1 ^= k;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    let q = Math.imul(x ^ 0x5bd1e995, 0x85ebca6b);
    q = (q << 17) | (q >>> 15);
    q = Math.imul(q, 0xc2b2ae35);
    h2 ^= q;
    h2 = (h2 << 11) | (h2 >>> 21);
    h2 = (Math.imul(h2, 9) + 0x52dce729) | 0;
  }
  h1 ^= n;
  h2 ^= n * 7;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  h2 ^= h2 >>> 16;
  h2 = Math.imul(h2, 0x7feb352d);
  h2 ^= h2 >>> 15;
  h2 = Math.imul(h2, 0x846ca68b);
  h2 ^= h2 >>> 16;
  h2 = (h2 + h1) | 0;
  h1 = (h1 ^ (h2 >>> 7)) | 0;
  lanes[0] = h1;
  lanes[1] = h2;
}

/**
 * Tabulation hashing over the bytes of a state, updated incrementally: the fingerprint is the XOR of
 * one pseudo-random 64-bit entry per (byte position, byte value), so a successor's fingerprint is its
 * parent's with the entries of the few bytes the step changed swapped. A step writes a handful of
 * bytes of a 100–200-byte vector, so this costs a word-by-word comparison and a few table reads where
 * hashing the whole vector costs two multiply chains per word.
 *
 * Simple tabulation is universal: two distinct vectors differ at some position p, whose entry is
 * uniform and independent of every other entry, so they collide with probability exactly 2⁻⁶⁴. The
 * collision estimate n²/2⁶⁵ of `FingerprintTable` holds as it does for MurmurHash3. The tables come
 * from a fixed seed: same states, same fingerprints, every run.
 */
export class TabulationHash {
  /** Interleaved lanes: entry (position p, byte v) is `t[2 * (p * 256 + v)]` (high), `+ 1` (low). */
  private readonly t: Int32Array;
  /** 0 … words - 1: `update` is `updateWords` over every word. */
  private readonly every: Int32Array;

  constructor(readonly words: number) {
    this.every = Int32Array.from({ length: words }, (_, j) => j);
    const n = words * 4 * 256 * 2;
    this.t = new Int32Array(n);
    let x = 0x2545f491 | 0;
    for (let j = 0; j < n; j++) {
      // splitmix32: a fixed, well-mixed sequence.
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      this.t[j] = z ^ (z >>> 15);
    }
  }

  /** Fingerprint of the first `words` words of `w`, into `lanes`. */
  full(w: Uint32Array): void {
    const t = this.t;
    let h1 = 0;
    let h2 = 0;
    for (let j = 0; j < this.words; j++) {
      const x = w[j];
      for (let b = 0; b < 4; b++) {
        const e = (((j * 4 + b) << 8) | ((x >>> (8 * b)) & 255)) << 1;
        h1 ^= t[e];
        h2 ^= t[e + 1];
      }
    }
    lanes[0] = h1;
    lanes[1] = h2;
  }

  /**
   * Fingerprint of `next` into `lanes`, given that `prev` has fingerprint (`h1`, `h2`): only the
   * bytes where the two differ are read from the table.
   */
  update(h1: number, h2: number, prev: Uint32Array, next: Uint32Array): void {
    this.updateWords(h1, h2, prev, next, this.every, this.words);
  }

  /** As `update`, when only the `n` words listed in `which` can differ between `prev` and `next`. */
  updateWords(h1: number, h2: number, prev: Uint32Array, next: Uint32Array, which: Int32Array, n: number): void {
    const t = this.t;
    for (let i = 0; i < n; i++) {
      const j = which[i];
      const a = prev[j];
      const b = next[j];
      if (a === b) continue;
      const d = a ^ b;
      for (let k = 0; k < 4; k++) {
        if (((d >>> (8 * k)) & 255) === 0) continue;
        const base = (j * 4 + k) << 8;
        const ea = (base | ((a >>> (8 * k)) & 255)) << 1;
        const eb = (base | ((b >>> (8 * k)) & 255)) << 1;
        h1 ^= t[ea] ^ t[eb];
        h2 ^= t[ea + 1] ^ t[eb + 1];
      }
    }
    lanes[0] = h1;
    lanes[1] = h2;
  }
}

/** MurmurHash3's 32-bit finalizer. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A set of seen states, fed by `hashWords`. */
export interface SeenSet {
  /** Adds the fingerprint in `lanes`; true when it was not there (the state is new). */
  addLanes(): boolean;
  /**
   * Reads the memory `addLanes` will read first for the fingerprint (`hi`, `lo`), without changing
   * the set: a software prefetch, so that a batch of lookups waits for one memory latency, not many.
   */
  prefetch(hi: number, lo: number): void;
  /** Fingerprints stored (for a bitstate set, insertions that set at least one bit). */
  readonly size: number;
  /** Bytes the set holds now. */
  bytes(): number;
  /** What the set risks, in one sentence, for a run that stored `size` states. */
  risk(): string;
  /** The probability (or expected count, for bitstate) the risk sentence states. */
  riskFigure(): number;
}

/** Open-addressing table of 64-bit fingerprints (linear probing, grows at 60 % load). */
export class FingerprintTable implements SeenSet {
  private keys: Uint32Array;
  private mask: number;
  size = 0;

  constructor(initialSlots = 1 << 20) {
    let cap = 1;
    while (cap < initialSlots) cap <<= 1;
    this.keys = new Uint32Array(cap * 2);
    this.mask = cap - 1;
    this.initialKeys = cap * 2;
  }

  /** The length of `keys` as made (what `reset` goes back to). */
  private readonly initialKeys: number;

  /** Empties the set and gives back what it grew to: it is then as it was made. */
  reset(): void {
    this.size = 0;
    if (this.keys.length !== this.initialKeys) {
      this.keys = new Uint32Array(this.initialKeys);
      this.mask = (this.initialKeys >>> 1) - 1;
    } else this.keys.fill(0);
  }

  /** Sink of `prefetch`'s reads (kept so that they are not optimized away). */
  private touched = 0;

  prefetch(hi: number, lo: number): void {
    this.touched ^= this.keys[2 * ((hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask)];
  }

  addLanes(): boolean {
    const hi = lanes[0];
    let lo = lanes[1];
    if (hi === 0 && lo === 0) lo = 1;
    const keys = this.keys;
    let i = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      const a = keys[2 * i];
      const b = keys[2 * i + 1];
      if (a === 0 && b === 0) break;
      if (a === hi && b === lo) return false;
      i = (i + 1) & this.mask;
    }
    keys[2 * i] = hi;
    keys[2 * i + 1] = lo;
    this.size++;
    if (this.size * 5 > (this.mask + 1) * 3) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.keys;
    const cap = (this.mask + 1) * 2;
    this.keys = new Uint32Array(cap * 2);
    this.mask = cap - 1;
    const keys = this.keys;
    for (let j = 0; j < old.length; j += 2) {
      const hi = old[j];
      const lo = old[j + 1];
      if (hi === 0 && lo === 0) continue;
      let i = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
      while (keys[2 * i] !== 0 || keys[2 * i + 1] !== 0) i = (i + 1) & this.mask;
      keys[2 * i] = hi;
      keys[2 * i + 1] = lo;
    }
  }

  bytes(): number {
    return this.keys.byteLength;
  }

  riskFigure(): number {
    return (this.size * this.size) / 2 ** 65;
  }

  risk(): string {
    return `64-bit fingerprints: probability that two of the ${this.size} states collided (and a state was missed) ≈ ${this.riskFigure().toExponential(1)}`;
  }
}

/**
 * SPIN-style bitstate set: 2^bits bits, 3 probes per state (double hashing over the two lanes).
 * `hashSeed` (default 0: the lanes as they are) remixes the lanes into another hash function, so that
 * searches with different seeds miss different states (swarm verification's diversified bitstate
 * runs); the risk estimate is the same for every seed.
 */
export class Bitstate implements SeenSet {
  private readonly bits: Uint32Array;
  private readonly mask: number;
  readonly k = 3;
  size = 0;
  /** Running sum of the false-positive probability at each insertion: expected states missed. */
  private expectedMissed = 0;

  constructor(
    readonly log2Bits: number,
    readonly hashSeed = 0,
  ) {
    if (!Number.isInteger(log2Bits) || log2Bits < 10 || log2Bits > 35) throw new RangeError(`bitstate size must be 2^10 … 2^35 bits, got 2^${log2Bits}`);
    if (!Number.isInteger(hashSeed) || hashSeed < 0 || hashSeed > 0xffffffff) throw new RangeError(`bitstate hash seed must be a whole number from 0 to 2^32-1, got ${hashSeed}`);
    this.bits = new Uint32Array(2 ** (log2Bits - 5));
    this.mask = 2 ** log2Bits - 1;
  }

  prefetch(_hi: number, _lo: number): void {}

  addLanes(): boolean {
    let h1 = lanes[0];
    let h2 = lanes[1];
    if (this.hashSeed !== 0) {
      h1 = fmix32((h1 ^ Math.imul(this.hashSeed, 0x9e3779b1)) | 0);
      h2 = fmix32((h2 + Math.imul(this.hashSeed, 0x85ebca6b) + h1) | 0);
    }
    h1 = h1 >>> 0;
    h2 = (h2 | 1) >>> 0;
    let fresh = false;
    for (let j = 0; j < this.k; j++) {
      // Index arithmetic in doubles: up to 2^35 bits stays exact.
      const idx = (h1 + j * h2 + ((j * j * 0x9e3779b1) >>> 0)) % (this.mask + 1);
      const w = Math.floor(idx / 32);
      const b = 1 << (idx % 32);
      if ((this.bits[w] & b) === 0) {
        this.bits[w] |= b;
        fresh = true;
      }
    }
    if (fresh) {
      const fill = 1 - Math.exp((-this.k * this.size) / (this.mask + 1));
      this.expectedMissed += fill ** this.k;
      this.size++;
    }
    return fresh;
  }

  bytes(): number {
    return this.bits.byteLength;
  }

  riskFigure(): number {
    return this.expectedMissed;
  }

  risk(): string {
    const m = this.mask + 1;
    const pNow = (1 - Math.exp((-this.k * this.size) / m)) ** this.k;
    return `bitstate 2^${this.log2Bits} bits, k=${this.k}: about ${this.expectedMissed.toFixed(1)} states may have been taken as seen without being explored (a new state is missed with probability ${pNow.toExponential(1)} at the end)`;
  }
}
