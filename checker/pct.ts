/**
 * PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010),
 * as a chooser over any model.
 *
 * Each run gives every actor a distinct random priority in d … d+n-1 and picks d-1 random change
 * points among the k steps of a run. At every step the enabled actor with the highest priority takes
 * its first enabled action; when the run reaches change point i, the actor that just stepped drops to
 * priority d-i, below everyone. A bug of *depth* d (one that needs d ordering constraints between
 * steps of different actors, such as "actor 1 reads, then 48 steps of others, then actor 1 CASes",
 * depth 2) is found by one run with probability at least 1/(n·k^(d-1)), however many steps the bug
 * needs in between; a uniformly random scheduler finds it with a probability that shrinks
 * exponentially in that number. The outcome states the bound for the n, k and d used, and how likely
 * a bug of depth d would still be missed after the runs made.
 *
 * k is not known before the runs; it is estimated from a first, sequential run (each actor runs to
 * the end in turn) and raised to the longest run seen so far. Deterministic: run r uses a generator
 * seeded by (seed, r). A counterexample is shrunk to a 1-minimal one (`minimize` of `random.ts`)
 * unless `minimize: false`.
 */
import type { Model } from '../model/core/model.ts';
import { checkInitial, checkStep } from './properties.ts';
import { Run, rowsOfPath, type CheckOptions } from './options.ts';
import type { Outcome } from './outcome.ts';
import { DEFAULT_RANDOM_DEPTH, DEFAULT_RUNS, minimize } from './random.ts';

/** PCT's options on top of every search's. */
export interface PctOptions extends CheckOptions {
  /** Bug depth d: d-1 priority change points per run (default 2). */
  readonly depth?: number;
  /** Shrink a counterexample to a 1-minimal schedule (default true). */
  readonly minimize?: boolean;
}

/** A small seeded generator (mulberry32): deterministic across platforms. */
export function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The PCT guarantee: the probability that one run finds a bug of depth d, at least. */
export function pctBound(n: number, k: number, d: number): number {
  return 1 / (n * Math.pow(Math.max(k, 1), d - 1));
}

interface RunResult {
  readonly path: number[];
  readonly violation: { property: string; message: string } | null;
}

/** Runs PCT on `model`. Never throws for a verdict. */
export function pctSearch<S>(model: Model<S>, options: PctOptions = {}): Outcome {
  const run = new Run(options, model as Model<unknown>);
  const strict = options.strict ?? false;
  const seed = options.seed ?? 1;
  const runs = options.runs ?? DEFAULT_RUNS;
  const maxDepth = options.maxDepth ?? DEFAULT_RANDOM_DEPTH;
  const d = options.depth ?? 2;
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`PCT depth must be a whole number ≥ 1, got ${d}`);

  const s0 = model.initial();
  const v0 = checkInitial(model, s0, strict);
  run.advise(v0.advisories, () => []);
  const actors0 = [...new Set(model.actions(s0).map((a) => a.actor))];
  let n = Math.max(1, actors0.length);

  /** One schedule: `prio` maps actor → priority; `changes` are step numbers (1-based). */
  const schedule = (prio: Map<string, number>, changes: readonly number[], rnd: () => number): RunResult => {
    let s = s0;
    const path: number[] = [];
    for (let step = 1; step <= maxDepth; step++) {
      const acts = model.actions(s);
      if (acts.length === 0) break;
      let best = -1;
      let bestP = -Infinity;
      for (let i = 0; i < acts.length; i++) {
        const who = acts[i].actor;
        if (!prio.has(who)) prio.set(who, d + n + rnd()); // an actor that appears late: above the rest
        const p = prio.get(who)!;
        if (p > bestP) {
          bestP = p;
          best = i;
        }
      }
      const st = model.step(s, best);
      path.push(best);
      const v = checkStep(model, s, st, strict);
      if (v.advisories.length > 0) run.advise(v.advisories, () => rowsOfPath(model, path));
      if (v.violation) return { path, violation: v.violation };
      const c = changes.indexOf(step);
      if (c >= 0) prio.set(acts[best].actor, d - (c + 1));
      s = st.next;
    }
    return { path, violation: null };
  };

  // k from a sequential run: priorities n, n-1, …, no change points.
  let k = schedule(new Map(actors0.map((a, i) => [a, d + n - i])), [], () => 0).path.length;
  let steps = k;
  let executed = 0;
  let deepest = k;
  let found: RunResult | null = null;
  let timedOut = false;
  for (let r = 0; r < runs; r++) {
    if (run.timedOut()) {
      timedOut = true;
      break;
    }
    const rnd = generator((seed * 0x9e3779b1 + r * 0x85ebca6b) >>> 0);
    // Distinct priorities d … d+n-1 in random order (Fisher–Yates).
    const ps = Array.from({ length: n }, (_, i) => d + i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [ps[i], ps[j]] = [ps[j], ps[i]];
    }
    const prio = new Map(actors0.map((a, i) => [a, ps[i]]));
    const changes: number[] = [];
    while (changes.length < d - 1 && changes.length < k) {
      const c = 1 + Math.floor(rnd() * k);
      if (!changes.includes(c)) changes.push(c);
    }
    const res = schedule(prio, changes, rnd);
    executed++;
    steps += res.path.length;
    deepest = Math.max(deepest, res.path.length);
    k = Math.max(k, res.path.length);
    n = Math.max(n, prio.size);
    run.progress({ states: steps, transitions: steps, depth: deepest, queue: 0, runs: executed });
    if (res.violation) {
      found = res;
      break;
    }
  }
  const p = pctBound(n, k, d);
  const note = `PCT d=${d}, n=${n} actors, k=${k} steps: one run finds a depth-${d} bug with probability ≥ ${p.toExponential(2)}; after ${executed} runs a depth-${d} bug is missed with probability ≤ ${Math.pow(1 - p, executed).toExponential(2)}`;
  const stats = { states: steps, transitions: steps, depth: deepest, runs: executed };
  const bounds = run.bounds({ runs, maxDepth, pctDepth: d });
  if (found !== null && found.violation !== null) {
    let path = found.path;
    let v = found.violation;
    if (options.minimize !== false) {
      const e = minimize(model, path, v.property, strict);
      if (e.violation === null) throw new Error('a minimized PCT schedule lost its violation: the model is not deterministic');
      path = e.path;
      v = e.violation;
    }
    const rows = rowsOfPath(model, path);
    return { ...run.common('pct', stats, bounds), outcome: 'violation', property: v.property, message: `${v.message} (found by run ${executed}; ${note})`, path, rows, atRow: rows.length };
  }
  if (timedOut) return { ...run.common('pct', stats, bounds), outcome: 'inconclusive', budget: 'timeout', note };
  return { ...run.common('pct', stats, bounds), outcome: 'pass', exhaustive: false, note };
}
