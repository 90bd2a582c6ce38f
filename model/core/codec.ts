/**
 * State codecs: how a model's state becomes a compact vector of 32-bit words and back, so that the
 * fast engine (`checker/fast/codec.ts`) can search a model that has no hand-written packed kernel.
 *
 * The engine keeps no JavaScript state per visited state: a BFS layer is a queue of encoded vectors,
 * the seen set keeps a 64-bit fingerprint of each vector, and a state is decoded only while it is
 * expanded (its successors come from the model's own `actions` and `step`, and its properties are the
 * model's own). So a codec has one obligation, which the models' tests check on every reachable state
 * of a small bound (`assertCodec`):
 *
 * - **Same identity as the fingerprint.** `encode(a)` and `encode(b)` are equal exactly when
 *   `fingerprint(a) === fingerprint(b)`, and `decode(encode(s))` has the fingerprint of `s` and behaves
 *   like it (same enabled actions in the same order, same steps, same properties). Then the engine
 *   counts exactly the reference engine's states.
 *
 * Vectors have a capacity per model instance (`words`, from its bounds); what a state does not use
 * is zero, and the engine keeps only what it uses. Strings
 * (commit ids, epoch names, page values), lists of strings and records of strings are interned:
 * `Interner` numbers them in the order they are first seen (a list or a record is then one word,
 * decoded as one shared copy per content, which the writer recognises by identity: a step shares
 * what it does not change with the state it steps from, `Sharing`), which is
 * deterministic for a single-threaded search and not across threads, so a codec search runs on one
 * thread.
 */
import type { Model, Property, Step } from './model.ts';
import type { Row } from '../../scenarios/notation/types.ts';

/** Encodes and decodes the states of one model instance (see the module comment). */
export interface StateCodec<S> {
  /** The capacity of a vector in 32-bit words (every state of this instance fits). */
  readonly words: number;
  /** Writes `s` into `out` (length `words`); the words it does not use must be left zero. */
  encode(s: S, out: WordWriter): void;
  /** The state `encode` wrote. A fresh, immutable state the model may step from. */
  decode(r: WordReader): S;
}

/** What a model offers for a codec: one per instance, since the capacity depends on the bounds. */
export interface CodecCapability<S> {
  codec(model: Model<S>): StateCodec<S>;
  /**
   * Optional: every step `s` enables, in the order of `actions(s)`, each as `step(s, i)` returns it
   * but without its row built (`lazyStep`). The fast engine expands a state with one call instead of
   * `actions(s)` and one `step` per action, each of which recomputes every enabled action and prints
   * the op and result it will never show (rows are read only for a counterexample, and then built by
   * the model's own `step`). Equal to `step` in `next` and `effect`, which `assertCodec` checks.
   */
  expand?(s: S): readonly Step<S>[];
  /**
   * Optional: transition properties (by id) that begin with a check of the successor alone: for
   * each, `transition(before, step)` is `state(step.next) ?? rest(before, step)` (`assertCodec`
   * checks it). The fast engine then judges only `rest` on a transition into a state it has seen:
   * that state passed `state` when the transition that first reached it was judged (the search
   * stops at the first violation), and `state` is a function of the state. When the initial state,
   * which no transition judged, fails a `state`, the engine judges every transition whole.
   */
  transitionParts?: Readonly<Record<string, TransitionParts<S>>>;
  /**
   * Optional: the model's properties as the fast engine judges them, for a model that can judge them
   * with less work on this path (grove-local keeps its checks' results by the state's interned
   * parts). Same ids in the same order, and on every state and step the same result as the model's
   * own (`assertCodec` checks it); the transition properties `transitionParts` splits are these.
   * Counterexamples and their messages still come from the model's own properties (the replay).
   */
  properties?: readonly Property<S>[];
}

/** A transition property as its check of the successor alone, then the rest (`CodecCapability.transitionParts`). */
export interface TransitionParts<S> {
  state(s: S): string | null;
  rest(before: S, step: Step<S>): string | null;
}

/**
 * A step whose row is made only when it is read, by the model's own `step(from, index)`: what
 * `CodecCapability.expand` returns, so that a step's next state and effect cost no text.
 */
export class LazyStep<S> implements Step<S> {
  constructor(
    readonly next: S,
    readonly effect: unknown,
    private readonly from: S,
    private readonly index: number,
    private readonly stepOf: (s: S, index: number) => Step<S>,
  ) {}

  /** The row, as the model's own `step` prints it. */
  get row(): Row {
    return this.stepOf(this.from, this.index).row;
  }
}

// The kinds of lists and records in `Interner`'s table of words (parts' kinds number from 0).
const LIST = -1;
const RECORD = -2;

/**
 * Numbers strings from 1 in first-seen order (0 is left for "none"), and lists of strings and records
 * of strings to strings by their content, each from 0 in first-seen order: a list or a record is one
 * word of a vector, equal exactly when their contents are. A reader gets back one shared copy per
 * content (states are immutable; for a list, the first object seen), which the writer then finds by
 * identity, without reading it.
 */
export class Interner {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [''];
  private readonly lists: (readonly string[])[] = [];
  private readonly listIds = new Map<readonly string[], number>();
  // The number of the empty list, once it has one (steps make new empty lists often).
  private empty = -1;
  private readonly records: Readonly<Record<string, string>>[] = [];
  private readonly recordIds = new Map<object, number>();
  private readonly kinds = new Map<unknown, number>();
  private lastWrite: unknown = null;
  private lastKind = 0;
  private readonly partTable = new WordsTable();
  private readonly parts: object[] = [];
  private readonly partIds = new Map<object, number>();
  // Which other objects of a content seen before are known by identity too, by kind (`Aliases`).
  private readonly listAliases = new Aliases();
  private readonly recordAliases = new Aliases();
  private readonly partAliases = new Aliases();
  // Writers of parts being interned, one per nesting depth (a part may hold parts).
  private readonly scratch: WordWriter[] = [];
  private depth = 0;
  private keyWords = new Uint32Array(0);

  /** A scratch vector of at least `n` words for a list's or record's key. */
  private key(n: number): Uint32Array {
    if (n > this.keyWords.length || this.keyWords.length === 0) this.keyWords = new Uint32Array(Math.max(64, 2 * n));
    return this.keyWords;
  }
  /** The most words one part may take (a codec's vector capacity: `StateCodec.words`). */
  partWords = 1024;

  /** The number of `s`, assigning the next one when `s` is new. */
  id(s: string): number {
    let n = this.ids.get(s);
    if (n === undefined) {
      n = this.names.length;
      this.ids.set(s, n);
      this.names.push(s);
    }
    return n;
  }

  /** The string numbered `n`. @throws Error for a number never assigned. */
  name(n: number): string {
    const s = this.names[n];
    if (s === undefined || n === 0) throw new Error(`codec: no interned string number ${n}`);
    return s;
  }

  /** The number of list `xs` by its content, assigning the next one when it is new. */
  list(xs: readonly string[]): number {
    if (xs.length === 0 && this.empty >= 0) return this.empty;
    const known = this.listIds.get(xs);
    if (known !== undefined) return known;
    const m = xs.length;
    const key = this.key(m);
    for (let i = 0; i < m; i++) key[i] = this.id(xs[i]);
    let n = this.partTable.find(LIST, key, m);
    if (n < 0) {
      n = this.lists.length;
      // The list itself is kept (states are immutable), not a copy: a model that makes one object per
      // content (subhistory's maps) then has every list found by identity.
      this.partTable.add(LIST, key, m, n);
      this.lists.push(xs);
      this.listIds.set(xs, n);
      if (xs.length === 0) this.empty = n;
    } else if (this.listAliases.missedAgain(xs)) this.listIds.set(xs, n);
    return n;
  }

  /** The list numbered `n` (one copy per content, shared). @throws Error for a number never assigned. */
  listAt(n: number): readonly string[] {
    const xs = this.lists[n];
    if (xs === undefined) throw new Error(`codec: no interned list number ${n}`);
    return xs;
  }

  /**
   * The number of record `r` by its content, assigning the next one when it is new. Its words are its
   * (key, value) pairs ordered by the key's number, not by the key's text: an order as canonical, got
   * without building and sorting an array of keys (a step makes new records often).
   */
  record(r: Readonly<Record<string, string>>): number {
    const known = this.recordIds.get(r);
    if (known !== undefined) return known;
    let m = 0;
    for (const k in r) {
      if (2 * m + 2 > this.keyWords.length) {
        const had = this.keyWords;
        this.key(2 * m + 2).set(had.subarray(0, 2 * m));
      }
      const key = this.keyWords;
      const kn = this.id(k);
      const vn = this.id(r[k]);
      // Insertion by key number (records are small).
      let j = m - 1;
      while (j >= 0 && key[2 * j] > kn) {
        key[2 * j + 2] = key[2 * j];
        key[2 * j + 3] = key[2 * j + 1];
        j--;
      }
      key[2 * j + 2] = kn;
      key[2 * j + 3] = vn;
      m++;
    }
    const key = this.keyWords;
    let n = this.partTable.find(RECORD, key, 2 * m);
    if (n < 0) {
      n = this.records.length;
      // The shared copy has its keys in sorted order, whatever the order of the first one seen.
      const copy: Record<string, string> = {};
      for (const k of sortedKeys(r)) copy[k] = r[k];
      this.partTable.add(RECORD, key, 2 * m, n);
      this.records.push(copy);
      this.recordIds.set(copy, n);
    }
    // The model's own object is never the shared copy (whose keys are sorted): `Aliases` may take it in.
    if (r !== this.records[n] && this.recordAliases.missedAgain(r)) this.recordIds.set(r, n);
    return n;
  }

  /**
   * The number of part `x` by its content as `write` writes it (`WordWriter.part`), assigning the
   * next one when it is new. The shared copy of a content is `read` from those words: a copy whose
   * lists and records are the interned ones, so that the model's steps from it carry them on and
   * they are found by identity. Without `read` it is `x` itself, the first object seen with that
   * content (states are immutable, and `write` writes all that makes a part what it is): for a model
   * that steps to the same part objects again and again (grove-local's memo), found by identity.
   */
  part<T extends object>(x: T, write: (x: T, w: WordWriter) => void, read?: (r: WordReader) => T): number {
    const known = this.partIds.get(x);
    if (known !== undefined) return known;
    // A codec interns one kind of part after another of the same kind (a state's actors, its
    // messages): the last kind is kept, so that most parts cost no lookup of their kind.
    let kind = this.lastKind;
    if (write !== this.lastWrite) {
      kind = this.kinds.get(write) ?? this.kinds.size;
      this.kinds.set(write, kind);
      this.lastWrite = write;
      this.lastKind = kind;
    }
    // (A part that throws ends the search: the depth is not restored then.)
    const depth = this.depth++;
    if (depth === this.scratch.length) this.scratch.push(new WordWriter(this));
    const w = this.scratch[depth];
    if (w.capacity < this.partWords) w.reset(new Uint32Array(this.partWords));
    else w.reset(w.vector);
    write(x, w);
    const words = w.vector;
    let n = this.partTable.find(kind, words, w.length);
    if (n < 0) {
      n = this.parts.length;
      const copy = read === undefined ? x : read(new WordReader(this).reset(words.slice(0, w.length)));
      this.partTable.add(kind, words, w.length, n);
      this.parts.push(copy);
      this.partIds.set(copy, n);
    }
    if (x !== this.parts[n] && this.partAliases.missedAgain(x)) this.partIds.set(x, n);
    this.depth--;
    return n;
  }

  /** The part numbered `n` (one copy per content, shared). @throws Error for a number never assigned. */
  partAt(n: number): object {
    const x = this.parts[n];
    if (x === undefined) throw new Error(`codec: no interned part number ${n}`);
    return x;
  }

  /** The record numbered `n` (one copy per content, shared). @throws Error for a number never assigned. */
  recordAt(n: number): Readonly<Record<string, string>> {
    const r = this.records[n];
    if (r === undefined) throw new Error(`codec: no interned record number ${n}`);
    return r;
  }
}

/**
 * Which objects an `Interner` also knows by identity although they are not the one it keeps for their
 * content: those it keeps missing. A model that makes two objects for one content (reached along two
 * paths) and keeps stepping to the second then costs one lookup by content, not one per step
 * (inferno's actors, head files and records at 7 actors: 2.2 million lookups by content without
 * this, 25,000 with it). Every `SAMPLE`th miss is noted among the last `RECENT` noted, and an object
 * noted twice is taken in: a model that makes a new object on every step (memo's messages,
 * subhistory's users) would otherwise pay a map entry for each and keep them all alive (memo's search
 * took 2.3 times as long), and the sampling keeps what each miss costs to a counter's increment
 * mostly (noting every miss made subhistory's search 7% slower). At most `MAX_ALIASES` are taken in.
 */
const RECENT = 8;
const SAMPLE = 8;
const MAX_ALIASES = 1 << 16;

class Aliases {
  private readonly recent: (object | null)[] = new Array<object | null>(RECENT).fill(null);
  private next = 0;
  private misses = 0;
  private taken = 0;

  /** Whether `x`, just missed by identity, is to be known by identity from now on. */
  missedAgain(x: object): boolean {
    if ((++this.misses & (SAMPLE - 1)) !== 0) return false;
    const recent = this.recent;
    for (let i = 0; i < RECENT; i++) {
      if (recent[i] !== x) continue;
      recent[i] = null;
      return this.taken++ < MAX_ALIASES;
    }
    recent[this.next] = x;
    this.next = (this.next + 1) & (RECENT - 1);
    return false;
  }
}

/**
 * A map from a kind and a run of words to a number (`Interner.part`): open addressing on a hash of
 * the words, each entry's words kept in one pool and compared in full, so equal numbers mean equal
 * words. Its arrays are made by the first `add`: a codec of numbers and strings only (a search of
 * which may take microseconds) never pays for their zeroed kilobytes.
 */
const NO_INTS = new Int32Array(0);

class WordsTable {
  private slots = NO_INTS;
  private hashes = NO_INTS;
  private pool = new Uint32Array(0);
  private used = 0;
  // Per entry: kind, where its words start in the pool, how many, its number.
  private entries = NO_INTS;
  private size = 0;

  private static hash(kind: number, w: Uint32Array, n: number): number {
    let h = Math.imul(kind ^ 0x9747b28c, 0x85ebca6b) ^ n;
    for (let i = 0; i < n; i++) {
      let k = Math.imul(w[i], 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      h ^= Math.imul(k, 0x1b873593);
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    return h;
  }

  /** The number of words `0 … n − 1` of `w` of `kind`, or -1. */
  find(kind: number, w: Uint32Array, n: number): number {
    if (this.size === 0) return -1;
    const h = WordsTable.hash(kind, w, n);
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = this.slots[i] - 1;
      if (e < 0) return -1;
      if (this.hashes[i] !== h) continue;
      const x = 4 * e;
      if (this.entries[x] !== kind || this.entries[x + 2] !== n) continue;
      const at = this.entries[x + 1];
      let same = true;
      for (let j = 0; j < n && same; j++) same = this.pool[at + j] === w[j];
      if (same) return this.entries[x + 3];
    }
  }

  /** Adds words `0 … n − 1` of `w` of `kind` (not there yet) with number `id`. */
  add(kind: number, w: Uint32Array, n: number, id: number): void {
    if (this.slots.length === 0) {
      this.slots = new Int32Array(1 << 10);
      this.hashes = new Int32Array(1 << 10);
      this.pool = new Uint32Array(1 << 12);
      this.entries = new Int32Array(1 << 10);
    }
    if (this.used + n > this.pool.length) {
      const p = new Uint32Array(Math.max(2 * this.pool.length, this.used + n));
      p.set(this.pool);
      this.pool = p;
    }
    this.pool.set(w.subarray(0, n), this.used);
    if (4 * (this.size + 1) > this.entries.length) {
      const e = new Int32Array(2 * this.entries.length);
      e.set(this.entries);
      this.entries = e;
    }
    const x = 4 * this.size;
    this.entries[x] = kind;
    this.entries[x + 1] = this.used;
    this.entries[x + 2] = n;
    this.entries[x + 3] = id;
    this.used += n;
    this.size++;
    if (2 * this.size > this.slots.length) this.rehash();
    this.insert(this.size - 1, WordsTable.hash(kind, w, n));
  }

  private insert(e: number, h: number): void {
    const mask = this.slots.length - 1;
    let i = h & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = e + 1;
    this.hashes[i] = h;
  }

  private rehash(): void {
    const size = 2 * this.slots.length;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    for (let e = 0; e < this.size - 1; e++) {
      const x = 4 * e;
      this.insert(e, WordsTable.hash(this.entries[x], this.pool.subarray(this.entries[x + 1]), this.entries[x + 2]));
    }
  }
}

/**
 * The interned lists, records and parts of the state being expanded, in the order they were decoded,
 * with their numbers. A step shares every item it does not change with the state it steps from
 * (states are immutable), so a step's list, record or part at the same place is most often the same
 * object, which the writer then recognises by one comparison instead of a lookup. Filled by the reader
 * as it decodes, emptied when it decodes the next state.
 */
export class Sharing {
  readonly interned: object[] = [];
  readonly internedIds: number[] = [];
  /** How many of `interned` belong to the state being expanded (the rest are stale). */
  count = 0;

  /** Forgets every item (a new state is being decoded). */
  reset(): void {
    this.count = 0;
  }
}

/** The keys of `r`, sorted as `Array.prototype.sort` sorts them (an insertion sort: records are small). */
export function sortedKeys(r: object): string[] {
  const keys = Object.keys(r);
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > k) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

/** Writes words into a vector, in order. @throws Error when the codec's capacity is too small. */
export class WordWriter {
  private at = 0;
  // Where the next list, record or part would be among those of the state being expanded (`Sharing.interned`).
  private next = 0;
  private w: Uint32Array = new Uint32Array(0);

  constructor(
    readonly strings: Interner,
    private readonly sharing: Sharing | null = null,
  ) {}

  /**
   * Writes part `x` of a state as one word, the interned number of its content as `write` writes it
   * (`Interner.part`); a reader reads it back with `WordReader.part`, getting the one shared copy of
   * that content (`read`'s, or the first object written: `Interner.part` says which to choose).
   * `write` must write `x` the same way wherever it appears, and all that makes it the part it is;
   * `read` must read what it wrote.
   */
  part<T extends object>(x: T, write: (x: T, w: WordWriter) => void, read?: (r: WordReader) => T): void {
    const sh = this.sharing;
    if (sh !== null) {
      const k = this.next++;
      if (k < sh.count && sh.interned[k] === x) return this.int(sh.internedIds[k]);
    }
    this.int(this.strings.part(x, write, read));
  }

  /** The vector being written. */
  get vector(): Uint32Array {
    return this.w;
  }

  /** The length of the vector being written. */
  get capacity(): number {
    return this.w.length;
  }

  /**
   * Starts writing into `w`, cleared first: only the words this writer wrote last time when `w` is
   * the vector it wrote then (nothing else writes a codec's vectors), all of it otherwise.
   */
  reset(w: Uint32Array): this {
    if (w === this.w) for (let i = 0; i < this.at; i++) w[i] = 0;
    else w.fill(0);
    this.w = w;
    this.at = 0;
    this.next = 0;
    return this;
  }

  /** Words written since the last `reset` (the rest of the vector is zero). */
  get length(): number {
    return this.at;
  }

  /** A whole number in 0 … 2³² − 1. */
  int(v: number): void {
    if (this.at >= this.w.length) throw new Error(`codec: a state does not fit in ${this.w.length} words (the codec's capacity is too small for these bounds)`);
    this.w[this.at++] = v;
  }

  /** A number that may be null (written as v + 1, null as 0); v ≥ 0. */
  nullable(v: number | null): void {
    this.int(v === null ? 0 : v + 1);
  }

  /** A string, by its interned number. */
  str(s: string): void {
    this.int(this.strings.id(s));
  }

  /** A list of strings, by its interned number (`Interner.list`). */
  strs(xs: readonly string[]): void {
    const sh = this.sharing;
    if (sh !== null) {
      const k = this.next++;
      if (k < sh.count && sh.interned[k] === xs) return this.int(sh.internedIds[k]);
    }
    this.int(this.strings.list(xs));
  }

  /** A record of strings to strings, by its interned number (`Interner.record`). */
  record(r: Readonly<Record<string, string>>): void {
    const sh = this.sharing;
    if (sh !== null) {
      const k = this.next++;
      if (k < sh.count && sh.interned[k] === r) return this.int(sh.internedIds[k]);
    }
    this.int(this.strings.record(r));
  }
}

/** Reads what a `WordWriter` wrote, in the same order. */
export class WordReader {
  private at = 0;
  private w: Uint32Array = new Uint32Array(0);

  constructor(
    readonly strings: Interner,
    private readonly sharing: Sharing | null = null,
  ) {}

  /** Starts reading `w` from its first word (with a `Sharing`: the state to expand). */
  reset(w: Uint32Array): this {
    this.w = w;
    this.at = 0;
    this.sharing?.reset();
    return this;
  }

  /** Reads a part that `WordWriter.part` wrote: the one shared copy of its content. */
  part<T extends object>(): T {
    return this.interned(this.strings.partAt(this.w[this.at++]) as T);
  }

  /** `x`, the interned list, record or part just read, noted for the writer (`Sharing.interned`). */
  private interned<T extends object>(x: T): T {
    const sh = this.sharing;
    if (sh !== null) {
      sh.interned[sh.count] = x;
      sh.internedIds[sh.count++] = this.w[this.at - 1];
    }
    return x;
  }

  int(): number {
    return this.w[this.at++];
  }

  nullable(): number | null {
    const v = this.w[this.at++];
    return v === 0 ? null : v - 1;
  }

  str(): string {
    return this.strings.name(this.w[this.at++]);
  }

  /** A list `WordWriter.strs` wrote: the one shared copy of its content. */
  strs(): readonly string[] {
    return this.interned(this.strings.listAt(this.w[this.at++]));
  }

  /** A record `WordWriter.record` wrote: the one shared copy of its content. */
  record(): Readonly<Record<string, string>> {
    return this.interned(this.strings.recordAt(this.w[this.at++]));
  }
}
