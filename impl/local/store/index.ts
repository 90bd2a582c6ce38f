/**
 * Opening a client's local store beside a remote store: in memory for the memory backend, a
 * directory `local-<actor>/` next to an fs store, a database `local-<actor>.db` next to a SQLite
 * store. Reopening the same place loads what was stored.
 */
import { dirname, join } from 'node:path';
import type { BackendKind } from '../../remote/types.ts';
import { FsLocalStore } from './fs.ts';
import { MemoryLocalStore } from './memory.ts';
import { SqliteLocalStore } from './sqlite.ts';
import type { LocalLogStore } from './types.ts';

export * from './types.ts';
export { FsLocalStore } from './fs.ts';
export { MemoryLocalStore } from './memory.ts';
export { SqliteLocalStore } from './sqlite.ts';

/** Where actor `actor`'s local store lives beside a remote store at `location` (null for memory). */
export function localStorePath(kind: BackendKind, location: string, actor: string): string | null {
  if (kind === 'memory') return null;
  return join(dirname(location), kind === 'fs' ? `local-${actor}` : `local-${actor}.db`);
}

/** Opens (or creates) actor `actor`'s local store beside the remote store at `location`. */
export function openLocalStore(kind: BackendKind, location: string, actor: string, o: { durable?: boolean } = {}): LocalLogStore {
  const path = localStorePath(kind, location, actor);
  if (path === null) return new MemoryLocalStore();
  return kind === 'fs' ? new FsLocalStore(path, o.durable) : new SqliteLocalStore(path, o.durable);
}
