/**
 * The interning of records of strings (`Interner.record`): one number per content, whatever the
 * order a record's keys were added in, and one shared copy with its keys sorted; records larger
 * than the interner's scratch words keep every pair. A list is numbered by its content too, and the
 * object read back is the first one seen.
 */
import { describe, expect, it } from 'vitest';
import { Interner } from './codec.ts';

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
