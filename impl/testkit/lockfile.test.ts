/**
 * The one lock file: a holder killed mid-take or holding it (zombie or reaped), an empty lock, another
 * host's young and old locks, a dead breaker's guard, and the three-owner break race driven step by
 * step (no timing).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as fsp from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { LockTimeoutError } from './errors.ts';
import { FileLock, guardPath, liveOwners, newOwner, nodeLockIo, parseHolder, type LockIo } from './lockfile.ts';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const FIXTURE = join(import.meta.dirname, 'fixtures', 'take-and-die.ts');
const dirs: string[] = [];
const fresh = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'grove-lock-test-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A LockIo over node:fs that counts the waits (a stale lock must be broken with none). */
function counting(): { io: LockIo; waits: () => number } {
  let waits = 0;
  const io = nodeLockIo({ durable: false, wait: async () => void waits++ });
  return { io, waits: () => waits };
}

/** Runs the fixture; resolves with its exit signal once it has died and been reaped. */
function runFixture(lock: string, when: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--import', TSX, FIXTURE, lock, when], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    c.stderr.on('data', (d) => (err += String(d)));
    c.on('error', reject);
    c.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(signal) : reject(new Error(`fixture exited with ${code}: ${err}`))));
  });
}

describe('testkit lock file: dead holders are stale at once', () => {
  it('a holder SIGKILLed between its temp file and the link leaves no lock: the next taker takes it without waiting', async () => {
    const dir = fresh();
    const lock = join(dir, 'main.lock');
    expect(await runFixture(lock, 'after-temp')).toBe('SIGKILL');
    const left = readdirSync(dir);
    expect(left).not.toContain('main.lock'); // the lock was never visible half-written
    expect(left.filter((f) => f.startsWith('main.lock.tmp-'))).toHaveLength(1); // only its temp file
    const { io, waits } = counting();
    await new FileLock(io, lock, newOwner(), { timeoutMs: 1 }).acquire();
    expect(waits()).toBe(0);
  });

  it('a holder SIGKILLed holding the lock (reaped): broken on the first look', async () => {
    const dir = fresh();
    const lock = join(dir, 'main.lock');
    await runFixture(lock, 'held');
    expect(parseHolder(readFileSync(lock, 'utf8'))?.host).toBe(hostname());
    const { io, waits } = counting();
    const l = new FileLock(io, lock, newOwner(), { timeoutMs: 1 });
    await l.acquire();
    expect([waits(), l.broken]).toEqual([0, 1]);
  });

  it('a zombie holder (killed, never reaped by its parent) is stale at once', async () => {
    const dir = fresh();
    const lock = join(dir, 'main.lock');
    // sh starts the holder in the background and becomes `sleep`, which never reaps it.
    const sh = spawn('sh', ['-c', `"${process.execPath}" --import "${TSX}" "${FIXTURE}" "${lock}" held & exec sleep 600`], { stdio: 'ignore' });
    try {
      const zombie = async (): Promise<number> => {
        for (;;) {
          const text = await fsp.readFile(lock, 'utf8').catch(() => '');
          const h = parseHolder(text);
          if (h !== null) {
            const st = await fsp.readFile(`/proc/${h.pid}/stat`, 'utf8').catch(() => '');
            if (st.slice(st.lastIndexOf(')') + 2, st.lastIndexOf(')') + 3) === 'Z') return h.pid;
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      const pid = await zombie();
      expect(() => process.kill(pid, 0)).not.toThrow(); // kill(pid, 0) still answers for a zombie
      const { io, waits } = counting();
      const l = new FileLock(io, lock, newOwner(), { timeoutMs: 1 });
      await l.acquire();
      expect([waits(), l.broken]).toEqual([0, 1]);
    } finally {
      sh.kill('SIGKILL');
    }
  });

  it('an empty lock file (a power cut, an older version) is stale at once, whatever staleMs', async () => {
    const lock = join(fresh(), 'main.lock');
    writeFileSync(lock, '');
    const { io, waits } = counting();
    const l = new FileLock(io, lock, newOwner(), { timeoutMs: 1, staleMs: 3_600_000 });
    await l.acquire();
    expect([waits(), l.broken]).toEqual([0, 1]);
  });

  it("another host's lock waits until staleMs, then is broken; a live holder here is never broken", async () => {
    const dir = fresh();
    const young = join(dir, 'young.lock');
    writeFileSync(young, JSON.stringify({ host: 'elsewhere', pid: 1, owner: 'x', nonce: 'n', at: Date.now() }));
    await expect(new FileLock(counting().io, young, newOwner(), { timeoutMs: 30, staleMs: 3_600_000 }).acquire()).rejects.toThrow(LockTimeoutError);
    await expect(new FileLock(counting().io, young, newOwner(), { timeoutMs: 30, staleMs: 3_600_000 }).acquire()).rejects.toThrow(/young\.lock: lock held by pid 1 on elsewhere; gave up waiting after 30 ms/);
    const old = join(dir, 'old.lock');
    writeFileSync(old, JSON.stringify({ host: 'elsewhere', pid: 1, owner: 'x', nonce: 'n', at: Date.now() - 60_000 }));
    await new FileLock(counting().io, old, newOwner(), { timeoutMs: 1, staleMs: 30_000 }).acquire();
    const mine = newOwner();
    const held = join(dir, 'held.lock');
    await new FileLock(counting().io, held, mine).acquire();
    await expect(new FileLock(counting().io, held, newOwner(), { timeoutMs: 30 }).acquire()).rejects.toThrow(LockTimeoutError);
    liveOwners.delete(mine); // its connection crashes: now stale
    await new FileLock(counting().io, held, newOwner(), { timeoutMs: 1 }).acquire();
  });

  it("a guard left by a breaker that died is broken too, and the lock after it", async () => {
    const lock = join(fresh(), 'main.lock');
    const stale = JSON.stringify({ host: hostname(), pid: process.pid, owner: 'dead-holder', nonce: 'a', at: Date.now() });
    writeFileSync(lock, stale);
    writeFileSync(guardPath(lock, stale), JSON.stringify({ host: hostname(), pid: process.pid, owner: 'dead-breaker', nonce: 'b', at: Date.now() }));
    const l = new FileLock(counting().io, lock, newOwner(), { timeoutMs: 10_000 });
    await l.acquire();
    expect(l.broken).toBe(2);
  });
});

/** Each owner's lock calls wait at a gate; the test lets one call through at a time. */
class Turns {
  private readonly waiting = new Map<string, { at: string; go: () => void }>();
  private readonly listeners = new Set<() => void>();

  io(actor: string): LockIo {
    const base = nodeLockIo({ durable: false });
    const gate = (at: string): Promise<void> =>
      new Promise((go) => {
        this.waiting.set(actor, { at, go });
        for (const l of [...this.listeners]) l();
      });
    return {
      createExclusive: async (label, path, data) => (await gate(`create ${label}`), base.createExclusive(label, path, data)),
      readFile: async (label, path) => (await gate(`read ${label}`), base.readFile(label, path)),
      unlink: async (label, path) => (await gate(`unlink ${label}`), base.unlink(label, path)),
      backoff: async (label) => void (await gate(`wait ${label}`)),
    };
  }

  /** Waits until `actor` is at `at`, then lets that one call through. */
  async step(actor: string, at: string): Promise<void> {
    for (;;) {
      const w = this.waiting.get(actor);
      if (w !== undefined) {
        expect(`${actor}: ${w.at}`).toBe(`${actor}: ${at}`);
        this.waiting.delete(actor);
        w.go();
        return;
      }
      await new Promise<void>((r) => {
        const l = (): void => {
          this.listeners.delete(l);
          r();
        };
        this.listeners.add(l);
      });
    }
  }
}

describe('testkit lock file: the three-owner break race', () => {
  it('two breakers of one dead lock and a third taker: the lock is never held by two', async () => {
    const lock = join(fresh(), 'main.lock');
    writeFileSync(lock, JSON.stringify({ host: hostname(), pid: process.pid, owner: 'crashed', nonce: 's', at: Date.now() }));
    const t = new Turns();
    const holders = new Set<string>();
    const take = (actor: string): Promise<void> =>
      new FileLock(t.io(actor), lock, newOwner(), { timeoutMs: 3_600_000 }).acquire().then(() => {
        holders.add(actor);
        expect([...holders]).toEqual([actor]);
      });
    const a = take('A');
    const b = take('B');
    // A and B both find the lock and judge it stale.
    await t.step('A', 'create lock');
    await t.step('A', 'read lock-read');
    await t.step('B', 'create lock');
    await t.step('B', 'read lock-read');
    // B breaks it under the guard and takes the lock.
    await t.step('B', 'create lock-break');
    await t.step('B', 'read lock-read');
    await t.step('B', 'unlink lock-break');
    await t.step('B', 'unlink lock-break');
    await t.step('B', 'create lock');
    await b;
    const bLock = readFileSync(lock, 'utf8');
    // A, still acting on its old judgement, takes the guard and finds B's fresh lock: it leaves it alone.
    await t.step('A', 'create lock-break');
    const c = take('C');
    await t.step('C', 'create lock'); // the lock path was never empty: C waits
    await t.step('A', 'read lock-read');
    await t.step('A', 'unlink lock-break'); // drops its guard only
    expect(readFileSync(lock, 'utf8')).toBe(bLock);
    await t.step('A', 'create lock');
    await t.step('A', 'read lock-read');
    await t.step('A', 'wait lock-wait');
    await t.step('C', 'read lock-read');
    await t.step('C', 'wait lock-wait');
    expect([...holders]).toEqual(['B']);
    // B releases; C takes it next; A still waits.
    holders.delete('B');
    await new FileLock(nodeLockIo({ durable: false }), lock, 'B').release();
    await t.step('C', 'create lock');
    await c;
    await t.step('A', 'create lock');
    await t.step('A', 'read lock-read');
    expect([...holders]).toEqual(['C']);
    expect(readdirSync(join(lock, '..')).sort()).toEqual(['main.lock']); // no guard or temp file left
    void a.catch(() => undefined);
  });
});
