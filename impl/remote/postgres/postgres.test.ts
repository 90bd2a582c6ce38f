/**
 * The PostgreSQL backend against the backend contract (the cases of `../contract.test.ts`, which is
 * table-driven over `BACKENDS` from types.ts, a list this backend is not in yet), its corrupt and
 * foreign stores, and a server that cannot be reached. Each test runs in its own schema `gc_<random>`,
 * dropped afterwards. These tests need the server at `GROVE_PG_URL` (default
 * postgres://grove:grove@127.0.0.1:5432/grove): they fail, never skip, when it is unreachable.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { CorruptStoreError, StoreUsageError } from '../errors.ts';
import { emptyStore, readSnapshot, type StoreSnapshot } from '../types.ts';
import {
  asRemote,
  createPostgresRemote,
  createPostgresStore,
  openPostgresRemote,
  PostgresUnreachableError,
  pgUrl,
  randomSchemaName,
  type PostgresStoreHandle,
} from './postgres.ts';

const url = pgUrl();
const handles: PostgresStoreHandle[] = [];
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
afterEach(async () => {
  for (const h of handles.splice(0)) await h.dispose();
});

async function store(snapshot: StoreSnapshot = emptyStore()): Promise<PostgresStoreHandle> {
  const h = await createPostgresStore(snapshot, { url });
  handles.push(h);
  return h;
}

describe('backend postgres: the contract', () => {
  it('append: only at tip+1; missing log; a taken LSN conflicts', async () => {
    const r = await (await store()).connect();
    expect(await r.append('a', 2, '1.1')).toEqual({ ok: false, reason: 'conflict' });
    expect(await r.append('a', 0, '1.1')).toEqual({ ok: false, reason: 'conflict' });
    expect(await r.append('a', 1, '1.1')).toEqual({ ok: true });
    expect(await r.append('a', 1, '2.1')).toEqual({ ok: false, reason: 'conflict' });
    expect(await r.append('a', 2, '2.1')).toEqual({ ok: true });
    expect(await r.append('zz', 1, '2.2')).toEqual({ ok: false, reason: 'missing' });
    expect(await readSnapshot(asRemote(r))).toEqual({ logs: { a: { base: null, entries: ['1.1', '2.1'] } }, refs: { main: { log: 'a', lsn: 0 } } });
  });

  it('branch: exclusive, from a position at most the tip; appends continue after the first entry', async () => {
    const r = await (await store()).connect();
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
    const r = await (await store()).connect();
    await r.append('a', 1, '1.1');
    expect(await r.readRef('main')).toEqual({ at: { log: 'a', lsn: 0 }, tip: 1 });
    expect(await r.readRef('nope')).toBeNull();
  });

  it('check: read answers; advance moves the LSN forward only, at most to the tip', async () => {
    const r = await (await store()).connect();
    await r.append('a', 1, '1.1');
    expect(await r.check('main', { log: 'a', lsn: 1 }, 'read')).toEqual({ ok: true, actual: { log: 'a', lsn: 0 } });
    expect(await r.check('main', { log: 'b', lsn: 1 }, 'read')).toEqual({ ok: false, actual: { log: 'a', lsn: 0 } });
    expect(await r.check('main', { log: 'a', lsn: 5 }, 'advance')).toEqual({ ok: true, actual: { log: 'a', lsn: 1 } });
    expect(await r.check('main', { log: 'a', lsn: 0 }, 'advance')).toEqual({ ok: true, actual: { log: 'a', lsn: 1 } });
    expect((await r.readRefs()).main).toEqual({ log: 'a', lsn: 1 });
  });

  it('cas: compares the log (refs: log) or the log and LSN (refs: logref)', async () => {
    const r = await (await store()).connect();
    expect(await r.cas('main', { log: 'a', lsn: 3 }, { log: 'a', lsn: 1 }, 'logref')).toEqual({ ok: false, actual: { log: 'a', lsn: 0 } });
    expect(await r.cas('main', { log: 'a', lsn: 3 }, { log: 'b', lsn: 1 }, 'log')).toEqual({ ok: true, actual: { log: 'b', lsn: 1 } });
    expect(await r.cas('main', { log: 'b', lsn: 1 }, { log: 'a', lsn: 0 }, 'logref')).toEqual({ ok: true, actual: { log: 'a', lsn: 0 } });
    expect(await r.cas('nope', { log: 'a', lsn: 0 }, { log: 'a', lsn: 0 }, 'log')).toEqual({ ok: false, actual: null });
  });

  it('concurrent writers without a scheduler: one winner per LSN, per log name and per CAS', async () => {
    const h = await store();
    const conns = await Promise.all(Array.from({ length: 6 }, () => h.connect()));
    const appends = await Promise.all(conns.map((c, i) => c.append('a', 1, `${i + 1}.1`)));
    expect(appends.filter((x) => x.ok)).toHaveLength(1);
    const branches = await Promise.all(conns.map((c, i) => c.branch({ log: 'a', lsn: 1 }, 'b', `${i + 1}.2`)));
    expect(branches.filter((x) => x.ok)).toHaveLength(1);
    const cases = await Promise.all(conns.map((c) => c.cas('main', { log: 'a', lsn: 0 }, { log: 'a', lsn: 1 }, 'logref')));
    expect(cases.filter((x) => x.ok)).toHaveLength(1);
    const snap = await readSnapshot(asRemote(conns[0]));
    expect(snap.logs.a.entries).toHaveLength(1);
    expect(snap.logs.b.entries).toHaveLength(1);
  });

  it('a seeded snapshot reads back as it was; dispose drops the schema', async () => {
    const seeded: StoreSnapshot = {
      logs: { a: { base: null, entries: ['0.1', '0.2'] }, b: { base: { log: 'a', lsn: 1 }, entries: ['0.3'] } },
      refs: { main: { log: 'b', lsn: 2 }, dev: { log: 'a', lsn: 2 } },
    };
    const h = await createPostgresStore(seeded, { url });
    const r = await h.connect();
    expect(await readSnapshot(asRemote(r))).toEqual(seeded);
    await h.dispose();
    const left = await admin.query(`SELECT 1 FROM information_schema.schemata WHERE schema_name = $1`, [h.schema]);
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
          await readSnapshot(asRemote(r));
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
