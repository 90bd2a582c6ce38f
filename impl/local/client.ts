/**
 * A Grove client with three logs (seed 000, second half; MODEL.md §2): `local` takes every write at
 * once, `staged` holds squashes of local ranges waiting to be pushed, and `origin/main` is the
 * remote-tracking copy of the remote log `a` up to `main`. The logs are durable (`store/`); the client
 * keeps a copy in memory and writes through.
 *
 * The client is a set of step functions, each one atomic with respect to every other step of this
 * client (the durable writes are synchronous, so no other JavaScript runs inside one):
 *
 *   write(page)   Write<c_j, p=c_j>        local only: commit if the snapshot the transaction read is
 *                                          still canonically the current one, else `Err: stale`
 *   squash()      Squash<c_lo..=c_hi, b_k> local only: every unsquashed local commit into one staged commit
 *   rebase()      Rebase<a@t>              local only: move the snapshot's base to origin/main's tip
 *   push()        Push<b_k, a@t+1>         remote Append of the first unlanded staged commit (conditional)
 *   confirm()     CAS<main, a@t, a@t+1>    remote CAS; on Ok record `(c_lo..=c_hi) => b_k => a_{t+1}`
 *   pull()        Pull<main>               remote ref read, then fetch the new (immutable) entries
 *
 * Who calls what: the application calls `write` (and reads `snapshot()`); the background pusher
 * (`pusher.ts`) calls the others. A remote step awaits one remote primitive; a write that runs while
 * it is in flight changes only the local log, which the remote step never reads after its call
 * returns, so the two interleave safely.
 *
 * Fetching entry contents. The `Remote` interface has no primitive that reads entries; a pull reads
 * `main` (the atomic step, `readRef`) and then the entries up to it through `listLogs`. Entries are
 * never rewritten (G1), so reading them after the ref cannot see anything but what the ref covers.
 *
 * Planted bugs (tests only), issue 6's three classes: `watermark-snapshot` starts the snapshot's
 * local line AT the squash watermark instead of after it; `stale-write` checks a write against the
 * local head only, so after a pull and rebase a write that read the old snapshot is accepted;
 * `early-equivalence` records `b_k => a_t` when the Append succeeds, before the CAS confirms it.
 */
import { err, ok, op } from '../../model/core/model.ts';
import type { Row, Result } from '../../scenarios/notation/types.ts';
import type { Remote } from '../remote/types.ts';
import { canonicalSnapshot, sameState, type ClientEquivalence, type ClientSnapshot } from './canonical.ts';
import { decodeCommit, encodeCommit } from './commit.ts';
import type { LocalData, LocalEntry, LocalLogStore, LocalMeta, OriginEntry, Pages, StagedEntry } from './store/types.ts';

/** How a client names things: its actor id, its staged and local logs, the remote log and ref. */
export interface ClientNames {
  /** The actor id rows print (`1`). */
  readonly actor: string;
  /** Letter of the staged log (`b`). */
  readonly staged: string;
  /** Letter of the local log (`c`). */
  readonly local: string;
  /** The remote log (`a`). */
  readonly remote: string;
  /** The remote ref (`main`). */
  readonly ref: string;
}

/** Planted bugs of issue 6 (see the module comment). */
export type LocalPlant = 'watermark-snapshot' | 'stale-write' | 'early-equivalence';

/** The planted bugs, for tests and tools. */
export const LOCAL_PLANTS: readonly LocalPlant[] = ['watermark-snapshot', 'stale-write', 'early-equivalence'];

/** The sync steps (everything but a write). */
export type SyncKind = 'squash' | 'push' | 'confirm' | 'pull' | 'rebase';

/** What a step did: its row (`Actor Op Result`, as the model prints it) and whether it succeeded. */
export interface StepOutcome {
  readonly kind: 'write' | SyncKind;
  readonly row: Row;
  readonly ok: boolean;
  /** A write: the snapshot its transaction read. */
  readonly read?: ClientSnapshot;
  /** Set when the client could not take the step in its state (nothing was done); the row then says why. */
  readonly refused?: string;
}

/** How a client is built. */
export interface LocalClientOptions {
  readonly names: ClientNames;
  readonly remote: Remote;
  readonly store: LocalLogStore;
  readonly plant?: LocalPlant;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

/** A client: its durable logs (cached), its write transaction, and its step functions. */
export class LocalClient {
  readonly names: ClientNames;
  private readonly remote: Remote;
  private readonly store: LocalLogStore;
  private readonly plant: LocalPlant | undefined;
  private readonly data: Mutable<LocalData>;
  /** The snapshot the current write transaction read, and the local head it saw (for the planted check). */
  private read: ClientSnapshot;
  private readHead: number;

  constructor(o: LocalClientOptions) {
    this.names = o.names;
    this.remote = o.remote;
    this.store = o.store;
    this.plant = o.plant;
    const d = o.store.load();
    this.data = { local: [...d.local], staged: [...d.staged], origin: [...d.origin], meta: d.meta };
    this.read = this.snapshot();
    this.readHead = this.data.local.length;
  }

  // ---- reading ----------------------------------------------------------------------------------

  /** A copy of everything the client holds. */
  logs(): LocalData {
    return { local: [...this.data.local], staged: [...this.data.staged], origin: [...this.data.origin], meta: this.data.meta };
  }

  /** The positions (landed, base, push in flight, behind). */
  get meta(): LocalMeta {
    return this.data.meta;
  }

  /** The highest local LSN squashed so far. */
  squashedUpTo(): number {
    const s = this.data.staged;
    return s.length === 0 ? 0 : s[s.length - 1].hi;
  }

  /** `c3`, `b2`, `a4`. */
  localName(j: number): string {
    return `${this.names.local}${j}`;
  }
  stagedName(k: number): string {
    return `${this.names.staged}${k}`;
  }
  remoteName(lsn: number): string {
    return `${this.names.remote}${lsn}`;
  }

  /**
   * The client's snapshot: origin/main up to its base, its staged commits not yet known landed, and
   * its local commits after the squash watermark.
   */
  snapshot(): ClientSnapshot {
    const m = this.data.meta;
    const origin: string[] = [];
    for (let k = 1; k <= m.base; k++) origin.push(this.remoteName(k));
    const staged: string[] = [];
    for (let k = m.landed + 1; k <= this.data.staged.length; k++) staged.push(this.stagedName(k));
    const sq = this.squashedUpTo();
    const from = this.plant === 'watermark-snapshot' && sq > 0 ? sq : sq + 1;
    const local: string[] = [];
    for (let j = from; j <= this.data.local.length; j++) local.push(this.localName(j));
    return { origin, staged, local };
  }

  /** The snapshot the current write transaction read. */
  readSnapshot(): ClientSnapshot {
    return this.read;
  }

  /** One equivalence per staged commit: `(c_lo..=c_hi) => b_k [=> a_at]`. */
  equivalences(): ClientEquivalence[] {
    return this.data.staged.map((b, k) => {
      const local: string[] = [];
      for (let j = b.lo; j <= b.hi; j++) local.push(this.localName(j));
      return { local, staged: this.stagedName(k + 1), ...(b.at !== null ? { remote: this.remoteName(b.at) } : {}) };
    });
  }

  /** The canonical form of the current snapshot (the client's own canonicalizer). */
  canonical(): ClientSnapshot {
    return canonicalSnapshot(this.snapshot(), this.equivalences());
  }

  /** The pages of a commit the client holds (`a2`, `b1`, `c3`), or undefined. */
  pagesOf(id: string): Pages | undefined {
    const m = /^([a-z])(\d+)$/.exec(id);
    if (m === null) return undefined;
    const n = Number(m[2]);
    if (m[1] === this.names.remote) return this.data.origin[n - 1]?.pages;
    if (m[1] === this.names.staged) return this.data.staged[n - 1]?.pages;
    if (m[1] === this.names.local) {
      const e = this.data.local[n - 1];
      return e === undefined ? undefined : { [e.page]: e.value };
    }
    return undefined;
  }

  /** What the client reads: its snapshot's commits folded in order. */
  materialize(): Pages {
    const s = this.snapshot();
    const out: Record<string, string> = {};
    for (const id of [...s.origin, ...s.staged, ...s.local]) Object.assign(out, this.pagesOf(id) ?? {});
    return out;
  }

  /**
   * The next sync step the background pusher should take, or null when there is nothing to do:
   * confirm a push in flight; squash unsquashed writes; rebase onto a pulled origin/main; pull after
   * a conflict; push the next unlanded staged commit.
   */
  nextSyncStep(): SyncKind | null {
    const m = this.data.meta;
    if (m.push !== null) return 'confirm';
    if (this.data.local.length > this.squashedUpTo()) return 'squash';
    if (m.base < this.data.origin.length) return 'rebase';
    if (m.behind) return 'pull';
    if (m.landed < this.data.staged.length) return 'push';
    return null;
  }

  /** Is there anything not yet on the remote (unsquashed, unlanded, in flight)? */
  hasUnlanded(): boolean {
    return this.data.meta.push !== null || this.data.local.length > this.squashedUpTo() || this.data.meta.landed < this.data.staged.length;
  }

  // ---- local steps ------------------------------------------------------------------------------

  private row(name: string, args: string[], result: Result): Row {
    return { kind: 'call', actor: this.names.actor, op: op(name, ...args), result };
  }

  private setMeta(m: Partial<LocalMeta>): void {
    this.data.meta = { ...this.data.meta, ...m };
    this.store.setMeta(this.data.meta);
  }

  /**
   * A local write of `page` in the current transaction: commits `c_{n+1}` (value: its own name) if
   * the snapshot the transaction read is canonically the current one, else answers `Err: stale`.
   * Either way a new transaction starts on the current snapshot. Never waits for anything remote.
   */
  write(page: string): StepOutcome {
    const j = this.data.local.length + 1;
    const name = this.localName(j);
    const read = this.read;
    const accepted = this.plant === 'stale-write' ? this.readHead === this.data.local.length : sameState(read, this.snapshot(), this.equivalences());
    if (accepted) {
      const e: LocalEntry = { page, value: name };
      this.store.appendLocal(e);
      this.data.local.push(e);
    }
    this.read = this.snapshot();
    this.readHead = this.data.local.length;
    return { kind: 'write', row: this.row('Write', [name, `${page}=${name}`], accepted ? ok() : err(undefined, 'stale')), ok: accepted, read };
  }

  /** Squashes every unsquashed local commit into the next staged commit (pages folded in order). */
  squash(): StepOutcome {
    const lo = this.squashedUpTo() + 1;
    const hi = this.data.local.length;
    const k = this.data.staged.length + 1;
    const args = [`${this.localName(lo)}..=${this.localName(hi)}`, this.stagedName(k)];
    if (hi < lo) return this.refuse('squash', 'Squash', args, 'nothing to squash');
    const pages: Record<string, string> = {};
    for (let j = lo; j <= hi; j++) pages[this.data.local[j - 1].page] = this.data.local[j - 1].value;
    const b: StagedEntry = { lo, hi, pages, at: null };
    this.store.appendStaged(b);
    this.data.staged.push(b);
    return { kind: 'squash', row: this.row('Squash', args, ok()), ok: true };
  }

  /** Moves the snapshot's base to origin/main's tip (commits are physical: nothing is rewritten). */
  rebase(): StepOutcome {
    const origin = this.data.origin.length;
    const args = [`${this.names.remote}@${origin}`];
    if (this.data.meta.push !== null) return this.refuse('rebase', 'Rebase', args, 'a push is in flight');
    if (this.data.meta.base >= origin) return this.refuse('rebase', 'Rebase', args, 'already on origin/main');
    this.setMeta({ base: origin });
    return { kind: 'rebase', row: this.row('Rebase', args, ok()), ok: true };
  }

  private refuse(kind: StepOutcome['kind'], name: string, args: string[], why: string): StepOutcome {
    return { kind, row: this.row(name, args, err(undefined, `refused: ${why}`)), ok: false, refused: why };
  }

  // ---- remote steps -----------------------------------------------------------------------------

  /** Appends the first unlanded staged commit at origin/main's tip + 1 (conditional; `Err: conflict`). */
  async push(): Promise<StepOutcome> {
    const m = this.data.meta;
    const k = m.landed + 1;
    const lsn = this.data.origin.length + 1;
    const args = [this.stagedName(k), `${this.names.remote}@${lsn}`];
    if (m.push !== null || m.behind || m.landed >= this.data.staged.length || m.base !== this.data.origin.length) {
      return this.refuse('push', 'Push', args, m.push !== null ? 'a push is in flight' : m.behind ? 'behind: pull first' : m.landed >= this.data.staged.length ? 'nothing staged' : 'rebase first');
    }
    const b = this.data.staged[k - 1];
    const r = await this.remote.append(this.names.remote, lsn, encodeCommit({ staged: this.stagedName(k), lo: b.lo, hi: b.hi, pages: b.pages }));
    if (!r.ok) {
      this.setMeta({ behind: true });
      return { kind: 'push', row: this.row('Push', args, err(undefined, r.reason)), ok: false };
    }
    if (this.plant === 'early-equivalence') this.land(k, lsn);
    this.setMeta({ push: lsn });
    return { kind: 'push', row: this.row('Push', args, ok()), ok: true };
  }

  private land(k: number, at: number): void {
    this.store.setLanding(k, at);
    this.data.staged[k - 1] = { ...this.data.staged[k - 1], at };
  }

  /**
   * Confirms the push in flight: CAS `main` from `a@t` to `a@t+1`. On Ok the landing is recorded as
   * the equivalence `(c_lo..=c_hi) => b_k => a_{t+1}`, origin/main takes the entry and the snapshot's
   * base moves onto it (the canonical snapshot does not change). On Err the client is behind.
   */
  async confirm(): Promise<StepOutcome> {
    const m = this.data.meta;
    const lsn = m.push;
    const a = this.names.remote;
    if (lsn === null) return this.refuse('confirm', 'CAS', [this.names.ref, '?', '?'], 'no push in flight');
    const args = [this.names.ref, `${a}@${lsn - 1}`, `${a}@${lsn}`];
    const r = await this.remote.cas(this.names.ref, { log: a, lsn: lsn - 1 }, { log: a, lsn }, 'logref');
    if (!r.ok) {
      this.setMeta({ push: null, behind: true });
      return { kind: 'confirm', row: this.row('CAS', args, err(r.actual === null ? '?' : `${r.actual.log}@${r.actual.lsn}`)), ok: false };
    }
    const k = m.landed + 1;
    const b = this.data.staged[k - 1];
    this.land(k, lsn);
    const entry: OriginEntry = { commit: encodeCommit({ staged: this.stagedName(k), lo: b.lo, hi: b.hi, pages: b.pages }), pages: b.pages };
    this.store.appendOrigin([entry]);
    this.data.origin.push(entry);
    this.setMeta({ landed: k, base: lsn, push: null });
    const eq = `${this.localName(b.lo)}..=${this.localName(b.hi)} => ${this.stagedName(k)} => ${this.remoteName(lsn)}`;
    return { kind: 'confirm', row: this.row('CAS', args, ok(eq)), ok: true };
  }

  /**
   * Reads `main` and fetches the entries up to it into origin/main. Clears `behind` when main moved
   * past what the client held (a pull that finds nothing new leaves it behind: pushing again would
   * only conflict again).
   */
  async pull(): Promise<StepOutcome> {
    const a = this.names.remote;
    const r = await this.remote.readRef(this.names.ref);
    if (r === null || r.at.log !== a) {
      return { kind: 'pull', row: this.row('Pull', [this.names.ref], err(undefined, r === null ? 'missing' : `on log ${r.at.log}`)), ok: false };
    }
    const main = r.at.lsn;
    const held = this.data.origin.length;
    if (main > held) {
      const log = (await this.remote.listLogs())[a];
      const fresh: OriginEntry[] = [];
      for (let lsn = held + 1; lsn <= main; lsn++) {
        const id = log?.entries[lsn - 1];
        if (id === null || id === undefined) throw new Error(`pull: ${a}@${lsn} is under main (${a}@${main}) but the remote has no entry there`);
        fresh.push({ commit: id, pages: decodeCommit(id).pages });
      }
      this.store.appendOrigin(fresh);
      this.data.origin.push(...fresh);
      this.setMeta({ behind: false });
    }
    return { kind: 'pull', row: this.row('Pull', [this.names.ref], ok(`${a}@${main}`)), ok: true };
  }

  /** Takes sync step `kind` (the pusher's entry point). */
  async sync(kind: SyncKind): Promise<StepOutcome> {
    switch (kind) {
      case 'squash':
        return this.squash();
      case 'rebase':
        return this.rebase();
      case 'push':
        return this.push();
      case 'confirm':
        return this.confirm();
      case 'pull':
        return this.pull();
    }
  }

  /** Closes the local store (not the remote connection, which the caller owns). */
  close(): void {
    this.store.close();
  }
}
