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
 * recorded when first reached; reaching it again by another order is pruned. The set is a bitset
 * (one `Uint32Array` row per memo entry, pooled) with an incrementally maintained Zobrist hash (one
 * random 30-bit word per operation, XORed in and out). Entries whose bitsets hash alike share a
 * bucket. A small bucket is scanned: bitset rows compared word by word, then states with the
 * model's `equal` (or its `hash` keys when it has none), so models with `equal` never pay for
 * `hash` there. A bucket that outgrows {@link BUCKET_SCAN} entries (many states for one set, as
 * with concurrent appends) is indexed by the state's `hash` key instead.
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
  /** Wall-clock seconds spent in the check. */
  seconds: number;
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
      stats: LinStats;
    }
  | {
      outcome: 'unknown';
      reason: 'timeout';
      /** The first partition whose search had not finished when time ran out. */
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

/** Iterations a partition's search runs before the next partition gets its turn (and the clock is read). */
const SLICE = 20_000;

/** Memo entries that share a bitset hash; indexed by state key once there are more than {@link BUCKET_SCAN}. */
interface Bucket {
  idx: number[];
  byKey?: Map<string, number[]>;
}

/** Largest bucket scanned linearly (comparing state keys) before it gets a map by state key. */
const BUCKET_SCAN = 8;

interface Counters {
  states: number;
  steps: number;
}

/** splitmix32: a deterministic word per operation for the Zobrist hash (30 bits: stays a V8 Smi). */
function zobrist(n: number): Int32Array {
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
 * Porcupine's `checkSingle` on one partition, as a resumable search: `run(budget)` advances it by
 * at most `budget` iterations and returns the verdict, or `undefined` when the budget ran out
 * first. `ops` may be in any order.
 */
function searchPartition<S, I, O>(
  m: FullLinModel<S, I, O>,
  ops: readonly Operation<I, O>[],
  counters: Counters,
): { run(budget: number): Single | undefined } {
  const n = ops.length;
  // Entries 0..2n-1 sorted by time (calls before returns on ties), entry 2n is the head sentinel.
  const order: number[] = [];
  for (let i = 0; i < 2 * n; i++) order.push(i);
  const timeOf = (e: number): number => (e < n ? ops[e].call : ops[e - n].ret);
  order.sort((a, b) => {
    const ta = timeOf(a);
    const tb = timeOf(b);
    if (ta !== tb) return ta < tb ? -1 : 1;
    const ca = a < n;
    const cb = b < n;
    if (ca !== cb) return ca ? -1 : 1;
    return a - b;
  });
  const H = 2 * n;
  const next = new Int32Array(2 * n + 1);
  const prev = new Int32Array(2 * n + 1);
  const opOf = new Int32Array(2 * n);
  const isCall = new Uint8Array(2 * n);
  const match = new Int32Array(2 * n).fill(-1);
  const posOfReturn = new Int32Array(n);
  order.forEach((raw, pos) => {
    const call = raw < n;
    const op = call ? raw : raw - n;
    opOf[pos] = op;
    isCall[pos] = call ? 1 : 0;
    if (!call) posOfReturn[op] = pos;
  });
  order.forEach((raw, pos) => {
    if (raw < n) match[pos] = posOfReturn[raw];
  });
  let last = H;
  for (let pos = 0; pos < 2 * n; pos++) {
    next[last] = pos;
    prev[pos] = last;
    last = pos;
  }
  next[last] = -1;

  const lift = (e: number): void => {
    next[prev[e]] = next[e];
    prev[next[e]] = prev[e]; // the return entry follows, so next[e] is never -1
    const r = match[e];
    next[prev[r]] = next[r];
    if (next[r] !== -1) prev[next[r]] = prev[r];
  };
  const unlift = (e: number): void => {
    const r = match[e];
    next[prev[r]] = r;
    if (next[r] !== -1) prev[next[r]] = r;
    next[prev[e]] = e;
    prev[next[e]] = e;
  };

  const inputs = ops.map((o) => o.input);
  const outputs = ops.map((o) => o.output);
  const pending = ops.map((o) => o.ret === Infinity);
  const ids = ops.map((o) => o.id);
  let definiteLeft = pending.reduce((k, p) => (p ? k : k + 1), 0);

  // Bitset of linearized operations, its Zobrist hash, and the memo.
  const W = Math.max(1, Math.ceil(n / 32));
  const bits = new Uint32Array(W);
  const zob = zobrist(n);
  let bitsHash = 0;
  let pool = new Uint32Array(W * 1024);
  const memoStates: S[] = [];
  const memoKeys: (string | undefined)[] = [];
  const memo = new Map<number, Bucket>();
  const keyOf = (idx: number): string => {
    let k = memoKeys[idx];
    if (k === undefined) memoKeys[idx] = k = m.hash(memoStates[idx]);
    return k;
  };

  /** Looks up (bits ∪ {op}, s) whose bitset hashes to h; inserts it when absent. True when it was new. */
  const memoAdd = (h: number, op: number, s: S): boolean => {
    const bucket = memo.get(h);
    const ow = op >>> 5;
    const om = (1 << (op & 31)) >>> 0;
    let key: string | undefined;
    if (bucket !== undefined) {
      let candidates: number[] | undefined = bucket.idx;
      if (bucket.byKey !== undefined) {
        key = m.hash(s);
        candidates = bucket.byKey.get(key);
      }
      if (candidates !== undefined) {
        for (let b = 0; b < candidates.length; b++) {
          const idx = candidates[b];
          const base = idx * W;
          let same = true;
          for (let w = 0; w < W; w++) {
            const want = w === ow ? (bits[w] | om) >>> 0 : bits[w];
            if (pool[base + w] !== want) {
              same = false;
              break;
            }
          }
          if (!same) continue;
          // Same bitset: the state decides. Small buckets compare with `equal`, or keys when the model has none.
          if (m.hasOwnEqual) {
            if (m.equal(memoStates[idx], s)) return false;
          } else {
            if (key === undefined) key = m.hash(s);
            if (keyOf(idx) === key) return false;
          }
        }
      }
    }
    const idx = memoStates.length;
    if ((idx + 1) * W > pool.length) {
      const bigger = new Uint32Array(pool.length * 2);
      bigger.set(pool);
      pool = bigger;
    }
    const base = idx * W;
    for (let w = 0; w < W; w++) pool[base + w] = w === ow ? (bits[w] | om) >>> 0 : bits[w];
    memoStates.push(s);
    memoKeys.push(key);
    counters.states++;
    if (bucket === undefined) {
      memo.set(h, { idx: [idx] });
    } else if (bucket.byKey !== undefined) {
      const k = key as string;
      const list = bucket.byKey.get(k);
      if (list === undefined) bucket.byKey.set(k, [idx]);
      else list.push(idx);
    } else {
      bucket.idx.push(idx);
      if (bucket.idx.length > BUCKET_SCAN) {
        const byKey = new Map<string, number[]>();
        for (const i of bucket.idx) {
          const k = keyOf(i);
          const list = byKey.get(k);
          if (list === undefined) byKey.set(k, [i]);
          else list.push(i);
        }
        bucket.byKey = byKey;
        bucket.idx = [];
      }
    }
    return true;
  };

  const stackEntry = new Int32Array(n);
  const stackState: S[] = new Array<S>(n);
  let depth = 0;
  let state = m.init();
  let entry = next[H];
  let bestDepth = -1;
  let best: Single = { kind: 'fail', longest: [], stuckAt: [], stateAfter: m.describeState(state) };
  let done: Single | undefined;

  const run = (budget: number): Single | undefined => {
    if (done !== undefined) return done;
    for (let k = 0; k < budget; k++) {
      if (definiteLeft === 0) {
        const order: number[] = [];
        for (let d = 0; d < depth; d++) order.push(ids[opOf[stackEntry[d]]]);
        return (done = { kind: 'ok', order });
      }
      if (isCall[entry] === 1) {
        const op = opOf[entry];
        counters.steps++;
        const r = m.step(state, inputs[op], outputs[op]);
        if (r.ok) {
          const h = bitsHash ^ zob[op];
          if (memoAdd(h, op, r.next)) {
            stackEntry[depth] = entry;
            stackState[depth] = state;
            depth++;
            state = r.next;
            bits[op >>> 5] |= 1 << (op & 31);
            bitsHash = h;
            lift(entry);
            if (!pending[op]) definiteLeft--;
            entry = next[H];
            continue;
          }
        }
        entry = next[entry];
      } else {
        if (depth > bestDepth) {
          bestDepth = depth;
          const stuckAt: number[] = [];
          for (let e = next[H]; e !== entry; e = next[e]) if (isCall[e] === 1) stuckAt.push(ids[opOf[e]]);
          const longest: number[] = [];
          for (let d = 0; d < depth; d++) longest.push(ids[opOf[stackEntry[d]]]);
          best = { kind: 'fail', longest, stuckAt, stateAfter: m.describeState(state) };
        }
        if (depth === 0) return (done = best);
        depth--;
        entry = stackEntry[depth];
        state = stackState[depth];
        const op = opOf[entry];
        bits[op >>> 5] &= ~(1 << (op & 31));
        bitsHash ^= zob[op];
        unlift(entry);
        if (!pending[op]) definiteLeft++;
        entry = next[entry];
      }
    }
    return undefined;
  };
  return { run };
}

function validate(history: readonly Operation<unknown, unknown>[]): void {
  const ids = new Set<number>();
  for (const op of history) {
    if (ids.has(op.id)) throw new HistoryError(`operation id ${op.id} appears twice`);
    ids.add(op.id);
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
  const searches = parts.map((part) => searchPartition(m, part, counters));
  const verdicts: (Single | undefined)[] = parts.map(() => undefined);
  let active = parts.map((_, p) => p);
  let failed = false;
  while (active.length > 0 && !(failed && !options.allPartitions)) {
    if (performance.now() > deadline) break;
    const still: number[] = [];
    for (const p of active) {
      const v = searches[p].run(SLICE);
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
  const partial: PartialLinearization[] = [];
  verdicts.forEach((v, p) => {
    if (v?.kind === 'fail') partial.push({ partition: p, longest: v.longest, stuckAt: v.stuckAt, stateAfter: v.stateAfter });
  });
  if (partial.length > 0) return { outcome: 'not-linearizable', partial, stats: stats() };
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
