/**
 * The in-memory backend: a store held in a plain object, shared by every connection made from it.
 * Each primitive runs to completion without awaiting, so it is atomic in the JavaScript sense (no other
 * code runs in between); a `pause` hook, if given, is awaited only before the primitive starts.
 * Nothing is durable: this backend is for speed (checker runs, tests of clients).
 */
import { StoreUsageError } from '../errors.ts';
import {
  NAME_RE,
  type AppendOutcome,
  type BranchOutcome,
  type CheckMode,
  type CommitId,
  type LogId,
  type LogRef,
  type RefCompare,
  type RefOutcome,
  type RefRead,
  type Remote,
  type RemoteHooks,
  type StoreSnapshot,
  type StoredLog,
} from '../types.ts';

interface MemLog {
  readonly base: LogRef | null;
  readonly entries: (CommitId | null)[];
}

/** A store in memory. Mutable; connections share it. */
export class MemoryStore {
  readonly logs = new Map<LogId, MemLog>();
  readonly refs = new Map<string, LogRef>();

  /** A store holding a copy of `snapshot`. */
  constructor(snapshot: StoreSnapshot) {
    for (const [id, l] of Object.entries(snapshot.logs)) {
      if (!NAME_RE.test(id)) throw new StoreUsageError(`bad log name '${id}'`);
      this.logs.set(id, { base: l.base === null ? null : { ...l.base }, entries: [...l.entries] });
    }
    for (const [name, at] of Object.entries(snapshot.refs)) {
      if (!NAME_RE.test(name)) throw new StoreUsageError(`bad ref name '${name}'`);
      this.refs.set(name, { ...at });
    }
  }

  /** A new connection to this store. */
  connect(hooks: RemoteHooks = {}): MemoryRemote {
    return new MemoryRemote(this, hooks);
  }
}

function start(l: MemLog): number {
  return l.base === null ? 0 : l.base.lsn;
}

function tip(l: MemLog): number {
  return start(l) + l.entries.length;
}

/** A connection to a `MemoryStore`. */
export class MemoryRemote implements Remote {
  readonly kind = 'memory' as const;

  constructor(
    private readonly store: MemoryStore,
    private readonly hooks: RemoteHooks = {},
  ) {}

  private async enter(label: string): Promise<void> {
    if (this.hooks.pause !== undefined) await this.hooks.pause(label);
  }

  private tipOf(id: LogId): number {
    const l = this.store.logs.get(id);
    return l === undefined ? -1 : tip(l);
  }

  /** {@inheritDoc Remote.append} */
  async append(log: LogId, lsn: number, commit: CommitId): Promise<AppendOutcome> {
    await this.enter('append:start');
    const l = this.store.logs.get(log);
    if (l === undefined) return { ok: false, reason: 'missing' };
    if (lsn !== tip(l) + 1) return { ok: false, reason: 'conflict' };
    l.entries.push(commit);
    return { ok: true };
  }

  /** {@inheritDoc Remote.branch} */
  async branch(from: LogRef, to: LogId, commit: CommitId): Promise<BranchOutcome> {
    await this.enter('branch:start');
    if (!NAME_RE.test(to)) throw new StoreUsageError(`bad log name '${to}'`);
    if (this.store.logs.has(to)) return { ok: false, reason: 'exists' };
    const t = this.tipOf(from.log);
    if (t < 0 || from.lsn > t) return { ok: false, reason: 'missing' };
    this.store.logs.set(to, { base: { log: from.log, lsn: from.lsn }, entries: [commit] });
    return { ok: true };
  }

  /** {@inheritDoc Remote.readRef} */
  async readRef(ref: string): Promise<RefRead | null> {
    await this.enter('read:start');
    const at = this.store.refs.get(ref);
    return at === undefined ? null : { at: { ...at }, tip: this.tipOf(at.log) };
  }

  /** {@inheritDoc Remote.check} */
  async check(ref: string, at: LogRef, mode: CheckMode): Promise<RefOutcome> {
    await this.enter('check:start');
    const actual = this.store.refs.get(ref);
    if (actual === undefined) return { ok: false, actual: null };
    if (actual.log !== at.log) return { ok: false, actual: { ...actual } };
    if (mode === 'advance' && at.lsn > actual.lsn) {
      const next = { log: at.log, lsn: Math.min(at.lsn, Math.max(0, this.tipOf(at.log))) };
      this.store.refs.set(ref, next);
      return { ok: true, actual: { ...next } };
    }
    return { ok: true, actual: { ...actual } };
  }

  /** {@inheritDoc Remote.cas} */
  async cas(ref: string, expected: LogRef, next: LogRef, compare: RefCompare): Promise<RefOutcome> {
    await this.enter('cas:start');
    const actual = this.store.refs.get(ref);
    if (actual === undefined) return { ok: false, actual: null };
    const same = actual.log === expected.log && (compare === 'log' || actual.lsn === expected.lsn);
    if (!same) return { ok: false, actual: { ...actual } };
    this.store.refs.set(ref, { log: next.log, lsn: next.lsn });
    return { ok: true, actual: { log: next.log, lsn: next.lsn } };
  }

  /** {@inheritDoc Remote.listLogs} */
  async listLogs(): Promise<Record<LogId, StoredLog>> {
    const out: Record<LogId, StoredLog> = {};
    for (const [id, l] of this.store.logs) out[id] = { base: l.base === null ? null : { ...l.base }, entries: [...l.entries] };
    return out;
  }

  /** {@inheritDoc Remote.readRefs} */
  async readRefs(): Promise<Record<string, LogRef>> {
    const out: Record<string, LogRef> = {};
    for (const [name, at] of this.store.refs) out[name] = { ...at };
    return out;
  }

  /** Nothing to release. */
  async close(): Promise<void> {}
}
