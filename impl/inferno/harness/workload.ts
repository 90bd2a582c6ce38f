/**
 * What one client does: a seeded random sequence of `store`, `fetchHist` and `fetch` calls on a few
 * scripts, recorded as it goes. The same loop runs as an async client in the harness's process and
 * in each worker process.
 *
 * **Contention by design.** Every client saves new versions of the *same* few scripts, like editors
 * (or one editor's overlapping autosaves) of a shared script: a store names as predecessor the
 * script's newest version on a shared {@link Board}: either the newest *acknowledged* one or the
 * newest *announced* one. Half of the stores announce themselves when they are *called* (the hash is
 * known then: it is the content's hash), so a store on `o2` may begin while the store of `o2` itself
 * is still running, which is what bugs 1 and 2 need (the reference model's programs do the same:
 * `store(o3, o2)` may start once `o2` is written). After a refusal the client reads the history of
 * the version it built on (if it knows that version to be stored) and puts the head it finds on the
 * board, so that one refusal does not doom the stores built on it. Some stores name an older known
 * version on purpose, which the store must refuse.
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
import { LockTimeoutError } from '../../testkit/errors.ts';
import type { Recorder } from './record.ts';
import type { Prng } from '../../testkit/prng.ts';

/**
 * Where clients tell each other about new versions, per script: `acked`, the newest acknowledged
 * version (a head, unless a store broke the history), and `announced`, the newest version a store
 * has been *called* with (maybe not stored yet, maybe never).
 */
export interface Board {
  read(script: number): Promise<{ announced: Hash; acked: Hash }>;
  /** A store of `h` on `pred` is called and announces itself. */
  announce(script: number, h: Hash): Promise<void>;
  /** The store of `h` on `pred` was acknowledged: `h` replaces `pred` as acked and as announced. */
  acknowledged(script: number, pred: Hash, h: Hash): Promise<void>;
  /**
   * A store of `h` on `pred` was refused; `latest` is the head the client then read (`fetchHist`),
   * if it could. `latest` becomes the acked version, and the announced one if that was `h` or `pred`.
   */
  refused(script: number, h: Hash, pred: Hash, latest: Hash | null): Promise<void>;
}

/** A board in memory: the clients of one process. */
export class MemoryBoard implements Board {
  private readonly announced: Hash[];
  private readonly acked: Hash[];
  constructor(roots: readonly Hash[]) {
    this.announced = [...roots];
    this.acked = [...roots];
  }
  async read(script: number): Promise<{ announced: Hash; acked: Hash }> {
    return { announced: this.announced[script], acked: this.acked[script] };
  }
  async announce(script: number, h: Hash): Promise<void> {
    this.announced[script] = h;
  }
  async acknowledged(script: number, pred: Hash, h: Hash): Promise<void> {
    if (this.acked[script] === pred) this.acked[script] = h;
    if (this.announced[script] === pred) this.announced[script] = h;
  }
  async refused(script: number, h: Hash, pred: Hash, latest: Hash | null): Promise<void> {
    if (latest !== null) this.acked[script] = latest;
    if (this.announced[script] === h || this.announced[script] === pred) this.announced[script] = this.acked[script];
  }
}

let boardTmp = 0;

/**
 * A board in files (`<dir>/announced-<script>`, `<dir>/acked-<script>`, each replaced by rename):
 * the clients of several processes. Its compare-and-sets are racy (read, then rename): a board
 * only steers the workload, it is not under test.
 */
export class FileBoard implements Board {
  constructor(private readonly dir: string) {}
  /** Writes the initial versions (the parent, before the workers start). */
  static async init(dir: string, roots: readonly Hash[]): Promise<void> {
    const b = new FileBoard(dir);
    for (let i = 0; i < roots.length; i++) {
      await b.put(`announced-${i}`, roots[i]);
      await b.put(`acked-${i}`, roots[i]);
    }
  }
  private async get(name: string): Promise<Hash> {
    return (await readFile(join(this.dir, name), 'utf8')).trim();
  }
  private async put(name: string, h: Hash): Promise<void> {
    const tmp = join(this.dir, `.${name}-${process.pid}-${++boardTmp}`);
    await writeFile(tmp, h);
    await rename(tmp, join(this.dir, name));
  }
  async read(script: number): Promise<{ announced: Hash; acked: Hash }> {
    return { announced: await this.get(`announced-${script}`), acked: await this.get(`acked-${script}`) };
  }
  async announce(script: number, h: Hash): Promise<void> {
    await this.put(`announced-${script}`, h);
  }
  async acknowledged(script: number, pred: Hash, h: Hash): Promise<void> {
    if ((await this.get(`acked-${script}`)) === pred) await this.put(`acked-${script}`, h);
    if ((await this.get(`announced-${script}`)) === pred) await this.put(`announced-${script}`, h);
  }
  async refused(script: number, h: Hash, pred: Hash, latest: Hash | null): Promise<void> {
    if (latest !== null) await this.put(`acked-${script}`, latest);
    const a = await this.get(`announced-${script}`);
    if (a === h || a === pred) await this.put(`announced-${script}`, await this.get(`acked-${script}`));
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
  /** Whether `h` is known to be stored. */
  has(h: Hash): boolean {
    return this.seen.has(h);
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
  /** Share of stores on the board's newest version rather than an older known one (default 0.85). */
  readonly pTip?: number;
  /** Share of those that announce themselves when called, and that build on the announced version rather than the acked one (default 0.5 each). */
  readonly pAnnounce?: number;
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

/** After a refusal: the client reads `pred`'s history (recorded) to learn the current head, or null. */
async function readHead(store: InfernoStore, rec: Recorder, client: number, script: number, pred: Hash, known: Known): Promise<Hash | null> {
  if (!known.has(pred)) return null;
  const id = rec.begin(client, { f: 'fetchHist', h: pred });
  try {
    const hist = await store.fetchHist(pred);
    rec.end(id, { output: { f: 'fetchHist', ok: true, hist } });
    for (const x of hist) known.add(script, x);
    return hist.at(-1) ?? null;
  } catch (e) {
    if (e instanceof CrashError) throw e;
    rec.end(id, isUnexpected(e) ? { error: message(e) } : { output: { f: 'fetchHist', ok: false, error: message(e) } });
    return null;
  }
}

/**
 * Runs one client's workload to the end, or until the process "dies" (`CrashError`, rethrown with
 * the call left pending).
 */
export async function runClient(store: InfernoStore, rec: Recorder, board: Board, known: Known, r: Prng, o: WorkloadOptions): Promise<void> {
  const pStore = o.pStore ?? 0.6;
  const pTip = o.pTip ?? 0.85;
  const pAnnounce = o.pAnnounce ?? 0.5;
  for (let k = 0; k < o.ops; k++) {
    const script = r.int(o.scripts);
    if (r.chance(pStore)) {
      const onTip = r.chance(pTip);
      const early = onTip && r.chance(pAnnounce);
      const tips = onTip ? await board.read(script) : null;
      const pred = tips !== null ? (r.chance(pAnnounce) ? tips.announced : tips.acked) : known.pick(script, r);
      const content = contentOf(script, o.client, k);
      const hash = hashOf(content);
      if (early) await board.announce(script, hash);
      const id = rec.begin(o.client, { f: 'store', hash, pred, content });
      try {
        await store.store(content, pred);
        rec.end(id, { output: { f: 'store', ok: true } });
        known.add(script, hash);
        if (onTip) await board.acknowledged(script, pred, hash);
      } catch (e) {
        if (e instanceof CrashError) throw e;
        if (e instanceof NotHeadError) rec.end(id, { output: { f: 'store', ok: false, error: 'not-head' } });
        else rec.end(id, { error: message(e) });
        if (onTip) await board.refused(script, hash, pred, await readHead(store, rec, o.client, script, pred, known));
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
