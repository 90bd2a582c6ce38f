/**
 * Option 0 of seed 004: the current implementation with one exclusive lock file (`<dir>/lock`,
 * `open(…, 'wx')`) held around every operation, `fetch` and `fetchHist` included (a `fetchHist`
 * between another store's rename and append would otherwise see a half-done store).
 *
 * The lock works across processes. It makes bugs 1 and 2 impossible: a store's rename, append and
 * to_head loop can no longer interleave with anything. It does not make a store atomic: a process
 * that dies between `rename-head` and `append-head` leaves the same half-renamed directory as the
 * current code (bug 3), and the lock file behind. The next locker breaks that lock once its holder is
 * dead (`impl/testkit/lockfile.ts`), so the store does not wedge, but nothing repairs the history.
 */
import { join } from 'node:path';
import { CurrentStore, initToHeadLayout } from './current.ts';
import type { Io } from './io.ts';
import { FileLock, liveOwners, newOwner } from '../testkit/lockfile.ts';
import type { Hash, InfernoStore, StoreName } from './types.ts';

/** Option 0: {@link CurrentStore} inside one global lock file. */
export class LockStore implements InfernoStore {
  /** The variant name. */
  readonly name: StoreName = 'lock';
  private readonly inner: CurrentStore;
  private readonly lock: FileLock;
  private readonly owner: string;

  private constructor(dir: string, io: Io, timeoutMs: number) {
    this.inner = new CurrentStore(dir, io);
    this.owner = newOwner();
    this.lock = new FileLock(io, join(dir, 'lock'), this.owner, { timeoutMs, probeEvery: 8 });
  }

  /** Opens (creating the layout if needed) a locked store over `dir`; `timeoutMs` bounds each lock wait. */
  static async open(dir: string, io: Io, timeoutMs = 30_000): Promise<LockStore> {
    await initToHeadLayout(dir);
    return new LockStore(dir, io, timeoutMs);
  }

  /** Stale locks (of crashed holders) this instance broke. */
  get brokenLocks(): number {
    return this.lock.broken;
  }

  /** Runs `f` holding the lock; releases it on any answer, not after a crash (the holder is dead). */
  private async locked<T>(f: () => Promise<T>): Promise<T> {
    await this.lock.acquire();
    try {
      return await f();
    } finally {
      if (!this.inner.io.crashed) await this.lock.release();
    }
  }

  /** The seed's store, under the lock. */
  store(content: string, pred: Hash | null): Promise<Hash> {
    return this.locked(() => this.inner.store(content, pred));
  }

  /** `fetch`, under the lock. */
  fetch(h: Hash): Promise<string | null> {
    return this.locked(() => this.inner.fetch(h));
  }

  /** `fetchHist`, under the lock. */
  fetchHist(h: Hash): Promise<Hash[]> {
    return this.locked(() => this.inner.fetchHist(h));
  }

  /** Forgets this instance's owner token: a lock it still holds becomes stale. */
  async close(): Promise<void> {
    liveOwners.delete(this.owner);
  }
}
