/**
 * The reference remote's pure reads and writes (`remote.ts`), one by one, at their boundaries:
 * written to kill the mutants Stryker found surviving (`npm run bench -- mutation`) that the
 * model-level tests reach only through whole explorations.
 */
import { describe, expect, it } from 'vitest';
import { createLog, entryAt, historyContains, historyOf, setRef, start, tip, tipOf, writeEntry } from './remote.ts';
import type { Remote } from './state.ts';

/** a: 0.1 0.2 0.3; b branched at a@1 with b.1 b.2; c branched at b@2 with c.1; main at b@3. */
const forest = (): Remote => ({
  logs: {
    a: { base: null, entries: ['0.1', '0.2', '0.3'] },
    b: { base: { log: 'a', lsn: 1 }, entries: ['b.1', 'b.2'] },
    c: { base: { log: 'b', lsn: 2 }, entries: ['c.1'] },
  },
  refs: { main: { log: 'b', lsn: 3 } },
});

describe('reference remote reads', () => {
  it('start and tip count from the branch point', () => {
    const r = forest();
    expect([start(r.logs.a), tip(r.logs.a)]).toEqual([0, 3]);
    expect([start(r.logs.b), tip(r.logs.b)]).toEqual([1, 3]);
    expect([start(r.logs.c), tip(r.logs.c)]).toEqual([2, 3]);
    expect([tipOf(r, 'a'), tipOf(r, 'b'), tipOf(r, 'zz')]).toEqual([3, 3, -1]);
    expect(tip({ base: { log: 'a', lsn: 2 }, entries: [] })).toBe(2);
  });

  it('entryAt reads only the log itself, by LSN, with null outside it', () => {
    const r = forest();
    expect([0, 1, 2, 3, 4].map((n) => entryAt(r, 'a', n))).toEqual([null, '0.1', '0.2', '0.3', null]);
    expect([1, 2, 3, 4].map((n) => entryAt(r, 'b', n))).toEqual([null, 'b.1', 'b.2', null]);
    expect(entryAt(r, 'zz', 1)).toBeNull();
  });

  it('historyContains follows branch points and stops at the position', () => {
    const r = forest();
    const at = (log: string, lsn: number) => ({ log, lsn });
    expect(historyContains(r, at('b', 3), '0.1')).toBe(true);
    expect(historyContains(r, at('b', 3), '0.2')).toBe(false); // a@2 is past b's branch point
    expect(historyContains(r, at('b', 3), 'b.2')).toBe(true);
    expect(historyContains(r, at('b', 2), 'b.2')).toBe(false);
    expect(historyContains(r, at('b', 2), 'b.1')).toBe(true);
    expect(historyContains(r, at('b', 1), 'b.1')).toBe(false);
    expect(historyContains(r, at('b', 1), '0.1')).toBe(true);
    expect(historyContains(r, at('c', 3), 'b.1')).toBe(true);
    expect(historyContains(r, at('c', 3), 'b.2')).toBe(false);
    expect(historyContains(r, at('c', 3), 'c.1')).toBe(true);
    expect(historyContains(r, at('c', 9), 'c.1')).toBe(true);
    expect(historyContains(r, at('a', 0), '0.1')).toBe(false);
    expect(historyContains(r, at('a', 3), '0.3')).toBe(true);
    expect(historyContains(r, at('zz', 3), '0.1')).toBe(false);
    expect(historyContains(r, at('b', 9), '0.2')).toBe(false);
  });

  it('a cycle of branch points (a corrupt store) ends: nothing found, nothing listed', () => {
    const r: Remote = { logs: { a: { base: { log: 'b', lsn: 1 }, entries: ['x'] }, b: { base: { log: 'a', lsn: 1 }, entries: ['y'] } }, refs: {} };
    expect(historyContains(r, { log: 'a', lsn: 2 }, 'z')).toBe(false);
    expect(historyOf(r, { log: 'a', lsn: 1 })).toEqual([]);
  });

  it('historyOf lists the commits oldest first, through branch points, skipping holes', () => {
    const r = forest();
    const at = (log: string, lsn: number) => ({ log, lsn });
    expect(historyOf(r, at('c', 3))).toEqual(['0.1', 'b.1', 'c.1']);
    expect(historyOf(r, at('b', 3))).toEqual(['0.1', 'b.1', 'b.2']);
    expect(historyOf(r, at('b', 2))).toEqual(['0.1', 'b.1']);
    expect(historyOf(r, at('b', 1))).toEqual(['0.1']);
    expect(historyOf(r, at('b', 0))).toEqual([]);
    expect(historyOf(r, at('a', 9))).toEqual(['0.1', '0.2', '0.3']);
    expect(historyOf(r, at('zz', 1))).toEqual([]);
    const holes = writeEntry(forest(), 'a', 6, '0.6');
    expect(historyOf(holes, at('a', 6))).toEqual(['0.1', '0.2', '0.3', '0.6']);
  });
});

describe('reference remote writes (pure)', () => {
  it('writeEntry writes at an LSN, past the tip leaving holes, and never changes its input', () => {
    const r = forest();
    const before = JSON.stringify(r);
    const w = writeEntry(r, 'a', 5, 'x');
    expect(w.logs.a.entries).toEqual(['0.1', '0.2', '0.3', null, 'x']);
    expect(writeEntry(r, 'b', 2, 'y').logs.b).toEqual({ base: { log: 'a', lsn: 1 }, entries: ['y', 'b.2'] });
    expect(writeEntry(r, 'a', 4, 'z').logs.a.entries).toEqual(['0.1', '0.2', '0.3', 'z']);
    expect(JSON.stringify(r)).toBe(before);
    expect(w.logs.b).toBe(r.logs.b);
  });

  it('createLog and setRef add without changing their input', () => {
    const r = forest();
    const before = JSON.stringify(r);
    const from = { log: 'a', lsn: 2 };
    const c = createLog(r, 'd', from, 'd.1');
    expect(c.logs.d).toEqual({ base: { log: 'a', lsn: 2 }, entries: ['d.1'] });
    expect(c.logs.d.base).not.toBe(from);
    const to = { log: 'd', lsn: 3 };
    const s = setRef(c, 'main', to);
    expect(s.refs).toEqual({ main: { log: 'd', lsn: 3 } });
    expect(s.refs.main).not.toBe(to);
    expect(JSON.stringify(r)).toBe(before);
    expect(c.refs).toBe(r.refs);
  });
});
