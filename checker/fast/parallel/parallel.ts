/**
 * The fast engine's search across worker threads (`workers: N`, N > 1).
 *
 * ## Level-synchronous breadth-first search
 *
 * The single-threaded engine (`engine.ts`) expands one BFS level at a time; so does this one, with
 * the level's frontier cut into N contiguous ranges, one per worker. Each worker runs its own
 * compiled kernel over its range, in order, and looks every successor up in one seen set shared by
 * all of them (`shared-table.ts`). A successor not seen at an earlier level becomes a candidate,
 * written into the worker's own output chunk (a `SharedArrayBuffer`; each worker alternates two of
 * them between even and odd levels, since the other one is the frontier being read). When every
 * worker has finished the level, each compacts its chunk in place to the candidates it owns (below),
 * and the chunks, in worker order, are the next frontier: the coordinator concatenates the list and
 * numbers the new states, without copying vectors. Parent links (state number of the parent, action
 * index) stay in the coordinator, as in the single-threaded engine, for counterexamples. The
 * coordinator is synchronous: it blocks in `Atomics.wait` on a shared counter that workers bump after
 * each reply, and reads replies with `receiveMessageOnPort`, so `fastCheck` keeps its synchronous
 * signature. Workers run compiled JavaScript from dist/, or TypeScript through tsx's ESM API (see `bootstrap`).
 *
 * ## The atomic claim
 *
 * A slot of the shared table is claimed with `Atomics.compareExchange` on its tag word (empty → busy),
 * so two workers never both store one fingerprint: the loser sees the winner's fingerprint once it is
 * published. Each successor has a generation key, parent index × actors + action index, which is its
 * position in the single-threaded engine's order. The slot records the smallest key that reached the
 * state in its level (a compare-and-swap minimum), and the candidate whose key equals it owns the
 * state. A worker whose key is not below the recorded one drops the successor at once (the minimum
 * only decreases), so most duplicates cost no more than in the single-threaded engine. The table cannot grow while workers write it: the coordinator rehashes it between levels,
 * and if a level still fills it past its limit, the level is abandoned, the table rehashed larger
 * without that level's entries, and the level redone.
 *
 * ## Why results are deterministic
 *
 * Ownership is decided by keys, not by which thread came first; ranges are contiguous and expanded in
 * order, so the concatenated chunks are sorted by owner key, which is exactly the order in which
 * the single-threaded engine appends the same states. Hence the same states, numbers, parents and
 * frontier at every level, whatever the timing. A violation is the smallest key among the workers'
 * first violations at the shallowest level (a worker stops once a smaller one is known), so it is the
 * one the single-threaded engine meets first; states and transitions at that point are counted from
 * keys (new states owned below the violation's key; steps of the ranges before it), so they match
 * too. The G7 advisory is chosen the same way. The counterexample is rebuilt from the parent links
 * and replayed on the reference model, as in `engine.ts`.
 *
 * ## What it costs
 *
 * Per state it does what the single-threaded engine does plus an atomic claim, a second random read of
 * the slot (the ownership check) and a 16-byte instead of an 8-byte slot; each worker keeps up to two
 * levels of candidates. On a machine whose cores share memory bandwidth that can eat the gain: see
 * the bench (`scripts/bench/explore.ts`), which measures it.
 *
 * Not supported in parallel: bitstate (refused with a UsageError). Symmetry and POR are: both are
 * functions of the state. Budgets are checked between levels (a `maxStates` stop may therefore
 * report more states than the single-threaded engine would); the timeout also stops a level.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { moduleUrl, workerSource } from '../../../runtime/module.ts';
import { UsageError } from '../../../model/core/model.ts';
import type { PackedSymmetry } from '../../../model/core/capabilities.ts';
import { Run } from '../../options.ts';
import { FAST_DEFAULT_MAX_STATES, passed, symmetryOf, type Compiled, type FastOptions, type FastOutcome, type FastReport } from '../compiled.ts';
import { hashWords, lanes } from '../fingerprints.ts';
import { ByteColumn, IntColumn } from '../store.ts';
import { ABORT, BEST, CTRL_WORDS, DONE, FAILED, READY, type ErrorReply, type ExpandReply, type ExpandRequest, type FilterReply, type FilterRequest, type WorkerInit } from './protocol.ts';
import { SharedTable } from './shared-table.ts';

/** Options of the fast engine with the number of worker threads. */
export interface ParallelOptions extends FastOptions {
  /** Worker threads; 1 (the default) is the single-threaded engine. */
  readonly workers?: number;
}

/** The engine's private helpers the parallel search shares (passed by `engine.ts`, not duplicated). */
export interface EngineHelpers {
  /** Replays a violation path (on representatives) and builds the violation part of the outcome. */
  violationOutcome(c: Compiled, sym: PackedSymmetry | null, repPath: readonly number[], property: string, strict: boolean): {
    outcome: 'violation';
    property: string;
    message: string;
    path: number[];
    rows: unknown[];
    atRow: number;
  };
  /** Replays the G7 advisory path and builds the advisory. */
  concreteAdvisory(c: Compiled, sym: PackedSymmetry | null, repPath: readonly number[], strict: boolean): { property: string; message: string; rows: string[] };
  /** Advisory properties the kernel does not evaluate. */
  notEvaluated(c: Compiled): string[];
}

/** Most time a worker may take to load (tsx compiles its modules) before the search gives up. */
const READY_TIMEOUT_MS = 60_000;
/** Load factor at which the table is grown between levels (as `FingerprintTable`). */
const GROW_LOAD = 0.6;
/** Load factor at which a level is abandoned and redone with a larger table. */
const HARD_LOAD = 0.9;

/** The number of workers in `options` (1 when absent), validated. */
export function workersOf(options: FastOptions): number {
  const w = (options as ParallelOptions).workers ?? 1;
  if (!Number.isInteger(w) || w < 1 || w > 64) throw new UsageError(`workers must be a whole number from 1 to 64, got ${w}`);
  return w;
}

/**
 * The source of a worker's bootstrap: it imports `worker.ts` (compiled or through tsx, see
 * `workerSource`). Works from dist/, under vitest and under `tsx scripts/cli.ts`.
 */
function bootstrap(): string {
  // A worker that fails to load says so in the FAILED control word (the coordinator is blocked and cannot see 'error' events).
  const fail = `(e) => { const c = new Int32Array(require('node:worker_threads').workerData.ctrl); Atomics.store(c, ${FAILED}, 1); Atomics.add(c, ${READY}, 1); Atomics.notify(c, ${READY}); throw e; }`;
  return workerSource(moduleUrl('./worker.ts', import.meta.url), fail);
}

interface Pool {
  readonly workers: Worker[];
  readonly ports: MessagePort[];
  readonly ctrl: Int32Array;
  readonly ctrlU: Uint32Array;
  /** Sends one request per worker and waits for every reply; `tick` runs every 250 ms meanwhile. */
  round<R>(requests: (ExpandRequest | FilterRequest)[], tick?: () => void): R[];
  close(): void;
}

function startPool(n: number, c: Compiled, symmetry: boolean, por: boolean): Pool {
  const worker = c.packed.worker;
  if (worker === undefined) throw new UsageError(`--workers: model '${c.model.name}' offers no worker-thread kernel`);
  const ctrlBuf = new SharedArrayBuffer(CTRL_WORDS * 4);
  const ctrl = new Int32Array(ctrlBuf);
  const ctrlU = new Uint32Array(ctrlBuf);
  const workers: Worker[] = [];
  const ports: MessagePort[] = [];
  const code = bootstrap();
  const close = (): void => {
    for (const p of ports) p.close();
    for (const w of workers) void w.terminate();
  };
  try {
    for (let i = 0; i < n; i++) {
      const ch = new MessageChannel();
      const init: WorkerInit = { module: worker.module, kernel: worker.init(c.K, c.model), actors: c.K.layout.actors, strict: c.K.strict, symmetry, por, ctrl: ctrlBuf, port: ch.port2 };
      const w = new Worker(code, { eval: true, workerData: init, transferList: [ch.port2] });
      w.unref();
      workers.push(w);
      ports.push(ch.port1);
    }
    const t0 = performance.now();
    for (;;) {
      const r = Atomics.load(ctrl, READY);
      if (Atomics.load(ctrl, FAILED) !== 0) throw new Error('fast engine: a worker thread failed to load (its error is on stderr)');
      if (r >= n) break;
      if (performance.now() - t0 > READY_TIMEOUT_MS) throw new Error(`fast engine: ${n - r} of ${n} worker threads did not start within ${READY_TIMEOUT_MS / 1000} s`);
      Atomics.wait(ctrl, READY, r, 250);
    }
  } catch (e) {
    close();
    throw e;
  }
  const round = <R>(requests: (ExpandRequest | FilterRequest)[], tick?: () => void): R[] => {
    const target = Atomics.load(ctrl, DONE) + requests.length;
    requests.forEach((r, i) => ports[i].postMessage(r));
    for (;;) {
      const d = Atomics.load(ctrl, DONE);
      if (d >= target) break;
      if (Atomics.wait(ctrl, DONE, d, 250) === 'timed-out') tick?.();
    }
    return ports.map((p) => {
      const m = receiveMessageOnPort(p)?.message as R | ErrorReply | undefined;
      if (m === undefined) throw new Error('fast engine: a worker thread did not reply');
      if ((m as ErrorReply).kind === 'error') throw new Error(`fast engine worker: ${(m as ErrorReply).message}`);
      return m as R;
    });
  };
  return { workers, ports, ctrl, ctrlU, round, close };
}

/**
 * Runs the fast engine's breadth-first search on `options.workers` worker threads. Same outcome as
 * the single-threaded engine (states, transitions, depth, verdict, counterexample); see the essay.
 */
export function parallelSearch(c: Compiled, options: FastOptions, helpers: EngineHelpers): FastOutcome {
  const { model, K } = c;
  const nWorkers = workersOf(options);
  if (options.bitstate !== undefined) throw new UsageError('bitstate search is single-threaded: drop workers or bitstate');
  const run = new Run(options, model);
  const strict = options.strict ?? false;
  const maxStates = options.maxStates ?? FAST_DEFAULT_MAX_STATES;
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const useSym = options.symmetry === true;
  const usePor = options.por === true;
  K.strict = strict;
  K.checkG7 = true;
  const L = K.layout;
  const A = K.maxActions;
  const sym = useSym ? symmetryOf(c) : null;

  // The initial state (as in engine.ts).
  const s0v = new Uint8Array(L.bytes);
  K.initial(s0v);
  const s0 = model.initial();
  if (model.properties.some((p) => p.state !== undefined && p.state(s0) !== null && (!p.advisory || strict))) {
    throw new Error('fast engine: the initial state violates a property; use the reference engine');
  }
  let first = s0v;
  if (sym !== null) {
    first = new Uint8Array(L.bytes);
    sym.canonical(s0v, first);
  }
  let table = SharedTable.create(1 << 20);
  hashWords(new Uint32Array(first.buffer), 0, L.words);
  table.claim(lanes[0], lanes[1], -1, 0, () => true); // level -1: old from level 0 on
  let used = 1;

  const parent = new IntColumn();
  const via = new ByteColumn();
  parent.push(-1);
  via.push(0);
  const pathTo = (n: number): number[] => {
    const p: number[] = [];
    for (let i = n; i > 0; i = parent.get(i)) p.push(via.get(i));
    return p.reverse();
  };

  const firstBuf = new SharedArrayBuffer(L.bytes);
  new Uint8Array(firstBuf).set(first);
  let frontier: { buffer: SharedArrayBuffer; count: number }[] = [{ buffer: firstBuf, count: 1 }];
  let frontierLen = 1;
  let base = 0; // state number of frontier entry 0
  let states = 1;
  let transitions = 0;
  let depth = 0;
  let cut = 0;
  let advisory: number[] | null = null;
  let peakRss = process.memoryUsage.rss();
  let maxLayerBytes = 0;
  let symCandidates = 0;
  const porCounts: Record<string, number> = {};

  const riskFigure = (): number => (states * states) / 2 ** 65;
  const report = (): FastReport => ({
    stateBytes: L.bytes,
    notEvaluated: helpers.notEvaluated(c),
    symmetry: useSym,
    por: usePor,
    risk: `64-bit fingerprints: probability that two of the ${states} states collided (and a state was missed) ≈ ${riskFigure().toExponential(1)}`,
    riskFigure: riskFigure(),
    statesPerSecond: Math.round(states / Math.max(run.seconds(), 1e-6)),
    peakRss,
    tableBytes: table.bytes() + parent.bytes() + via.bytes() + maxLayerBytes,
    ...(usePor ? { porCounts: { ...porCounts } } : {}),
    ...(useSym ? { symmetryCandidates: symCandidates } : {}),
  });
  const advisories = () => (advisory === null ? [] : [helpers.concreteAdvisory(c, sym, advisory, strict)]);
  const inconclusive = (budget: 'max-states' | 'timeout', note?: string): FastOutcome => ({
    ...run.common('fast', { states, transitions, depth }),
    advisories: advisories(),
    outcome: 'inconclusive',
    budget,
    ...(note ? { note } : {}),
    fast: report(),
  });

  const pool = startPool(nWorkers, c, useSym, usePor);
  try {
    const en = new Int32Array(A);
    let timedOut = false;
    const tick = (): void => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      if (run.timedOut()) {
        timedOut = true;
        Atomics.store(pool.ctrl, ABORT, 2);
      }
      run.progress({ states, transitions, depth, queue: frontierLen });
    };
    while (frontierLen > 0) {
      if (depth >= maxDepth) {
        for (const c of frontier) {
          const f = new Uint8Array(c.buffer);
          for (let q = 0; q < c.count; q++) if (K.enabled(f.subarray(q * L.bytes, (q + 1) * L.bytes), en) > 0) cut++;
        }
        break;
      }
      if (frontierLen * A >= 0xffffffff) throw new UsageError(`fast engine: a BFS level of ${frontierLen} states is too large for the parallel search`);
      if (used > table.slots * GROW_LOAD) ({ table, size: used } = table.rehash(table.slots * 2, depth));
      // Expand the level; redo it with a larger table if it filled the table.
      let replies: ExpandReply[];
      for (;;) {
        Atomics.store(pool.ctrl, ABORT, 0);
        Atomics.store(pool.ctrlU, BEST, 0xffffffff);
        const per = Math.ceil(frontierLen / nWorkers);
        const reqs: ExpandRequest[] = [];
        for (let w = 0; w < nWorkers; w++) {
          reqs.push({ kind: 'expand', level: depth, frontier, from: Math.min(frontierLen, w * per), to: Math.min(frontierLen, (w + 1) * per), table: table.buffer, claimBudget: Math.floor((table.slots * HARD_LOAD - used) / nWorkers), checkG7: advisory === null });
        }
        replies = pool.round<ExpandReply>(reqs, tick);
        if (timedOut) return inconclusive('timeout');
        if (!replies.some((r) => r.aborted)) break;
        ({ table, size: used } = table.rehash(table.slots * 2, depth));
      }
      for (const r of replies) {
        symCandidates += r.symmetryCandidates;
        if (r.porCounts) for (const [k, c] of Object.entries(r.porCounts)) porCounts[k] = (porCounts[k] ?? 0) + c;
      }
      // The level's first violation, by key (workers' ranges are in key order).
      let vw = -1;
      for (let w = 0; w < nWorkers; w++) {
        const v = replies[w].violation;
        if (v !== null && (vw < 0 || v.key < replies[vw].violation!.key)) vw = w;
      }
      const vkey = vw < 0 ? -1 : replies[vw].violation!.key;
      if (advisory === null) {
        let best = -1;
        for (const r of replies) if (r.advisory >= 0 && (vkey < 0 || r.advisory < vkey) && (best < 0 || r.advisory < best)) best = r.advisory;
        if (best >= 0) advisory = [...pathTo(base + Math.floor(best / A)), best % A];
      }
      const filters = pool.round<FilterReply>(Array.from({ length: nWorkers }, (): FilterRequest => ({ kind: 'filter', table: table.buffer, before: vkey })));
      if (vw >= 0) {
        for (let w = 0; w <= vw; w++) transitions += replies[w].transitions;
        for (const f of filters) states += f.count;
        const v = replies[vw].violation!;
        const path = [...pathTo(base + Math.floor(v.key / A)), v.key % A];
        const fo = helpers.violationOutcome(c, sym, path, c.packed.propertyIds[v.property - 1], strict);
        return { ...run.common('fast', { states, transitions, depth: depth + 1 }), advisories: advisories(), ...fo, fast: report() } as FastOutcome;
      }
      for (const r of replies) transitions += r.transitions;
      // The next frontier: the workers' chunks in worker (= key) order, read in place.
      const total = filters.reduce((a, f) => a + f.count, 0);
      const next: { buffer: SharedArrayBuffer; count: number }[] = [];
      const nextBase = states;
      for (const f of filters) {
        if (f.count > 0) next.push({ buffer: f.states!, count: f.count });
        const keys = f.keys!;
        for (let j = 0; j < keys.length; j++) {
          parent.push(base + Math.floor(keys[j] / A));
          via.push(keys[j] % A);
        }
      }
      states += total;
      used += total;
      const bytesOf = (bs: { buffer: SharedArrayBuffer }[]): number => bs.reduce((a, b) => a + b.buffer.byteLength, 0);
      maxLayerBytes = Math.max(maxLayerBytes, bytesOf(frontier) + bytesOf(next));
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      frontier = next;
      frontierLen = total;
      base = nextBase;
      if (total > 0) depth++;
      if (states >= maxStates && total > 0) return inconclusive('max-states', `stopped at ${states} states with ${total} unexplored (budget checked between levels)`);
      if (run.timedOut()) return inconclusive('timeout');
    }
  } finally {
    pool.close();
  }
  return {
    ...run.common('fast', { states, transitions, depth }),
    advisories: advisories(),
    ...passed(cut, maxDepth, false, () => ''),
    fast: report(),
  };
}
