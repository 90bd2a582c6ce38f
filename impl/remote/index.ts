/**
 * Opening a store of any backend by kind, for harnesses, benchmarks and tools: `createStore` makes a
 * fresh store holding a snapshot (in a temporary directory for `fs` and `sqlite`, in a new schema
 * `gc_<random>` of the server at `GROVE_PG_URL` for `postgres`) and hands out connections, one per
 * client, as separate processes would have.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreUsageError } from './errors.ts';
import { createFsRemote, openFsRemote, type FsPlant } from './fs/fs.ts';
import { MemoryStore } from './memory/memory.ts';
import { createPostgresStore, type PostgresPlant } from './postgres/postgres.ts';
import { createSqliteRemote, openSqliteRemote, type SqlitePlant } from './sqlite/sqlite.ts';
import { BACKENDS, type BackendKind, type Remote, type RemoteHooks, type StoreSnapshot } from './types.ts';

export * from './types.ts';
export * from './errors.ts';
export type { FsPlant } from './fs/fs.ts';
export type { SqlitePlant } from './sqlite/sqlite.ts';
export { createPostgresStore, openPostgresRemote, pgUrl, PostgresUnreachableError, type PostgresPlant, type PostgresStoreHandle } from './postgres/postgres.ts';

/** How to build a store. */
export interface StoreOptions {
  /** Parent directory for the temporary store (default the OS temp dir). */
  readonly parent?: string;
  /** fsync / `synchronous = FULL` (default true). */
  readonly durable?: boolean;
  /** A planted bug of the fs backend (tests only). */
  readonly fsPlant?: FsPlant;
  /** A planted bug of the SQLite backend (tests only). */
  readonly sqlitePlant?: SqlitePlant;
  /** The PostgreSQL server (default `GROVE_PG_URL`, see `pgUrl`). `parent` and `durable` do not apply to it. */
  readonly pgUrl?: string;
  /** A planted bug of the PostgreSQL backend (tests only). */
  readonly postgresPlant?: PostgresPlant;
}

/** A fresh store and the connections made to it. */
export interface StoreHandle {
  readonly kind: BackendKind;
  /** Where the store lives (a directory, a database file, `<url>#<schema>` with the password redacted, or `memory`). */
  readonly location: string;
  /** A new connection with its own hooks (one per client). */
  connect(hooks?: RemoteHooks): Promise<Remote>;
  /** Closes every connection made and deletes the temporary store (drops the schema for `postgres`). */
  dispose(): Promise<void>;
}

/** Parses `memory`, `fs`, `sqlite` or `postgres` (also `impl:memory`, …); throws StoreUsageError otherwise. */
export function backendKind(text: string): BackendKind {
  const k = text.replace(/^impl:/, '');
  if (!(BACKENDS as readonly string[]).includes(k)) throw new StoreUsageError(`unknown backend '${text}'; expected impl:memory, impl:fs, impl:sqlite or impl:postgres`);
  return k as BackendKind;
}

/**
 * Creates a fresh store of `kind` holding `snapshot`. For `postgres`, each connection is a pool of one
 * server connection of its own, and `dispose` drops the schema; throws `PostgresUnreachableError` when
 * the server cannot be reached (nothing is created then).
 */
export async function createStore(kind: BackendKind, snapshot: StoreSnapshot, o: StoreOptions = {}): Promise<StoreHandle> {
  const opened: Remote[] = [];
  const track = (r: Remote): Remote => {
    opened.push(r);
    return r;
  };
  const closeAll = async (): Promise<void> => {
    for (const r of opened) await r.close();
  };
  if (kind === 'memory') {
    const store = new MemoryStore(snapshot);
    return { kind, location: 'memory', connect: async (hooks) => track(store.connect(hooks)), dispose: closeAll };
  }
  if (kind === 'postgres') {
    const h = await createPostgresStore(snapshot, { url: o.pgUrl });
    return { kind, location: h.location, connect: (hooks) => h.connect({ hooks, plant: o.postgresPlant, poolSize: 1 }), dispose: () => h.dispose() };
  }
  const dir = await mkdtemp(join(o.parent ?? tmpdir(), `grove-${kind}-`));
  const dispose = async (): Promise<void> => {
    await closeAll();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (kind === 'fs') {
      const root = join(dir, 'store');
      track(await createFsRemote(root, snapshot, { durable: o.durable }));
      return { kind, location: root, connect: async (hooks) => track(await openFsRemote(root, { hooks, durable: o.durable, plant: o.fsPlant })), dispose };
    }
    track(createSqliteRemote(join(dir, 'store.db'), snapshot, { durable: o.durable }));
  } catch (e) {
    await dispose().catch(() => undefined); // a failed creation (a full disk) leaves no temp directory behind
    throw e;
  }
  const file = join(dir, 'store.db');
  return { kind, location: file, connect: async (hooks) => track(openSqliteRemote(file, { hooks, durable: o.durable, plant: o.sqlitePlant })), dispose };
}
