/**
 * The fast engine's generic path through a state codec, on a toy model that is none of the
 * registered ones (actors adding their names to a shared set, in any order): the engine counts the
 * reference engine's states, finds the same minimal counterexample, and refuses what it cannot run
 * (worker threads, a state that outgrows its codec's capacity, more actions than it keeps).
 */
import { describe, expect, it } from 'vitest';
import type { Model } from '../../model/core/model.ts';
import { UsageError } from '../../model/core/model.ts';
import type { CodecCapability } from '../../model/core/codec.ts';
import { assertCodec } from '../../model/core/testing.ts';
import { fastCheck } from './engine.ts';
import { bothEngines } from './testing.ts';
import type { ParallelOptions } from './parallel/parallel.ts';

interface Bag {
  readonly names: readonly string[];
}

/** `n` actors; each adds its name once. With `forbid`, property B1 fails once the set holds it all. */
function bagModel(n: number, o: { forbid?: readonly string[]; capacity?: number } = {}): Model<Bag> {
  const all = Array.from({ length: n }, (_, i) => `n${i + 1}`);
  const missing = (s: Bag) => all.filter((x) => !s.names.includes(x));
  const codec: CodecCapability<Bag> = {
    codec: () => ({
      words: o.capacity ?? 1 + n,
      encode: (s, w) => w.strs(s.names),
      decode: (r) => ({ names: r.strs() }),
    }),
  };
  const forbid = o.forbid;
  return {
    name: 'bag',
    config: { actors: n },
    initial: () => ({ names: [] }),
    actions: (s) => missing(s).map((x) => ({ actor: x.slice(1), op: { name: 'Add', args: [x] } })),
    step(s, index) {
      const x = missing(s)[index];
      return { next: { names: [...s.names, x].sort() }, row: { kind: 'call', actor: x.slice(1), op: { name: 'Add', args: [x] }, result: { kind: 'ok' } } };
    },
    fingerprint: (s) => s.names.join(','),
    properties: forbid === undefined ? [] : [{ id: 'B1', title: 'never all of the forbidden names', state: (s) => (forbid.every((x) => s.names.includes(x)) ? `the set holds ${forbid.join(' and ')}` : null) }],
    capabilities: { codec },
  };
}

describe('the fast engine through a state codec', () => {
  it('keeps the fingerprint identity and counts the reference engine states: 2^n subsets', () => {
    const m = bagModel(6);
    expect(assertCodec(m, m.capabilities!.codec!)).toBe(64);
    const { reference, fast } = bothEngines(m);
    expect(fast).toEqual(reference);
    expect(fast).toMatchObject({ outcome: 'pass', states: 64, transitions: 192 });
  });

  it('finds the minimal counterexample of the reference engine, replayed on the model', () => {
    const { reference, fast } = bothEngines(bagModel(4, { forbid: ['n2', 'n3'] }));
    expect(fast).toEqual(reference);
    expect(fast.rows).toEqual(['2 Add<n2> Ok', '3 Add<n3> Ok']);
    expect(fast.message).toBe('the set holds n2 and n3');
  });

  it('refuses worker threads, a codec too small for a state, and more actions than it keeps', () => {
    expect(() => fastCheck(bagModel(3), { workers: 2 } as ParallelOptions)).toThrow(UsageError);
    expect(() => fastCheck(bagModel(3), { workers: 2 } as ParallelOptions)).toThrow(/state codec.*--workers 1/);
    expect(() => fastCheck(bagModel(3, { capacity: 2 }))).toThrow(/does not fit in 2 words/);
    expect(() => fastCheck(bagModel(300, { capacity: 301 }))).toThrow(/enables 300 actions, more than the 256/);
  });
});
