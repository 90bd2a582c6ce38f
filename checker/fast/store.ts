/**
 * Growable storage in fixed chunks, so that no search ever copies a multi-gigabyte array to grow it:
 * a queue of packed states (a BFS layer) and columns of numbers (parents, action indices).
 */

const CHUNK_STATES = 1 << 16;

/**
 * A FIFO of fixed-size packed states (a BFS layer), written once then read in order. Each entry is
 * the state's 32-bit words followed by two words of extra data (the engine keeps the state's
 * fingerprint there, so that a successor's fingerprint can be updated rather than recomputed).
 * Entries are copied word by word into and out of caller-owned vectors: no allocation per state.
 * State numbers are not stored: a layer's states are numbered consecutively from its first.
 */
export class StateQueue {
  private readonly chunks: Uint32Array[] = [];
  private readonly stride: number;
  length = 0;

  /**
   * `pool` holds chunks of dropped queues (see `release`), reused before any new one is allocated:
   * fresh memory costs a page fault per 4 KiB, and a search writes gigabytes of layers.
   */
  constructor(
    private readonly words: number,
    private readonly pool: Uint32Array[] = [],
  ) {
    this.stride = words + 2;
  }

  /** Gives this queue's chunks to its pool; the queue must not be read afterwards. */
  release(): void {
    for (const c of this.chunks) this.pool.push(c);
    this.chunks.length = 0;
    this.length = 0;
  }

  /** Appends a copy of the first `words` words of `w` (all of it, ideally), with the extra words `x0` and `x1`. */
  push(w: Uint32Array, x0: number, x1: number): void {
    const c = this.length >>> 16;
    if (c === this.chunks.length) this.chunks.push(this.pool.pop() ?? new Uint32Array(CHUNK_STATES * this.stride));
    const chunk = this.chunks[c];
    const n = this.words;
    let o = (this.length & (CHUNK_STATES - 1)) * this.stride;
    if (w.length === n) {
      chunk.set(w, o); // a native copy: no allocation, and faster than a loop over the words
      o += n;
    } else for (let j = 0; j < n; j++) chunk[o++] = w[j];
    chunk[o] = x0;
    chunk[o + 1] = x1;
    this.length++;
  }

  /** Copies entry `k`'s state (its words) into `into`. */
  load(k: number, into: Uint32Array): void {
    const chunk = this.chunks[k >>> 16];
    const n = this.words;
    const o = (k & (CHUNK_STATES - 1)) * this.stride;
    // Unrolled by four: about twice as fast as one word per iteration (and than subarray + set).
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      into[j] = chunk[o + j];
      into[j + 1] = chunk[o + j + 1];
      into[j + 2] = chunk[o + j + 2];
      into[j + 3] = chunk[o + j + 3];
    }
    for (; j < n; j++) into[j] = chunk[o + j];
  }

  /** Extra word `x` (0 or 1) of entry `k`. */
  extra(k: number, x: number): number {
    return this.chunks[k >>> 16][(k & (CHUNK_STATES - 1)) * this.stride + this.words + x];
  }

  /** Bytes held. */
  bytes(): number {
    return this.chunks.length * CHUNK_STATES * this.stride * 4;
  }
}

/** A growable column of 32-bit integers in 1 Mi-entry chunks. */
export class IntColumn {
  private readonly chunks: Int32Array[] = [];
  length = 0;

  push(v: number): void {
    const c = this.length >>> 20;
    if (c === this.chunks.length) this.chunks.push(new Int32Array(1 << 20));
    this.chunks[c][this.length & 0xfffff] = v;
    this.length++;
  }

  get(i: number): number {
    return this.chunks[i >>> 20][i & 0xfffff];
  }

  bytes(): number {
    return this.chunks.length * (1 << 22);
  }
}

/** A growable column of bytes in 1 Mi-entry chunks. */
export class ByteColumn {
  private readonly chunks: Uint8Array[] = [];
  length = 0;

  push(v: number): void {
    const c = this.length >>> 20;
    if (c === this.chunks.length) this.chunks.push(new Uint8Array(1 << 20));
    this.chunks[c][this.length & 0xfffff] = v;
    this.length++;
  }

  get(i: number): number {
    return this.chunks[i >>> 20][i & 0xfffff];
  }

  bytes(): number {
    return this.chunks.length * (1 << 20);
  }
}

const VAR_CHUNK_BYTES = 1 << 22;
/** A `VarStateQueue`'s first chunk (1 KiB) and its first entries (64 states). */
const FIRST_CHUNK_WORDS = 256;
const ENTRIES = 4 * 64;
const NO_WORDS = new Uint32Array(0);

/**
 * A growable Int32 column that starts small and doubles (a layer may hold a handful of states; the
 * reference engine's parent columns, `checker/exhaustive.ts`, grow the same way).
 */
export class GrowingInts {
  private data: Int32Array;
  length = 0;

  constructor(private readonly initial = 1 << 16) {
    this.data = new Int32Array(initial);
  }

  /** Empties the column and gives back what it grew to: it is then as it was made. */
  reset(): void {
    this.length = 0;
    if (this.data.length !== this.initial) this.data = new Int32Array(this.initial);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i];
  }

  bytes(): number {
    return this.data.byteLength;
  }
}

/**
 * A FIFO of packed states of varying length (a codec's states, `codec.ts`), each with a state number:
 * the same interface as `StateQueue`, with each state stored in the bytes it uses (a multiple of 4),
 * in chunks that start at 1 KiB and double up to 4 MiB, and its entries in an array that starts at
 * 64. A search keeps two, emptied in turn (`clear`) and their memory reused, so that a layer of a
 * few states, a whole search of which takes microseconds, allocates nothing.
 */
export class VarStateQueue {
  private readonly chunks: Uint32Array[] = [];
  // The chunk being written, and its number (-1 before the first push).
  private chunkWords: Uint32Array = NO_WORDS;
  private current = -1;
  // Per entry four numbers: chunk, word offset, words, state number.
  private entries = new Int32Array(ENTRIES);
  private used = 0;
  // The chunks written since the queue was made or `reset` (what `bytes` counts).
  private touched = 0;
  length = 0;

  /** Empties the queue, keeping its memory for the states pushed next. */
  clear(): void {
    this.length = 0;
    this.used = 0;
    this.current = -1;
    this.chunkWords = NO_WORDS;
  }

  /**
   * Empties the queue for another search and gives back what it grew to: it is then as it was made
   * (its `bytes` too), except that a first chunk of the first size is kept.
   */
  reset(): void {
    this.clear();
    this.touched = 0;
    if (this.chunks.length > 1 || (this.chunks.length === 1 && this.chunks[0].length !== FIRST_CHUNK_WORDS)) this.chunks.length = 0;
    if (this.entries.length !== ENTRIES) this.entries = new Int32Array(ENTRIES);
  }

  /** Appends a copy of words `0 … n − 1` of `w` with state number `id`. */
  push(w: Uint32Array, n: number, id: number): void {
    let chunk = this.chunkWords;
    if (this.used + n > chunk.length) chunk = this.nextChunk(n);
    const at = this.used;
    for (let k = 0; k < n; k++) chunk[at + k] = w[k];
    let e = this.entries;
    const x = 4 * this.length;
    if (x === e.length) {
      const d = new Int32Array(e.length * 2);
      d.set(e);
      this.entries = e = d;
    }
    e[x] = this.current;
    e[x + 1] = at;
    e[x + 2] = n;
    e[x + 3] = id;
    this.used = at + n;
    this.length++;
  }

  /** Moves on to the next chunk (one kept from before `clear`, if it holds `n` words), for at least `n` words. */
  private nextChunk(n: number): Uint32Array {
    const k = this.current + 1;
    let chunk = this.chunks[k];
    if (chunk === undefined || chunk.length < n) {
      const size = Math.max(n, k === 0 ? FIRST_CHUNK_WORDS : Math.min(VAR_CHUNK_BYTES >>> 2, this.chunkWords.length * 2));
      chunk = new Uint32Array(size);
      this.chunks[k] = chunk;
    }
    if (k >= this.touched) this.touched = k + 1;
    this.current = k;
    this.chunkWords = chunk;
    this.used = 0;
    return chunk;
  }

  /** A view of state number `k` in queue order, exactly its bytes (valid until the queue is cleared or dropped). */
  view(k: number): Uint8Array {
    const e = this.entries;
    const chunk = this.chunks[e[4 * k]];
    return new Uint8Array(chunk.buffer, 4 * e[4 * k + 1], 4 * e[4 * k + 2]);
  }

  /** The state number stored with entry `k`. */
  id(k: number): number {
    return this.entries[4 * k + 3];
  }

  /** Bytes held (by the chunks written since the queue was made or reset, and the entries). */
  bytes(): number {
    let b = this.entries.byteLength;
    for (let k = 0; k < this.touched; k++) b += this.chunks[k].byteLength;
    return b;
  }
}
