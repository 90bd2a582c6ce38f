/**
 * The contract every backend keeps: the five primitives' semantics (MODEL.md §1), table-driven over
 * `BACKENDS` (memory, fs, sqlite and postgres, the last in a schema `gc_<random>` at `GROVE_PG_URL`,
 * dropped by `dispose`; it fails, never skips, when the server is unreachable), plus truly concurrent writers (no scheduler) racing for one LSN, one log name
 * and one ref.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS, createStore, emptyStore, readSnapshot, type StoreHandle } from './index.ts';

const handles: StoreHandle[] = [];
afterEach(async () => {
  for (const h of handles.splice(0)) await h.dispose();
});

async function store(kind: (typeof BACKENDS)[number], durable = false) {
  const h = await createStore(kind, emptyStore(), { durable });
  handles.push(h);
  return h;
}

describe.each(BACKENDS)('backend %s', (kind) => {
  it('append: only at tip+1; missing log; a taken LSN conflicts', async () => {
    const r = await (await store(kind, true)).connect();
    expect(await r.append('a', 2, '1.1')).toEqual({ ok: false, reason: 'conflict' });
    expect(await r.append('a', 0, '1.1')).toEqual({ ok: false, reason: 'conflict' });
    expect(await r.append('a', 1, '1.1')).toEqual({ ok: true });
    expect(await r.append('a', 1, '2.1')).toEqual({ ok: false, reason: 'conflict' });
    expect(await r.append('a', 2, '2.1')).toEqual({ ok: true });
    expect(await r.append('zz', 1, '2.2')).toEqual({ ok: false, reason: 'missing' });
    expect(await readSnapshot(r)).toEqual({ logs: { a: { base: null, entries: ['1.1', '2.1'] } }, refs: { main: { log: 'a', lsn: 0 } } });
  });

  it('branch: exclusive, from a position at most the tip; appends continue after the first entry', async () => {
    const r = await (await store(kind)).connect();
    await r.append('a', 1, '1.1');
    expect(await r.branch({ log: 'a', lsn: 2 }, 'b', '2.1')).toEqual({ ok: false, reason: 'missing' });
    expect(await r.branch({ log: 'q', lsn: 0 }, 'b', '2.1')).toEqual({ ok: false, reason: 'missing' });
    expect(await r.branch({ log: 'a', lsn: 1 }, 'b', '2.1')).toEqual({ ok: true });
    expect(await r.branch({ log: 'a', lsn: 0 }, 'b', '3.1')).toEqual({ ok: false, reason: 'exists' });
    expect(await r.append('b', 2, '3.1')).toEqual({ ok: false, reason: 'conflict' });
    expect(await r.append('b', 1, '3.1')).toEqual({ ok: false, reason: 'conflict' });
    expect(await r.append('b', 3, '3.1')).toEqual({ ok: true });
    expect((await r.listLogs()).b).toEqual({ base: { log: 'a', lsn: 1 }, entries: ['2.1', '3.1'] });
  });

  it('readRef: the ref and the tip of its log; null for an unknown ref', async () => {
    const r = await (await store(kind)).connect();
    await r.append('a', 1, '1.1');
    expect(await r.readRef('main')).toEqual({ at: { log: 'a', lsn: 0 }, tip: 1 });
    expect(await r.readRef('nope')).toBeNull();
  });

  it('check: read answers; advance moves the LSN forward only, at most to the tip', async () => {
    const r = await (await store(kind)).connect();
    await r.append('a', 1, '1.1');
    expect(await r.check('main', { log: 'a', lsn: 1 }, 'read')).toEqual({ ok: true, actual: { log: 'a', lsn: 0 } });
    expect(await r.check('main', { log: 'b', lsn: 1 }, 'read')).toEqual({ ok: false, actual: { log: 'a', lsn: 0 } });
    expect(await r.check('main', { log: 'a', lsn: 5 }, 'advance')).toEqual({ ok: true, actual: { log: 'a', lsn: 1 } });
    expect(await r.check('main', { log: 'a', lsn: 0 }, 'advance')).toEqual({ ok: true, actual: { log: 'a', lsn: 1 } });
    expect((await r.readRefs()).main).toEqual({ log: 'a', lsn: 1 });
  });

  it('cas: compares the log (refs: log) or the log and LSN (refs: logref)', async () => {
    const r = await (await store(kind, true)).connect();
    expect(await r.cas('main', { log: 'a', lsn: 3 }, { log: 'a', lsn: 1 }, 'logref')).toEqual({ ok: false, actual: { log: 'a', lsn: 0 } });
    expect(await r.cas('main', { log: 'a', lsn: 3 }, { log: 'b', lsn: 1 }, 'log')).toEqual({ ok: true, actual: { log: 'b', lsn: 1 } });
    expect(await r.cas('main', { log: 'b', lsn: 1 }, { log: 'a', lsn: 0 }, 'logref')).toEqual({ ok: true, actual: { log: 'a', lsn: 0 } });
    expect(await r.cas('nope', { log: 'a', lsn: 0 }, { log: 'a', lsn: 0 }, 'log')).toEqual({ ok: false, actual: null });
  });

  it('concurrent writers without a scheduler: one winner per LSN, per log name and per CAS', async () => {
    const h = await store(kind, true);
    const conns = await Promise.all(Array.from({ length: 6 }, () => h.connect()));
    const appends = await Promise.all(conns.map((c, i) => c.append('a', 1, `${i + 1}.1`)));
    expect(appends.filter((x) => x.ok)).toHaveLength(1);
    const branches = await Promise.all(conns.map((c, i) => c.branch({ log: 'a', lsn: 1 }, 'b', `${i + 1}.2`)));
    expect(branches.filter((x) => x.ok)).toHaveLength(1);
    const cases = await Promise.all(conns.map((c, i) => c.cas('main', { log: 'a', lsn: 0 }, { log: 'a', lsn: 1 + (i % 1) }, 'logref')));
    expect(cases.filter((x) => x.ok)).toHaveLength(1);
    const snap = await readSnapshot(conns[0]);
    expect(snap.logs.a.entries).toHaveLength(1);
    expect(snap.logs.b.entries).toHaveLength(1);
  });
});
