/**
 * The fast exhaustive engine: breadth-first search over packed Grove states.
 *
 * ## Why it is fast
 *
 * The reference search (`checker/exhaustive.ts`) holds immutable records and keys them by strings:
 * a 4-actor state is a few kilobytes of objects and a ~200-character key, so 4×2 (19.6 million
 * states) does not fit in 4 GB. Here a state is a fixed vector of bytes (`layout.ts`: 136 bytes for
 * 4×2, like SPIN's 152-byte state vector), the transition function is compiled for the Grove push
 * protocol (`kernel.ts`: no allocation per step) and the seen set keeps 8 bytes per state, not the
 * state: a 64-bit fingerprint in an open-addressing table (`fingerprints.ts`). A BFS layer is a
 * queue of packed vectors in 64 Ki-state chunks (reused from layer to layer); every state keeps 5
 * bytes (its parent's number and the action that reached it) so that a counterexample can be rebuilt.
 *
 * Per transition the costs that are left are the kernel's step and one lookup in a table far larger
 * than the caches. So a fingerprint is not recomputed from the whole vector: it is the parent's
 * (kept beside it in the layer) updated by the words the step wrote (tabulation hashing, the words
 * listed by the kernel's `written` when it has one). And successors are generated for 64 states at a
 * time, their table slots read back to back (the cache misses overlap), then inserted in generation
 * order, so that numbering, counts and outcomes are those of one-at-a-time insertion (pinned against
 * a plain search in `engine.test.ts`).
 *
 * ## What it risks
 *
 * Hash compaction: two distinct states with the same 64-bit fingerprint count as one, and whatever
 * is reachable only through the second is not explored. The chance that this happened at all in a
 * run of n states is about n²/2⁶⁵ (1e-5 at 20 million states) and every outcome states it. Bitstate
 * mode (`bitstate: BITS`) trades a fixed 2^BITS-bit table for a larger, reported, expected number of
 * missed states. Neither can invent a violation: a counterexample is replayed on the reference model
 * (`model.step` and the reference properties) before it is returned, and a disagreement is an
 * internal error, not a verdict.
 *
 * ## Reductions (off by default, so that counts compare with SPIN's)
 *
 * - `symmetry`: one state per orbit of actor permutations (`symmetry.ts`), renaming commits and logs.
 * - `por`: persistent single-step ample sets for steps that provably commute and are invisible
 *   (`por.ts`).
 * With either, a counterexample found on representatives is turned back into a concrete schedule
 * (at each step, the concrete action whose successor has the recorded representative) and replayed.
 *
 * Not supported: scripted actors, crashes, variants whose primitives are arbitrary code (see
 * `kernel.ts`), more than 30 commits. With `workers > 1` the search runs level by level across worker
 * threads (`parallel/`), with the same results; bitstate is single-threaded only.
 *
 * ## Models without a kernel
 *
 * A model that offers a state codec instead (`capabilities.codec`, `model/core/codec.ts`) runs here
 * through a generic kernel (`codec.ts`): the same seen set and parent columns, BFS layers of its
 * variable-length encoded vectors, the model's own steps and properties; single-threaded, without
 * reductions, one state at a time (`variable.ts`: its kernel keeps the state being expanded decoded).
 */
import type { Model } from '../../model/core/model.ts';
import type { PackedCapability, PackedKernel, PackedSymmetry } from '../../model/core/capabilities.ts';
import { UsageError } from '../../model/core/model.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { checkStep } from '../properties.ts';
import { Run } from '../options.ts';
import type { Row } from '../../scenarios/notation/types.ts';
import { Bitstate, FingerprintTable, TabulationHash, hashWords, lanes, type SeenSet } from './fingerprints.ts';
import { ByteColumn, IntColumn, StateQueue } from './store.ts';
import { FAST_DEFAULT_MAX_STATES, RssSampler, SMALL_SEARCH_STATES, passed, partialOrderOf, symmetryOf, type Compiled, type FastOptions, type FastOutcome, type FastReport } from './compiled.ts';
import { parallelSearch, workersOf } from './parallel/parallel.ts';
import { codecPacked } from './codec.ts';
import type { CodecCapability } from '../../model/core/codec.ts';
import { variableSearch } from './variable.ts';

export { FAST_DEFAULT_MAX_STATES, type FastOptions, type FastOutcome, type FastReport } from './compiled.ts';

/**
 * The codec kernel (`codec.ts`) of a model's last search, kept for its next one when that search
 * was small (`SMALL_SEARCH_STATES`). A seed scenario searched over and over (obsmarkers'
 * late-marker: 10 states, 44 transitions, tens of microseconds) spent about a sixth of each search
 * making its kernel: the model's codec, an interner with its maps, the closures (3,000 searches:
 * 0.28 → 0.23–0.25 s). The kernel is taken out while a search uses it (a model whose step
 * searches gets one of its own) and given back afterwards, with what its interner numbered: the
 * next search's vectors then hold other numbers, and so other fingerprints, but the seen set is
 * exact on them, so the states, transitions, verdict and counterexample are the same (pinned in
 * `codec.test.ts`). A bitstate search, whose misses depend on the fingerprints,
 * always makes its own. A larger search keeps nothing: its interner holds every content it met. A
 * model object whose properties or codec were replaced since gets a new kernel (the kernel judges
 * the properties it was made with).
 */
const spareKernels = new WeakMap<Model<unknown>, { readonly c: Compiled; readonly properties: Model<unknown>['properties']; readonly codec: CodecCapability<unknown> }>();

/**
 * Runs the fast engine on a model that offers a packed kernel (`capabilities.packed`) or, failing
 * that, a state codec (`capabilities.codec`). Throws UsageError for a model with neither or a
 * configuration its kernel cannot run.
 */
export function fastCheck<S>(model: Model<S>, options: FastOptions = {}): FastOutcome {
  const m = model as Model<unknown>;
  const helpers = { violationOutcome, concreteAdvisory, notEvaluated };
  const codec = model.capabilities?.codec;
  if (model.capabilities?.packed === undefined && codec !== undefined && options.bitstate === undefined && workersOf(options) <= 1) {
    // The codec's kernel of this model's last small search, if no search is using it (see `spareKernels`).
    // (Kept only while the model's properties and codec are the objects it was made from.)
    const spare = spareKernels.get(m);
    spareKernels.delete(m);
    let c = spare !== undefined && spare.properties === m.properties && spare.codec === codec ? spare.c : undefined;
    if (c === undefined) {
      const packed = codecPacked(m, codec as CodecCapability<unknown>);
      c = { model: m, packed, K: packed.kernel(m) };
    }
    const o = variableSearch(c, options, helpers);
    if (o.stats.states <= SMALL_SEARCH_STATES) spareKernels.set(m, { c, properties: m.properties, codec: codec as CodecCapability<unknown> });
    return o;
  }
  const packed = (model.capabilities?.packed as PackedCapability<unknown> | undefined) ?? (codec !== undefined ? codecPacked(model, codec) : undefined);
  if (packed === undefined) throw new UsageError(`the fast engine runs models that offer a compiled kernel or a state codec; '${model.name}' offers no kernel and no codec; use --strategy bfs`);
  const c: Compiled = { model: m, packed, K: packed.kernel(m) };
  if (workersOf(options) > 1) {
    if (model.capabilities?.packed === undefined) throw new UsageError(`--workers: '${model.name}' runs in the fast engine through its state codec, whose interned strings live in one thread; use --workers 1`);
    return parallelSearch(c, options, helpers);
  }
  // A kernel of variable-length vectors (a codec's) takes the plain one-at-a-time loop.
  if (c.K.used !== undefined) return variableSearch(c, options, helpers);
  return search(c, options);
}

/** Advisory properties of `model` that the kernel does not compile (e.g. a project-added D1). */
function notEvaluated(c: Compiled): string[] {
  const strictOnly = c.packed.strictOnly ?? [];
  return c.model.properties.map((p) => p.id).filter((id) => !c.packed.propertyIds.includes(id) || strictOnly.includes(id));
}

function search(c: Compiled, options: FastOptions): FastOutcome {
  const { model, K, packed } = c;
  const run = new Run(options, model);
  const strict = options.strict ?? false;
  const maxStates = options.maxStates ?? FAST_DEFAULT_MAX_STATES;
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const useSym = options.symmetry === true;
  const usePor = options.por === true;
  K.strict = strict;
  K.checkG7 = true;
  const L = K.layout;
  const sym = useSym ? symmetryOf(c) : null;
  const por = usePor ? partialOrderOf(c) : null;
  const seen: SeenSet = options.bitstate !== undefined ? new Bitstate(options.bitstate, options.hashSeed ?? 0) : new FingerprintTable();

  // Fingerprints: updated from the parent's by the bytes a step changed, unless the stored vector is
  // a canonical representative (symmetry) or the set is a bitstate array (whose counts are pinned to
  // `hashWords`).
  const tab = sym === null && options.bitstate === undefined ? new TabulationHash(L.words) : null;
  const written = tab !== null && K.written !== undefined ? new Int32Array(L.words) : null;
  const curW = new Uint32Array(L.words);
  const cur = new Uint8Array(curW.buffer);
  const out = new Uint8Array(L.bytes);
  const canon = new Uint8Array(L.bytes);
  const canonW = new Uint32Array(canon.buffer);
  const en = new Int32Array(K.maxActions);
  const parent = new IntColumn();
  const via = new ByteColumn();
  const pathTo = (n: number): number[] => {
    const p: number[] = [];
    for (let i = n; i > 0; i = parent.get(i)) p.push(via.get(i));
    return p.reverse();
  };
  const rss = new RssSampler();
  rss.sample();
  let maxLayerBytes = 0;

  // The initial state: its state properties hold for every accepted variant (an empty log, main at a@0).
  K.initial(out);
  const s0 = model.initial();
  if (model.properties.some((p) => p.state !== undefined && p.state(s0) !== null && (!p.advisory || strict))) {
    throw new Error('fast engine: the initial state violates a property; use the reference engine');
  }
  if (sym !== null) sym.canonical(out, canon);
  else canon.set(out);
  if (tab !== null) tab.full(canonW);
  else hashWords(canonW, 0, L.words);
  seen.addLanes();
  parent.push(-1);
  via.push(0);
  const pool: Uint32Array[] = []; // chunks of expanded layers, reused for the next ones
  let frontier = new StateQueue(L.words, pool);
  frontier.push(canonW, lanes[0], lanes[1]);
  let frontierFirst = 0; // the number of the frontier's first state (a layer is numbered consecutively)
  let states = 1;
  let transitions = 0;
  let depth = 0;
  let cut = 0;
  let advisory: number[] | null = null;

  const report = (): FastReport => {
    const seconds = run.seconds();
    return {
      stateBytes: L.bytes,
      notEvaluated: notEvaluated(c),
      symmetry: useSym,
      por: usePor,
      risk: seen.risk(),
      riskFigure: seen.riskFigure(),
      statesPerSecond: Math.round(states / Math.max(seconds, 1e-6)),
      peakRss: rss.peak,
      tableBytes: seen.bytes() + parent.bytes() + via.bytes() + maxLayerBytes,
      ...(por ? { porCounts: { ...(por.counts as Record<string, number>) } } : {}),
      ...(sym ? { symmetryCandidates: sym.candidates } : {}),
    };
  };
  const advisories = () => (advisory === null ? [] : [concreteAdvisory(c, sym, advisory, strict)]);
  const inconclusive = (budget: 'max-states' | 'timeout', note?: string): FastOutcome => ({
    ...run.common('fast', { states, transitions, depth }),
    advisories: advisories(),
    outcome: 'inconclusive',
    budget,
    ...(note ? { note } : {}),
    fast: report(),
  });

  // Successors are generated a batch of frontier states at a time, then inserted in generation order
  // (so numbering, counts and every outcome are those of one-at-a-time insertion). Between the two,
  // the seen set is asked to load the slots the batch will probe (`prefetch`): on a table far larger
  // than the caches those reads miss, and issued back to back they overlap instead of queuing.
  const BATCH = 64;
  const room = BATCH * K.maxActions;
  const succBuf = new ArrayBuffer(room * L.bytes);
  const succ = Array.from({ length: room }, (_, j) => new Uint8Array(succBuf, j * L.bytes, L.bytes));
  const succW = Array.from({ length: room }, (_, j) => new Uint32Array(succBuf, j * L.bytes, L.words));
  const succH1 = new Int32Array(room);
  const succH2 = new Int32Array(room);
  const succId = new Int32Array(room); // parent's state number
  const succX = new Uint8Array(room); // action index
  const succQ = new Int32Array(room); // parent's index in the frontier
  const succT = new Float64Array(room); // transitions counted up to and including this step
  let advisoryAt = -1; // batch index of the step that recorded the advisory, while the batch is pending
  let next = new StateQueue(L.words, pool);
  let nextFirst = states;

  /** Inserts the batch's `m` successors in order; an inconclusive outcome when the state budget ends. */
  const flush = (m: number): FastOutcome | null => {
    for (let j = 0; j < m; j++) seen.prefetch(succH1[j], succH2[j]);
    for (let j = 0; j < m; j++) {
      lanes[0] = succH1[j];
      lanes[1] = succH2[j];
      if (!seen.addLanes()) continue;
      states++;
      parent.push(succId[j]);
      via.push(succX[j]);
      next.push(succW[j], lanes[0], lanes[1]);
      if (states >= maxStates) {
        // As if the search had stopped right here: later steps of the batch never happened.
        transitions = succT[j];
        if (advisoryAt > j) advisory = null;
        return inconclusive('max-states', `stopped at ${states} states with ${next.length + frontier.length - succQ[j]} unexplored`);
      }
    }
    advisoryAt = -1;
    return null;
  };

  let expanded = 0;
  while (frontier.length > 0) {
    if (depth >= maxDepth) {
      for (let q = 0; q < frontier.length; q++) {
        frontier.load(q, curW);
        if (K.enabled(cur, en) > 0) cut++;
      }
      break;
    }
    next = new StateQueue(L.words, pool);
    nextFirst = states;
    for (let q0 = 0; q0 < frontier.length; q0 += BATCH) {
      const qEnd = Math.min(q0 + BATCH, frontier.length);
      let m = 0;
      for (let q = q0; q < qEnd; q++) {
        const s = cur;
        frontier.load(q, curW);
        const id = frontierFirst + q;
        const h1 = tab === null ? 0 : frontier.extra(q, 0);
        const h2 = tab === null ? 0 : frontier.extra(q, 1);
        const n = K.enabled(s, en);
        // One ample action when the partial-order reduction offers one, all of them otherwise.
        const ample = por === null ? -1 : por.ample(s, en, n);
        const from = ample >= 0 ? ample : 0;
        const to = ample >= 0 ? ample + 1 : n;
        for (let x = from; x < to; x++) {
          const dst = sym === null ? succ[m] : out;
          const info = K.step(s, en[x], dst);
          transitions++;
          if (info.violated !== 0) {
            const stop = flush(m);
            if (stop !== null) return stop;
            const path = [...pathTo(id), x];
            const fo = violationOutcome(c, sym, path, packed.propertyIds[info.violated - 1], strict);
            return { ...run.common('fast', { states, transitions, depth: depth + 1 }), advisories: advisories(), ...fo, fast: report() };
          }
          if (info.advisoryG7 && advisory === null) {
            advisory = [...pathTo(id), x];
            advisoryAt = m;
            K.checkG7 = false;
          }
          if (sym !== null) sym.canonical(out, succ[m]);
          if (tab !== null) {
            if (written !== null) tab.updateWords(h1, h2, curW, succW[m], written, K.written!(written));
            else tab.update(h1, h2, curW, succW[m]);
          }
          else hashWords(succW[m], 0, L.words);
          succH1[m] = lanes[0];
          succH2[m] = lanes[1];
          succId[m] = id;
          succX[m] = x;
          succQ[m] = q;
          succT[m] = transitions;
          m++;
        }
      }
      const stop = flush(m);
      if (stop !== null) return stop;
      expanded += qEnd - q0;
      if ((expanded & 4095) < qEnd - q0 && rss.due()) {
        if (run.timedOut()) return inconclusive('timeout');
        run.progress({ states, transitions, depth, queue: frontier.length - qEnd + next.length });
      }
    }
    maxLayerBytes = Math.max(maxLayerBytes, frontier.bytes() + next.bytes());
    rss.sample();
    if (run.timedOut()) return inconclusive('timeout');
    frontier.release();
    frontier = next;
    frontierFirst = nextFirst;
    if (next.length > 0) depth++;
  }
  return {
    ...run.common('fast', { states, transitions, depth }),
    advisories: advisories(),
    ...passed(cut, maxDepth, options.bitstate !== undefined, () => seen.risk()),
    fast: report(),
  };
}

/**
 * Turns a path of action indices taken on representatives into a concrete schedule from the real
 * initial state. Without symmetry the path is already concrete. `last` says what the final step must
 * do (violate property number p, or raise the G7 advisory).
 */
function concretePath(K: PackedKernel, sym: PackedSymmetry | null, path: readonly number[], last: { violated?: number; advisory?: boolean }): number[] {
  if (sym === null) return path.slice();
  const L = K.layout;
  const en = new Int32Array(K.maxActions);
  const rep = new Uint8Array(L.bytes);
  const repNext = new Uint8Array(L.bytes);
  const tmp = new Uint8Array(L.bytes);
  const cand = new Uint8Array(L.bytes);
  const candRep = new Uint8Array(L.bytes);
  let cur = new Uint8Array(L.bytes);
  K.initial(cur);
  K.initial(tmp);
  sym.canonical(tmp, rep);
  const out: number[] = [];
  const same = (a: Uint8Array, b: Uint8Array) => a.every((v, j) => v === b[j]);
  for (let t = 0; t < path.length; t++) {
    const final = t === path.length - 1;
    K.enabled(rep, en);
    K.step(rep, en[path[t]], tmp);
    sym.canonical(tmp, repNext);
    const n = K.enabled(cur, en);
    let chosen = -1;
    for (let j = 0; j < n && chosen < 0; j++) {
      const info = K.step(cur, en[j], cand);
      if (final && last.violated !== undefined && info.violated !== last.violated) continue;
      if (final && last.advisory && !K.violatesG7(cand)) continue;
      if (final) {
        chosen = j;
        break;
      }
      sym.canonical(cand, candRep);
      if (same(candRep, repNext)) chosen = j;
    }
    if (chosen < 0) throw new Error('fast engine: a symmetric path does not lift to a concrete schedule (symmetry is not a symmetry of this model)');
    K.step(cur, en[chosen], cand);
    cur = cand.slice();
    rep.set(repNext);
    out.push(chosen);
  }
  return out;
}

function violationOutcome(c: Compiled, sym: PackedSymmetry | null, repPath: readonly number[], property: string, strict: boolean) {
  const { model, K } = c;
  const wasG7 = K.checkG7;
  K.checkG7 = true;
  const path = concretePath(K, sym, repPath, { violated: c.packed.propertyIds.indexOf(property) + 1 });
  K.checkG7 = wasG7;
  const rows: Row[] = [];
  const v = replay(model, path, strict, rows);
  if (v === null || v.property !== property || v.at !== path.length) {
    throw new Error(`fast engine: found ${property} after ${path.length} steps, but the reference model replays ${v === null ? 'no violation' : `${v.property} at step ${v.at}`}`);
  }
  return { outcome: 'violation' as const, property, message: v.message, path, rows, atRow: rows.length };
}

/**
 * Replays `path` on the reference model (its own `step` and properties), pushing each step's row onto
 * `rows` (the counterexample's rows come from this one replay: no second pass over the path), and
 * returns the first violation, or at the last step its advisories, or null.
 */
function replay(model: Model<unknown>, path: readonly number[], strict: boolean, rows: Row[]): { property: string; message: string; at: number; advisories: { property: string; message: string }[] } | null {
  let s = model.initial();
  for (let t = 0; t < path.length; t++) {
    const st = model.step(s, path[t]);
    rows.push(st.row);
    const v = checkStep(model, s, st, strict);
    if (v.violation) return { ...v.violation, at: t + 1, advisories: [...v.advisories] };
    if (t === path.length - 1) return v.advisories.length > 0 ? { ...v.advisories[0], at: t + 1, advisories: [...v.advisories] } : null;
    s = st.next;
  }
  return null;
}

function concreteAdvisory(c: Compiled, sym: PackedSymmetry | null, repPath: readonly number[], strict: boolean) {
  const { model, K } = c;
  const id = c.packed.advisory ?? '';
  const path = concretePath(K, sym, repPath, { advisory: true });
  const rows: Row[] = [];
  const v = replay(model, path, strict, rows);
  const found = v?.advisories.find((a) => a.property === id);
  if (found === undefined) throw new Error(`fast engine: the ${id} advisory it found does not replay on the reference model`);
  return { property: id, message: found.message, rows: rows.map(printRow) };
}
