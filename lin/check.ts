/**
 * # Checking linearizability
 *
 * A history is linearizable when every operation can be given a single instant, inside its own
 * call/return interval, such that running the operations one by one in the order of those instants
 * through the sequential model reproduces every observed output (Herlihy and Wing). The checker
 * searches for such an order; this file is Porcupine's `checkSingle`, which is Wing and Gong's
 * algorithm with Lowe's just-in-time linearization and memoization.
 *
 * **The search.** All call and return events of one partition go into a doubly linked list sorted
 * by time. Walking the list from the head, every *call* entry met before the first *return* entry
 * belongs to an operation that may be linearized next: nothing that is still open had to finish
 * before it started. The walk tries each such candidate in turn: if the model accepts it, the
 * operation is "lifted" out of the list (its call and return entries are unlinked, in O(1)), pushed
 * on a stack with the state before it, and the walk restarts at the head. Meeting a *return* entry
 * means the operation it belongs to should already have been linearized and none of the
 * candidates could be: the search pops the last choice, relinks it (again O(1): the unlinked node
 * still points at its old neighbours) and tries the next candidate after it. Just-in-time: an
 * operation is only ever placed when it is minimal, so the order of the list does the real-time
 * bookkeeping and no partial order is ever materialised.
 *
 * **The memo.** What remains to be done depends only on which operations are linearized and on the
 * model state, not on the order that got there. Each (set of linearized operations, state) pair is
 * recorded when first reached; reaching it again by another order is pruned. States are interned
 * (lin/states.ts): each distinct state, by the model's `equal` (or its `hash` keys without one;
 * found by its numeric `digest`, in the kernel, when it has one), gets a small integer id, and the
 * step of an operation from a state id is remembered in a bounded cache, so the model is asked about once per
 * (state, operation) pair where states repeat (a register: etcd_002 asks it 4,362 times in 308,080
 * tries) and the cache turns itself off where they do not (a kv value appended to in every order).
 * The set is a bitset with an incrementally maintained Zobrist hash (one random 30-bit word per
 * operation, XORed in and out); the memo keeps each entry's bitset row and state id in flat arrays,
 * found through one open-addressing table of (entry, hash) pairs: no object per entry, and states
 * compared as integers.
 *
 * **Where it runs.** This file sets a partition's search up (the event list, the twins, the observed
 * states, in JavaScript) and builds the verdict; the search itself, with its memo and its step cache,
 * runs in WebAssembly (lin/kernel/assembly/search.ts, loaded by lin/kernel/kernel.ts), which calls
 * back into JavaScript only to ask the model a step the cache does not know and, for a model with a
 * digest, to compare two states whose digests match. A cold `lin` run then
 * searches at machine speed from the first iteration instead of waiting for V8's optimizing compiler:
 * etcd_002 took 55 ms with the search in JavaScript and takes 31 ms (medians of 5 alternating cold
 * runs; the bench has the figures of the day).
 *
 * **Read-only operations.** When the model says an operation is read-only (every step that accepts
 * it leaves the state as it was: a read, a compare-and-set observed to fail), the search commits to
 * it as soon as it is accepted: backtracking over it never tries the other candidates in its place.
 * This loses no linearization. Say the search stands at (linearized set L, state s), the read-only
 * operation r is a candidate accepted in s, and some completion α r β exists. Then r α β is one too:
 * r is a candidate, so no remaining operation returned before r was called and moving r to the
 * front breaks no real-time order; r leaves s as it is, so α runs through the same states; and r was
 * accepted where it stood, in the state α led to, which it left unchanged, so β runs as before. (A
 * pending r that α β leaves out is accepted in s and changes nothing either.) Hence if (L ∪ {r}, s)
 * has no completion, (L, s) has none: a memo hit on it fails (L, s) as a whole. Histories made
 * mostly of reads (the etcd register) shrink the most.
 *
 * **Observed states.** A read whose output shows the whole state (a register's value, a key's
 * value) is accepted in exactly one state. When the model names that state (`observed`), it is
 * interned once, when the partition's search is set up, and the read is then tried by comparing two
 * state ids: the model's `step` is never called for it. The search is the same, step for step; only
 * the model is asked less (c50-ok: 547,704 of its 725,082 steps were gets, 1,319 of them accepted).
 *
 * **Twin pending operations.** Two pending operations with the same input (compared structurally,
 * for plain data only) are interchangeable once both have been called: same output (none), same
 * return time (never), same effect in every state. Of two such twins the later-called one is only
 * tried once the earlier one is linearized: any completion that places the later one first is, with
 * the two swapped, one that places the earlier one first. Jepsen histories where several clients
 * time out on the same write shrink the most.
 *
 * **Why intervals are closed.** An operation occupies `[call, ret]` including both ends. When one
 * operation's return and another's call carry the same time, the sort puts the call first, so the
 * two overlap and may be linearized in either order. Times come from clocks that cannot order
 * simultaneous events; treating a tie as "concurrent" can only accept more histories, never reject
 * a linearizable one because of clock resolution. (The Jepsen parsers here use event indices, which
 * never tie, so nothing is lost for them.)
 *
 * **Why pending operations run to infinity.** A call whose result never came back (Jepsen `:info`,
 * a crash, a lost reply) may have taken effect at any moment after it was issued, or never. Giving
 * it `ret = Infinity` puts its return entry after every real one, so it never forces a backtrack and
 * may be linearized at any point after its call; the search succeeds as soon as every operation
 * *with* a return is linearized, so pending operations that never took effect are simply left out
 * of the linearization. Their output is `undefined` and the model must accept any result for them.
 *
 * **Witnesses.** On success the stack is the linearization. On failure the deepest stack ever
 * reached is kept, with the candidates that were open at that point: at the deepest point none of
 * them can be a memo hit (a hit means a deeper stack was seen earlier), so every one of them was
 * rejected by the model. That is Porcupine's "longest partial linearization" and where it stops.
 *
 * **Partitions.** When the model splits the history into independent parts (one per key), each
 * part is searched on its own and the history is linearizable iff every part is. The searches are
 * interleaved in slices on one thread, so a partition that fails quickly is found even when another
 * would take very long (Porcupine gets this from one goroutine per partition).
 *
 * Not supported: a search budget other than wall-clock time; using more than one core.
 */
import { type Operation, HistoryError } from './history.ts';
import { type LinModel, type FullLinModel, withDefaults } from './model.ts';
import { StateTable } from './states.ts';
import { type Kernel, type SearchArrays, KernelOutOfMemory, LINEARIZED, RAN_OUT, kernelForCheck } from './kernel/kernel.ts';

/** Options of {@link checkLinearizable}. */
export interface CheckOptions {
  /** Wall-clock budget for the whole check; when exceeded the outcome is `unknown`. Default: none. */
  timeoutMs?: number;
  /**
   * Keep checking the other partitions after one fails, to get a witness for each (default false:
   * stop at the first failing partition, like Porcupine).
   */
  allPartitions?: boolean;
}

/** Figures every result carries. */
export interface LinStats {
  /** Wall-clock seconds spent in the check (the `lin` command: in reading, parsing and checking the file). */
  seconds: number;
  /** The `lin` command only: wall-clock seconds of the check alone, without reading and parsing. */
  checkSeconds?: number;
  /** Number of independent partitions the model split the history into. */
  partitions: number;
  /** Number of operations in the history (pending included). */
  operations: number;
  /** Distinct (linearized set, state) pairs recorded in the memo, over all partitions checked. */
  statesExplored: number;
  /** Calls of the model's `step`, over all partitions checked. */
  steps: number;
}

/** Where the search got stuck in one partition that is not linearizable. */
export interface PartialLinearization {
  /** Index of the partition (in the order the model's `partition` returned them). */
  partition: number;
  /** Ids of the longest sequence of operations that could be linearized, in order. */
  longest: number[];
  /**
   * Ids of the operations that were candidates to come right after `longest` and were all rejected
   * by the model (in call order). One of them had already returned, so one had to come next.
   */
  stuckAt: number[];
  /** The model state after `longest`, rendered by `describeState`. */
  stateAfter: string;
}

/** The three outcomes of a linearizability check. */
export type LinResult =
  | {
      outcome: 'linearizable';
      /** One order of operation ids per partition; pending operations that never took effect are absent. */
      linearization: number[][];
      stats: LinStats;
    }
  | {
      outcome: 'not-linearizable';
      /** One entry per failing partition checked (only the first unless `allPartitions`). */
      partial: PartialLinearization[];
      /**
       * With `allPartitions`, the partitions left undecided (ascending), each for the reason its search
       * stopped: time ran out, or a search outgrew the memory they all share. Absent when none was.
       */
      undecided?: { partition: number; reason: 'timeout' | 'memory' }[];
      stats: LinStats;
    }
  | {
      outcome: 'unknown';
      /** Time ran out (`timeoutMs`), or a partition's search outgrew the memory it may use (4 GiB). */
      reason: 'timeout' | 'memory';
      /** The partition whose search outgrew the memory, or the first whose search had not finished when time ran out. */
      partition: number;
      stats: LinStats;
    };

/** Thrown by {@link assertLinearizable} for a history that is not (or not provably) linearizable. */
export class LinearizabilityError extends Error {
  override readonly name = 'LinearizabilityError';
  constructor(
    message: string,
    /** The result that made the assertion fail. */
    readonly result: LinResult,
  ) {
    super(message);
  }
}

type Single =
  | { kind: 'ok'; order: number[] }
  | { kind: 'fail'; longest: number[]; stuckAt: number[]; stateAfter: string };

/**
 * Iterations a partition's search runs before the next partition gets its turn (and the clock is
 * read). Small, so that the partition that fails soonest decides: in c50-bad one partition fails
 * after 5,503 steps while four others never finish; with slices of 20,000 the search took 99,634
 * steps to find it, with slices of 1,000 it takes about as many as ten parallel searches would.
 */
const SLICE = 1_000;

interface Counters {
  states: number;
  steps: number;
}

/** splitmix32: a deterministic word per operation for the Zobrist hash (30 bits: stays a V8 Smi). */
function setUpZobrist(n: number): Int32Array {
  const z = new Int32Array(n);
  let x = 0x9e3779b9 | 0;
  for (let i = 0; i < n; i++) {
    x = (x + 0x9e3779b9) | 0;
    let t = x ^ (x >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    t ^= t >>> 15;
    z[i] = t & 0x3fffffff;
  }
  return z;
}

/**
 * A string equal for structurally equal plain data (primitives, arrays, plain objects), `undefined`
 * for anything else (a Map, a class instance, a function): such inputs never count as twins.
 */
function plainKey(x: unknown): string | undefined {
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return JSON.stringify(x);
  if (typeof x === 'number') return Number.isFinite(x) ? String(x) : undefined;
  if (Array.isArray(x)) {
    const parts: string[] = [];
    for (const v of x) {
      const k = plainKey(v);
      if (k === undefined) return undefined;
      parts.push(k);
    }
    return `[${parts.join(',')}]`;
  }
  if (typeof x === 'object') {
    const proto = Object.getPrototypeOf(x) as unknown;
    if (proto !== Object.prototype && proto !== null) return undefined;
    const parts: string[] = [];
    for (const name of Object.keys(x).sort()) {
      const v = (x as Record<string, unknown>)[name];
      if (v === undefined) continue;
      const k = plainKey(v);
      if (k === undefined) return undefined;
      parts.push(`${JSON.stringify(name)}:${k}`);
    }
    return `{${parts.join(',')}}`;
  }
  return undefined;
}

/**
 * For every operation, the pending operation called last before it with the same input when it is
 * pending too (its twin, see "Twin pending operations"), else -1.
 */
function setUpTwins(ops: readonly Operation<unknown, unknown>[]): Int32Array {
  const twin = new Int32Array(ops.length).fill(-1);
  const byCall = ops.map((_, i) => i).filter((i) => ops[i].ret === Infinity);
  byCall.sort((a, b) => ops[a].call - ops[b].call || a - b);
  const last = new Map<string, number>();
  for (const i of byCall) {
    const k = plainKey(ops[i].input);
    if (k === undefined) continue;
    const t = last.get(k);
    if (t !== undefined) twin[i] = t;
    last.set(k, i);
  }
  return twin;
}

/**
 * A rank for every time in `times`: equal for equal times, ordered as they are, small enough for the
 * keys of {@link setUpEventOrder}. Event indices (non-negative integers: the Jepsen readers' times) are
 * their own ranks, and Infinity one past the largest: one pass, where ranking by the first index in
 * sorted order takes a sort and a binary search per entry (the way for any other times), code that
 * runs once per partition, mostly in the interpreter.
 */
function setUpRanks(times: Float64Array): Float64Array {
  const m = times.length;
  let max = 0;
  for (let e = 0; e < m; e++) {
    const t = times[e];
    if (t === Infinity) continue;
    if (!Number.isInteger(t) || t < 0) return setUpSortedRanks(times);
    if (t > max) max = t;
  }
  // Keys are (rank * 2 + kind) * n + index with n = m / 2: below 2^53 when (max + 2) * m is.
  if ((max + 2) * m > Number.MAX_SAFE_INTEGER) return setUpSortedRanks(times);
  const rank = new Float64Array(m);
  for (let e = 0; e < m; e++) rank[e] = times[e] === Infinity ? max + 1 : times[e];
  return rank;
}

/** The index of every time's first occurrence among the sorted times (any finite times, and Infinity). */
function setUpSortedRanks(times: Float64Array): Float64Array {
  const m = times.length;
  const sorted = times.slice().sort();
  const rank = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const t = times[e];
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    rank[e] = lo;
  }
  return rank;
}

/**
 * Entries 0..2n-1 (call of operation i is i, its return n + i) sorted by time, calls before returns
 * on ties, then by operation index. Sorted as numbers by the engine's own sort, without a comparator
 * (a comparator runs in the interpreter, thousands of calls, on the short histories where start-up
 * is all there is): each entry's key is (rank of its time, kind, index) packed into one number, below
 * 2^53 ({@link setUpRanks} keeps it there).
 */
function setUpEventOrder(ops: readonly Operation<unknown, unknown>[]): Int32Array {
  const n = ops.length;
  const times = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    times[i] = ops[i].call;
    times[n + i] = ops[i].ret;
  }
  const rank = setUpRanks(times);
  const keys = new Float64Array(2 * n);
  for (let e = 0; e < 2 * n; e++) keys[e] = (rank[e] * 2 + (e < n ? 0 : 1)) * n + (e < n ? e : e - n);
  keys.sort();
  const order = new Int32Array(2 * n);
  for (let pos = 0; pos < 2 * n; pos++) {
    // The key is (rank * 2 + kind) * n + index: kind is the parity of its quotient by n.
    const k = keys[pos];
    const q = Math.floor(k / n);
    const index = k - q * n;
    order[pos] = (q & 1) === 0 ? index : n + index;
  }
  return order;
}

/** What {@link setUpArrays} makes of one partition: the kernel's arrays, its state table, each operation's id and each event's operation. */
interface PartitionArrays<S, I, O> {
  arrays: SearchArrays;
  table: StateTable<S, I, O>;
  ids: Int32Array;
  opOf: Int32Array;
}

/** One partition's search as the kernel takes it (the event list, the twins, the observed states), and its state table. */
function setUpArrays<S, I, O>(m: FullLinModel<S, I, O>, ops: readonly Operation<I, O>[]): PartitionArrays<S, I, O> {
  const n = ops.length;
  // Entries 0..2n-1 sorted by time (calls before returns on ties), entry 2n is the head sentinel.
  const order = setUpEventOrder(ops);
  const H = 2 * n;
  const next = new Int32Array(2 * n + 1);
  const prev = new Int32Array(2 * n + 1);
  const opOf = new Int32Array(2 * n);
  const isCall = new Uint8Array(2 * n);
  const match = new Int32Array(2 * n).fill(-1);
  const posOfReturn = new Int32Array(n);
  for (let pos = 0; pos < 2 * n; pos++) {
    const raw = order[pos];
    const call = raw < n;
    const op = call ? raw : raw - n;
    opOf[pos] = op;
    isCall[pos] = call ? 1 : 0;
    if (!call) posOfReturn[op] = pos;
  }
  for (let pos = 0; pos < 2 * n; pos++) if (order[pos] < n) match[pos] = posOfReturn[order[pos]];
  let last = H;
  for (let pos = 0; pos < 2 * n; pos++) {
    next[last] = pos;
    prev[pos] = last;
    last = pos;
  }
  next[last] = -1;

  const pending = new Uint8Array(n);
  const readOnly = new Uint8Array(n);
  const ids = new Int32Array(n);
  const inputs: I[] = new Array<I>(n);
  const outputs: (O | undefined)[] = new Array<O | undefined>(n);
  let definiteLeft = 0;
  for (let i = 0; i < n; i++) {
    const o = ops[i];
    inputs[i] = o.input;
    outputs[i] = o.output;
    ids[i] = o.id;
    pending[i] = o.ret === Infinity ? 1 : 0;
    if (o.ret !== Infinity) definiteLeft++;
    readOnly[i] = m.readOnly(o.input, o.output) ? 1 : 0;
  }
  const twin = setUpTwins(ops);
  const table = new StateTable(m, inputs, outputs);
  // The interned id of the one state each operation is accepted in, where the model names it, else -1.
  const observed = new Int32Array(n).fill(-1);
  if (m.observed !== undefined) {
    for (let i = 0; i < n; i++) {
      const t = m.observed(inputs[i], outputs[i]);
      if (t === undefined) continue;
      observed[i] = table.observe(i, t);
      readOnly[i] = 1;
    }
  }

  const W = Math.max(1, Math.ceil(n / 32));
  const arrays = { n, W, next, prev, opOf, isCall, match, pending, readOnly, twin, observed, zob: setUpZobrist(n), entry: next[H], definiteLeft, digests: table.kernelDigests() };
  return { arrays, table, ids, opOf };
}

/**
 * Porcupine's `checkSingle` on one partition, as a resumable search: `run(budget)` advances it by
 * at most `budget` iterations and returns the verdict, or `undefined` when the budget ran out
 * first. `ops` may be in any order.
 */
function setUpSearch<S, I, O>(
  m: FullLinModel<S, I, O>,
  ops: readonly Operation<I, O>[],
  counters: Counters,
  kernel: Kernel,
): { run(budget: number): Single | undefined } {
  const { arrays, table, ids, opOf } = setUpArrays(m, ops);
  const search = kernel.search(arrays, table);
  let done: Single | undefined;
  const run = (budget: number): Single | undefined => {
    if (done !== undefined) return done;
    const states = search.field('MEMO_SIZE');
    const steps = table.steps;
    const code = search.advance(budget);
    counters.states += search.field('MEMO_SIZE') - states;
    counters.steps += table.steps - steps;
    if (code === RAN_OUT) return undefined;
    if (code === LINEARIZED) {
      const order = search.array('STACK_ENTRY', search.field('DEPTH')).map((e) => ids[opOf[e]]);
      done = { kind: 'ok', order };
    } else {
      const longest = search.array('BEST_STACK', search.field('BEST_DEPTH')).map((e) => ids[opOf[e]]);
      const stuckAt = search.array('BEST_STUCK', search.field('BEST_STUCK_LEN')).map((o) => ids[o]);
      done = { kind: 'fail', longest, stuckAt, stateAfter: m.describeState(table.states[search.field('BEST_STATE')]) };
    }
    // Its results read: the next partition's search may take its memory.
    search.release();
    return done;
  };
  return { run };
}

function validate(history: readonly Operation<unknown, unknown>[]): void {
  // Ids are usually 0, 1, 2, …: marks in a byte array then, a set otherwise.
  const marks = new Uint8Array(2 * history.length + 64);
  let ids: Set<number> | undefined;
  for (const op of history) {
    const id = op.id;
    if (Number.isInteger(id) && id >= 0 && id < marks.length) {
      if (marks[id] === 1) throw new HistoryError(`operation id ${id} appears twice`);
      marks[id] = 1;
    } else {
      ids ??= new Set<number>();
      if (ids.has(id)) throw new HistoryError(`operation id ${id} appears twice`);
      ids.add(id);
    }
    if (!Number.isFinite(op.call)) throw new HistoryError(`operation ${op.id}: call time must be finite, got ${op.call}`);
    if (Number.isNaN(op.ret) || op.ret < op.call) {
      throw new HistoryError(`operation ${op.id}: returns at ${op.ret}, before its call at ${op.call}`);
    }
    if (op.ret === Infinity && op.output !== undefined) {
      throw new HistoryError(`operation ${op.id}: a pending operation (ret = Infinity) cannot have an output`);
    }
  }
}

/**
 * Checks a history against a model. Never throws for a non-linearizable history: the verdict is the
 * outcome. Throws {@link HistoryError} for a malformed history (duplicate ids, a return before its
 * call, a pending operation with an output). Partitions are checked one after another.
 */
export function checkLinearizable<S, I, O>(
  model: LinModel<S, I, O>,
  history: readonly Operation<I, O>[],
  options: CheckOptions = {},
): LinResult {
  const start = performance.now();
  validate(history);
  const m = withDefaults(model);
  const parts = m.partition(history);
  const deadline = options.timeoutMs === undefined ? Infinity : start + options.timeoutMs;
  const counters: Counters = { states: 0, steps: 0 };
  const stats = (): LinStats => ({
    seconds: (performance.now() - start) / 1000,
    partitions: parts.length,
    operations: history.length,
    statesExplored: counters.states,
    steps: counters.steps,
  });
  // Partitions are searched in round-robin slices, so that one hard partition cannot hide an easy
  // failure in another (Porcupine gets the same effect from one goroutine per partition).
  // A partition's search is set up when its first turn comes: after an early failure, never.
  const searches: (ReturnType<typeof setUpSearch> | undefined)[] = parts.map(() => undefined);
  const verdicts: (Single | undefined)[] = parts.map(() => undefined);
  let active = parts.map((_, p) => p);
  let failed = false;
  // The partition whose search outgrew the kernel's memory: every search then stops (they share it).
  let outgrew = -1;
  const { kernel, done } = kernelForCheck();
  try {
    while (active.length > 0 && !(failed && !options.allPartitions) && outgrew < 0) {
      if (performance.now() > deadline) break;
      const still: number[] = [];
      for (const p of active) {
        let v: Single | undefined;
        try {
          v = (searches[p] ??= setUpSearch(m, parts[p], counters, kernel)).run(SLICE);
        } catch (e) {
          if (!(e instanceof KernelOutOfMemory)) throw e;
          outgrew = p;
          break;
        }
        if (v === undefined) {
          still.push(p);
          continue;
        }
        verdicts[p] = v;
        if (v.kind === 'fail') {
          failed = true;
          if (!options.allPartitions) break;
        }
      }
      active = still;
    }
  } finally {
    done();
  }
  const partial: PartialLinearization[] = [];
  verdicts.forEach((v, p) => {
    if (v?.kind === 'fail') partial.push({ partition: p, longest: v.longest, stuckAt: v.stuckAt, stateAfter: v.stateAfter });
  });
  if (partial.length > 0) {
    const reason = outgrew >= 0 ? ('memory' as const) : ('timeout' as const);
    const undecided = options.allPartitions ? verdicts.flatMap((v, partition) => (v === undefined ? [{ partition, reason }] : [])) : [];
    return { outcome: 'not-linearizable', partial, ...(undecided.length > 0 ? { undecided } : {}), stats: stats() };
  }
  if (outgrew >= 0) return { outcome: 'unknown', reason: 'memory', partition: outgrew, stats: stats() };
  const open = verdicts.findIndex((v) => v === undefined);
  if (open >= 0) return { outcome: 'unknown', reason: 'timeout', partition: open, stats: stats() };
  return { outcome: 'linearizable', linearization: verdicts.map((v) => (v as { order: number[] }).order), stats: stats() };
}

/**
 * Like {@link checkLinearizable} but throws a {@link LinearizabilityError} unless the outcome is
 * `linearizable`; returns the per-partition linearization otherwise.
 */
export function assertLinearizable<S, I, O>(
  model: LinModel<S, I, O>,
  history: readonly Operation<I, O>[],
  options: CheckOptions = {},
): number[][] {
  const r = checkLinearizable(model, history, options);
  if (r.outcome === 'linearizable') return r.linearization;
  if (r.outcome === 'unknown') throw new LinearizabilityError(`linearizability unknown: ${r.reason} in partition ${r.partition}`, r);
  const p = r.partial[0];
  throw new LinearizabilityError(
    `not linearizable: partition ${p.partition} stops after ${p.longest.length} operations; none of [${p.stuckAt.join(', ')}] can come next`,
    r,
  );
}

/**
 * Runs the JavaScript half of a check on `history` (validation, partitions, each partition's arrays
 * and state table, each operation's step from the initial state) without searching it: what a check
 * of a history of the same shape runs first, so that the first real check finds that code warm
 * (lin/warm-up.ts). Needs no kernel.
 */
export function warmUpChecker<S, I, O>(model: LinModel<S, I, O>, history: readonly Operation<I, O>[]): void {
  validate(history);
  const m = withDefaults(model);
  for (const part of m.partition(history)) {
    const { arrays, table } = setUpArrays(m, part);
    // Every operation's step from the initial state, as the search asks for them (into this table, thrown away).
    for (let op = 0; op < arrays.n; op++) table.step(0, op, arrays.digests?.init ?? 0, table.states.length);
  }
}
