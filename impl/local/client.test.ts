/**
 * The client library on its own: the local stores keep what they were given across a reopen (every
 * backend), the client's own canonicalizer agrees with the reference on the seed's worked example,
 * and a write never waits for a push in flight.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../model/grove-local/canonical.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { createStore, emptyStore, type Remote } from '../remote/index.ts';
import { canonicalSnapshot, sameState } from './canonical.ts';
import { LocalClient } from './client.ts';
import { decodeCommit, encodeCommit } from './commit.ts';
import { FsLocalStore, MemoryLocalStore, SqliteLocalStore, type LocalLogStore } from './store/index.ts';

const NAMES = { actor: '1', staged: 'b', local: 'c', remote: 'a', ref: 'main' };

describe('local stores', () => {
  it.each(['fs', 'sqlite'] as const)('%s: a reopened store loads what was written, in order', async (kind) => {
    const dir = await mkdtemp(join(tmpdir(), 'grove-local-'));
    try {
      const open = (): LocalLogStore => (kind === 'fs' ? new FsLocalStore(join(dir, 'local-1')) : new SqliteLocalStore(join(dir, 'local-1.db')));
      const a = open();
      a.appendLocal({ page: 'p', value: 'c1' });
      a.appendLocal({ page: 'q', value: 'c2' });
      a.appendStaged({ lo: 1, hi: 2, pages: { p: 'c1', q: 'c2' }, at: null });
      a.appendOrigin([{ commit: 'b1:1-2:p=c1,q=c2', pages: { p: 'c1', q: 'c2' } }]);
      a.setLanding(1, 1);
      a.setMeta({ landed: 1, base: 1, push: null, behind: false });
      const before = a.load();
      a.close();
      const b = open();
      expect(b.load()).toEqual(before);
      expect(before).toEqual({
        local: [{ page: 'p', value: 'c1' }, { page: 'q', value: 'c2' }],
        staged: [{ lo: 1, hi: 2, pages: { p: 'c1', q: 'c2' }, at: 1 }],
        origin: [{ commit: 'b1:1-2:p=c1,q=c2', pages: { p: 'c1', q: 'c2' } }],
        meta: { landed: 1, base: 1, push: null, behind: false },
      });
      b.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('commit ids round-trip', () => {
    const c = { staged: 'd3', lo: 4, hi: 9, pages: { q: 'e9', p: 'e5' } };
    expect(encodeCommit(c)).toBe('d3:4-9:p=e5,q=e9');
    expect(decodeCommit(encodeCommit(c))).toEqual(c);
    expect(() => decodeCommit('1.1')).toThrow(/not a staged commit/);
  });
});

describe("the client's canonicalizer", () => {
  const eqs = [
    { local: ['c1', 'c2', 'c3'], staged: 'b1', remote: 'a3' },
    { local: ['c4', 'c5'], staged: 'b2', remote: 'a4' },
    { local: ['c6', 'c7'], staged: 'b3' },
  ];
  it("reaches the seed's extreme canonicalization, as the reference does", () => {
    const extreme = { origin: ['a1', 'a2'], staged: ['b1', 'b2'], local: ['c6', 'c7', 'c8'] };
    expect(canonicalSnapshot(extreme, eqs)).toEqual({ origin: ['a1', 'a2'], staged: ['a3', 'a4'], local: ['b3', 'c8'] });
    expect(canonicalSnapshot(extreme, eqs)).toEqual(canonicalize(extreme, eqs));
    const full = { origin: ['a1', 'a2'], staged: [], local: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'] };
    expect(canonicalSnapshot(full, eqs)).toEqual(canonicalize(full, eqs));
    expect(sameState(full, { origin: ['a1', 'a2', 'a3', 'a4'], staged: ['b3'], local: ['c8'] }, eqs)).toBe(true);
    expect(sameState(full, { origin: ['a1', 'a2', 'a3', 'a4'], staged: ['b3'], local: [] }, eqs)).toBe(false);
  });
});

describe('a write never waits for sync', () => {
  it('writes and squashes while the push is blocked inside the remote, then the push lands; the snapshot stays canonically the same', async () => {
    const store = await createStore('memory', emptyStore());
    const conn = await store.connect();
    let release: () => void = () => {};
    const blocked = new Promise<void>((r) => (release = r));
    const slow: Remote = { ...conn, append: async (log, lsn, c) => (await blocked, conn.append(log, lsn, c)), cas: (...a) => conn.cas(...a) };
    const c = new LocalClient({ names: NAMES, remote: slow, store: new MemoryLocalStore() });
    expect(c.write('p').ok).toBe(true);
    c.squash();
    const pushing = c.push();
    const before = c.snapshot();
    // The push is stuck in the remote; the application keeps writing and the client keeps squashing.
    expect(c.write('q').row).toMatchObject({ result: { kind: 'ok' } });
    expect(c.write('p').ok).toBe(true);
    expect(printRow(c.squash().row)).toBe('1 Squash<c2..=c3, b2> Ok');
    release();
    expect(printRow((await pushing).row)).toBe('1 Push<b1, a@1> Ok');
    expect(printRow((await c.confirm()).row)).toBe('1 CAS<main, a@0, a@1> Ok(c1..=c1 => b1 => a1)');
    // The landing changed the snapshot's lines, not its canonical form; a write on it still commits.
    expect(c.snapshot()).toEqual({ origin: ['a1'], staged: ['b2'], local: [] });
    expect(sameState(c.snapshot(), { ...before, local: [...before.local, 'c2', 'c3'] }, c.equivalences())).toBe(true);
    expect(c.write('q').ok).toBe(true);
    expect(c.materialize()).toEqual({ p: 'c3', q: 'c4' });
    await store.dispose();
  });
});

