/**
 * The file-system backend's crash safety and locking: a simulated crash at every crash point of every
 * write leaves a store that reads back as before or after the write (never corrupt), a crashed CAS's
 * lock is broken as stale, a live holder's lock makes others wait, and the planted in-place append
 * shows why the temp-file-then-link dance is there.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorruptStoreError, LockTimeoutError, SimulatedCrash } from '../errors.ts';
import { emptyStore, readSnapshot, type Remote, type StoreSnapshot } from '../types.ts';
import { createFsRemote, openFsRemote, type FsOptions } from './fs.ts';
import { liveOwners } from '../../testkit/lockfile.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function fresh(snapshot: StoreSnapshot = emptyStore()): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'grove-fs-test-'));
  dirs.push(d);
  const root = join(d, 'store');
  await (await createFsRemote(root, snapshot)).close();
  return root;
}

const crashAt = (point: string): FsOptions => ({
  hooks: {
    crash: (p) => {
      if (p === point) throw new SimulatedCrash(p);
    },
  },
});

const seeded: StoreSnapshot = { logs: { a: { base: null, entries: ['0.1'] } }, refs: { main: { log: 'a', lsn: 1 } } };

const writes: { point: string; run: (r: Remote) => Promise<unknown>; after: StoreSnapshot }[] = [
  ...['entry:tmp-written', 'entry:linked'].map((point) => ({
    point,
    run: (r: Remote) => r.append('a', 2, '1.1'),
    after: { ...seeded, logs: { a: { base: null, entries: ['0.1', '1.1'] } } },
  })),
  ...['branch:tmp-written', 'branch:renamed'].map((point) => ({
    point,
    run: (r: Remote) => r.branch({ log: 'a', lsn: 1 }, 'b', '1.1'),
    after: { ...seeded, logs: { ...seeded.logs, b: { base: { log: 'a', lsn: 1 }, entries: ['1.1'] } } },
  })),
  ...['ref:tmp-written', 'ref:renamed'].map((point) => ({
    point,
    run: (r: Remote) => r.cas('main', { log: 'a', lsn: 1 }, { log: 'a', lsn: 0 }, 'logref'),
    after: { ...seeded, refs: { main: { log: 'a', lsn: 0 } } },
  })),
];

describe('fs backend: crash safety', () => {
  it.each(writes.map((w) => [w.point, w] as const))('a crash at %s leaves the store as before or after, and readable', async (point, w) => {
    const root = await fresh(seeded);
    const r = await openFsRemote(root, crashAt(point));
    await expect(w.run(r)).rejects.toBeInstanceOf(SimulatedCrash);
    const back = await readSnapshot(await openFsRemote(root));
    expect([JSON.stringify(seeded), JSON.stringify(w.after)]).toContain(JSON.stringify(back));
    // The write is visible exactly when the crash came after the publishing link/rename.
    expect(JSON.stringify(back)).toBe(JSON.stringify(/linked|renamed/.test(point) ? w.after : seeded));
  });

  it('a CAS cut by a crash leaves its lock behind; the next writer breaks it as stale', async () => {
    const root = await fresh(seeded);
    const r = await openFsRemote(root, crashAt('ref:renamed'));
    await expect(r.cas('main', { log: 'a', lsn: 1 }, { log: 'a', lsn: 0 }, 'logref')).rejects.toBeInstanceOf(SimulatedCrash);
    const next = await openFsRemote(root, { lockTimeoutMs: 2_000 });
    expect(await next.cas('main', { log: 'a', lsn: 0 }, { log: 'a', lsn: 1 }, 'logref')).toEqual({ ok: true, actual: { log: 'a', lsn: 1 } });
  });

  it('the planted in-place append, cut by a crash, leaves a torn entry that reads back as corrupt, naming the file', async () => {
    const root = await fresh(seeded);
    const r = await openFsRemote(root, { ...crashAt('entry:torn'), plant: 'torn-append' });
    await expect(r.append('a', 2, '1.1')).rejects.toBeInstanceOf(SimulatedCrash);
    const err = await readSnapshot(await openFsRemote(root)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptStoreError);
    expect((err as CorruptStoreError).code).toBe('not-json');
    expect((err as CorruptStoreError).where).toBe(join(root, 'logs', 'a', '2.json'));
  });
});

describe('fs backend: ref locks', () => {
  it('a lock left by a dead process on this host is stale and broken', async () => {
    const root = await fresh();
    await writeFile(join(root, 'refs', 'main.lock'), JSON.stringify({ host: hostname(), pid: 2 ** 22 + 12345, owner: 'gone', at: Date.now() }));
    const r = await openFsRemote(root, { lockTimeoutMs: 2_000 });
    expect((await r.cas('main', { log: 'a', lsn: 0 }, { log: 'a', lsn: 0 }, 'logref')).ok).toBe(true);
  });

  it('a live holder makes a writer wait, and give up with LockTimeoutError; nothing is written', async () => {
    const root = await fresh();
    liveOwners.add('holder');
    try {
      await writeFile(join(root, 'refs', 'main.lock'), JSON.stringify({ host: hostname(), pid: process.pid, owner: 'holder', at: Date.now() }));
      const r = await openFsRemote(root, { lockTimeoutMs: 150 });
      await expect(r.cas('main', { log: 'a', lsn: 0 }, { log: 'b', lsn: 1 }, 'logref')).rejects.toBeInstanceOf(LockTimeoutError);
      expect((await r.readRefs()).main).toEqual({ log: 'a', lsn: 0 });
    } finally {
      liveOwners.delete('holder');
    }
  });

  it('a lock older than staleLockMs is broken whoever holds it', async () => {
    const root = await fresh();
    await writeFile(join(root, 'refs', 'main.lock'), JSON.stringify({ host: 'elsewhere', pid: 1, owner: 'x', at: Date.now() - 60_000 }));
    const r = await openFsRemote(root, { lockTimeoutMs: 2_000, staleLockMs: 30_000 });
    expect((await r.check('main', { log: 'a', lsn: 0 }, 'advance')).ok).toBe(true);
  });
});
