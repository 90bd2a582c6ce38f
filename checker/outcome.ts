/**
 * The three outcomes of a check (STYLE.md §5): never a boolean.
 *
 * - `pass`: every reachable state within the bounds was explored (exhaustive) or every generated
 *   schedule ran (random) and no property failed. Says what was covered.
 * - `violation`: a property failed. Carries the witness: property id, message, the path (indices into
 *   the enabled actions) and the rows it prints as.
 * - `inconclusive`: a budget ran out before a verdict. Says which one.
 */
import type { Row } from '../scenarios/notation/types.ts';

export type Strategy = 'bfs' | 'dfs' | 'random' | 'replay' | 'pct' | 'preemption' | 'fast' | 'deep';

/** Figures every outcome carries. */
export interface Stats {
  /** Distinct states seen (exhaustive) or steps taken (random). */
  states: number;
  /** Transitions taken, including those that led to states already seen. */
  transitions: number;
  /** Longest path explored. */
  depth: number;
  /** Wall-clock seconds. */
  seconds: number;
  /** Schedules run (random strategies). */
  runs?: number;
}

/** The bounds a run was given; the ones that held are reported with a pass. */
export interface Bounds {
  actors?: number;
  ops?: number;
  maxStates?: number;
  maxDepth?: number;
  timeoutSeconds?: number;
  runs?: number;
  /** PCT: the bug depth d the run was given (`--pct-depth`). */
  pctDepth?: number;
  /** Preemption bounding: the most preemptions per schedule (`--preemptions`). */
  preemptions?: number;
}

export type Budget = 'max-states' | 'max-depth' | 'timeout' | 'runs';

/** The fields every outcome starts with (`Run.common` in options.ts), in the order they print. */
export interface Common {
  model: string;
  variant?: string;
  strategy: Strategy;
  seed: number;
  config: Readonly<Record<string, string | number | boolean>>;
  bounds: Bounds;
  stats: Stats;
  /** True when advisory properties counted as failures (`--strict`). */
  strict?: boolean;
  /** The properties checked, when not all of them (`--only`). */
  only?: string[];
  /** Advisory properties that failed without failing the check (G7 unless strict). */
  advisories: { property: string; message: string; rows: string[] }[];
}

export interface Pass extends Common {
  outcome: 'pass';
  /** True when the search was exhaustive within the bounds (every reachable state explored). */
  exhaustive: boolean;
  /** Bounds that cut the search without making it inconclusive (e.g. max-depth in DFS reports). */
  note?: string;
}

export interface Violation extends Common {
  outcome: 'violation';
  property: string;
  message: string;
  /** Indices into the enabled actions, one per step. */
  path: number[];
  rows: Row[];
  /** Number of the row (1-based) at which the property first failed. */
  atRow: number;
}

export interface Inconclusive extends Common {
  outcome: 'inconclusive';
  budget: Budget;
  note?: string;
}

export type Outcome = Pass | Violation | Inconclusive;

/** Exit codes: 0 pass, 1 violation, 2 bad input (see UsageError), 3 inconclusive. */
export function exitCode(o: Outcome): number {
  return o.outcome === 'pass' ? 0 : o.outcome === 'violation' ? 1 : 3;
}
