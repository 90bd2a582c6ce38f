/**
 * Opening a client's local store beside a remote store: in memory for the memory backend, a
 * directory `local-<actor>/` next to an fs store, a database `local-<actor>.db` next to a SQLite
 * store. Reopening the same place loads what was stored. There is none for the PostgreSQL backend
 * yet: asking for one is a StoreUsageError (see {@link requireLocalBackend}).
 */
import { dirname, join } from 'node:path';
import { StoreUsageError } from '../../remote/errors.ts';
import { BACKENDS, type BackendKind } from '../../remote/types.ts';
import { FsLocalStore } from './fs.ts';
import { MemoryLocalStore } from './memory.ts';
import { SqliteLocalStore } from './sqlite.ts';
import type { LocalLogStore } from './types.ts';

export * from './types.ts';
export { FsLocalStore } from './fs.ts';
export { MemoryLocalStore } from './memory.ts';
export { SqliteLocalStore } from './sqlite.ts';

/** A backend the local/staged/origin stores exist for: every `BackendKind` but `postgres`. */
export type LocalBackendKind = Exclude<BackendKind, 'postgres'>;

/** The backends the local/staged/origin stores exist for, in the order of `BACKENDS`. */
export const LOCAL_BACKENDS: readonly LocalBackendKind[] = BACKENDS.filter((b): b is LocalBackendKind => b !== 'postgres');

/** Throws StoreUsageError when the local/staged/origin stores have no backend `kind` (`postgres`). */
export function requireLocalBackend(kind: BackendKind): void {
  if (!(LOCAL_BACKENDS as readonly BackendKind[]).includes(kind)) throw new StoreUsageError(`the local/staged/origin stores have no PostgreSQL backend yet (impl:${kind}); use impl:memory, impl:fs or impl:sqlite`);
}

/**
 * Where actor `actor`'s local store lives beside a remote store at `location` (null for memory).
 * Throws StoreUsageError for `postgres` (see {@link requireLocalBackend}).
 */
export function localStorePath(kind: BackendKind, location: string, actor: string): string | null {
  requireLocalBackend(kind);
  if (kind === 'memory') return null;
  return join(dirname(location), kind === 'fs' ? `local-${actor}` : `local-${actor}.db`);
}

/** Opens (or creates) actor `actor`'s local store beside the remote store at `location`. Throws StoreUsageError for `postgres`. */
export function openLocalStore(kind: BackendKind, location: string, actor: string, o: { durable?: boolean } = {}): LocalLogStore {
  const path = localStorePath(kind, location, actor);
  if (path === null) return new MemoryLocalStore();
  return kind === 'fs' ? new FsLocalStore(path, o.durable) : new SqliteLocalStore(path, o.durable);
}
