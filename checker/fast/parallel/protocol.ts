/**
 * Messages and shared control words between the parallel coordinator (`parallel.ts`) and its
 * workers (`worker.ts`).
 */
import type { MessagePort } from 'node:worker_threads';

/** Control word: workers that finished loading. */
export const READY = 0;
/** Control word: replies sent (the coordinator waits on it). */
export const DONE = 1;
/** Control word: non-zero tells workers to stop the level (table full, or timeout). */
export const ABORT = 2;
/** Control word (read as unsigned): the smallest violation key found in this level. */
export const BEST = 4;
/** Control word: non-zero when a worker failed to load. */
export const FAILED = 5;
/** Number of control words. */
export const CTRL_WORDS = 8;

/** What a worker is started with (`workerData`): the kernel's plain data and its channel. */
export interface WorkerInit {
  /** The module that rebuilds the kernel (`PackedCapability.worker.module`): exports `kernelFromInit`, `symmetryOf`, `partialOrderOf`. */
  readonly module: string;
  /** What `kernelFromInit` takes (structured-cloneable). */
  readonly kernel: unknown;
  /** The most actions a state enables (`layout.actors`). */
  readonly actors: number;
  readonly strict: boolean;
  readonly symmetry: boolean;
  readonly por: boolean;
  /** The control words (`Int32Array` of `CTRL_WORDS`). */
  readonly ctrl: SharedArrayBuffer;
  /** Where requests come in and replies go out. */
  readonly port: MessagePort;
}

/** Expand frontier entries `[from, to)` of level `level`. */
export interface ExpandRequest {
  readonly kind: 'expand';
  readonly level: number;
  /** The level's packed states, in chunks (one per worker of the previous level), in order. */
  readonly frontier: { readonly buffer: SharedArrayBuffer; readonly count: number }[];
  readonly from: number;
  readonly to: number;
  readonly table: SharedArrayBuffer;
  /** Most slots this worker may claim before the level is abandoned (and redone with a larger table). */
  readonly claimBudget: number;
  /** Evaluate the G7 advisory (false once it was recorded). */
  readonly checkG7: boolean;
}

/** The result of an `expand`. */
export interface ExpandReply {
  readonly kind: 'expand';
  /** Steps taken (up to and including a violating one). */
  readonly transitions: number;
  /** The first violation of the range: generation key and property number. */
  readonly violation: { key: number; property: number } | null;
  /** Key of the first step that raised the G7 advisory, or -1. */
  readonly advisory: number;
  /** The level was abandoned (table full or timeout). */
  readonly aborted: boolean;
  readonly symmetryCandidates: number;
  readonly porCounts?: Record<string, number>;
}

/** Keep the owned candidates; with `before` ≥ 0 only count those with a smaller key. */
export interface FilterRequest {
  readonly kind: 'filter';
  readonly table: SharedArrayBuffer;
  readonly before: number;
}

/** The result of a `filter`: the worker's new states in key order (or only their count). */
export interface FilterReply {
  readonly kind: 'filter';
  readonly count: number;
  /** The new states, packed, in key order at the start of the worker's output buffer for this level's parity (shared: the next level reads them in place; the level after next overwrites them). */
  readonly states: SharedArrayBuffer | null;
  readonly keys: Uint32Array | null;
}

/** A worker's report of an exception. */
export interface ErrorReply {
  readonly kind: 'error';
  readonly message: string;
}
