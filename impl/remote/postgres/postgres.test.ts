/**
 * What is particular to the PostgreSQL backend (the contract itself runs in `../contract.test.ts`,
 * table-driven over `BACKENDS`, which lists `postgres`): a store made by `createStore` and its schema
 * dropped on dispose, corrupt and foreign stores, and a server that cannot be reached. Each test runs
 * in its own schema `gc_<random>`, dropped afterwards. These tests need the server at `GROVE_PG_URL` (default
 * postgres://grove:grove@127.0.0.1:5432/grove): they fail, never skip, when it is unreachable.
 */
import { afterAll, beforeAll, afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { CorruptStoreError, StoreUsageError } from '../errors.ts';
import { createStore } from '../index.ts';
import { emptyStore, readSnapshot, type StoreSnapshot } from '../types.ts';
import { createPostgresRemote, openPostgresRemote, PostgresUnreachableError, pgUrl, randomSchemaName } from './postgres.ts';

const url = pgUrl();
let admin: pg.Client;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await admin.connect();
  } catch (e) {
    throw new PostgresUnreachableError(url, e);
  }
});
afterAll(async () => {
  await admin.end();
});
describe('backend postgres: stores made by createStore', () => {
  it('a seeded snapshot reads back as it was; connections are separate; dispose drops the schema', async () => {
    const seeded: StoreSnapshot = {
      logs: { a: { base: null, entries: ['0.1', '0.2'] }, b: { base: { log: 'a', lsn: 1 }, entries: ['0.3'] } },
      refs: { main: { log: 'b', lsn: 2 }, dev: { log: 'a', lsn: 2 } },
    };
    const h = await createStore('postgres', seeded, { pgUrl: url });
    const schema = h.location.replace(/^.*#/, '');
    try {
      expect(h.location).toMatch(/#gc_[0-9a-f]{16}$/);
      expect(h.location).not.toContain(':grove@');
      const [r1, r2] = [await h.connect(), await h.connect()];
      expect(r1.kind).toBe('postgres');
      expect(await readSnapshot(r1)).toEqual(seeded);
      expect(await r1.append('b', 3, '1.1')).toEqual({ ok: true });
      expect((await r2.listLogs()).b.entries).toEqual(['0.3', '1.1']);
    } finally {
      await h.dispose();
    }
    await h.dispose();
    const left = await admin.query(`SELECT 1 FROM information_schema.schemata WHERE schema_name = $1`, [schema]);
    expect(left.rowCount).toBe(0);
  });
});

/** Row counts and contents of every table of `schema`, to show that nothing was changed. */
async function fingerprint(schema: string): Promise<string> {
  const t = await admin.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [schema]);
  const parts: string[] = [];
  for (const { table_name } of t.rows as { table_name: string }[]) {
    const rows = await admin.query(`SELECT * FROM "${schema}"."${table_name}"`);
    parts.push(`${table_name}: ${rows.rows.map((r) => JSON.stringify(r)).sort().join(",")}`);
  }
  return parts.join('\n');
}

const seeded: StoreSnapshot = { logs: { a: { base: null, entries: ['0.1', '0.2'] } }, refs: { main: { log: 'a', lsn: 2 } } };

const corruptCases: { name: string; code: CorruptStoreError['code']; where: (schema: string) => string; corrupt: (schema: string) => Promise<void> }[] = [
  {
    name: 'a schema with a foreign table and no marker',
    code: 'foreign-schema',
    where: (s) => s,
    corrupt: async (s) => {
      await admin.query(`CREATE SCHEMA "${s}"; CREATE TABLE "${s}".users (id int PRIMARY KEY, name text); INSERT INTO "${s}".users VALUES (1, 'ann')`);
    },
  },
  {
    name: 'a Grove store with a table missing',
    code: 'missing-table',
    where: (s) => `${s}: table refs`,
    corrupt: async (s) => {
      await (await createPostgresRemote(url, s, seeded)).close();
      await admin.query(`DROP TABLE "${s}".refs`);
    },
  },
  {
    name: 'a table of a foreign shape',
    code: 'foreign-schema',
    where: (s) => `${s}: table entries`,
    corrupt: async (s) => {
      await (await createPostgresRemote(url, s, seeded)).close();
      await admin.query(`ALTER TABLE "${s}".entries ALTER COLUMN lsn TYPE text`);
    },
  },
  {
    name: 'an entry row of a log with no row in logs',
    code: 'orphan-entry',
    where: (s) => `${s}: entries(log="z", lsn=1)`,
    corrupt: async (s) => {
      await (await createPostgresRemote(url, s, seeded)).close();
      await admin.query(`INSERT INTO "${s}".entries VALUES ('z', 1, '9.9')`);
    },
  },
  {
    name: 'a ref to a missing log',
    code: 'bad-ref',
    where: (s) => `${s}: refs(name='main')`,
    corrupt: async (s) => {
      await (await createPostgresRemote(url, s, seeded)).close();
      await admin.query(`UPDATE "${s}".refs SET log = 'gone' WHERE name = 'main'`);
    },
  },
  {
    name: 'a ref row with a malformed position',
    code: 'bad-ref',
    where: (s) => `${s}: refs(name='main')`,
    corrupt: async (s) => {
      await (await createPostgresRemote(url, s, seeded)).close();
      await admin.query(`UPDATE "${s}".refs SET lsn = -4 WHERE name = 'main'`);
    },
  },
  {
    name: 'a log branched from a log that has no row',
    code: 'bad-log',
    where: (s) => `${s}: logs(id='b')`,
    corrupt: async (s) => {
      await (await createPostgresRemote(url, s, seeded)).close();
      await admin.query(`INSERT INTO "${s}".logs VALUES ('b', 'nowhere', 1)`);
    },
  },
];

describe('backend postgres: corrupt and foreign stores', () => {
  const schemas: string[] = [];
  afterEach(async () => {
    for (const s of schemas.splice(0)) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  });

  it.each(corruptCases.map((c) => [c.name, c] as const))('%s: a clear error naming the table and row; rows unchanged', async (_name, c) => {
    const schema = randomSchemaName();
    schemas.push(schema);
    await c.corrupt(schema);
    const before = await fingerprint(schema);
    const err = await openPostgresRemote(url, schema)
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
    expect((err as CorruptStoreError).where).toBe(c.where(schema));
    expect((err as Error).message).toContain(c.where(schema));
    expect(await fingerprint(schema)).toEqual(before);
  });

  it('create refuses a schema that holds tables; open refuses a schema that does not exist', async () => {
    const schema = randomSchemaName();
    schemas.push(schema);
    await admin.query(`CREATE SCHEMA "${schema}"; CREATE TABLE "${schema}".t (x int)`);
    const before = await fingerprint(schema);
    await expect(createPostgresRemote(url, schema, emptyStore())).rejects.toBeInstanceOf(StoreUsageError);
    expect(await fingerprint(schema)).toEqual(before);
    await expect(openPostgresRemote(url, randomSchemaName())).rejects.toThrow(/does not exist/);
  });

  it('an unreachable server: a typed error naming the URL (password redacted) and how to start it', async () => {
    const bad = 'postgres://grove:secret@127.0.0.1:1/grove';
    const err = await openPostgresRemote(bad, randomSchemaName()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PostgresUnreachableError);
    expect((err as Error).message).toMatch(/cannot reach PostgreSQL at postgres:\/\/grove:\*\*\*@127\.0\.0\.1:1\/grove \(ECONNREFUSED/);
    expect((err as Error).message).not.toContain('secret');
  });
});
