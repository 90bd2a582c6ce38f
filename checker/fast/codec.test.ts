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

/** An outcome without what varies from run to run (its times, the rate, the resident set). */
function steady(o: ReturnType<typeof fastCheck>): unknown {
  const { stats, fast, ...rest } = o;
  const { seconds: _s, ...counts } = stats;
  const { statesPerSecond: _r, peakRss: _p, ...report } = fast;
  return { ...rest, stats: counts, fast: report };
}

describe('searches of one model, one after another (the kernel and the workspace kept between them)', () => {
  it('give the outcome of the first, pass and violation alike, with the same table bytes', () => {
    for (const m of [bagModel(6), bagModel(4, { forbid: ['n2', 'n3'] }), splitBag(4, { forbid: ['n1', 'n2'] })]) {
      const first = steady(fastCheck(m));
      // A larger search of another model in between grows the workspace, which is given back as made.
      expect(fastCheck(bagModel(9)).stats.states).toBe(512);
      for (let r = 0; r < 3; r++) expect(steady(fastCheck(m))).toEqual(first);
    }
  });

  it("make a new kernel when the model object's properties or codec were replaced", () => {
    const m = bagModel(4, { forbid: ['n2', 'n3'] }) as { -readonly [K in keyof Model<Bag>]: Model<Bag>[K] };
    expect(fastCheck(m)).toMatchObject({ outcome: 'violation', property: 'B1' });
    const forbidden = m.properties;
    m.properties = [];
    expect(fastCheck(m)).toMatchObject({ outcome: 'pass', stats: { states: 16 } });
    m.properties = forbidden;
    expect(fastCheck(m)).toMatchObject({ outcome: 'violation', property: 'B1' });
  });

  it('make the codec once for small searches, afresh after a large one', () => {
    const counted = (n: number) => {
      const m = bagModel(n);
      const codec = m.capabilities!.codec!;
      let made = 0;
      const model: Model<Bag> = { ...m, capabilities: { codec: { ...codec, codec: (x) => (made++, codec.codec(x)) } } };
      return { model, made: () => made };
    };
    const small = counted(5);
    for (let r = 0; r < 3; r++) expect(fastCheck(small.model).stats.states).toBe(32);
    expect(small.made()).toBe(1);
    // 2^13 states: more than a kept kernel's 4,096, so its interner (every content met) is let go.
    const large = counted(13);
    for (let r = 0; r < 2; r++) expect(fastCheck(large.model).stats.states).toBe(8192);
    expect(large.made()).toBe(2);
  });

  it('leave a search its own kernel and workspace when a model step searches the same model', () => {
    // T1 looks at the state before a step as well as after: a kernel shared with the inner search
    // would judge the outer step from the inner's state.
    const bag = bagModel(4);
    const t1 = (before: Bag, st: { next: Bag }) => (before.names.includes('n2') && !before.names.includes('n1') && st.next.names.includes('n1') ? 'n1 was added after n2' : null);
    const base: Model<Bag> = { ...bag, properties: [{ id: 'T1', title: 'n1 never after n2', transition: t1 }] };
    const outer = steady(fastCheck(base));
    expect(outer).toMatchObject({ outcome: 'violation', property: 'T1', rows: [expect.anything(), expect.anything()] });
    let nest = false;
    let steps = 0;
    let inner: unknown = null;
    const nesting: Model<Bag> = {
      ...base,
      step(s, index) {
        // The inner search runs in the middle of the outer one (its 6th step), from a known state.
        if (nest && ++steps === 6) inner = steady(fastCheck(nesting));
        return base.step(s, index);
      },
    };
    // The first search leaves its kernel and workspace; the second runs a third in the middle of it.
    expect(steady(fastCheck(nesting))).toEqual(outer);
    nest = true;
    expect(steady(fastCheck(nesting))).toEqual(outer);
    expect(inner).toEqual(outer);
    expect(steady(fastCheck(nesting))).toEqual(outer);
  });
});
