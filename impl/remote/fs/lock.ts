/**
 * An exclusive lock file for the file-system backend: `open(path, 'wx')` (O_CREAT|O_EXCL) succeeds
 * for exactly one process; the holder deletes the file to release it.
 *
 * **Stale locks.** A holder that dies leaves its lock behind. The file records the holder's host,
 * pid, a per-connection owner token and the time it was taken. A lock is *stale* when its holder is
 * on this host and its pid is not running, or when the holder is this very process but the owning
 * connection has crashed or closed (the harness simulates crashes in-process), or when it is older
 * than `staleMs` (default 30 s; a holder on another host cannot be probed, so age is the only sign).
 * A stale lock is broken by renaming it to a unique name, reading the renamed file back and checking
 * that it is the one judged stale; if another process took a fresh lock in between, that fresh lock is
 * put back with `link` (exclusive, so it never clobbers a third one) and the wait goes on.
 *
 * Not supported: a holder that is alive but stuck for longer than `staleMs` loses its lock (choose
 * `staleMs` above the longest write); after a reboot a recycled pid makes an old lock look alive until
 * it is `staleMs` old. Locks are not fsynced: they guard writes, they are not data.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { LockTimeoutError } from '../errors.ts';

/** Owner tokens of this process's live connections (a crashed or closed connection's token is removed). */
export const liveOwners = new Set<string>();

interface LockInfo {
  readonly host: string;
  readonly pid: number;
  readonly owner: string;
  readonly at: number;
}

/** Options of `acquireLock`. */
export interface LockOptions {
  /** Give up after this long (ms). */
  readonly timeoutMs: number;
  /** A lock older than this (ms) is stale whoever holds it. */
  readonly staleMs: number;
  /** Awaited between attempts (the harness's yield point `lock:wait`). */
  readonly wait: () => Promise<void>;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseInfo(text: string): LockInfo | null {
  try {
    const j = JSON.parse(text) as Partial<LockInfo>;
    if (typeof j.host === 'string' && typeof j.pid === 'number' && typeof j.owner === 'string' && typeof j.at === 'number') return j as LockInfo;
  } catch {
    // unreadable: judged by age of nothing; treated as stale below
  }
  return null;
}

/** Is the lock described by `text` stale (see the module comment)? Unreadable lock files are stale. */
export function isStale(text: string, staleMs: number, now = Date.now()): boolean {
  const info = parseInfo(text);
  if (info === null) return true;
  if (now - info.at > staleMs) return true;
  if (info.host !== hostname()) return false;
  if (info.pid === process.pid) return !liveOwners.has(info.owner);
  return !pidAlive(info.pid);
}

const sleep = (ms: number) => new Promise<void>((res) => setTimeout(res, ms));

async function tryBreak(path: string, judged: string): Promise<void> {
  const aside = `${path}.stale-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const moved = await readFile(aside, 'utf8').catch(() => '');
  if (moved !== judged) {
    // Someone took a fresh lock between our read and our rename: give it back.
    await link(aside, path).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

/**
 * Takes the lock at `path` for `owner`, waiting (and breaking stale locks) as the module comment says.
 * Returns the release function. Throws `LockTimeoutError` after `timeoutMs`.
 */
export async function acquireLock(path: string, owner: string, o: LockOptions): Promise<() => Promise<void>> {
  const started = Date.now();
  const info = JSON.stringify({ host: hostname(), pid: process.pid, owner, at: Date.now() } satisfies LockInfo);
  for (let attempt = 0; ; attempt++) {
    try {
      const h = await open(path, 'wx');
      try {
        await h.writeFile(info);
      } finally {
        await h.close();
      }
      return async () => {
        await unlink(path).catch(() => undefined);
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text === null) continue;
    // A lock being written right now reads empty for an instant: an empty lock is judged by its age.
    const stale = text === '' ? Date.now() - ((await stat(path).catch(() => null))?.mtimeMs ?? Date.now()) > o.staleMs : isStale(text, o.staleMs);
    if (stale) {
      await tryBreak(path, text);
      continue;
    }
    if (Date.now() - started > o.timeoutMs) throw new LockTimeoutError(path, parseInfo(text) ? `pid ${parseInfo(text)!.pid} on ${parseInfo(text)!.host}` : 'an unknown holder');
    await o.wait();
    await sleep(Math.min(1 + attempt, 20));
  }
}
