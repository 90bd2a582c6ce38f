/**
 * The fast engine's generic path through a state codec, on a toy model that is none of the
 * registered ones (actors adding their names to a shared set, in any order): the engine counts the
 * reference engine's states, finds the same minimal counterexample, and refuses what it cannot run
 * (worker threads, a state that outgrows its codec's capacity, more actions than it keeps). A codec's
 * `expand` and `transitionParts` keep counts and counterexamples, and `assertCodec` catches broken ones.
 */
import { describe, expect, it } from 'vitest';
import type { Model } from '../../model/core/model.ts';
import { UsageError } from '../../model/core/model.ts';
import { LazyStep, type CodecCapability } from '../../model/core/codec.ts';
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
      // Name by name (a list by `strs` would take one word, and never outgrow a small capacity).
      encode: (s, w) => {
        w.int(s.names.length);
        for (const x of s.names) w.str(x);
      },
      decode: (r) => ({ names: Array.from({ length: r.int() }, () => r.str()) }),
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

/**
 * The bag with a transition property T1 "n1 is never added after n2", written as a check of the
 * successor alone (B1's "never all of `forbid`") then the rest; with `expand` (rows left to `step`).
 * `broken` breaks one of them: `expand` skips a state's last action, or the parts' state check
 * differs from the property's.
 */
function splitBag(n: number, o: { forbid: readonly string[]; broken?: 'expand' | 'parts' }): Model<Bag> {
  const base = bagModel(n);
  const whole = (s: Bag) => (o.forbid.every((x) => s.names.includes(x)) ? `the set holds ${o.forbid.join(' and ')}` : null);
  const state = o.broken === 'parts' ? () => null : whole;
  const rest = (before: Bag, st: { next: Bag }) => (before.names.includes('n2') && !before.names.includes('n1') && st.next.names.includes('n1') ? 'n1 was added after n2' : null);
  const expand = (s: Bag) => {
    const n = base.actions(s).length - (o.broken === 'expand' && base.actions(s).length > 1 ? 1 : 0);
    return Array.from({ length: n }, (_, i) => new LazyStep(base.step(s, i).next, undefined, s, i, base.step));
  };
  return {
    ...base,
    properties: [{ id: 'T1', title: 'n1 never after n2, and never all of the forbidden names', transition: (before, st) => whole(st.next) ?? rest(before, st) }],
    capabilities: { codec: { ...base.capabilities!.codec!, expand, transitionParts: { T1: { state, rest } } } },
  };
}

describe("a codec's expand and transition parts", () => {
  it('keep the reference counts and its minimal counterexample, also on a transition into a known state', () => {
    const m = splitBag(4, { forbid: ['n5'] });
    expect(assertCodec(m, m.capabilities!.codec!)).toBe(16);
    // T1 fails first on 2 Add<n2> then 1 Add<n1>: a transition into {n1, n2}, which 1 Add<n1>, 2 Add<n2> reached first.
    const { reference, fast } = bothEngines(m);
    expect(fast).toEqual(reference);
    expect(fast).toMatchObject({ outcome: 'violation', property: 'T1', rows: ['2 Add<n2> Ok', '1 Add<n1> Ok'], message: 'n1 was added after n2' });
    // The check of the successor alone fails first on the first transition into {n1, n2}.
    const whole = bothEngines(splitBag(4, { forbid: ['n1', 'n2'] }));
    expect(whole.fast).toEqual(whole.reference);
    expect(whole.fast).toMatchObject({ outcome: 'violation', property: 'T1', rows: ['1 Add<n1> Ok', '2 Add<n2> Ok'], message: 'the set holds n1 and n2' });
  });

  it('are checked against step and the property by assertCodec', () => {
    const expand = splitBag(3, { forbid: ['n5'], broken: 'expand' });
    expect(() => assertCodec(expand, expand.capabilities!.codec!)).toThrow(/expand makes 2 steps of , which enables 3 actions/);
    const parts = splitBag(3, { forbid: ['n1', 'n3'], broken: 'parts' });
    expect(() => assertCodec(parts, parts.capabilities!.codec!)).toThrow(/T1's parts judge step \d of .* ok, its transition the set holds n1 and n3/);
  });
});
