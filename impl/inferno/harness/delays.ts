/**
 * The free-running gate: real concurrent I/O, with a seeded PRNG that, before some file calls,
 * yields to the event loop (`setImmediate`) or sleeps up to 2 ms. The delays widen the windows
 * between a store's calls so that other clients (and libuv's thread pool) get in; the seed fixes
 * the delays drawn, not the interleaving (the order in which I/O completes is the kernel's), so a
 * failing seed is a good bet to fail again, not a replay. For replay, use the scheduler gate.
 */
import type { Gate } from '../io.ts';
import { prng } from '../../testkit/prng.ts';

/** Options of {@link delayGate}. */
export interface DelayOptions {
  /** Probability of a `setImmediate` yield before a call (default 0.3). */
  readonly yieldP?: number;
  /** Probability of a 0–`maxMs` sleep before a call (default 0.2). */
  readonly sleepP?: number;
  /** Longest sleep, ms (default 2). */
  readonly maxMs?: number;
}

/** A gate that delays calls at random (see the module comment). */
export function delayGate(seed: string, o: DelayOptions = {}): Gate {
  const r = prng(`${seed}/delays`);
  const yieldP = o.yieldP ?? 0.3;
  const sleepP = o.sleepP ?? 0.2;
  const maxMs = o.maxMs ?? 2;
  return () => {
    const x = r.next();
    if (x < yieldP) return new Promise<void>((res) => setImmediate(res));
    if (x < yieldP + sleepP) return new Promise<void>((res) => setTimeout(res, r.next() * maxMs));
    return undefined;
  };
}
