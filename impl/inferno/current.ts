/**
 * # The seed's current Inferno store, on a real directory
 *
 * Objects live in the root directory under their hash; `heads/<h>` exists for each history's head
 * and lists the head's predecessors, oldest first, one hash a line; `to_head/<h>` holds the head of
 * the history `h` belongs to (a missing pointer means `h` is its own head). `store(o, p)` is the
 * seed's code, one awaited file call per line:
 *
 *     writeFile(<h_o>, o)                          write-object
 *     if exists(heads/<p>):                        exists-head
 *         rename(heads/<p>, heads/<h_o>)           rename-head
 *         appendFile(heads/<h_o>, p)               append-head
 *         for h in readFile(heads/<h_o>):          read-head
 *             writeFile(to_head/<h>, h_o)          write-to-head
 *
 * and `fetchHist(h)` reads `to_head/<h>` (`read-to-head`), then `heads/<head>` (`read-head`). A new
 * script (`p = null`) is its object and an empty `heads/<h_o>` (`new-head`). Every `await` is a point
 * where Node runs other clients' code, and every call is a separate system call that another process
 * may come between; nothing here is atomic but each single `rename` and each single small write.
 *
 * **Bug 1: rename and append are two system calls.** `store(o2, o1)` renames `heads/o1` to
 * `heads/o2` and only then appends `o1`. In between, `heads/o2` exists and is a head file to anyone
 * looking: `store(o3, o2)` (a second save of the same script, from another client or the same
 * client's next autosave) finds it, renames it to `heads/o3` and appends `o2`. The first store's
 * `appendFile(heads/o2, o1)` then *creates* a new `heads/o2` (append mode creates a missing file),
 * so `o1` goes into a file no one will read, and `heads/o3` is `[o2]`: `fetchHist(o3)` has lost `o1`.
 * Worse, `heads/o2` now exists again, so a later `store(o4, o2)` succeeds too and the history forks.
 * The same window answers a concurrent `fetchHist(o1)` with "heads/o1 missing" (to_head/o1 not
 * yet written, heads/o1 already renamed).
 *
 * **Bug 2: the to_head loops race.** `store(o2, o1)` reads `heads/o2 = [o1]` and will write
 * `to_head/o1 = o2`; `store(o3, o2)` reads `heads/o3 = [o1, o2]` and writes `to_head/o1 = o3`,
 * `to_head/o2 = o3`. The writes are plain overwrites, so whichever comes last wins: if the first
 * store's loop is slower (its `writeFile` was queued behind others in libuv's thread pool, or its
 * process was descheduled), `to_head/o1` ends at `o2`, whose head file no longer exists:
 * `fetchHist(o1)` fails for good. Even the read can miss: if `heads/o2` was renamed to `heads/o3`
 * before the first store's `read-head`, that store raises ENOENT after having linked `o2`.
 *
 * **Bug 3: a crash between the calls.** A process that dies after `rename-head` and before
 * `append-head` leaves `heads/o2` empty and `heads/o1` gone: `fetchHist(o1)` fails (no to_head
 * pointer, no head file) and `fetchHist(o2)` answers `[o2]`, so the store is consistent neither with
 * the store having happened nor with it not having happened. Dying inside the to_head loop leaves
 * stale pointers (bug 2's state). Nothing on restart repairs either.
 *
 * What is not modeled: `del` (the seed gives no algorithm), fsync (the store never syncs; a machine
 * crash may lose more than a process crash does, and the harness only kills processes).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Io } from './io.ts';
import { NotHeadError, hashOf, isErrno, type Hash, type InfernoStore, type StoreName } from './types.ts';

/** Parses a head file: one hash a line. */
export function parseHeadFile(text: string): Hash[] {
  return text.split('\n').filter((x) => x.length > 0);
}

/** Creates `heads/` and `to_head/` under `dir` (idempotent). */
export async function initToHeadLayout(dir: string): Promise<void> {
  await mkdir(join(dir, 'heads'), { recursive: true });
  await mkdir(join(dir, 'to_head'), { recursive: true });
}

/**
 * The seed's current implementation (see the module comment): bugs 1, 2 and 3, on purpose.
 * Stateless apart from the directory: any number of instances, in any number of processes, may
 * share one directory (and break it together).
 */
export class CurrentStore implements InfernoStore {
  /** The variant name (`lock` reuses this class inside its lock). */
  readonly name: StoreName = 'current';

  /** A store over `dir`, which must have been prepared by {@link initToHeadLayout}. */
  constructor(
    /** The store directory. */
    readonly dir: string,
    /** The labelled file calls (gate, crash hook). */
    readonly io: Io,
  ) {}

  /** Opens (creating the layout if needed) a current store over `dir`. */
  static async open(dir: string, io: Io): Promise<CurrentStore> {
    await initToHeadLayout(dir);
    return new CurrentStore(dir, io);
  }

  /** The seed's `store(o, h_p)`; see the module comment for what goes wrong. */
  async store(content: string, pred: Hash | null): Promise<Hash> {
    const h = hashOf(content);
    const io = this.io;
    await io.writeFile('write-object', join(this.dir, h), content);
    if (pred === null) {
      await io.writeFile('new-head', join(this.dir, 'heads', h), '');
      return h;
    }
    const fp = join(this.dir, 'heads', pred);
    const fo = join(this.dir, 'heads', h);
    if (!(await io.exists('exists-head', fp))) throw new NotHeadError(pred, `heads/${pred} missing`);
    try {
      await io.rename('rename-head', fp, fo);
    } catch (e) {
      // Renamed away by a racing store between our exists and our rename: Python would raise here.
      if (isErrno(e, 'ENOENT')) throw new NotHeadError(pred, `heads/${pred} vanished before the rename`);
      throw e;
    }
    await io.appendFile('append-head', fo, pred + '\n');
    const list = parseHeadFile(await io.readFile('read-head', fo));
    for (const x of list) await io.writeFile('write-to-head', join(this.dir, 'to_head', x), h);
    return h;
  }

  /** The object's content, or null. */
  async fetch(h: Hash): Promise<string | null> {
    try {
      return await this.io.readFile('read-object', join(this.dir, h));
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return null;
      throw e;
    }
  }

  /** `to_head/<h>` (or `h`), then `heads/<head>` plus the head; rejects when the head file is missing. */
  async fetchHist(h: Hash): Promise<Hash[]> {
    let head = h;
    try {
      head = (await this.io.readFile('read-to-head', join(this.dir, 'to_head', h))).trim();
    } catch (e) {
      if (!isErrno(e, 'ENOENT')) throw e;
    }
    let text: string;
    try {
      text = await this.io.readFile('read-head', join(this.dir, 'heads', head));
    } catch (e) {
      if (isErrno(e, 'ENOENT')) throw new Error(`heads/${head} is missing (the head of ${h}${head === h ? ': no to_head pointer' : ` per to_head/${h}`})`);
      throw e;
    }
    return [...parseHeadFile(text), head];
  }

  /** Nothing to release. */
  async close(): Promise<void> {}
}
