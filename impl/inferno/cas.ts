/**
 * Option 1 of seed 004: every version of a script shares a `hist_id` (the hash of its first
 * version), kept as meta in the object file; a `hist_to_head` map sends each `hist_id` to its head;
 * a store writes a *new* head file (`heads/<o>` = `heads/<p>` ++ `p`, nothing renamed) and then
 * compare-and-sets `hist_to_head[id]` from `p` to `o`. Files are only ever created, never renamed
 * over or appended to, so a reader never sees a half-done store, and the CAS is the single point
 * at which a store takes effect.
 *
 *     read <p>'s meta                 read-pred      (NotHead if p is not stored)
 *     write <o> with p's hist_id      write-object, publish-object (a temporary file renamed: atomic)
 *     hist_to_head[id] == p ?         check          (NotHead if not: cheap early refusal)
 *     read heads/<p>                  read-pred-head
 *     write heads/<o>                 write-head
 *     CAS hist_to_head[id]: p -> o    cas            (NotHead if another store won)
 *
 * `fetchHist(h)` reads `h`'s meta, looks up the head, reads `heads/<head>`, and checks that `h` is
 * in that history. The check is not in the seed's sketch and is needed: a refused store, or one
 * that crashed before its CAS, leaves an object file with a `hist_id`, and without the check
 * `fetchHist` of that object answers its script's history, which does not contain it (the crash
 * harness found this: a `fetchHist` after restart that no order of the calls explains).
 *
 * **Where the map lives** is the whole question, and there are two variants:
 *
 * - `cas` (the seed's text): the map is in this process's memory, behind the seed's MVar: one CAS
 *   at a time in the process compares, writes the changed map to `hist_to_head.json` (a temporary
 *   file renamed over it) and only then changes the map. `open` loads the snapshot. Snapshotting
 *   "periodically", as the seed suggests, would lose acknowledged stores in a crash; snapshotting
 *   right *after* the in-memory CAS is not enough either: the crash harness found a store refused
 *   because of a CAS that the crash then undid (the refusal was seen, its cause never happened).
 *   **This is a fix within one process only.** Two processes on one
 *   directory each have their own map: both accept a store on the same head (the history forks),
 *   neither sees the other's stores, and their snapshots overwrite each other. The harness's
 *   separate-process runs show exactly that; it is not a fix across processes.
 * - `cas-shared`: what option 1 needs across processes: the map is a directory of files,
 *   `hist_to_head/<id>` holding the head, replaced atomically by rename; the CAS is read, compare,
 *   replace under a per-history lock file (`hist_to_head/<id>.lock`, `impl/testkit/lockfile.ts`). Readers take
 *   no lock. Stores of different scripts never wait for each other.
 *
 * Crashes: a store that dies before its CAS has not happened (its files are unreachable garbage;
 * the seed's note on cleaning up old heads applies); one that dies after it has. `cas` loses a
 * CAS whose snapshot was not written yet, but that store had not returned, so either outcome is
 * allowed. No roll-forward from object metas on open: with the snapshot written before each store
 * returns it is not needed, and guessing the head from the longest head file could resurrect a
 * store that had been refused.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Io } from './io.ts';
import { FileLock, liveOwners, newOwner } from '../testkit/lockfile.ts';
import { parseHeadFile } from './current.ts';
import { NotHeadError, hashOf, isErrno, type Hash, type InfernoStore, type StoreName } from './types.ts';

/** An object file of option 1: the content with its `hist_id` meta. */
interface ObjectFile {
  readonly hist_id: Hash;
  readonly content: string;
}

/** Where `hist_to_head` lives (see the module comment). */
export type CasMap = 'memory' | 'shared';

let tmpCounter = 0;
const tmpName = (path: string) => `${path}.tmp-${process.pid}-${++tmpCounter}`;

/** Option 1 (see the module comment). */
export class CasStore implements InfernoStore {
  /** `cas` (map in memory) or `cas-shared` (map in files under a lock). */
  readonly name: StoreName;
  /** Memory variant: the map (only ever what the snapshot on disk holds). */
  private readonly map = new Map<Hash, Hash>();
  /** Memory variant: a CAS is under way (the seed's MVar is taken). */
  private busy = false;
  private readonly owner = newOwner();

  private constructor(
    /** The store directory. */
    readonly dir: string,
    private readonly io: Io,
    /** Where `hist_to_head` lives. */
    readonly mapKind: CasMap,
    private readonly lockTimeoutMs: number,
  ) {
    this.name = mapKind === 'memory' ? 'cas' : 'cas-shared';
  }

  /** Opens a store over `dir` (creating the layout); the memory variant loads `hist_to_head.json`. */
  static async open(dir: string, io: Io, mapKind: CasMap, lockTimeoutMs = 30_000): Promise<CasStore> {
    await mkdir(join(dir, 'heads'), { recursive: true });
    if (mapKind === 'shared') await mkdir(join(dir, 'hist_to_head'), { recursive: true });
    const s = new CasStore(dir, io, mapKind, lockTimeoutMs);
    if (mapKind === 'memory') {
      try {
        const snap = JSON.parse(await readFile(join(dir, 'hist_to_head.json'), 'utf8')) as Record<Hash, Hash>;
        for (const k of Object.keys(snap)) s.map.set(k, snap[k]);
      } catch (e) {
        if (!isErrno(e, 'ENOENT')) throw e;
      }
    }
    return s;
  }

  /** The snapshot file of the memory variant. */
  static snapshotPath(dir: string): string {
    return join(dir, 'hist_to_head.json');
  }

  /** Option 1's store (see the module comment). */
  async store(content: string, pred: Hash | null): Promise<Hash> {
    const h = hashOf(content);
    const io = this.io;
    if (pred === null) {
      await this.writeObject(h, { hist_id: h, content });
      await io.writeFile('write-head', join(this.dir, 'heads', h), '');
      await this.publish(h, null, h);
      return h;
    }
    const id = (await this.readObject('read-pred', pred))?.hist_id;
    if (id === undefined) throw new NotHeadError(pred, `${pred} is not stored`);
    await this.writeObject(h, { hist_id: id, content });
    const head = await this.headOf('check', id);
    if (head !== pred) throw new NotHeadError(pred, `hist_to_head[${id}] is ${head ?? 'unset'}`);
    const list = parseHeadFile(await io.readFile('read-pred-head', join(this.dir, 'heads', pred)));
    await io.writeFile('write-head', join(this.dir, 'heads', h), [...list, pred].map((x) => x + '\n').join(''));
    await this.publish(id, pred, h);
    return h;
  }

  /** The object's content, or null. */
  async fetch(h: Hash): Promise<string | null> {
    return (await this.readObject('read-object', h))?.content ?? null;
  }

  /** `h`'s meta, the head of its hist_id, the head's file. */
  async fetchHist(h: Hash): Promise<Hash[]> {
    const meta = await this.readObject('read-object', h);
    if (meta === null) throw new Error(`${h} is not stored`);
    const head = await this.headOf('read-hist-to-head', meta.hist_id);
    if (head === null) throw new Error(`hist_to_head[${meta.hist_id}] is unset`);
    let text: string;
    try {
      text = await this.io.readFile('read-head', join(this.dir, 'heads', head));
    } catch (e) {
      if (isErrno(e, 'ENOENT')) throw new Error(`heads/${head} is missing (the head of hist_id ${meta.hist_id})`);
      throw e;
    }
    const hist = [...parseHeadFile(text), head];
    // An object whose store never took effect (refused, or crashed before its CAS) still has a file
    // and a hist_id; without this check its fetchHist would answer a history it is not part of.
    if (!hist.includes(h)) throw new Error(`${h} is not in the history of its hist_id ${meta.hist_id} (its store never took effect)`);
    return hist;
  }

  /** Forgets this instance's owner token (its per-history locks become stale). */
  async close(): Promise<void> {
    liveOwners.delete(this.owner);
  }

  /** The memory map as a plain record (for the inspector; memory variant only). */
  mapSnapshot(): Record<Hash, Hash> {
    return Object.fromEntries([...this.map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /**
   * Writes an object file atomically (a temporary file renamed into place). `writeFile` alone is not
   * enough here, unlike in the current code: a store reads its predecessor's meta, and a racing
   * store may name an object whose file is still being written (the free-running harness found
   * exactly that: "Unexpected end of JSON input" on a half-written object).
   */
  private async writeObject(h: Hash, o: ObjectFile): Promise<void> {
    const file = join(this.dir, h);
    const tmp = tmpName(file);
    await this.io.writeFile('write-object', tmp, JSON.stringify(o));
    await this.io.rename('publish-object', tmp, file);
  }

  private async readObject(label: string, h: Hash): Promise<ObjectFile | null> {
    try {
      return JSON.parse(await this.io.readFile(label, join(this.dir, h))) as ObjectFile;
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return null;
      throw e;
    }
  }

  /** `hist_to_head[id]` now (null when unset). */
  private async headOf(label: string, id: Hash): Promise<Hash | null> {
    if (this.mapKind === 'memory') {
      await this.io.pause(label);
      return this.map.get(id) ?? null;
    }
    try {
      return (await this.io.readFile(label, join(this.dir, 'hist_to_head', id))).trim();
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return null;
      throw e;
    }
  }

  /** CAS `hist_to_head[id]` from `from` (null: unset) to `to`, durably; NotHead when it is not `from`. */
  private async publish(id: Hash, from: Hash | null, to: Hash): Promise<void> {
    const io = this.io;
    if (this.mapKind === 'memory') {
      // The seed's MVar: one CAS at a time in this process, and the map changes only once the
      // snapshot holding the change is on disk, so nothing anyone observes (a read, a refusal) can be
      // undone by a crash.
      for (let attempt = 0; this.busy; attempt++) await io.backoff('cas-wait', attempt);
      this.busy = true;
      try {
        await io.pause('cas');
        const cur = this.map.get(id) ?? null;
        if (cur !== from) throw new NotHeadError(from ?? id, `hist_to_head[${id}] is ${cur ?? 'unset'}`);
        const path = CasStore.snapshotPath(this.dir);
        const tmp = tmpName(path);
        await io.writeFile('snapshot-write', tmp, JSON.stringify({ ...this.mapSnapshot(), [id]: to }));
        await io.rename('snapshot-publish', tmp, path);
        this.map.set(id, to);
      } finally {
        this.busy = false;
      }
      return;
    }
    const file = join(this.dir, 'hist_to_head', id);
    const lock = new FileLock(io, `${file}.lock`, this.owner, { timeoutMs: this.lockTimeoutMs, probeEvery: 8 });
    await lock.acquire();
    try {
      const cur = await this.headOf('cas-read', id);
      if (cur !== from) throw new NotHeadError(from ?? id, `hist_to_head[${id}] is ${cur ?? 'unset'}`);
      const tmp = tmpName(file);
      await io.writeFile('cas-write', tmp, to);
      await io.rename('cas-publish', tmp, file);
    } finally {
      if (!io.crashed) await lock.release();
    }
  }
}
