/**
 * Opens a real Inferno store by variant name: the one entry point the harnesses, the CLI and the
 * benchmark use.
 */
import { CasStore } from './cas.ts';
import { CurrentStore } from './current.ts';
import type { Io } from './io.ts';
import { LockStore } from './lock.ts';
import { SqliteStore } from './sqlite.ts';
import type { InfernoStore, StoreName } from './types.ts';

/** Options of {@link openStore}. */
export interface OpenOptions {
  /** How long a lock (option 0, `cas-shared`) or the database's write lock may be waited for (ms, default 30,000). */
  readonly lockTimeoutMs?: number;
}

/**
 * Opens variant `name` over `dir` (creating its layout), doing its file calls through `io`.
 * Opening the same directory again (another instance, another process) is how a restart is made.
 */
export async function openStore(name: StoreName, dir: string, io: Io, o: OpenOptions = {}): Promise<InfernoStore> {
  const t = o.lockTimeoutMs ?? 30_000;
  switch (name) {
    case 'current':
      return CurrentStore.open(dir, io);
    case 'lock':
      return LockStore.open(dir, io, t);
    case 'cas':
      return CasStore.open(dir, io, 'memory', t);
    case 'cas-shared':
      return CasStore.open(dir, io, 'shared', t);
    case 'sqlite':
      return SqliteStore.open(dir, io, t);
  }
}

/** What each variant is, for listings and reports. */
export const STORE_TITLES: Readonly<Record<StoreName, string>> = {
  current: "the seed's current code: rename, then append, then rewrite to_head pointers (bugs 1-3)",
  lock: 'option 0: the current code inside one exclusive lock file',
  cas: "option 1 as the seed writes it: hist_id meta, new head files, CAS on an in-memory hist_to_head (one process only)",
  'cas-shared': 'option 1 across processes: hist_to_head as files, CAS under a per-history lock file',
  sqlite: 'option 2: one SQLite table (hash, pred, isHead, object, histID), each store one transaction',
};
