/**
 * Growable storage in fixed chunks, so that no search ever copies a multi-gigabyte array to grow it:
 * a queue of packed states (a BFS layer) and columns of numbers (parents, action indices).
 */

const CHUNK_STATES = 1 << 16;

/** A FIFO of fixed-size packed states with a state number each, written once then read in order. */
export class StateQueue {
  private readonly chunks: Uint8Array[] = [];
  private readonly ids: Int32Array[] = [];
  length = 0;

  constructor(private readonly stateBytes: number) {}

  /** Appends a copy of `s` (its first `stateBytes` bytes) with state number `id`. */
  push(s: Uint8Array, id: number): void {
    const c = (this.length / CHUNK_STATES) | 0;
    const j = this.length % CHUNK_STATES;
    if (c === this.chunks.length) {
      this.chunks.push(new Uint8Array(CHUNK_STATES * this.stateBytes));
      this.ids.push(new Int32Array(CHUNK_STATES));
    }
    this.chunks[c].set(s.subarray(0, this.stateBytes), j * this.stateBytes);
    this.ids[c][j] = id;
    this.length++;
  }

  /** A view of state number `k` in queue order (valid until the queue is dropped). */
  view(k: number): Uint8Array {
    const c = (k / CHUNK_STATES) | 0;
    const j = k % CHUNK_STATES;
    return this.chunks[c].subarray(j * this.stateBytes, (j + 1) * this.stateBytes);
  }

  /** The state number stored with entry `k`. */
  id(k: number): number {
    return this.ids[(k / CHUNK_STATES) | 0][k % CHUNK_STATES];
  }

  /** Bytes held. */
  bytes(): number {
    return this.chunks.length * CHUNK_STATES * (this.stateBytes + 4);
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

/**
 * A growable Int32 column that starts small and doubles (a layer may hold a handful of states; the
 * reference engine's parent columns, `checker/exhaustive.ts`, grow the same way).
 */
export class GrowingInts {
  private data: Int32Array;
  length = 0;

  constructor(initial = 1 << 16) {
    this.data = new Int32Array(initial);
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
 * in chunks that start at 4 KiB and double up to 4 MiB (so a small layer costs little).
 */
export class VarStateQueue {
  private readonly chunks: Uint8Array[] = [];
  private readonly chunk = new GrowingInts(256);
  private readonly offset = new GrowingInts(256);
  private readonly size = new GrowingInts(256);
  private readonly ids = new GrowingInts(256);
  private used = 0;
  private held = 0;
  length = 0;

  /** Appends a copy of `s` (all its bytes) with state number `id`. */
  push(s: Uint8Array, id: number): void {
    const n = s.byteLength;
    let c = this.chunks.length - 1;
    if (c < 0 || this.used + n > this.chunks[c].length) {
      const size = Math.max(n, c < 0 ? 4096 : Math.min(VAR_CHUNK_BYTES, this.chunks[c].length * 2));
      this.chunks.push(new Uint8Array(size));
      this.held += size;
      this.used = 0;
      c++;
    }
    this.chunks[c].set(s, this.used);
    this.chunk.push(c);
    this.offset.push(this.used);
    this.size.push(n);
    this.ids.push(id);
    this.used += n;
    this.length++;
  }

  /** A view of state number `k` in queue order, exactly its bytes (valid until the queue is dropped). */
  view(k: number): Uint8Array {
    const off = this.offset.get(k);
    return this.chunks[this.chunk.get(k)].subarray(off, off + this.size.get(k));
  }

  /** The state number stored with entry `k`. */
  id(k: number): number {
    return this.ids.get(k);
  }

  /** Bytes held. */
  bytes(): number {
    return this.held + this.chunk.bytes() + this.offset.bytes() + this.size.bytes() + this.ids.bytes();
  }
}
