/**
 * The fast engine's options and outcome, and a model compiled for it (shared by the single-threaded
 * search, `engine.ts`, and the parallel driver, `parallel/`).
 */
import type { Model } from '../../model/core/model.ts';
import { UsageError } from '../../model/core/model.ts';
import type { PackedCapability, PackedKernel, PackedPartialOrder, PackedSymmetry } from '../../model/core/capabilities.ts';
import type { CheckOptions } from '../options.ts';
import type { Outcome } from '../outcome.ts';

/** Options of the fast engine, on top of every search's. */
export interface FastOptions extends CheckOptions {
  /** One state per orbit of actor permutations. Default **false** here (counts then match SPIN's). */
  readonly symmetry?: boolean;
  /** Partial-order reduction (single-step ample sets). Default false. */
  readonly por?: boolean;
  /** Bitstate mode: a 2^bitstate-bit seen set instead of 64-bit fingerprints. */
  readonly bitstate?: number;
  /** Bitstate mode: which hash function (default 0); different seeds miss different states. */
  readonly hashSeed?: number;
}

/** What the fast engine adds to an outcome. */
export interface FastReport {
  readonly stateBytes: number;
  readonly symmetry: boolean;
  readonly por: boolean;
  /** The seen set's risk, in words (collision probability or expected missed states). */
  readonly risk: string;
  /** The number the risk sentence states. */
  readonly riskFigure: number;
  readonly statesPerSecond: number;
  /** Peak resident set size of the process during the search, in bytes. */
  readonly peakRss: number;
  /** Bytes held by the seen set, the parent columns and the largest BFS layer. */
  readonly tableBytes: number;
  /** What the model's partial-order reduction counted (its own categories, e.g. Grove's `branch`, `full`). */
  readonly porCounts?: Readonly<Record<string, number>>;
  /** Renamed vectors compared by the symmetry reduction (≥ states when ties are enumerated). */
  readonly symmetryCandidates?: number;
  /** Advisory properties of the model that the compiled kernel does not evaluate (reported, never silent). */
  readonly notEvaluated: readonly string[];
}

/** An outcome of the fast engine. */
export type FastOutcome = Outcome & { readonly fast: FastReport };

/** Default state budget of the fast engine (the reference's 5 million is far too small here). */
export const FAST_DEFAULT_MAX_STATES = 2_000_000_000;

/** A model's packed kernel with what the engine needs around it (its capability, reductions). */
export interface Compiled {
  readonly model: Model<unknown>;
  readonly packed: PackedCapability<unknown>;
  readonly K: PackedKernel;
}

/** The model's symmetry reduction, or a UsageError when its kernel offers none. */
export function symmetryOf(c: Compiled): PackedSymmetry {
  if (c.packed.symmetry === undefined) throw new UsageError(`--symmetry: model '${c.model.name}' offers no symmetry reduction for its kernel`);
  return c.packed.symmetry(c.K);
}

/** The model's partial-order reduction, or a UsageError when its kernel offers none. */
export function partialOrderOf(c: Compiled): PackedPartialOrder {
  if (c.packed.partialOrder === undefined) throw new UsageError(`--por: model '${c.model.name}' offers no partial-order reduction for its kernel`);
  return c.packed.partialOrder(c.K);
}

/**
 * The peak resident set of a search, read at most every 250 ms (each read is a system call) and
 * whenever the search asks (`sample`).
 */
export class RssSampler {
  peak = 0;
  private last = performance.now();

  /** Reads the resident set now. */
  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
  }

  /** True (after reading the resident set) when 250 ms have passed since the last time it said so. */
  due(): boolean {
    const now = performance.now();
    if (now - this.last <= 250) return false;
    this.last = now;
    this.sample();
    return true;
  }
}

/** The outcome fields of a search that ran out of states to expand. */
export function passed(cut: number, maxDepth: number, bitstate: boolean, risk: () => string): { outcome: 'pass'; exhaustive: boolean; note?: string } {
  return {
    outcome: 'pass',
    exhaustive: cut === 0 && !bitstate,
    ...(cut > 0
      ? { note: `exhaustive up to depth ${maxDepth}: ${cut} states at that depth were not expanded` }
      : bitstate
        ? { note: `bitstate search: ${risk()}` }
        : {}),
  };
}
