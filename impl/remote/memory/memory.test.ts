/**
 * What the shared contract (`../contract.test.ts`) leaves open for the memory backend, written to
 * kill the mutants Stryker found surviving (`npm run bench -- mutation`): the pause hook's labels and
 * order, name validation, boundaries of branch and check-advance, and that every answer is a copy
 * (a caller mutating it never changes the store).
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore } from './memory.ts';
import { StoreUsageError } from '../errors.ts';

const snapshot = () => ({ logs: { a: { base: null, entries: ['0.1', '0.2'] } }, refs: { main: { log: 'a', lsn: 1 } } });

describe('memory remote', () => {
  it('awaits the pause hook once before each primitive, with its label', async () => {
    const labels: string[] = [];
    const r = new MemoryStore(snapshot()).connect({ pause: async (l) => void labels.push(l) });
    await r.append('a', 3, 'c');
    await r.branch({ log: 'a', lsn: 1 }, 'b', 'd');
    await r.readRef('main');
    await r.check('main', { log: 'a', lsn: 1 }, 'read');
    await r.cas('main', { log: 'a', lsn: 1 }, { log: 'b', lsn: 2 }, 'logref');
    await r.listLogs();
    await r.readRefs();
    expect(labels).toEqual(['append:start', 'branch:start', 'read:start', 'check:start', 'cas:start']);
  });

  it('refuses bad log and ref names in a snapshot and a bad branch name', async () => {
    expect(() => new MemoryStore({ logs: { 'a b': { base: null, entries: [] } }, refs: {} })).toThrow(new StoreUsageError("bad log name 'a b'"));
    expect(() => new MemoryStore({ logs: {}, refs: { '1x': { log: 'a', lsn: 0 } } })).toThrow(new StoreUsageError("bad ref name '1x'"));
    await expect(new MemoryStore(snapshot()).connect().branch({ log: 'a', lsn: 0 }, 'no/slash', 'c')).rejects.toThrow("bad log name 'no/slash'");
  });

  it('branches from any position up to the tip, not past it nor from a missing log', async () => {
    const r = new MemoryStore(snapshot()).connect();
    expect(await r.branch({ log: 'a', lsn: 3 }, 'x', 'c')).toEqual({ ok: false, reason: 'missing' });
    expect(await r.branch({ log: 'q', lsn: 0 }, 'x', 'c')).toEqual({ ok: false, reason: 'missing' });
    expect(await r.branch({ log: 'a', lsn: 2 }, 'x', 'c')).toEqual({ ok: true });
    expect(await r.branch({ log: 'a', lsn: 0 }, 'x', 'c')).toEqual({ ok: false, reason: 'exists' });
    expect(await r.branch({ log: 'x', lsn: 3 }, 'y', 'd')).toEqual({ ok: true });
    expect((await r.listLogs()).y).toEqual({ base: { log: 'x', lsn: 3 }, entries: ['d'] });
    expect(await r.readRef('main')).toEqual({ at: { log: 'a', lsn: 1 }, tip: 2 });
    expect(await r.readRef('nope')).toBeNull();
  });

  it('reads back a branched log given in the snapshot, and branches from an empty log at 0', async () => {
    const base = { log: 'a', lsn: 1 };
    const snap = { logs: { a: { base: null, entries: ['0.1'] }, b: { base, entries: ['b.1'] }, e: { base: null, entries: [] } }, refs: {} };
    const r = new MemoryStore(snap).connect();
    base.lsn = 0;
    expect((await r.listLogs()).b).toEqual({ base: { log: 'a', lsn: 1 }, entries: ['b.1'] });
    expect(await r.branch({ log: 'e', lsn: 0 }, 'f', 'f.1')).toEqual({ ok: true });
  });

  it('check advance leaves a ref that is already at (or past) the position where it is', async () => {
    const r = new MemoryStore({ logs: { a: { base: null, entries: ['0.1'] } }, refs: { main: { log: 'a', lsn: 3 } } }).connect();
    expect(await r.check('main', { log: 'a', lsn: 3 }, 'advance')).toEqual({ ok: true, actual: { log: 'a', lsn: 3 } });
  });

  it('check advance moves forward only, at most to the tip; read never moves', async () => {
    const r = new MemoryStore(snapshot()).connect();
    expect(await r.check('main', { log: 'a', lsn: 9 }, 'read')).toEqual({ ok: true, actual: { log: 'a', lsn: 1 } });
    expect(await r.check('main', { log: 'a', lsn: 0 }, 'advance')).toEqual({ ok: true, actual: { log: 'a', lsn: 1 } });
    expect(await r.check('main', { log: 'a', lsn: 1 }, 'advance')).toEqual({ ok: true, actual: { log: 'a', lsn: 1 } });
    expect(await r.check('main', { log: 'a', lsn: 9 }, 'advance')).toEqual({ ok: true, actual: { log: 'a', lsn: 2 } });
    expect(await r.readRefs()).toEqual({ main: { log: 'a', lsn: 2 } });
    expect(await r.check('main', { log: 'b', lsn: 1 }, 'advance')).toEqual({ ok: false, actual: { log: 'a', lsn: 2 } });
    expect(await r.check('nope', { log: 'a', lsn: 1 }, 'read')).toEqual({ ok: false, actual: null });
  });

  it('cas compares the log alone or the log and LSN', async () => {
    const r = new MemoryStore(snapshot()).connect();
    expect(await r.cas('main', { log: 'a', lsn: 0 }, { log: 'a', lsn: 2 }, 'logref')).toEqual({ ok: false, actual: { log: 'a', lsn: 1 } });
    expect(await r.cas('main', { log: 'a', lsn: 0 }, { log: 'a', lsn: 2 }, 'log')).toEqual({ ok: true, actual: { log: 'a', lsn: 2 } });
    expect(await r.cas('main', { log: 'b', lsn: 2 }, { log: 'a', lsn: 1 }, 'log')).toEqual({ ok: false, actual: { log: 'a', lsn: 2 } });
    expect(await r.cas('nope', { log: 'a', lsn: 2 }, { log: 'a', lsn: 1 }, 'log')).toEqual({ ok: false, actual: null });
  });

  it('every answer is a copy: mutating it leaves the store as it was', async () => {
    const snap = snapshot();
    const store = new MemoryStore(snap);
    snap.logs.a.entries.push('x');
    snap.refs.main.lsn = 7;
    const r = store.connect();
    const logs = await r.listLogs();
    (logs.a.entries as (string | null)[]).push('y');
    const refs = await r.readRefs();
    (refs.main as { lsn: number }).lsn = 9;
    const read = await r.readRef('main');
    (read!.at as { lsn: number }).lsn = 5;
    const checked = await r.check('main', { log: 'a', lsn: 1 }, 'read');
    (checked.actual as { lsn: number }).lsn = 6;
    const swapped = await r.cas('main', { log: 'a', lsn: 1 }, { log: 'a', lsn: 2 }, 'logref');
    (swapped.actual as { lsn: number }).lsn = 4;
    const failed = await r.cas('main', { log: 'a', lsn: 1 }, { log: 'a', lsn: 2 }, 'logref');
    (failed.actual as { lsn: number }).lsn = 3;
    expect(await r.listLogs()).toEqual({ a: { base: null, entries: ['0.1', '0.2'] } });
    expect(await r.readRefs()).toEqual({ main: { log: 'a', lsn: 2 } });
    await r.close();
  });
});
