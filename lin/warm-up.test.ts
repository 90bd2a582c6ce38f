/**
 * The warm-up a `lin` run does while the kernel compiles (lin/warm-up.ts): it must never need the
 * kernel (it would compile it on the main thread, the wait it fills), it must run every sample
 * through the fast readers and the checker's set-up (else it warms nothing), and a check after it
 * gives what a check gives without it.
 */
import { describe, expect, it } from 'vitest';
import { checkLinearizable } from './check.ts';
import { kernelIsReady } from './kernel/kernel.ts';
import { kvModel } from './models/kv.ts';
import { readPlainKv } from './formats/jepsen-kv.ts';
import { sampleHistories } from './samples.ts';
import { warmUp } from './warm-up.ts';

describe('warmUp', () => {
  // First in this file: vitest runs each test file in a fresh module graph, where no check has made the kernel yet.
  it('leaves the kernel alone, and runs all four samples through the readers and the set-up, with either kv model', () => {
    expect(kernelIsReady()).toBe(false);
    expect(warmUp()).toBe(sampleHistories().length);
    expect(warmUp(true)).toBe(sampleHistories().length);
    expect(sampleHistories()).toHaveLength(4);
    expect(kernelIsReady()).toBe(false);
  });

  it('changes no verdict: the kv samples check the same before and after it', () => {
    const results = () =>
      sampleHistories()
        .map((t) => readPlainKv(t, 'sample'))
        .filter((h) => h !== undefined)
        .map((h) => {
          const r = checkLinearizable(kvModel, h.operations);
          return { ...r, stats: { ...r.stats, seconds: 0 } };
        });
    const before = results();
    expect(before.map((r) => r.outcome)).toEqual(['linearizable', 'not-linearizable']);
    warmUp();
    warmUp(true);
    expect(results()).toEqual(before);
  });
});
