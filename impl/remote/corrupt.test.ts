/**
 * Corrupt or foreign store contents: each kind gives a `CorruptStoreError` with its code and the file
 * or row it names, and the store's files are byte for byte unchanged afterwards (nothing is repaired or
 * overwritten). Creating a store over existing contents is refused the same way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorruptStoreError, StoreUsageError } from './errors.ts';
import { createFsRemote, openFsRemote } from './fs/fs.ts';
import { createSqliteRemote, openSqliteRemote } from './sqlite/sqlite.ts';
import { emptyStore, readSnapshot, type StoreSnapshot } from './types.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'grove-corrupt-'));
  dirs.push(d);
  return d;
}

/** Path → sha256 of every file below `dir`. */
async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (p: string): Promise<void> => {
    if ((await stat(p)).isDirectory()) {
      for (const e of await readdir(p)) await walk(join(p, e));
    } else out[p] = createHash('sha256').update(await readFile(p)).digest('hex');
  };
  await walk(dir);
  return out;
}

const seeded: StoreSnapshot = { logs: { a: { base: null, entries: ['0.1', '0.2'] } }, refs: { main: { log: 'a', lsn: 2 } } };

const fsCases: { name: string; code: CorruptStoreError['code']; corrupt: (root: string) => Promise<string> }[] = [
  {
    name: 'a non-JSON entry file',
    code: 'not-json',
    corrupt: async (root) => {
      const f = join(root, 'logs', 'a', '2.json');
      await writeFile(f, '{"log":"a","lsn":2,"comm');
      return f;
    },
  },
  {
    name: 'an entry file of another position',
    code: 'bad-entry',
    corrupt: async (root) => {
      const f = join(root, 'logs', 'a', '2.json');
      await writeFile(f, JSON.stringify({ log: 'a', lsn: 7, commit: '0.2' }));
      return f;
    },
  },
  {
    name: 'an entry of a log with no metadata',
    code: 'orphan-entry',
    corrupt: async (root) => {
      await mkdir(join(root, 'logs', 'z'));
      const f = join(root, 'logs', 'z', '1.json');
      await writeFile(f, JSON.stringify({ log: 'z', lsn: 1, commit: '9.9' }));
      return f;
    },
  },
  {
    name: 'a ref pointing at garbage',
    code: 'bad-ref',
    corrupt: async (root) => {
      const f = join(root, 'refs', 'main.json');
      await writeFile(f, 'ref: refs/heads/main\n');
      return f;
    },
  },
  {
    name: 'a ref with a malformed position',
    code: 'bad-ref',
    corrupt: async (root) => {
      const f = join(root, 'refs', 'main.json');
      await writeFile(f, JSON.stringify({ ref: 'main', log: '../../etc', lsn: -1, version: 0 }));
      return f;
    },
  },
  {
    name: 'a log.json that is not log metadata',
    code: 'bad-log',
    corrupt: async (root) => {
      const f = join(root, 'logs', 'a', 'log.json');
      await writeFile(f, JSON.stringify({ log: 'b', base: null }));
      return f;
    },
  },
  {
    name: 'a marker of another format',
    code: 'foreign-store',
    corrupt: async (root) => {
      const f = join(root, 'grove-store.json');
      await writeFile(f, JSON.stringify({ format: 'something-else', version: 3 }));
      return f;
    },
  },
];

describe('fs backend: corrupt stores', () => {
  it.each(fsCases.map((c) => [c.name, c] as const))('%s: a clear error naming the file; files unchanged', async (_name, c) => {
    const root = join(await tmp(), 'store');
    await (await createFsRemote(root, seeded)).close();
    const file = await c.corrupt(root);
    const before = await fingerprint(root);
    const err = await openFsRemote(root)
      .then((r) => readSnapshot(r))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(CorruptStoreError);
    expect((err as CorruptStoreError).code).toBe(c.code);
    expect((err as CorruptStoreError).where).toBe(file);
    expect((err as Error).message).toContain(file);
    expect(await fingerprint(root)).toEqual(before);
  });

  it('a directory that is not a Grove store: foreign-store naming the directory; create refuses it', async () => {
    const root = await tmp();
    await writeFile(join(root, 'notes.txt'), 'mine');
    const before = await fingerprint(root);
    const err = await openFsRemote(root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptStoreError);
    expect((err as CorruptStoreError).code).toBe('foreign-store');
    expect((err as CorruptStoreError).where).toBe(root);
    await expect(createFsRemote(root, emptyStore())).rejects.toBeInstanceOf(StoreUsageError);
    expect(await fingerprint(root)).toEqual(before);
  });

  it('a corrupt entry also stops the primitives that read it, naming it', async () => {
    const root = join(await tmp(), 'store');
    await (await createFsRemote(root, seeded)).close();
    const f = join(root, 'refs', 'main.json');
    await writeFile(f, '\u0000\u0001');
    const r = await openFsRemote(root);
    await expect(r.readRef('main')).rejects.toThrow(f);
    await expect(r.cas('main', { log: 'a', lsn: 2 }, { log: 'a', lsn: 1 }, 'logref')).rejects.toThrow(f);
  });
});

const sqliteCases: { name: string; code: CorruptStoreError['code']; where: (file: string) => string; corrupt: (file: string) => Promise<void> }[] = [
  {
    name: 'a file that is not a database',
    code: 'not-a-database',
    where: (f) => f,
    corrupt: async (f) => writeFile(f, 'this is a text file, not SQLite '.repeat(10)),
  },
  {
    name: 'a database with a foreign schema',
    code: 'foreign-schema',
    where: (f) => f,
    corrupt: async (f) => {
      const db = new Database(f);
      db.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, \'ann\');');
      db.close();
    },
  },
  {
    name: 'a Grove database with a table missing',
    code: 'missing-table',
    where: (f) => `${f}: table refs`,
    corrupt: async (f) => {
      await (createSqliteRemote(f, seeded)).close();
      const db = new Database(f);
      db.exec('DROP TABLE refs');
      db.close();
    },
  },
  {
    name: 'an entry row of a log with no row in logs',
    code: 'orphan-entry',
    where: (f) => `${f}: entries(log="z", lsn=1)`,
    corrupt: async (f) => {
      await (createSqliteRemote(f, seeded)).close();
      const db = new Database(f);
      db.exec(`INSERT INTO entries VALUES ('z', 1, '9.9')`);
      db.close();
    },
  },
  {
    name: 'a ref row pointing at garbage',
    code: 'bad-ref',
    where: (f) => `${f}: refs(name='main')`,
    corrupt: async (f) => {
      await (createSqliteRemote(f, seeded)).close();
      const db = new Database(f);
      db.exec(`UPDATE refs SET lsn = 'twelve' WHERE name = 'main'`);
      db.close();
    },
  },
];

describe('sqlite backend: corrupt stores', () => {
  it.each(sqliteCases.map((c) => [c.name, c] as const))('%s: a clear error naming the file and row; files unchanged', async (_name, c) => {
    const dir = await tmp();
    const file = join(dir, 'store.db');
    await c.corrupt(file);
    const before = await fingerprint(dir);
    const err = await Promise.resolve()
      .then(() => openSqliteRemote(file))
      .then(async (r) => {
        try {
          await readSnapshot(r);
        } finally {
          await r.close();
        }
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(CorruptStoreError);
    expect((err as CorruptStoreError).code).toBe(c.code);
    expect((err as CorruptStoreError).where).toBe(c.where(file));
    expect(await fingerprint(dir)).toEqual(before);
  });

  it('create refuses an existing database', async () => {
    const dir = await tmp();
    const file = join(dir, 'store.db');
    const db = new Database(file);
    db.exec('CREATE TABLE t (x)');
    db.close();
    const before = await fingerprint(dir);
    expect(() => createSqliteRemote(file, emptyStore())).toThrow(StoreUsageError);
    expect(await fingerprint(dir)).toEqual(before);
  });
});
