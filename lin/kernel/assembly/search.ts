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
 * misses, the search calls the one function it imports, `lin.step(part, s, op)`, which asks the model
 * (lin/states.ts) and returns the id of the state it leads to, or -1. V8 compiles the wrapper for
 * that call when it instantiates the module: the `lin` command does so while it starts
 * (lin/kernel/kernel.ts), and the call then costs what a JavaScript call costs, where a call into the
 * module from JavaScript took about a microsecond in a cold process.
 *
 * **Memory.** One bump allocator over the module's memory, which only grows: `reset` starts it
 * over (for the next check), and every allocation is zeroed (only what an earlier check used needs
 * it). An array that grows (the memo's, the step cache's) is allocated anew at twice the size and
 * the old one left behind: at most as much again as the largest. The memory itself grows by
 * doubling. Out of memory (4 GiB), `advance` returns {@link OUT_OF_MEMORY}.
 *
 * Every context field is an i32 at a byte offset named `F_…`, exported so that kernel.ts reads the
 * layout from the module itself.
 */

/** The model's step from state id `state` by operation `op` of partition `part`: a state id, or -1 (rejected). */
@external("lin", "step")
declare function modelStep(part: i32, state: i32, op: i32): i32;

/** What `advance` returns. */
export const RAN_OUT: i32 = 0;
export const LINEARIZED: i32 = 1;
export const EXHAUSTED: i32 = 2;
export const OUT_OF_MEMORY: i32 = 3;

/** A step the model rejects (lin/states.ts's REJECTED). */
const REJECTED: i32 = -1;

/*
 * The step cache: (from state, operation) → next state id or REJECTED, direct-mapped (a pair evicts
 * the one in its slot): bounded memory, one probe per lookup. FIRST_SLOTS slots at first (free: from
 * = -1); it doubles, empty, after twice its size of misses, up to MAX_SLOTS (64 Ki pairs, 768 KiB).
 * It switches itself off after TRIAL misses with fewer than a quarter as many hits: with states that
 * never repeat (a kv value appended to in every order) probing costs more than it saves. Decided
 * within the first iterations (etcd_002 has 1,971 hits by then, and keeps its cache).
 */
const FIRST_SLOTS: i32 = 256;
const MAX_SLOTS: i32 = 1 << 16;
const TRIAL: i32 = 1 << 8;
/** Memo entries at first: a partition of a few operations allocates little. */
const FIRST_ENTRIES: i32 = 128;

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
export const F_C_FROM: i32 = 128; // the step cache: from state (-1: free), operation, next
export const F_C_OP: i32 = 132;
export const F_C_NEXT: i32 = 136;
export const F_C_LEN: i32 = 140;
export const F_C_MISSES: i32 = 144;
export const F_C_MISSED: i32 = 148;
export const F_C_HITS: i32 = 152;
export const F_C_OFF: i32 = 156; // 1 once the cache is switched off
export const F_PART: i32 = 160; // the partition, for modelStep
export const CONTEXT_BYTES: i32 = 164;

let top: usize = 0;
/** Memory from here on has never been allocated since the module started: still zero. */
let fresh: usize = 0;

/** Starts the allocator over: everything allocated before is free again. */
export function reset(): void {
  top = (__heap_base + 7) & ~7;
  if (fresh < top) fresh = top;
}

/** `bytes` of zeroed memory, 8-aligned, or 0 when the memory cannot grow. */
export function alloc(bytes: i32): usize {
  if (top == 0) reset();
  const at = top;
  const end = at + ((<usize>bytes + 7) & ~7);
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

/** `len` i32s set to -1, or 0 out of memory. */
function allocFree(len: i32): usize {
  const p = alloc(len << 2);
  if (p != 0) memory.fill(p, 0xff, <usize>len << 2);
  return p;
}

/**
 * A context for the search of partition `part` with `n` operations and a bitset of `W` words: its
 * arrays allocated (each field that points at one set; the caller fills the list's and the
 * operations' arrays), its memo and step cache empty. 0 out of memory.
 */
export function setUp(n: i32, W: i32, part: i32): usize {
  const c = alloc(CONTEXT_BYTES);
  if (c == 0) return 0;
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
  setField(c, F_MEMO_CAP, FIRST_ENTRIES);
  setField(c, F_SLOTS_LEN, 2 * FIRST_ENTRIES);
  setField(c, F_C_LEN, FIRST_SLOTS);
  setField(c, F_BEST_DEPTH, -1);
  if (!array(c, F_POOL, W * FIRST_ENTRIES) || !array(c, F_ENTRY_STATE, FIRST_ENTRIES)) return 0;
  const slots = allocFree(4 * FIRST_ENTRIES);
  const from = allocFree(FIRST_SLOTS);
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
 * an open-addressing table of SLOTS_LEN slots finds them, each slot two words, the entry (-1: free)
 * and its hash, so that a probe reads one place until the hashes match.
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
  setField(c, F_POOL, <i32>pool);
  setField(c, F_ENTRY_STATE, <i32>states);
  setField(c, F_MEMO_CAP, cap * 2);
  return true;
}

/** The memo's slots at twice their number, every entry placed again. False out of memory. */
function rehash(c: usize): bool {
  const old = ptr(c, F_SLOTS);
  const oldLen = field(c, F_SLOTS_LEN);
  const len = oldLen * 2;
  const slots = allocFree(2 * len);
  if (slots == 0) return false;
  const mask = len - 1;
  for (let j = 0; j < oldLen; j++) {
    const e = get(old, 2 * j);
    if (e == -1) continue;
    const h = get(old, 2 * j + 1);
    let i = home(h, mask);
    while (get(slots, 2 * i) != -1) i = (i + 1) & mask;
    put(slots, 2 * i, e);
    put(slots, 2 * i + 1, h);
  }
  setField(c, F_SLOTS, <i32>slots);
  setField(c, F_SLOTS_LEN, len);
  return true;
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
  for (let e = get(slots, 2 * i); e != -1; e = get(slots, 2 * i)) {
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
  if (2 * (e + 1) > field(c, F_SLOTS_LEN)) {
    if (!rehash(c)) return FULL;
    slots = ptr(c, F_SLOTS);
    mask = field(c, F_SLOTS_LEN) - 1;
    i = home(h, mask);
    while (get(slots, 2 * i) != -1) i = (i + 1) & mask;
  }
  const base = ptr(c, F_POOL) + (<usize>(e * W) << 2);
  for (let w = 0; w < W; w++) put(base, w, w == ow ? get(bits, w) | om : get(bits, w));
  put(ptr(c, F_ENTRY_STATE), e, state);
  put(slots, 2 * i, e);
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
    const froms = allocFree(size);
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
  put(ptr(c, F_C_FROM), slot, from);
  put(ptr(c, F_C_OP), slot, op);
  put(ptr(c, F_C_NEXT), slot, to);
  return true;
}

/**
 * Advances the search of context `c` by at most `budget` iterations: RAN_OUT (budget spent),
 * LINEARIZED (every operation with a return placed), EXHAUSTED (every order tried) or OUT_OF_MEMORY.
 */
export function advance(c: usize, budget: i32): i32 {
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
        to = modelStep(part, state, op);
      } else {
        const h = (state ^ (op * 0x9e3779b1)) * 0x85ebca6b;
        const slot = (h ^ (h >>> 15)) & (field(c, F_C_LEN) - 1);
        if (get(ptr(c, F_C_FROM), slot) == state && get(ptr(c, F_C_OP), slot) == op) {
          setField(c, F_C_HITS, field(c, F_C_HITS) + 1);
          to = get(ptr(c, F_C_NEXT), slot);
        } else {
          const missed = field(c, F_C_MISSED) + 1;
          setField(c, F_C_MISSED, missed);
          if (missed == TRIAL && field(c, F_C_HITS) < TRIAL / 4) setField(c, F_C_OFF, 1);
          to = modelStep(part, state, op);
          if (!remember(c, slot, state, op, to)) {
            code = OUT_OF_MEMORY;
            break;
          }
        }
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
