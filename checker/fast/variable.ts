/**
 * The fast engine's loop for kernels of variable-length vectors (a model's state codec, `codec.ts`):
 * breadth-first, one state at a time, the same seen set and parent columns as the packed loop
 * (`engine.ts`), each state hashed and queued by the words it uses (`PackedKernel.used`).
 *
 * Why a loop of its own: the packed loop generates a batch of successors before inserting any and
 * updates fingerprints from the parent's, which needs fixed-length vectors and a kernel whose steps
 * do not depend on what was inserted. A codec kernel keeps the state being expanded decoded (it is
 * recognised by the queue entry it is given) and judges a new successor's state properties right
 * after its step (`PackedKernel.stateCheck`); so here every successor is inserted, and checked, as
 * soon as it is made. Such kernels offer no symmetry or partial-order reduction.
 */
import { Run } from '../options.ts';
import { Bitstate, FingerprintTable, hashWords, type SeenSet } from './fingerprints.ts';
import { GrowingInts, VarStateQueue } from './store.ts';
import { FAST_DEFAULT_MAX_STATES, RssSampler, passed, partialOrderOf, symmetryOf, type Compiled, type FastOptions, type FastOutcome, type FastReport } from './compiled.ts';
import type { EngineHelpers } from './parallel/parallel.ts';

/**
 * What a search allocates before its first state, kept for the next search (`variableSearch`): a
 * seed scenario's whole search takes tens of microseconds, and making these afresh (a table, two
 * columns, two queues, the vectors, each a typed array the collector tracks) took about a tenth of
 * it. Each is given back as it was made (`reset`), so a search that grew them keeps nothing, and
 * what a search reports of them (`tableBytes`) is what a fresh one would.
 */
class Workspace {
  readonly seen = new FingerprintTable(1 << 7);
  // Columns that start small and double (a codec's model may have a few dozen states, and a search
  // of a few states must not pay for megabytes of zeroed columns); an action number takes 4 bytes.
  readonly parent = new GrowingInts(256);
  readonly via = new GrowingInts(256);
  readonly layers = [new VarStateQueue(), new VarStateQueue()];
  // The successor's vector and the enabled actions (their contents are the search's to set).
  private out = new Uint32Array(0);
  private en = new Int32Array(0);
  vector(words: number): Uint32Array {
    if (this.out.length !== words) this.out = new Uint32Array(words);
    return this.out;
  }
  actions(n: number): Int32Array {
    if (this.en.length !== n) this.en = new Int32Array(n);
    return this.en;
  }
  reset(): void {
    this.seen.reset();
    this.parent.reset();
    this.via.reset();
    for (const q of this.layers) q.reset();
  }
}

/** The workspace of the last search, when no search is using it (a model's step may run a search of its own). */
let spare: Workspace | null = null;

/** Searches `c` (whose kernel has `used`) breadth-first; the outcome as `fastCheck` returns it. */
export function variableSearch(c: Compiled, options: FastOptions, helpers: EngineHelpers): FastOutcome {
  const w = spare ?? new Workspace();
  spare = null;
  try {
    return searchIn(w, c, options, helpers);
  } finally {
    w.reset();
    spare = w;
  }
}

function searchIn(w: Workspace, c: Compiled, options: FastOptions, helpers: EngineHelpers): FastOutcome {
  const { model, K, packed } = c;
  if (options.symmetry === true) symmetryOf(c); // throws: a codec offers no reduction
  if (options.por === true) partialOrderOf(c);
  const run = new Run(options, model);
  const strict = options.strict ?? false;
  const maxStates = options.maxStates ?? FAST_DEFAULT_MAX_STATES;
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  K.strict = strict;
  K.checkG7 = true;
  const L = K.layout;
  // A codec's model may have a few dozen states: its table starts small (1 KiB) and grows.
  const seen: SeenSet = options.bitstate !== undefined ? new Bitstate(options.bitstate, options.hashSeed ?? 0) : w.seen;
  const outW = w.vector(L.words);
  const out = new Uint8Array(outW.buffer, 0, L.bytes);
  const en = w.actions(K.maxActions);
  const { parent, via } = w;
  const pathTo = (n: number): number[] => {
    const p: number[] = [];
    for (let i = n; i > 0; i = parent.get(i)) p.push(via.get(i));
    return p.reverse();
  };
  // The resident set is read at most every 250 ms and at the end (each read is a system call).
  const rss = new RssSampler();
  let maxLayerBytes = 0;

  K.initial(out);
  const s0 = model.initial();
  // An advisory property is judged on the initial state only under strict (its finding is not a failure otherwise).
  if (model.properties.some((p) => (!p.advisory || strict) && p.state !== undefined && p.state(s0) !== null)) {
    throw new Error('fast engine: the initial state violates a property; use the reference engine');
  }
  // The words after `used()` are zero; only the used prefix is hashed and queued.
  const n0 = K.used!();
  hashWords(outW, 0, n0);
  seen.addLanes();
  parent.push(-1);
  via.push(0);
  // Two layers, emptied in turn: their memory is reused (`VarStateQueue.clear`).
  let frontier = w.layers[0];
  let next = w.layers[1];
  frontier.push(outW, n0, 0);
  let states = 1;
  let transitions = 0;
  let depth = 0;
  let cut = 0;
  let advisory: number[] | null = null;

  const report = (): FastReport => {
    rss.finish(states);
    return {
      stateBytes: L.bytes,
      notEvaluated: helpers.notEvaluated(c),
      symmetry: false,
      por: false,
      risk: seen.risk(),
      riskFigure: seen.riskFigure(),
      statesPerSecond: Math.round(states / Math.max(run.seconds(), 1e-6)),
      peakRss: rss.peak,
      tableBytes: seen.bytes() + parent.bytes() + via.bytes() + maxLayerBytes,
    };
  };
  const advisories = () => (advisory === null ? [] : [helpers.concreteAdvisory(c, null, advisory, strict)]);
  // The common fields, the advisories in their place, then the outcome's own and the report: one
  // object, filled in order (spreading three objects into a fourth showed in a seed scenario's profile).
  const ended = (fo: object): FastOutcome => {
    const o = run.common('fast', { states, transitions, depth });
    o.advisories = advisories();
    Object.assign(o, fo);
    return Object.assign(o, { fast: report() }) as FastOutcome;
  };
  const violated = (path: number[], p: number): FastOutcome => {
    depth++;
    return ended(helpers.violationOutcome(c, null, path, packed.propertyIds[p - 1], strict));
  };
  const inconclusive = (budget: 'max-states' | 'timeout', note?: string): FastOutcome => ended({ outcome: 'inconclusive', budget, ...(note ? { note } : {}) });

  let expanded = 0;
  while (frontier.length > 0) {
    if (depth >= maxDepth) {
      for (let q = 0; q < frontier.length; q++) if (K.enabled(frontier.view(q), en) > 0) cut++;
      break;
    }
    next.clear();
    for (let q = 0; q < frontier.length; q++) {
      const s = frontier.view(q);
      const id = frontier.id(q);
      const n = K.enabled(s, en);
      for (let x = 0; x < n; x++) {
        let info = K.step(s, en[x], out);
        transitions++;
        // The successor is the state being expanded (`PackedStepInfo.same`): known, nothing written.
        const same = info.same === true;
        const words = same ? 0 : K.used!();
        if (!same) hashWords(outW, 0, words);
        // A new successor is inserted before its transition is judged: a violation ends the search.
        const added = !same && seen.addLanes();
        if (K.transitionCheck !== undefined) info = K.transitionCheck(!added);
        if (info.violated !== 0) return violated([...pathTo(id), x], info.violated);
        if (info.advisoryG7 && advisory === null) {
          advisory = [...pathTo(id), x];
          K.checkG7 = false;
        }
        if (!added) continue;
        if (K.stateCheck !== undefined) {
          const fresh = K.stateCheck(out);
          if (fresh.violated !== 0) return violated([...pathTo(id), x], fresh.violated);
          if (fresh.advisoryG7 && advisory === null) {
            advisory = [...pathTo(id), x];
            K.checkG7 = false;
          }
        }
        states++;
        parent.push(id);
        via.push(x);
        next.push(outW, words, states - 1);
        if (states >= maxStates) return inconclusive('max-states', `stopped at ${states} states with ${next.length + frontier.length - q} unexplored`);
      }
      // Every 64 expansions, not 4,096: V8 compiles this loop (on-stack replacement) after a few
      // thousand of them, and a call it has never seen made becomes an exit back to the baseline
      // code. With the first `due` at the 4,096th, obsmarkers' 5-user cycle left the loop's first
      // optimized code at its first use and compiled it again (27–32 ms of a compiler thread each):
      // its cold run's CPU 0.224 → 0.203 s and 0.239 → 0.223 s (medians of 16 alternating runs,
      // twice), its wall time 1–2.5% less. `due` reads the clock; the resident set only every 250 ms.
      if ((++expanded & 63) === 0 && rss.due()) {
        if (run.timedOut()) return inconclusive('timeout');
        run.progress({ states, transitions, depth, queue: frontier.length - q + next.length });
      }
    }
    maxLayerBytes = Math.max(maxLayerBytes, frontier.bytes() + next.bytes());
    rss.due();
    if (run.timedOut()) return inconclusive('timeout');
    const done = frontier;
    frontier = next;
    next = done;
    if (frontier.length > 0) depth++;
  }
  return ended(passed(cut, maxDepth, options.bitstate !== undefined, () => seen.risk()));
}
