/**
 * The interning of records of strings (`Interner.record`): one number per content, whatever the
 * order a record's keys were added in, and one shared copy with its keys sorted; records larger
 * than the interner's scratch words keep every pair. A list is numbered by its content too, and the
 * object read back is the first one seen. Another object of a content seen before is known by
 * identity once the interner keeps missing it.
 */
import { describe, expect, it } from 'vitest';
import { Interner, type WordWriter } from './codec.ts';

describe('Interner.record', () => {
  it('numbers a record by its content, not by the order of its keys', () => {
    const t = new Interner();
    const a = t.record({ b: '2', a: '1', c: '3' });
    expect(t.record({ a: '1', b: '2', c: '3' })).toBe(a);
    expect(t.record({ c: '3', a: '1', b: '2' })).toBe(a);
    expect(t.record({ a: '1', b: '2', c: '4' })).not.toBe(a);
    expect(t.record({ a: '1', b: '2' })).not.toBe(a);
    // A value that is another key's name is not that key.
    expect(t.record({ a: 'b', b: 'a' })).not.toBe(t.record({ a: 'a', b: 'b' }));
    expect(t.record({})).toBe(t.record({}));
    expect(Object.keys(t.recordAt(a))).toEqual(['a', 'b', 'c']);
  });

  it('keeps every pair of a record larger than its scratch words', () => {
    const t = new Interner();
    const big = (last: string): Record<string, string> => {
      const r: Record<string, string> = {};
      for (let i = 0; i < 100; i++) r[`k${i}`] = i === 0 ? last : `v${i}`;
      return r;
    };
    const n = t.record(big('x'));
    expect(t.record(big('y'))).not.toBe(n);
    expect(t.record(big('x'))).toBe(n);
    expect(t.recordAt(n)).toEqual(big('x'));
  });
});

describe('Interner.list', () => {
  it('numbers a list by its content and reads back the object it first saw', () => {
    const t = new Interner();
    const first = ['a1', 'b1'];
    const n = t.list(first);
    expect(t.list(['a1', 'b1'])).toBe(n);
    expect(t.list(['b1', 'a1'])).not.toBe(n);
    // The first object is the shared one: a model that makes one object per content is found by identity.
    expect(t.listAt(n)).toBe(first);
    expect(t.list([])).toBe(t.list([]));
  });
});

/**
 * Objects with a content seen before (`Aliases`): one the interner keeps missing is known by identity
 * from then on, with the number of its content; one it meets once is not kept. What an interner knows
 * by identity shows when an object changes after it was interned (which a model's state never does):
 * known by identity, it keeps its number; looked up by content, it gets its new content's.
 */
describe('Interner: objects of a content seen before', () => {
  const writeBox = (x: { v: string }, w: WordWriter): void => w.str(x.v);
  const kinds: { name: string; make: () => object; intern: (t: Interner, x: object) => number; change: (x: object) => void }[] = [
    { name: 'list', make: () => ['a', 'b'], intern: (t, x) => t.list(x as string[]), change: (x) => ((x as string[])[1] = 'c') },
    { name: 'record', make: () => ({ a: '1', b: '2' }), intern: (t, x) => t.record(x as Record<string, string>), change: (x) => ((x as Record<string, string>).b = '3') },
    { name: 'part', make: () => ({ v: 'a' }), intern: (t, x) => t.part(x as { v: string }, writeBox), change: (x) => ((x as { v: string }).v = 'b') },
  ];
  for (const k of kinds) {
    it(`a ${k.name} the interner keeps missing is known by identity, with its content's number`, () => {
      const t = new Interner();
      const n = k.intern(t, k.make());
      const second = k.make();
      for (let i = 0; i < 64; i++) expect(k.intern(t, second)).toBe(n);
      // Many other objects of that content, each met once, in between: the second is still known.
      for (let i = 0; i < 1000; i++) expect(k.intern(t, k.make())).toBe(n);
      const other = k.make();
      k.change(other);
      const m = k.intern(t, other);
      expect(m).not.toBe(n);
      k.change(second);
      expect(k.intern(t, second)).toBe(n);
    });

    it(`${k.name}s met once are looked up by content the next time`, () => {
      const t = new Interner();
      const n = k.intern(t, k.make());
      const once = Array.from({ length: 64 }, () => k.make());
      for (const x of once) expect(k.intern(t, x)).toBe(n);
      for (const x of once) {
        k.change(x);
        expect(k.intern(t, x)).not.toBe(n);
      }
    });
  }
});
