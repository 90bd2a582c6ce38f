/**
 * Stores shared by separate processes: where a store lives is plain JSON (`StoreSpec`: a directory,
 * a database file, or a PostgreSQL URL and schema) that the parent creates once and hands to every
 * worker, which opens its own connection with `openStore`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreUsageError } from '../remote/errors.ts';
import { createFsRemote, openFsRemote, type FsPlant } from '../remote/fs/fs.ts';
import { createPostgresRemote, dropPostgresSchema, openPostgresRemote, pgUrl, randomSchemaName, redact, type PostgresPlant } from '../remote/postgres/postgres.ts';
import { createSqliteRemote, openSqliteRemote, type SqlitePlant } from '../remote/sqlite/sqlite.ts';
import type { Remote, RemoteHooks, StoreSnapshot } from '../remote/types.ts';

/** The backends a multi-process run can use (memory is per-process, so it cannot be shared). */
export type StressBackend = 'fs' | 'sqlite' | 'postgres';

/** The backends, in the order reports list them. */
export const STRESS_BACKENDS: readonly StressBackend[] = ['fs', 'sqlite', 'postgres'];

/** Where a shared store lives: JSON, passed to worker processes on their command line. */
export type StoreSpec =
  | { readonly backend: 'fs'; readonly root: string; readonly durable: boolean }
  | { readonly backend: 'sqlite'; readonly file: string; readonly durable: boolean }
  | { readonly backend: 'postgres'; readonly url: string; readonly schema: string };

/** A backend's planted bug, by backend (tests only). */
export type StressPlant = FsPlant | SqlitePlant | PostgresPlant;

/** Which plants each backend knows. */
export const PLANTS: Readonly<Record<StressBackend, readonly StressPlant[]>> = {
  fs: ['no-exclusive-create', 'cas-without-lock', 'torn-append'],
  sqlite: ['cas-outside-transaction'],
  postgres: ['cas-read-then-write'],
};

/** Creates a store of `backend` holding `snapshot` under `dir` (fs, sqlite) or in a new schema (postgres). */
export async function createSharedStore(backend: StressBackend, snapshot: StoreSnapshot, dir: string, o: { durable?: boolean; pgUrl?: string } = {}): Promise<StoreSpec> {
  const durable = o.durable ?? true;
  if (backend === 'fs') {
    const root = join(dir, 'store');
    await (await createFsRemote(root, snapshot, { durable })).close();
    return { backend, root, durable };
  }
  if (backend === 'sqlite') {
    const file = join(dir, 'store.db');
    await createSqliteRemote(file, snapshot, { durable }).close();
    return { backend, file, durable };
  }
  const url = o.pgUrl ?? pgUrl();
  const schema = randomSchemaName();
  await (await createPostgresRemote(url, schema, snapshot)).close();
  return { backend, url, schema };
}

/** Opens a new connection to the store at `spec`, with hooks and a planted bug (which must be the backend's). */
export async function openStore(spec: StoreSpec, o: { hooks?: RemoteHooks; plant?: StressPlant } = {}): Promise<Remote> {
  if (o.plant !== undefined && !PLANTS[spec.backend].includes(o.plant)) {
    throw new StoreUsageError(`backend ${spec.backend} has no planted bug '${o.plant}'; known: ${PLANTS[spec.backend].join(', ')}`);
  }
  switch (spec.backend) {
    case 'fs':
      return openFsRemote(spec.root, { hooks: o.hooks, durable: spec.durable, plant: o.plant as FsPlant | undefined });
    case 'sqlite':
      return openSqliteRemote(spec.file, { hooks: o.hooks, durable: spec.durable, plant: o.plant as SqlitePlant | undefined });
    case 'postgres':
      return await openPostgresRemote(spec.url, spec.schema, { hooks: o.hooks, plant: o.plant as PostgresPlant | undefined, poolSize: 1 });
  }
}

/** Deletes what `spec` holds (the PostgreSQL schema; fs and sqlite stores go with their directory). */
export async function dropSharedStore(spec: StoreSpec): Promise<void> {
  if (spec.backend === 'postgres') await dropPostgresSchema(spec.url, spec.schema);
}

/** Where the store is, for reports (passwords redacted). */
export function describeStore(spec: StoreSpec): string {
  switch (spec.backend) {
    case 'fs':
      return spec.root;
    case 'sqlite':
      return spec.file;
    case 'postgres':
      return `${redact(spec.url)} schema ${spec.schema}`;
  }
}

/** A fresh temporary directory for one run (`grove-stress-<backend>-…`). */
export async function runDir(backend: StressBackend, parent = tmpdir()): Promise<string> {
  return mkdtemp(join(parent, `grove-stress-${backend}-`));
}

/** Removes a run directory. */
export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
