/**
 * The fast engine's options and outcome, and a model compiled for it (shared by the single-threaded
 * search, `engine.ts`, and the parallel driver, `parallel/`).
 */
import { closeSync, openSync, readSync } from 'node:fs';
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

/** `/proc/self/statm`, kept open by {@link residentBytes} (-1: not tried yet; -2: not available). */
let statm = -1;
const statmBuffer = Buffer.alloc(128);
const PAGE = 4096;

/**
 * The process's resident set in bytes: what `process.memoryUsage.rss()` returns. On Linux it is read
 * from `/proc/self/statm` (its second field, resident pages), opened once and read again in place:
 * one system call, where `memoryUsage.rss()` opens, reads and closes `/proc/self/stat` each time
 * (measured: 4 µs against 12 µs a read). A search of a few dozen states reads it once at its end,
 * and that read was a tenth of its time. Anywhere else, or if the file cannot be read or parsed, it is
 * `memoryUsage.rss()`. The page size is 4 KiB on every Linux Node supports except some arm64 and
 * ppc64 kernels: where the two disagree at the first read, `memoryUsage.rss()` is kept.
 */
export function residentBytes(): number {
  if (statm === -1) {
    statm = -2;
    if (process.platform === 'linux') {
      try {
        const fd = openSync('/proc/self/statm', 'r');
        statm = fd;
        const a = statmPages() * PAGE;
        const b = process.memoryUsage.rss();
        // Same page size: the two readings, moments apart, within a megabyte.
        if (!(Math.abs(a - b) < 1 << 20)) {
          statm = -2;
          closeSync(fd);
        }
      } catch {
        statm = -2;
      }
    }
  }
  if (statm >= 0) {
    const pages = statmPages();
    if (pages > 0) return pages * PAGE;
  }
  return process.memoryUsage.rss();
}

/** Resident pages from the open `/proc/self/statm`, or 0 when it cannot be read. */
function statmPages(): number {
  try {
    const n = readSync(statm, statmBuffer, 0, statmBuffer.length, 0);
    // "size resident shared …": the second number.
    let i = 0;
    while (i < n && statmBuffer[i] !== 0x20) i++;
    let pages = 0;
    let digits = 0;
    for (i++; i < n && statmBuffer[i] >= 0x30 && statmBuffer[i] <= 0x39; i++, digits++) pages = pages * 10 + statmBuffer[i] - 0x30;
    return digits > 0 ? pages : 0;
  } catch {
    return 0;
  }
}

/** The process's last reading of its resident set (`RssSampler`): when, and the bytes. */
let lastReadAt = Number.NEGATIVE_INFINITY;
let lastRead = 0;

/**
 * A small search: one of at most this many states reports the process's last resident-set reading
 * when it is recent (`RssSampler.finish`), and leaves its codec kernel for the model's next search
 * (`spareKernels` in engine.ts).
 */
export const SMALL_SEARCH_STATES = 4096;

/**
 * The peak resident set of a search, read at most every 250 ms (each read is a system call) and
 * whenever the search asks (`sample`, `finish`).
 */
export class RssSampler {
  peak = 0;
  private last = performance.now();

  /** Reads the resident set now. */
  sample(): void {
    lastRead = residentBytes();
    lastReadAt = performance.now();
    this.peak = Math.max(this.peak, lastRead);
  }

  /**
   * Reads the resident set at the end of a search of `states` states, unless the search is small
   * and the process read it less than 250 ms ago (by this search or one before it): then that
   * reading stands. A search of a few thousand states cannot move the resident set by much, and a
   * seed scenario searched over and over (a few dozen states each time, tens of microseconds)
   * otherwise spent 2–7% of its time in this system call.
   */
  finish(states: number): void {
    if (states <= SMALL_SEARCH_STATES && lastRead > 0 && performance.now() - lastReadAt <= 250) this.peak = Math.max(this.peak, lastRead);
    else this.sample();
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
