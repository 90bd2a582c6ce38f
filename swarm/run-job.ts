/**
 * The adapter between the swarm and the checker: `runJob` runs one job spec with the library (the
 * functions `grove-check check` and `grove-check lin` call) and returns a plain JSON result. It is
 * the swarm's only coupling to the checker's internals and its option names; everything else in
 * `swarm/` sees specs and results only.
 *
 * A result's `path` is always in the model's own action indices (a job with a search order of its
 * own has its path translated back), so the coordinator replays it on the reference model as is.
 */
import type { Action, Model } from '../model/core/model.ts';
import { UsageError } from '../model/core/model.ts';
import { familyByName } from '../model/registry.ts';
import { check, type CheckOptions } from '../checker/check.ts';
import type { Outcome } from '../checker/outcome.ts';
import { generator } from '../checker/pct.ts';
import { execute, minimize } from '../checker/random.ts';
import { rowsOfPath } from '../checker/options.ts';
import { printRow } from '../scenarios/notation/print.ts';
import { checkLinearizable, type LinResult } from '../lin/check.ts';
import { detectFormat } from '../lin/formats/detect.ts';
import { parseJepsenKv } from '../lin/formats/jepsen-kv.ts';
import { parseJepsenEtcd } from '../lin/formats/jepsen-etcd.ts';
import { looksLikeGrove, parseGroveHistory } from '../lin/formats/grove.ts';
import { FormatError } from '../lin/formats/error.ts';
import { kvModel } from '../lin/models/kv.ts';
import { registerModel } from '../lin/models/register.ts';
import { groveLinModel } from '../lin/models/grove.ts';
import { variantByName } from '../model/grove/variants/index.ts';
import type { JobSpec, LinJob, ModelSpec, SearchJob } from './plan.ts';

/** What one job found, as JSON (what a worker returns through Redis). */
export interface JobResult {
  readonly index: number;
  readonly outcome: 'pass' | 'violation' | 'inconclusive' | 'cancelled';
  /** States (exhaustive and preemption jobs) or steps (random and pct jobs); lin: memo entries. */
  readonly states: number;
  readonly transitions: number;
  /** Schedules run (random and pct jobs). */
  readonly runs: number;
  readonly depth: number;
  readonly seconds: number;
  /** The budget that stopped an inconclusive job. */
  readonly budget?: string;
  readonly property?: string;
  readonly message?: string;
  /** The violating schedule, in the model's own action indices. */
  readonly path?: number[];
  /** The strategy's own note (PCT's probability bound, the preemption bound, the bitstate risk). */
  readonly note?: string;
  /** True when a bitstate or exhaustive job saw every state (no budget cut it). */
  readonly exhaustive?: boolean;
  /** Lin jobs: the history's size and verdict in lin's own words. */
  readonly lin?: { readonly file: string; readonly operations: number; readonly outcome: LinResult['outcome'] };
}

/** Progress of a running job (what a worker reports to the coordinator). */
export interface JobProgress {
  readonly states: number;
  readonly runs: number;
}

/** Builds the model a spec names, as `grove-check check` does. Throws UsageError for a bad spec. */
export function buildModel(spec: ModelSpec): Model<unknown> {
  return familyByName(spec.model).build({ variant: spec.variant, actors: spec.actors, ops: spec.ops, extra: spec.extra }) as Model<unknown>;
}

/** Can the fast engine (and so bitstate jobs) run this model? */
export function bitstateSupported(spec: ModelSpec): boolean {
  try {
    check(buildModel(spec), { strategy: 'fast', bitstate: 10, maxStates: 1 } as CheckOptions);
    return true;
  } catch (e) {
    if (e instanceof UsageError) return false;
    throw e;
  }
}

/** A rank per actor derived from `order`: the actors are listed in rank order, each keeping its own actions' order. */
function actorRank(order: number): (actor: string) => number {
  const ranks = new Map<string, number>();
  return (actor) => {
    let r = ranks.get(actor);
    if (r === undefined) {
      let h = order >>> 0;
      for (let i = 0; i < actor.length; i++) h = Math.imul(h ^ actor.charCodeAt(i), 0x01000193) >>> 0;
      r = generator(h)();
      ranks.set(actor, r);
    }
    return r;
  };
}

/**
 * `model` with its enabled actions presented in another order (the job's search order): actors
 * ranked by a hash of `order`, each actor's own actions in the model's order. `original(s, i)` maps an
 * index of the reordered list back to the model's. Order 0 is the model itself.
 */
export function reordered<S>(model: Model<S>, order: number): { model: Model<S>; original: (s: S, i: number) => number } {
  if (order === 0) return { model, original: (_s, i) => i };
  const rank = actorRank(order);
  const permutation = (acts: readonly Action[]): number[] =>
    acts.map((_, i) => i).sort((a, b) => rank(acts[a].actor) - rank(acts[b].actor) || a - b);
  const original = (s: S, i: number): number => permutation(model.actions(s))[i];
  return {
    model: {
      ...model,
      actions: (s) => {
        const acts = model.actions(s);
        return permutation(acts).map((i) => acts[i]);
      },
      step: (s, i) => model.step(s, original(s, i)),
    },
    original,
  };
}

function searchOptions(job: SearchJob, onProgress?: (p: JobProgress) => void): CheckOptions {
  const base = {
    seed: job.seed,
    ...(job.maxStates !== undefined ? { maxStates: job.maxStates } : {}),
    ...(job.maxDepth !== undefined ? { maxDepth: job.maxDepth } : {}),
    ...(job.timeoutSeconds !== undefined ? { timeoutSeconds: job.timeoutSeconds } : {}),
    ...(job.strict ? { strict: true } : {}),
    ...(job.only !== undefined ? { only: [...job.only] } : {}),
    ...(onProgress ? { onProgress: (p: { states: number; runs?: number }) => onProgress({ states: p.states, runs: p.runs ?? 0 }) } : {}),
  };
  switch (job.strategy) {
    case 'random':
      return { ...base, strategy: 'random', runs: job.runs };
    case 'pct':
      // The coordinator shrinks the first counterexample; a job returns it as found.
      return { ...base, strategy: 'pct', runs: job.runs, depth: job.pctDepth, minimize: false } as CheckOptions;
    case 'preemption':
      return { ...base, strategy: 'preemption', preemptions: job.preemptions } as CheckOptions;
    case 'bitstate':
      return { ...base, strategy: 'fast', bitstate: job.bitstate, hashSeed: job.hashSeed } as CheckOptions;
  }
}

function searchResult(job: SearchJob, o: Outcome, path?: number[]): JobResult {
  const base = {
    index: job.index,
    states: o.stats.states,
    transitions: o.stats.transitions,
    runs: o.stats.runs ?? 0,
    depth: o.stats.depth,
    seconds: o.stats.seconds,
  };
  if (o.outcome === 'violation') return { ...base, outcome: 'violation', property: o.property, message: o.message, path };
  if (o.outcome === 'inconclusive') return { ...base, outcome: 'inconclusive', budget: o.budget, ...(o.note ? { note: o.note } : {}) };
  return { ...base, outcome: 'pass', exhaustive: o.exhaustive, ...(o.note ? { note: o.note } : {}) };
}

function runSearch(job: SearchJob, onProgress?: (p: JobProgress) => void): JobResult {
  const model = buildModel(job.model);
  const { model: ordered, original } = reordered(model, job.order);
  const o = check(ordered, searchOptions(job, onProgress));
  if (o.outcome !== 'violation') return searchResult(job, o);
  // Back to the model's own indices, step by step along the schedule.
  const path: number[] = [];
  let s = model.initial();
  for (const i of o.path) {
    const j = original(s, i);
    path.push(j);
    s = model.step(s, j).next;
  }
  return searchResult(job, o, path);
}

/** Parses and checks one history, as `grove-check lin` does (format detected when not given). */
export function checkHistory(text: string, file: string, format: string | undefined, timeoutSeconds: number): { result: LinResult; operations: number } {
  const fmt = format ?? (() => {
    const f = detectFormat(text);
    return f === 'jepsen-kv' && looksLikeGrove(text) ? 'grove' : f;
  })();
  const options = { timeoutMs: timeoutSeconds === 0 ? undefined : timeoutSeconds * 1000 };
  try {
    if (fmt === 'grove') {
      const parsed = parseGroveHistory(text, file);
      const model = groveLinModel(parsed.store, parsed.variant === undefined ? undefined : variantByName(parsed.variant));
      return { result: checkLinearizable(model, parsed.operations, options), operations: parsed.operations.length };
    }
    if (fmt === 'jepsen-kv') {
      const parsed = parseJepsenKv(text, file);
      return { result: checkLinearizable(kvModel, parsed.operations, options), operations: parsed.operations.length };
    }
    if (fmt === 'jepsen-etcd') {
      const parsed = parseJepsenEtcd(text, file);
      return { result: checkLinearizable(registerModel, parsed.operations, options), operations: parsed.operations.length };
    }
  } catch (e) {
    if (e instanceof FormatError) throw new UsageError(e.message);
    throw e;
  }
  throw new UsageError(`${file}: cannot detect the format from the first line; pass --format (jepsen-kv, jepsen-etcd, grove)`);
}

function runLin(job: LinJob): JobResult {
  const { result, operations } = checkHistory(job.text, job.file, job.format, job.timeoutSeconds);
  const s = result.stats;
  const base = { index: job.index, states: s.statesExplored, transitions: 0, runs: 0, depth: 0, seconds: s.seconds, lin: { file: job.file, operations, outcome: result.outcome } };
  if (result.outcome === 'linearizable') return { ...base, outcome: 'pass' };
  if (result.outcome === 'unknown') return { ...base, outcome: 'inconclusive', budget: 'timeout' };
  return { ...base, outcome: 'violation', property: 'linearizability', message: `${job.file}: not linearizable (partition ${result.partial[0]?.partition ?? 0})` };
}

/** Runs one job (synchronously, on the calling thread). Throws UsageError for a spec that names nothing runnable. */
export function runJob(job: JobSpec, onProgress?: (p: JobProgress) => void): JobResult {
  return job.kind === 'lin' ? runLin(job) : runSearch(job, onProgress);
}

/** A counterexample replayed and shrunk on the reference model. */
export interface Replayed {
  readonly property: string;
  readonly message: string;
  /** The shrunk schedule (1-minimal: no single step can be left out) and its rows. */
  readonly path: number[];
  readonly rows: string[];
  /** Steps of the schedule as the job found it. */
  readonly foundSteps: number;
  /** The model's settings, for the report. */
  readonly config: Readonly<Record<string, string | number | boolean>>;
}

/**
 * Replays a search job's violating `path` on the reference model (from the model's own spec, with the
 * job's `only` and `strict`) and shrinks it. Throws an Error when the path does not violate the
 * property the job reported: a job result that does not replay is never reported as a verdict.
 */
export function replayViolation(job: SearchJob, path: readonly number[], property: string): Replayed {
  let model = buildModel(job.model);
  if (job.only !== undefined) model = { ...model, properties: model.properties.filter((p) => job.only!.includes(p.id)) };
  const strict = job.strict ?? false;
  const e = execute(model, path, path.length, strict);
  if (e.violation === null || e.violation.property !== property) {
    throw new Error(`job ${job.index}'s counterexample does not replay on this host (${e.violation === null ? 'no violation' : `${e.violation.property} instead of ${property}`}): the model is not deterministic or the hosts run different code`);
  }
  const m = minimize(model, e.path, property, strict);
  const v = m.violation ?? e.violation;
  const shrunk = m.violation !== null ? m.path : e.path;
  return { property: v.property, message: v.message, path: shrunk, rows: rowsOfPath(model, shrunk).map(printRow), foundSteps: path.length, config: model.config };
}
