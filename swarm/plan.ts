/**
 * The swarm's job list: a pure function of the options and the swarm seed.
 *
 * Holzmann's swarm verification (Holzmann, Joshi, Groce, "Swarm verification techniques", IEEE TSE
 * 2011) replaces one long search by many small, independent and *diversified* ones whose union covers
 * more than any one of them: each job gets its own strategy, seed, bound and search order, so that
 * the jobs do not all walk the same part of the state space first. Here a job is one of
 *
 * - `random`: fast-check schedules from its own seed (`runs` schedules);
 * - `pct`: probabilistic concurrency testing from its own seed, with the bug depth d varied across
 *   jobs (2, 3, 1, 4, …);
 * - `preemption`: the preemption-bounded DFS with the bound varied (1 … the bound given);
 * - `bitstate`: an exhaustive breadth-first search of the fast engine with a 2^bits bitstate table and
 *   its own hash function (`hashSeed`), so different jobs miss different states (only where the fast
 *   engine compiles the model);
 * - `lin`: the linearizability check of one history file.
 *
 * Random, pct and preemption jobs also get a *search order* (`order`): the enabled actions are
 * presented to the strategy with the actors ranked by a hash of `order` (0 keeps the model's own
 * order), so DFS-like strategies expand a different actor first and PCT breaks ties differently.
 * Every job is deterministic: the same spec gives the same result on any host, which is why the job
 * list, not a worker, decides what is covered, and why the same swarm seed assigns the same jobs.
 */
import { generator } from '../checker/pct.ts';

/** The model a search job checks: what `familyByName(model).build(...)` takes. */
export interface ModelSpec {
  readonly model: string;
  readonly variant?: string;
  readonly actors?: number;
  readonly ops?: number;
  readonly extra: Readonly<Record<string, string | number | boolean>>;
}

export type SearchStrategy = 'random' | 'pct' | 'preemption' | 'bitstate';

/** One search: a strategy with its seed, bounds and order on one model. */
export interface SearchJob {
  readonly kind: 'search';
  readonly index: number;
  readonly model: ModelSpec;
  readonly strategy: SearchStrategy;
  /** Random and pct: the seed of the job's runs. */
  readonly seed: number;
  /** Random and pct: schedules to run. */
  readonly runs?: number;
  /** Pct: bug depth d. */
  readonly pctDepth?: number;
  /** Preemption: the bound. */
  readonly preemptions?: number;
  /** Random, pct, preemption: actor order (0 = the model's own). */
  readonly order: number;
  /** Bitstate: table size 2^bits and hash function. */
  readonly bitstate?: number;
  readonly hashSeed?: number;
  readonly maxStates?: number;
  readonly maxDepth?: number;
  readonly timeoutSeconds?: number;
  readonly strict?: boolean;
  readonly only?: readonly string[];
}

/** One history file to judge. The text travels with the job: a worker on another host has no such file. */
export interface LinJob {
  readonly kind: 'lin';
  readonly index: number;
  readonly file: string;
  readonly text: string;
  readonly format?: string;
  readonly timeoutSeconds: number;
}

export type JobSpec = SearchJob | LinJob;

/** What a search swarm is asked for. */
export interface SearchPlanOptions {
  readonly model: ModelSpec;
  /** Strategies to diversify over, in this order (round robin over the jobs). */
  readonly strategies: readonly SearchStrategy[];
  readonly jobs: number;
  readonly seed: number;
  readonly runs: number;
  /** Largest preemption bound (bounds 1 … this are spread over the preemption jobs). */
  readonly preemptions: number;
  /** Pct depths to cycle through. */
  readonly pctDepths: readonly number[];
  readonly bitstate: number;
  readonly maxStates?: number;
  readonly maxDepth?: number;
  readonly timeoutSeconds?: number;
  readonly strict?: boolean;
  readonly only?: readonly string[];
}

/** A 32-bit value derived from the swarm seed and a job's number (deterministic everywhere). */
export function derivedSeed(seed: number, index: number, salt: number): number {
  const r = generator((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b) ^ Math.imul(salt + 1, 0xc2b2ae35)) >>> 0);
  r();
  return Math.floor(r() * 0x7fffffff) + 1;
}

/** The search jobs for `o`: job i takes strategy i mod k, and its j-th use of it sets seed, bound and order. */
export function planSearch(o: SearchPlanOptions): SearchJob[] {
  if (o.strategies.length === 0) throw new RangeError('a swarm needs at least one strategy');
  const jobs: SearchJob[] = [];
  const common = {
    kind: 'search' as const,
    model: o.model,
    ...(o.maxStates !== undefined ? { maxStates: o.maxStates } : {}),
    ...(o.maxDepth !== undefined ? { maxDepth: o.maxDepth } : {}),
    ...(o.timeoutSeconds !== undefined ? { timeoutSeconds: o.timeoutSeconds } : {}),
    ...(o.strict ? { strict: true } : {}),
    ...(o.only !== undefined ? { only: o.only } : {}),
  };
  for (let i = 0; i < o.jobs; i++) {
    const strategy = o.strategies[i % o.strategies.length];
    const j = Math.floor(i / o.strategies.length);
    const seed = derivedSeed(o.seed, i, 0);
    // The first job of each strategy keeps the model's own order; the others get one of their own.
    const order = j === 0 ? 0 : derivedSeed(o.seed, i, 1);
    switch (strategy) {
      case 'random':
        jobs.push({ ...common, index: i, strategy, seed, runs: o.runs, order });
        break;
      case 'pct':
        jobs.push({ ...common, index: i, strategy, seed, runs: o.runs, pctDepth: o.pctDepths[j % o.pctDepths.length], order });
        break;
      case 'preemption':
        jobs.push({ ...common, index: i, strategy, seed, preemptions: 1 + (j % Math.max(1, o.preemptions)), order });
        break;
      case 'bitstate':
        jobs.push({ ...common, index: i, strategy, seed, order: 0, bitstate: o.bitstate, hashSeed: j === 0 ? 0 : derivedSeed(o.seed, i, 2) });
        break;
    }
  }
  return jobs;
}

/** One lin job per history file, in the order given (the caller sorts). */
export function planLin(files: readonly { file: string; text: string }[], format: string | undefined, timeoutSeconds: number): LinJob[] {
  return files.map((f, index) => ({ kind: 'lin', index, file: f.file, text: f.text, ...(format !== undefined ? { format } : {}), timeoutSeconds }));
}

/** A short description of a job, for progress lines and the verdict (`pct seed=… d=2 order=…`). */
export function describeJob(j: JobSpec): string {
  if (j.kind === 'lin') return `lin ${j.file}`;
  const order = j.order !== 0 ? ` order=${j.order}` : '';
  switch (j.strategy) {
    case 'random':
      return `random seed=${j.seed} runs=${j.runs}${order}`;
    case 'pct':
      return `pct seed=${j.seed} runs=${j.runs} d=${j.pctDepth}${order}`;
    case 'preemption':
      return `preemption bound=${j.preemptions}${order}`;
    case 'bitstate':
      return `bitstate 2^${j.bitstate} hash=${j.hashSeed}`;
  }
}
