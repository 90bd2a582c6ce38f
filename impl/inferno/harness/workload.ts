/**
 * What one client does: a seeded random sequence of `store`, `fetchHist` and `fetch` calls on a few
 * scripts, recorded as it goes. The same loop runs as an async client in the harness's process and
 * in each worker process.
 *
 * **Contention by design.** Every client saves new versions of the *same* few scripts, like editors
 * (or one editor's overlapping autosaves) of a shared script: a store names as predecessor the
 * script's *tip*, the newest version anyone has started to save, which is announced on a shared
 * board when the store is *called* (its hash is known then: it is the content's hash). So a store
 * on `o2` may begin while the store of `o2` itself is still running, which is what bug 1 needs
 * (the reference model's programs do the same: `store(o3, o2)` may start once `o2` is written).
 * A refused store takes its announcement back. Some stores name an older version on purpose, which
 * the store must refuse.
 *
 * Reads ask only about objects the client knows to be stored (its own acknowledged stores, the
 * scripts' first versions, what earlier `fetchHist`s returned), so the spec's answer is defined.
 *
 * Errors: `NotHeadError` is the answer `not-head`; an error a read raised on purpose (a missing head
 * file) is the answer `error`; a `CrashError` ends the client with its call pending; anything else
 * (an errno from a vanished file, a lock timeout, a database error) is recorded as unexpected.
 */
import { rename, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CrashError, NotHeadError, hashOf, type Hash, type InfernoStore } from '../types.ts';
import { LockTimeoutError } from '../lockfile.ts';
import type { Recorder } from './record.ts';
import type { Prng } from './prng.ts';

/** Where clients announce the newest version of each script (the tip). */
export interface Board {
  tip(script: number): Promise<Hash>;
  announce(script: number, h: Hash): Promise<void>;
  /** Takes back `h` (a refused store), putting `back` in its place if `h` is still the tip. */
  retract(script: number, h: Hash, back: Hash): Promise<void>;
}

/** A board in memory: the clients of one process. */
export class MemoryBoard implements Board {
  private readonly tips: Hash[];
  constructor(roots: readonly Hash[]) {
    this.tips = [...roots];
  }
  async tip(script: number): Promise<Hash> {
    return this.tips[script];
  }
  async announce(script: number, h: Hash): Promise<void> {
    this.tips[script] = h;
  }
  async retract(script: number, h: Hash, back: Hash): Promise<void> {
    if (this.tips[script] === h) this.tips[script] = back;
  }
}

let boardTmp = 0;

/** A board in files (`<dir>/tip-<script>`, replaced by rename): the clients of several processes. */
export class FileBoard implements Board {
  constructor(private readonly dir: string) {}
  /** Writes the initial tips (the parent, before the workers start). */
  static async init(dir: string, roots: readonly Hash[]): Promise<void> {
    for (let i = 0; i < roots.length; i++) await writeFile(join(dir, `tip-${i}`), roots[i]);
  }
  async tip(script: number): Promise<Hash> {
    return (await readFile(join(this.dir, `tip-${script}`), 'utf8')).trim();
  }
  async announce(script: number, h: Hash): Promise<void> {
    const tmp = join(this.dir, `.tip-${script}-${process.pid}-${++boardTmp}`);
    await writeFile(tmp, h);
    await rename(tmp, join(this.dir, `tip-${script}`));
  }
  async retract(script: number, h: Hash, back: Hash): Promise<void> {
    if ((await this.tip(script)) === h) await this.announce(script, back);
  }
}

/** Objects a client knows to be stored, per script. */
export class Known {
  private readonly lists: Hash[][];
  private readonly seen = new Set<Hash>();
  constructor(roots: readonly Hash[]) {
    this.lists = roots.map(() => []);
    roots.forEach((r, i) => this.add(i, r));
  }
  /** Records `h` as stored in `script`. */
  add(script: number, h: Hash): void {
    if (this.seen.has(h)) return;
    this.seen.add(h);
    this.lists[script].push(h);
  }
  /** A known object of `script`. */
  pick(script: number, r: Prng): Hash {
    return r.pick(this.lists[script]);
  }
}

/** The knobs of a client's workload. */
export interface WorkloadOptions {
  /** The client's number (names its objects: `s0.c3.12`). */
  readonly client: number;
  /** Calls to make. */
  readonly ops: number;
  /** Number of scripts (the roots). */
  readonly scripts: number;
  /** Share of calls that are stores (default 0.6); the rest are fetchHist, and 1 in 10 reads a fetch. */
  readonly pStore?: number;
  /** Share of stores on the tip rather than an older known version (default 0.85). */
  readonly pTip?: number;
}

/** An error whose effect is unknown (see the module comment), as opposed to a read's own answer. */
export function isUnexpected(e: unknown): boolean {
  if (e instanceof LockTimeoutError) return true;
  if (e instanceof Error && (e.name === 'SqliteError' || (e as NodeJS.ErrnoException).code !== undefined)) return true;
  return !(e instanceof Error);
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The content of a client's k-th new version of a script: unique in a run, and readable in witnesses. */
export function contentOf(script: number, client: number, k: number): string {
  return `s${script}.c${client}.${k}`;
}

/**
 * Runs one client's workload to the end, or until the process "dies" (`CrashError`, rethrown with
 * the call left pending).
 */
export async function runClient(store: InfernoStore, rec: Recorder, board: Board, known: Known, r: Prng, o: WorkloadOptions): Promise<void> {
  const pStore = o.pStore ?? 0.6;
  const pTip = o.pTip ?? 0.85;
  for (let k = 0; k < o.ops; k++) {
    const script = r.int(o.scripts);
    if (r.chance(pStore)) {
      const onTip = r.chance(pTip);
      const pred = onTip ? await board.tip(script) : known.pick(script, r);
      const content = contentOf(script, o.client, k);
      const hash = hashOf(content);
      if (onTip) await board.announce(script, hash);
      const id = rec.begin(o.client, { f: 'store', hash, pred, content });
      try {
        await store.store(content, pred);
        rec.end(id, { output: { f: 'store', ok: true } });
        known.add(script, hash);
      } catch (e) {
        if (e instanceof CrashError) throw e;
        if (e instanceof NotHeadError) rec.end(id, { output: { f: 'store', ok: false, error: 'not-head' } });
        else rec.end(id, { error: message(e) });
        if (onTip) await board.retract(script, hash, pred);
      }
    } else if (r.chance(0.9)) {
      const h = known.pick(script, r);
      const id = rec.begin(o.client, { f: 'fetchHist', h });
      try {
        const hist = await store.fetchHist(h);
        rec.end(id, { output: { f: 'fetchHist', ok: true, hist } });
        for (const x of hist) known.add(script, x);
      } catch (e) {
        if (e instanceof CrashError) throw e;
        rec.end(id, isUnexpected(e) ? { error: message(e) } : { output: { f: 'fetchHist', ok: false, error: message(e) } });
      }
    } else {
      const h = known.pick(script, r);
      const id = rec.begin(o.client, { f: 'fetch', h });
      try {
        rec.end(id, { output: { f: 'fetch', content: await store.fetch(h) } });
      } catch (e) {
        if (e instanceof CrashError) throw e;
        rec.end(id, { error: message(e) });
      }
    }
  }
}

/**
 * Creates the scripts' first versions (`s0.root`, …) through `store`, as client 0, recorded.
 * Returns their hashes.
 */
export async function createRoots(store: InfernoStore, rec: Recorder, scripts: number): Promise<Hash[]> {
  const roots: Hash[] = [];
  for (let i = 0; i < scripts; i++) {
    const content = `s${i}.root`;
    const hash = hashOf(content);
    const id = rec.begin(0, { f: 'store', hash, pred: null, content });
    await store.store(content, null);
    rec.end(id, { output: { f: 'store', ok: true } });
    roots.push(hash);
  }
  return roots;
}

/**
 * After the clients: one `fetchHist` of every acknowledged object (the final reads), recorded as
 * client `client`, so the checker sees the store at rest as well.
 */
export async function finalSweep(store: InfernoStore, rec: Recorder, client: number, objects: readonly Hash[]): Promise<void> {
  for (const h of objects) {
    const id = rec.begin(client, { f: 'fetchHist', h });
    try {
      rec.end(id, { output: { f: 'fetchHist', ok: true, hist: await store.fetchHist(h) } });
    } catch (e) {
      rec.end(id, isUnexpected(e) ? { error: message(e) } : { output: { f: 'fetchHist', ok: false, error: message(e) } });
    }
  }
}
