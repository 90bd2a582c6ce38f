/**
 * Options every search takes, with their defaults, and the shared bookkeeping of a run: the clock,
 * progress reports and the advisory findings.
 */
import type { Model, Violation } from '../model/core/model.ts';
import type { Row } from '../scenarios/notation/types.ts';
import { printRow } from '../scenarios/notation/print.ts';
import type { Bounds, Common, Stats, Strategy } from './outcome.ts';

export interface CheckOptions {
  readonly strategy?: Strategy;
  /** Random strategies: the seed (default 1). Printed with every outcome. */
  readonly seed?: number;
  /** Random strategies: schedules to run (default 1000). */
  readonly runs?: number;
  /** Stop as inconclusive after this many distinct states (default 5,000,000). */
  readonly maxStates?: number;
  /** Do not extend paths past this many steps (default: unbounded for bfs/dfs, 200 for random). */
  readonly maxDepth?: number;
  /** Stop as inconclusive after this many seconds (default: none). */
  readonly timeoutSeconds?: number;
  /**
   * Random strategies: how long fast-check makes schedules. `max` (default) lets them run to the depth
   * bound; `small` is fast-check's own default (about 10 choices), which cannot reach long
   * counterexamples.
   */
  readonly size?: 'xsmall' | 'small' | 'medium' | 'large' | 'xlarge' | 'max';
  /** Fail on advisory properties too (G7). */
  readonly strict?: boolean;
  /** Check only these properties (ids); the rest are ignored. */
  readonly only?: readonly string[];
  /** Called about twice a second on long runs. */
  readonly onProgress?: (p: Progress) => void;
  /** Explore one state per symmetry orbit when the model offers `canonical` (default true). */
  readonly symmetry?: boolean;
}

export interface Progress {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly queue: number;
  readonly seconds: number;
  readonly runs?: number;
}

export const DEFAULT_MAX_STATES = 5_000_000;

/** Run-wide bookkeeping shared by the strategies. */
export class Run {
  readonly started = performance.now();
  private lastProgress = this.started;
  readonly advisories = new Map<string, { property: string; message: string; rows: string[] }>();

  constructor(
    readonly options: CheckOptions,
    readonly model: Model<unknown>,
  ) {}

  seconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  timedOut(): boolean {
    const t = this.options.timeoutSeconds;
    return t !== undefined && this.seconds() >= t;
  }

  progress(p: Omit<Progress, 'seconds'>): void {
    const cb = this.options.onProgress;
    if (cb === undefined) return;
    const now = performance.now();
    if (now - this.lastProgress < 500) return;
    this.lastProgress = now;
    cb({ ...p, seconds: this.seconds() });
  }

  /** Records the first occurrence of each advisory property, with the rows that led to it. */
  advise(found: readonly Violation[], rows: () => Row[]): void {
    for (const v of found) {
      if (this.advisories.has(v.property)) continue;
      this.advisories.set(v.property, { property: v.property, message: v.message, rows: rows().map(printRow) });
    }
  }

  // `bounds` and `common` set their fields one by one, in the order they print, where conditional
  // spreads of object literals were about a seventh of a seed scenario's fast search (profiled).
  bounds(extra: Bounds = {}): Bounds {
    const o = this.options;
    const c = this.model.config;
    const b: Bounds = {};
    if (typeof c.actors === 'number') b.actors = c.actors;
    if (typeof c.ops === 'number') b.ops = c.ops;
    if (o.maxStates !== undefined) b.maxStates = o.maxStates;
    if (o.maxDepth !== undefined) b.maxDepth = o.maxDepth;
    if (o.timeoutSeconds !== undefined) b.timeoutSeconds = o.timeoutSeconds;
    return Object.assign(b, extra);
  }

  common(strategy: Strategy, stats: Omit<Stats, 'seconds'>, bounds?: Bounds): Common {
    // Advisories last: set after `strict` and `only`.
    const o: Omit<Common, 'advisories'> & Partial<Pick<Common, 'advisories'>> = {
      model: this.model.name,
      variant: this.model.variant,
      strategy,
      seed: this.options.seed ?? 1,
      config: this.model.config,
      bounds: bounds ?? this.bounds(),
      stats: { ...stats, seconds: Math.round(this.seconds() * 1000) / 1000 },
    };
    if (this.options.strict) o.strict = true;
    if (this.options.only) o.only = [...this.options.only];
    o.advisories = [...this.advisories.values()];
    return o as Common;
  }
}

/** Replays a path of action indices from the initial state, returning the rows it prints as. */
export function rowsOfPath<S>(model: Model<S>, path: readonly number[]): Row[] {
  let s = model.initial();
  const rows: Row[] = [];
  for (const i of path) {
    const st = model.step(s, i);
    rows.push(st.row);
    s = st.next;
  }
  return rows;
}
