/**
 * # The search loop in WebAssembly
 *
 * lin/check.ts's search of one partition, from the moment its arrays are set up: Wing and Gong's
 * walk of the event list with Lowe's just-in-time linearization, the memo of (linearized set, state)
 * pairs, and the cache of the model's steps between interned states. lin/check.ts says what the
 * search does and why; this file is how, in AssemblyScript, compiled by `npm run build:kernel`
 * (lin/kernel/build.ts) into lin/kernel/search-wasm.ts, which is committed. lin/kernel/kernel.ts
 * loads it.
 *
 * Why WebAssembly: a cold `lin` run spends its first tens of milliseconds running JavaScript in V8's
 * interpreter and baseline tiers, at a quarter of its optimized speed or less, until the optimizing
 * compiler has caught up; V8 compiles a WebAssembly module to machine code as it loads it (a
 * millisecond for this one, on a background thread while the command starts), so the search runs
 * at machine speed from its first iteration. The loop touches nothing but integers in arrays, which
 * is what WebAssembly does well; the model itself stays JavaScript.
 *
 * **The model's step.** The search asks for the step of operation `op` from interned state `s` where
 * the operation has no observed state. The step cache answers most of these on a register; when it
 * misses, the search calls `lin.step(part, s, op, …)`, which asks the model (lin/states.ts) and
 * returns the id of the state it leads to, or -1. V8 compiles the wrappers for the imports when it
 * instantiates the module: the `lin` command does so while it starts (lin/kernel/kernel.ts), and a
 * call out of the module then costs what a JavaScript call costs, where a call into the module from
 * JavaScript took about a microsecond in a cold process.
 *
 * **Interned states.** For a model with a digest the module also finds the states by their digests
 * itself (see "Interned states" below): the step answers with the new state's digest, the state
 * itself put in place in JavaScript as the next id, and the module either finds an equal state on
 * the chain of that digest (`lin.same` compares two) or counts the new one. The table of digests
 * then lives in this memory, which the collector never copies or scans, and its probing and growth
 * run compiled from the start: c50-ok 250 → 216 ms and c50-bad 65 → 60 ms against the same table in
 * JavaScript (medians of 9 alternating cold runs).
 *
 * **Memory.** One bump allocator over the module's memory, which only grows: `reset` starts it
 * over (for the next check), and every allocation is zeroed (only what an earlier check used needs
 * it). An array that grows (the memo's, the step cache's, the states') is allocated anew at twice
 * the size and the old one given back (`free`): the next allocation of that size takes it, zeroed.
 * Reusing memory matters more than it seems: on the machines the bench runs on (virtual machines
 * that map memory lazily), the first touch of a page costs about 15 µs, 4 ms a megabyte, and
 * c50-ok's partitions grow their arrays through the same sizes one after another (c50-ok 233 → 215
 * ms with the free lists). A search that is over gives all its memory back at once (`release`) when
 * nothing was allocated after it: a history of many small partitions, each decided in its first
 * turn, runs in the same few pages (c01-ok 1.59 → 1.44 ms). The memory itself grows by doubling.
 * Out of memory (4 GiB), `advance` returns {@link OUT_OF_MEMORY}.
 *
 * Every context field is an i32 at a byte offset named `F_…`, exported so that kernel.ts reads the
 * layout from the module itself.
 */

/**
 * The model's step from state id `state` (whose digest is `digest`, for a model with one) by
 * operation `op` of partition `part`: -1 (rejected) or a state id; or, for a search that interns
 * states itself (F_DIGESTED), {@link MADE}: JavaScript has put a state the step made in place as
 * state `count` (the next id) and written its digest at {@link MAILBOX}, for {@link internState} to
 * find among the states so far, or to keep by counting it. (An i32 and a word of memory, where an
 * f64 of 2^31 + the digest was a number JavaScript boxed for each new state: 150,000 in c50-ok.)
 */
@external("lin", "step")
declare function modelStep(part: i32, state: i32, op: i32, digest: i32, count: i32): i32;
/** What {@link modelStep} returns for a state it made: its digest is at {@link MAILBOX}. */
export const MADE: i32 = -2;
/** Where JavaScript writes the digest of the state a step made (kernel.ts reads the address). */
export const MAILBOX: usize = memory.data(8);
/** Whether state `id` equals the one put in place as the next id (by modelStep or modelPlace). */
@external("lin", "same")
declare function modelSame(part: i32, id: i32): i32;
/** Puts the state operation `op` observes in place as state `id` (the next id). */
@external("lin", "place")
declare function modelPlace(part: i32, id: i32, op: i32): void;

/** What `advance` returns. */
export const RAN_OUT: i32 = 0;
export const LINEARIZED: i32 = 1;
export const EXHAUSTED: i32 = 2;
export const OUT_OF_MEMORY: i32 = 3;

/** A step the model rejects (lin/states.ts's REJECTED). */
const REJECTED: i32 = -1;

/*
 * The step cache: (from state, operation) → next state id or REJECTED, direct-mapped (a pair evicts
 * the one in its slot): bounded memory, one probe per lookup. FIRST_SLOTS slots at first (free: a
 * from of 0, which holds the state id + 1: a new array needs no filling); it doubles, empty, after
 * twice its size of misses, up to MAX_SLOTS (64 Ki pairs, 768 KiB).
 * It switches itself off after TRIAL misses with fewer than a quarter as many hits: with states that
 * never repeat (a kv value appended to in every order) probing costs more than it saves. Decided
 * within the first iterations (etcd_002 has 1,971 hits by then, and keeps its cache).
 */
const FIRST_SLOTS: i32 = 256;
const MAX_SLOTS: i32 = 1 << 16;
const TRIAL: i32 = 1 << 8;
/**
 * Memo entries at first: a partition of a few operations allocates little, and touches few pages
 * for the first time (see "Memory": at 128, each of c01-ok's ten partitions took 13–43 µs to set up,
 * most of it in page faults).
 */
const FIRST_ENTRIES: i32 = 16;

// The context of one partition's search: byte offsets of its fields.
export const F_N: i32 = 0; // operations
export const F_W: i32 = 4; // words of the bitset
export const F_NEXT: i32 = 8; // the event list (2n + 1 entries, the last the head)
export const F_PREV: i32 = 12;
export const F_OP_OF: i32 = 16; // per event: its operation
export const F_IS_CALL: i32 = 20; // per event: 1 for a call
export const F_MATCH: i32 = 24; // per call event: its return event
export const F_PENDING: i32 = 28; // per operation: 1 when it never returned
export const F_READ_ONLY: i32 = 32; // per operation: 1 when read-only
export const F_TWIN: i32 = 36; // per operation: its earlier twin, or -1
export const F_OBSERVED: i32 = 40; // per operation: the state id it is accepted in, or -1
export const F_BITS: i32 = 44; // the linearized set
export const F_ZOB: i32 = 48; // per operation: its Zobrist word
export const F_STACK_ENTRY: i32 = 52; // per depth: the call event placed there
export const F_STACK_STATE: i32 = 56; // per depth: the state before it
export const F_STACK_FORCED: i32 = 60; // per depth: 1 for a read-only operation committed to (its siblings are never tried)
export const F_BEST_STACK: i32 = 64; // the deepest stack reached (events)
export const F_BEST_STUCK: i32 = 68; // the candidates there (operations)
export const F_DEPTH: i32 = 72; // the search's position: the stack's depth, the state, the event it is at
export const F_STATE: i32 = 76;
export const F_ENTRY: i32 = 80;
export const F_BITS_HASH: i32 = 84; // the linearized set's Zobrist hash
export const F_DEFINITE_LEFT: i32 = 88; // operations with a return not placed yet
export const F_BEST_DEPTH: i32 = 92; // the deepest stack reached (-1 at first), its state, its candidates' number
export const F_BEST_STATE: i32 = 96;
export const F_BEST_STUCK_LEN: i32 = 100;
export const F_MEMO_SIZE: i32 = 104; // the memo: entries, room for them, their rows and states, its slots
export const F_MEMO_CAP: i32 = 108;
export const F_POOL: i32 = 112;
export const F_ENTRY_STATE: i32 = 116;
export const F_SLOTS: i32 = 120;
export const F_SLOTS_LEN: i32 = 124;
export const F_C_FROM: i32 = 128; // the step cache: from state + 1 (0: free), operation, next
export const F_C_OP: i32 = 132;
export const F_C_NEXT: i32 = 136;
export const F_C_LEN: i32 = 140;
export const F_C_MISSES: i32 = 144;
export const F_C_MISSED: i32 = 148;
export const F_C_HITS: i32 = 152;
export const F_C_OFF: i32 = 156; // 1 once the cache is switched off
export const F_PART: i32 = 160; // the partition, for modelStep
export const F_DIGESTED: i32 = 164; // 1 when the search interns states by their digests (internState)
export const F_ST_COUNT: i32 = 168; // the states: how many, room for them, each one's digest, the next with its digest
export const F_ST_CAP: i32 = 172;
export const F_ST_DIGEST: i32 = 176;
export const F_ST_CHAIN: i32 = 180;
export const F_ST_SLOTS: i32 = 184; // pairs (digest, first state id + 1; 0: free)
export const F_ST_SLOTS_LEN: i32 = 188;
export const F_OBS_DIGEST: i32 = 192; // per operation: the digest of its observed state (OBSERVED −2)
export const F_INIT_DIGEST: i32 = 196; // the digest of the initial state, id 0
export const CONTEXT_BYTES: i32 = 200;

/** OBSERVED's mark of an operation whose observed state {@link prepare} interns. */
const TO_INTERN: i32 = -2;
/** States at first, in a search that interns them. */
const FIRST_STATES: i32 = 16;
/** What {@link internState} returns out of memory. */
const NO_ROOM: i32 = -2;

let top: usize = 0;
/** Memory from here on has never been allocated since the module started: still zero. */
let fresh: usize = 0;
/** The free lists: FREE_CLASSES pairs (block size, first free block of that size; 0: none). */
let freeLists: usize = 0;
const FREE_CLASSES: i32 = 64;
/** Blocks smaller than this are not worth keeping. */
const FREE_MIN: i32 = 256;
/** The context that allocates now (setUp, prepare and advance name it). */
let current: usize = 0;
/**
 * The context set up last, while every allocation from the top since its own was its own (0 once
 * another context's was): {@link release} can then give back all of them at once.
 */
let sole: usize = 0;

/** Starts the allocator over: everything allocated before is free again. */
export function reset(): void {
  top = (__heap_base + 7) & ~7;
  if (fresh < top) fresh = top;
  freeLists = 0;
  current = 0;
  sole = 0;
  freeLists = alloc(8 * FREE_CLASSES);
}

/**
 * Gives back the memory of context `c`, whose search is over and whose results have been read, when
 * it was the last set up and everything allocated since is its own: the allocator's top goes back to
 * it, and the next partition's search is set up in the same memory, whose pages have been touched
 * (see "Memory"). A history of many small partitions, each decided in its first turn, then runs in a
 * few pages. Otherwise nothing happens.
 */
export function release(c: usize): void {
  if (c == 0 || sole != c) return;
  top = c;
  sole = 0;
  // Blocks it gave back on the way are in the memory given back: off the free lists.
  for (let k = 0; k < FREE_CLASSES; k++) {
    const at = freeLists + (<usize>k << 3);
    if (load<i32>(at) == 0) break;
    let kept: usize = 0;
    let p = <usize>load<i32>(at, 4);
    while (p != 0) {
      const next = <usize>load<i32>(p);
      if (p < c) {
        store<i32>(p, <i32>kept);
        kept = p;
      }
      p = next;
    }
    store<i32>(at, <i32>kept, 4);
  }
}

/**
 * Gives back the block at `p` of `bytes` (as asked of {@link alloc}): a later allocation of the same
 * size takes it. Growing arrays leave blocks of the sizes other partitions' arrays grow to next, and
 * memory used once is cheap to use again, where a page touched for the first time costs the system
 * a fault (15 µs each on the machines the bench runs on: 4 ms a megabyte).
 */
export function free(p: usize, bytes: i32): void {
  const size = (bytes + 7) & ~7;
  if (size < FREE_MIN || freeLists == 0) return;
  for (let k = 0; k < FREE_CLASSES; k++) {
    const at = freeLists + (<usize>k << 3);
    const s = load<i32>(at);
    if (s != size && s != 0) continue;
    store<i32>(at, size);
    store<i32>(p, load<i32>(at, 4));
    store<i32>(at, <i32>p, 4);
    return;
  }
}

/** `bytes` of zeroed memory, 8-aligned, or 0 when the memory cannot grow. */
export function alloc(bytes: i32): usize {
  if (top == 0) reset();
  const size = (bytes + 7) & ~7;
  if (size >= FREE_MIN && freeLists != 0) {
    for (let k = 0; k < FREE_CLASSES; k++) {
      const at = freeLists + (<usize>k << 3);
      const s = load<i32>(at);
      if (s == 0) break;
      const head = <usize>load<i32>(at, 4);
      if (s != size || head == 0) continue;
      store<i32>(at, load<i32>(head), 4);
      memory.fill(head, 0, <usize>size);
      return head;
    }
  }
  const at = top;
  const end = at + <usize>size;
  if (current != sole) sole = 0;
  const have = <usize>memory.size() << 16;
  if (end > have) {
    // At least doubled: each growth costs the engine a new buffer, and took up to 3 ms in a cold process.
    const need = <i32>((end - have + 0xffff) >>> 16);
    if (memory.grow(max(need, memory.size())) < 0 && memory.grow(need) < 0) return 0;
  }
  // Only what an earlier check used needs zeroing: grown memory is zero.
  if (at < fresh) memory.fill(at, 0, min(end, fresh) - at);
  if (end > fresh) fresh = end;
  top = end;
  return at;
}

@inline function get(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}
@inline function put(p: usize, i: i32, v: i32): void {
  store<i32>(p + (<usize>i << 2), v);
}
@inline function field(c: usize, f: i32): i32 {
  return load<i32>(c + <usize>f);
}
@inline function setField(c: usize, f: i32, v: i32): void {
  store<i32>(c + <usize>f, v);
}
@inline function ptr(c: usize, f: i32): usize {
  return <usize>load<i32>(c + <usize>f);
}

/**
 * A context for the search of partition `part` with `n` operations and a bitset of `W` words: its
 * arrays allocated (each field that points at one set; the caller fills the list's and the
 * operations' arrays), its memo and step cache empty. 0 out of memory.
 */
export function setUp(n: i32, W: i32, part: i32): usize {
  const c = alloc(CONTEXT_BYTES);
  if (c == 0) return 0;
  current = c;
  sole = c;
  setField(c, F_N, n);
  setField(c, F_W, W);
  setField(c, F_PART, part);
  // Per array: its field and its length.
  const events = 2 * n;
  if (!array(c, F_NEXT, events + 1) || !array(c, F_PREV, events + 1) || !array(c, F_OP_OF, events)) return 0;
  if (!array(c, F_IS_CALL, events) || !array(c, F_MATCH, events) || !array(c, F_PENDING, n)) return 0;
  if (!array(c, F_READ_ONLY, n) || !array(c, F_TWIN, n) || !array(c, F_OBSERVED, n) || !array(c, F_BITS, W)) return 0;
  if (!array(c, F_ZOB, n) || !array(c, F_STACK_ENTRY, n) || !array(c, F_STACK_STATE, n)) return 0;
  if (!array(c, F_STACK_FORCED, n) || !array(c, F_BEST_STACK, n) || !array(c, F_BEST_STUCK, n)) return 0;
  if (!array(c, F_OBS_DIGEST, n)) return 0;
  setField(c, F_MEMO_CAP, FIRST_ENTRIES);
  setField(c, F_SLOTS_LEN, 2 * FIRST_ENTRIES);
  setField(c, F_C_LEN, FIRST_SLOTS);
  setField(c, F_BEST_DEPTH, -1);
  if (!array(c, F_POOL, W * FIRST_ENTRIES) || !array(c, F_ENTRY_STATE, FIRST_ENTRIES)) return 0;
  const slots = alloc(8 * 2 * FIRST_ENTRIES);
  const from = alloc(4 * FIRST_SLOTS);
  if (slots == 0 || from == 0) return 0;
  setField(c, F_SLOTS, <i32>slots);
  setField(c, F_C_FROM, <i32>from);
  if (!array(c, F_C_OP, FIRST_SLOTS) || !array(c, F_C_NEXT, FIRST_SLOTS)) return 0;
  return c;
}

/** A zeroed array of `len` i32s (at least one) in field `f` of context `c`. False out of memory. */
function array(c: usize, f: i32, len: i32): bool {
  const p = alloc(max(len, 1) << 2);
  setField(c, f, <i32>p);
  return p != 0;
}

@inline function home(h: i32, mask: i32): i32 {
  h = (h ^ (h >>> 16)) * 0x45d9f3b;
  return (h ^ (h >>> 16)) & mask;
}

/*
 * The memo: entry e's bitset row is words e·W … e·W + W − 1 of POOL and its state id ENTRY_STATE[e];
 * an open-addressing table of SLOTS_LEN slots finds them, each slot two words, the entry + 1 (0:
 * free, so that a new table needs no filling) and its hash, so that a probe reads one place until
 * the hashes match. The table (and the states' table below) is at most three quarters full before
 * it doubles: less memory to touch for the first time (see "Memory") for a few more probes, most in
 * the same cache line (c50-bad 57 → 49 ms, c50-ok 210 → 206, against half full; medians of 11 and
 * 15 alternating cold runs).
 */

/** The memo's entry arrays at twice their size. False out of memory. */
function enlarge(c: usize): bool {
  const W = field(c, F_W);
  const cap = field(c, F_MEMO_CAP);
  const pool = alloc(W * cap * 8);
  const states = alloc(cap * 8);
  if (pool == 0 || states == 0) return false;
  memory.copy(pool, ptr(c, F_POOL), <usize>(W * cap) << 2);
  memory.copy(states, ptr(c, F_ENTRY_STATE), <usize>cap << 2);
  free(ptr(c, F_POOL), W * cap * 4);
  free(ptr(c, F_ENTRY_STATE), cap * 4);
  setField(c, F_POOL, <i32>pool);
  setField(c, F_ENTRY_STATE, <i32>states);
  setField(c, F_MEMO_CAP, cap * 2);
  return true;
}

/**
 * The open-addressing table of pairs at field `fSlots` (its length, in pairs, at `fLen`) at twice its
 * length, every pair placed again by the word at `hashAt` (0 or 1) of the pair; the other word is 0
 * in a free slot. The memo's slots (entry + 1, hash) and the states' (digest, id + 1) both grow so.
 * False out of memory.
 */
function doubled(c: usize, fSlots: i32, fLen: i32, hashAt: i32): bool {
  const old = ptr(c, fSlots);
  const oldLen = field(c, fLen);
  const len = oldLen * 2;
  const slots = alloc(8 * len);
  if (slots == 0) return false;
  const mask = len - 1;
  const usedAt = 1 - hashAt;
  for (let j = 0; j < oldLen; j++) {
    if (get(old, 2 * j + usedAt) == 0) continue;
    let i = home(get(old, 2 * j + hashAt), mask);
    while (get(slots, 2 * i + usedAt) != 0) i = (i + 1) & mask;
    put(slots, 2 * i, get(old, 2 * j));
    put(slots, 2 * i + 1, get(old, 2 * j + 1));
  }
  free(old, oldLen * 8);
  setField(c, fSlots, <i32>slots);
  setField(c, fLen, len);
  return true;
}

/*
 * Interned states, for a model with a digest (lin/states.ts says what interning is for): state id
 * i's digest is ST_DIGEST[i], the next id with the same digest ST_CHAIN[i] (-1: none), and an
 * open-addressing table of ST_SLOTS_LEN pairs finds the first id of each digest. The states
 * themselves stay in JavaScript, where the one to look up is put in place as the next id before:
 * `modelSame` compares it with another, and counting it keeps it.
 */

/**
 * After the arrays are in place: the initial state (id 0, digest INIT_DIGEST) and, for a search that
 * interns states, the observed state of every operation marked TO_INTERN, in operation order. False
 * out of memory.
 */
export function prepare(c: usize): bool {
  current = c;
  if (field(c, F_DIGESTED) == 0) return true;
  setField(c, F_ST_CAP, FIRST_STATES);
  setField(c, F_ST_SLOTS_LEN, 2 * FIRST_STATES);
  const slots = alloc(8 * 2 * FIRST_STATES);
  if (slots == 0 || !array(c, F_ST_DIGEST, FIRST_STATES) || !array(c, F_ST_CHAIN, FIRST_STATES)) return false;
  setField(c, F_ST_SLOTS, <i32>slots);
  // The first state interned is the initial one: id 0, already kept.
  if (internState(c, field(c, F_INIT_DIGEST)) == NO_ROOM) return false;
  const n = field(c, F_N);
  const observed = ptr(c, F_OBSERVED);
  for (let i = 0; i < n; i++) {
    if (get(observed, i) != TO_INTERN) continue;
    modelPlace(field(c, F_PART), field(c, F_ST_COUNT), i);
    const id = internState(c, get(ptr(c, F_OBS_DIGEST), i));
    if (id == NO_ROOM) return false;
    put(observed, i, id);
  }
  return true;
}

/**
 * The id of the state with digest `d` that JavaScript has put in place as the next id (the last step
 * made it, or an operation observes it): that of an equal state interned before, else the next id,
 * counted. NO_ROOM out of memory.
 */
function internState(c: usize, d: i32): i32 {
  const part = field(c, F_PART);
  const slots = ptr(c, F_ST_SLOTS);
  const mask = field(c, F_ST_SLOTS_LEN) - 1;
  let i = home(d, mask);
  for (let h = get(slots, 2 * i + 1); h != 0; h = get(slots, 2 * i + 1)) {
    if (get(slots, 2 * i) == d) {
      const chain = ptr(c, F_ST_CHAIN);
      for (let id = h - 1; id != -1; id = get(chain, id)) if (modelSame(part, id) != 0) return id;
      const id = addState(c, d, h - 1);
      if (id != NO_ROOM) put(ptr(c, F_ST_SLOTS), 2 * i + 1, id + 1);
      return id;
    }
    i = (i + 1) & mask;
  }
  put(slots, 2 * i, d);
  put(slots, 2 * i + 1, field(c, F_ST_COUNT) + 1);
  const id = addState(c, d, -1);
  if (id != NO_ROOM && 4 * field(c, F_ST_COUNT) > 3 * field(c, F_ST_SLOTS_LEN) && !doubled(c, F_ST_SLOTS, F_ST_SLOTS_LEN, 0)) return NO_ROOM;
  return id;
}

/** The next state id, counted, with digest `d` and chain `next`. */
function addState(c: usize, d: i32, next: i32): i32 {
  const id = field(c, F_ST_COUNT);
  const cap = field(c, F_ST_CAP);
  if (id == cap) {
    const digests = alloc(cap * 8);
    const chain = alloc(cap * 8);
    if (digests == 0 || chain == 0) return NO_ROOM;
    memory.copy(digests, ptr(c, F_ST_DIGEST), <usize>cap << 2);
    memory.copy(chain, ptr(c, F_ST_CHAIN), <usize>cap << 2);
    free(ptr(c, F_ST_DIGEST), cap * 4);
    free(ptr(c, F_ST_CHAIN), cap * 4);
    setField(c, F_ST_DIGEST, <i32>digests);
    setField(c, F_ST_CHAIN, <i32>chain);
    setField(c, F_ST_CAP, cap * 2);
  }
  put(ptr(c, F_ST_DIGEST), id, d);
  put(ptr(c, F_ST_CHAIN), id, next);
  setField(c, F_ST_COUNT, id + 1);
  return id;
}

/** The model's step of `op` from `state`, as a state id, REJECTED, or NO_ROOM. */
function stepState(c: usize, part: i32, state: i32, op: i32): i32 {
  if (field(c, F_DIGESTED) == 0) return modelStep(part, state, op, 0, 0);
  const r = modelStep(part, state, op, get(ptr(c, F_ST_DIGEST), state), field(c, F_ST_COUNT));
  if (r != MADE) return r;
  return internState(c, load<i32>(MAILBOX));
}

// What memoAdd returns.
const KNOWN: i32 = 0;
const ADDED: i32 = 1;
const FULL: i32 = 2;

/**
 * Records (`bits` with bit `om` of word `ow` set, `state`), where `bitsHash` is the Zobrist hash of
 * that set: ADDED when it was new, KNOWN when it was there, FULL out of memory.
 */
function memoAdd(c: usize, bitsHash: i32, bits: usize, W: i32, ow: i32, om: i32, state: i32): i32 {
  const h = bitsHash ^ ((state + 1) * 0x2c1b3c6d);
  let slots = ptr(c, F_SLOTS);
  let mask = field(c, F_SLOTS_LEN) - 1;
  let i = home(h, mask);
  const states = ptr(c, F_ENTRY_STATE);
  const pool = ptr(c, F_POOL);
  for (let e1 = get(slots, 2 * i); e1 != 0; e1 = get(slots, 2 * i)) {
    const e = e1 - 1;
    if (get(slots, 2 * i + 1) == h && get(states, e) == state) {
      const base = pool + (<usize>(e * W) << 2);
      let w = 0;
      while (w < W && get(base, w) == (w == ow ? get(bits, w) | om : get(bits, w))) w++;
      if (w == W) return KNOWN;
    }
    i = (i + 1) & mask;
  }
  const e = field(c, F_MEMO_SIZE);
  if (e == field(c, F_MEMO_CAP) && !enlarge(c)) return FULL;
  if (4 * (e + 1) > 3 * field(c, F_SLOTS_LEN)) {
    if (!doubled(c, F_SLOTS, F_SLOTS_LEN, 1)) return FULL;
    slots = ptr(c, F_SLOTS);
    mask = field(c, F_SLOTS_LEN) - 1;
    i = home(h, mask);
    while (get(slots, 2 * i) != 0) i = (i + 1) & mask;
  }
  const base = ptr(c, F_POOL) + (<usize>(e * W) << 2);
  for (let w = 0; w < W; w++) put(base, w, w == ow ? get(bits, w) | om : get(bits, w));
  put(ptr(c, F_ENTRY_STATE), e, state);
  put(slots, 2 * i, e + 1);
  put(slots, 2 * i + 1, h);
  setField(c, F_MEMO_SIZE, e + 1);
  return ADDED;
}

/**
 * After the model answered a step the cache missed in `slot`: the cache doubles, empty, after twice
 * its size of misses (up to MAX_SLOTS), else keeps the answer. False out of memory.
 */
function remember(c: usize, slot: i32, from: i32, op: i32, to: i32): bool {
  const len = field(c, F_C_LEN);
  const misses = field(c, F_C_MISSES) + 1;
  setField(c, F_C_MISSES, misses);
  if (misses > 2 * len && len < MAX_SLOTS) {
    const size = len * 2;
    free(ptr(c, F_C_FROM), len * 4);
    free(ptr(c, F_C_OP), len * 4);
    free(ptr(c, F_C_NEXT), len * 4);
    const froms = alloc(size << 2);
    const ops = alloc(size << 2);
    const nexts = alloc(size << 2);
    if (froms == 0 || ops == 0 || nexts == 0) return false;
    setField(c, F_C_FROM, <i32>froms);
    setField(c, F_C_OP, <i32>ops);
    setField(c, F_C_NEXT, <i32>nexts);
    setField(c, F_C_LEN, size);
    setField(c, F_C_MISSES, 0);
    return true;
  }
  put(ptr(c, F_C_FROM), slot, from + 1);
  put(ptr(c, F_C_OP), slot, op);
  put(ptr(c, F_C_NEXT), slot, to);
  return true;
}

/**
 * Advances the search of context `c` by at most `budget` iterations: RAN_OUT (budget spent),
 * LINEARIZED (every operation with a return placed), EXHAUSTED (every order tried) or OUT_OF_MEMORY.
 */
export function advance(c: usize, budget: i32): i32 {
  current = c;
  const n = field(c, F_N);
  const H = 2 * n;
  const W = field(c, F_W);
  const next = ptr(c, F_NEXT);
  const prev = ptr(c, F_PREV);
  const opOf = ptr(c, F_OP_OF);
  const isCall = ptr(c, F_IS_CALL);
  const match = ptr(c, F_MATCH);
  const pending = ptr(c, F_PENDING);
  const readOnly = ptr(c, F_READ_ONLY);
  const twin = ptr(c, F_TWIN);
  const observed = ptr(c, F_OBSERVED);
  const bits = ptr(c, F_BITS);
  const zob = ptr(c, F_ZOB);
  const stackEntry = ptr(c, F_STACK_ENTRY);
  const stackState = ptr(c, F_STACK_STATE);
  const stackForced = ptr(c, F_STACK_FORCED);
  let depth = field(c, F_DEPTH);
  let state = field(c, F_STATE);
  let entry = field(c, F_ENTRY);
  let bitsHash = field(c, F_BITS_HASH);
  let definiteLeft = field(c, F_DEFINITE_LEFT);
  let bestDepth = field(c, F_BEST_DEPTH);
  const part = field(c, F_PART);
  let code = RAN_OUT;
  for (let k = 0; k < budget; k++) {
    if (definiteLeft == 0) {
      code = LINEARIZED;
      break;
    }
    if (get(isCall, entry) == 1) {
      const op = get(opOf, entry);
      const t = get(twin, op);
      if (t != -1 && (get(bits, t >>> 5) & (1 << (t & 31))) == 0) {
        entry = get(next, entry); // its earlier twin is still open: that one goes first
        continue;
      }
      const seen = get(observed, op);
      let to: i32;
      if (seen != -1) {
        to = seen == state ? state : REJECTED;
      } else if (field(c, F_C_OFF) == 1) {
        to = stepState(c, part, state, op);
      } else {
        const h = (state ^ (op * 0x9e3779b1)) * 0x85ebca6b;
        const slot = (h ^ (h >>> 15)) & (field(c, F_C_LEN) - 1);
        if (get(ptr(c, F_C_FROM), slot) == state + 1 && get(ptr(c, F_C_OP), slot) == op) {
          setField(c, F_C_HITS, field(c, F_C_HITS) + 1);
          to = get(ptr(c, F_C_NEXT), slot);
        } else {
          const missed = field(c, F_C_MISSED) + 1;
          setField(c, F_C_MISSED, missed);
          if (missed == TRIAL && field(c, F_C_HITS) < TRIAL / 4) setField(c, F_C_OFF, 1);
          to = stepState(c, part, state, op);
          if (to != NO_ROOM && !remember(c, slot, state, op, to)) {
            code = OUT_OF_MEMORY;
            break;
          }
        }
      }
      if (to == NO_ROOM) {
        code = OUT_OF_MEMORY;
        break;
      }
      if (to == REJECTED) {
        entry = get(next, entry);
        continue;
      }
      const h = bitsHash ^ get(zob, op);
      const added = memoAdd(c, h, bits, W, op >>> 5, 1 << (op & 31), to);
      if (added == FULL) {
        code = OUT_OF_MEMORY;
        break;
      }
      if (added == ADDED) {
        put(stackEntry, depth, entry);
        put(stackState, depth, state);
        put(stackForced, depth, get(readOnly, op));
        depth++;
        state = to;
        put(bits, op >>> 5, get(bits, op >>> 5) | (1 << (op & 31)));
        bitsHash = h;
        // Lift the operation: unlink its call and return events (the return follows the call).
        const r = get(match, entry);
        put(next, get(prev, entry), get(next, entry));
        put(prev, get(next, entry), get(prev, entry));
        put(next, get(prev, r), get(next, r));
        if (get(next, r) != -1) put(prev, get(next, r), get(prev, r));
        definiteLeft -= 1 - get(pending, op);
        entry = get(next, H);
        continue;
      }
      // A read-only operation whose successor is known to fail: so does this configuration.
      if (get(readOnly, op) == 0) {
        entry = get(next, entry);
        continue;
      }
    } else if (depth > bestDepth) {
      bestDepth = depth;
      memory.copy(ptr(c, F_BEST_STACK), stackEntry, <usize>depth << 2);
      const stuck = ptr(c, F_BEST_STUCK);
      let m = 0;
      for (let e = get(next, H); e != entry; e = get(next, e)) if (get(isCall, e) == 1) put(stuck, m++, get(opOf, e));
      setField(c, F_BEST_STUCK_LEN, m);
      setField(c, F_BEST_STATE, state);
    }
    // Backtrack: undo the last choice and try the candidate after it, past committed read-only ones.
    let exhausted = false;
    do {
      if (depth == 0) {
        exhausted = true;
        break;
      }
      depth--;
      entry = get(stackEntry, depth);
      state = get(stackState, depth);
      const op = get(opOf, entry);
      put(bits, op >>> 5, get(bits, op >>> 5) & ~(1 << (op & 31)));
      bitsHash ^= get(zob, op);
      // Relink its events: the unlinked ones still point at their old neighbours.
      const r = get(match, entry);
      put(next, get(prev, r), r);
      if (get(next, r) != -1) put(prev, get(next, r), r);
      put(next, get(prev, entry), entry);
      put(prev, get(next, entry), entry);
      definiteLeft += 1 - get(pending, op);
    } while (get(stackForced, depth) == 1);
    if (exhausted) {
      code = EXHAUSTED;
      break;
    }
    entry = get(next, entry);
  }
  setField(c, F_DEPTH, depth);
  setField(c, F_STATE, state);
  setField(c, F_ENTRY, entry);
  setField(c, F_BITS_HASH, bitsHash);
  setField(c, F_DEFINITE_LEFT, definiteLeft);
  setField(c, F_BEST_DEPTH, bestDepth);
  return code;
}
