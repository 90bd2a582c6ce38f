/**
 * Environment errors (issue 20, item 4): a full disk or a read-only directory, injected into
 * `node:fs/promises`, names its cause and path, exits 2 through the CLI, and leaves no temp directory
 * or 0-byte file behind.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as real from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { failure } from '../../scripts/failure.ts';
import { createStore } from '../remote/index.ts';
import { createFsRemote } from '../remote/fs/fs.ts';
import { emptyStore } from '../remote/types.ts';
import { environmentProblem } from './environment.ts';
import { HarnessError } from './errors.ts';

/** Which writes fail: a path test, and the error code. */
const fault: { match: ((path: string) => boolean) | null; code: string } = { match: null, code: 'ENOSPC' };

function errno(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected, ${syscall} '${path}'`), { code, syscall, path, errno: -28 });
}

vi.mock('node:fs/promises', async (importOriginal) => {
  const fsp = await importOriginal<typeof import('node:fs/promises')>();
  // The file is created, then its write fails, as on a full disk.
  const open = async (path: string, flags?: string, mode?: number) => {
    const h = await fsp.open(path, flags, mode);
    if (fault.match === null || !fault.match(String(path)) || flags === 'r') return h;
    return new Proxy(h, {
      get(t, k) {
        if (k === 'writeFile' || k === 'write') return async () => Promise.reject(errno(fault.code, 'write', String(path)));
        const v = Reflect.get(t, k) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
      },
    });
  };
  return { ...fsp, open, default: { ...fsp, open } };
});

const dirs: string[] = [];
const fresh = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'grove-env-test-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  fault.match = null;
  fault.code = 'ENOSPC';
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('environment errors', () => {
  it('name the cause and the path; other errors are not environment errors', () => {
    expect(environmentProblem(errno('ENOSPC', 'write', '/s/tmp/x'))).toBe('no space left on device (ENOSPC, write): /s/tmp/x');
    expect(environmentProblem(Object.assign(errno('EROFS', 'rename', '/a'), { dest: '/b' }))).toBe('read-only file system (EROFS, rename): /a -> /b');
    expect(environmentProblem(errno('ENOENT', 'mkdtemp', '/nope/grove-'))).toMatch(/^no such directory \(is TMPDIR set to a directory that exists\?\) \(ENOENT, mkdtemp\): \/nope\/grove-$/);
    expect(environmentProblem(errno('ENOENT', 'open', '/x'))).toBeNull();
    expect(environmentProblem(new Error('boom'))).toBeNull();
    const wrapped = new HarnessError('stress run failed', { kept: '/tmp/run', cause: errno('EACCES', 'open', '/tmp/run/store') });
    expect(failure(wrapped)).toEqual({ message: 'permission denied (EACCES, open): /tmp/run/store\nrun directory kept: /tmp/run', code: 2 });
    expect(failure(errno('ENOSPC', 'write', '/f'))).toEqual({ message: 'no space left on device (ENOSPC, write): /f', code: 2 });
    expect(failure(new HarnessError('worker slot 1 exited'))).toEqual({ message: 'harness error: worker slot 1 exited', code: 70 });
    expect(failure(new Error('bug')).code).toBe(70);
  });

  it.each(['ENOSPC', 'EROFS'])('%s while creating a store: the error names the file; no temp directory is left, retry after retry', async (code) => {
    const parent = fresh();
    fault.code = code;
    fault.match = (p) => p.endsWith('.json');
    for (let retry = 0; retry < 3; retry++) {
      const e = await createStore('fs', emptyStore(), { parent }).then(() => null, (x: unknown) => x);
      expect(environmentProblem(e)).toMatch(new RegExp(`^.* \\(${code}, write\\): ${parent}/grove-fs-\\w+/store/`));
    }
    expect(readdirSync(parent)).toEqual([]);
  });

  it('a full disk during append, branch and CAS leaves no 0-byte file in tmp/ and the store as it was', async () => {
    const root = join(fresh(), 'store');
    const r = await createFsRemote(root, emptyStore(), { durable: true });
    const before = { logs: await r.listLogs(), refs: await r.readRefs() };
    fault.match = (p) => p.includes('/tmp/');
    await expect(r.append('a', 1, '1.1')).rejects.toMatchObject({ code: 'ENOSPC' });
    await expect(r.branch({ log: 'a', lsn: 0 }, 'b', '1.1')).rejects.toMatchObject({ code: 'ENOSPC' });
    await expect(r.cas('main', { log: 'a', lsn: 0 }, { log: 'a', lsn: 0 }, 'logref')).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
    fault.match = null;
    expect({ logs: await r.listLogs(), refs: await r.readRefs() }).toEqual(before);
    // The CAS released its lock: space is back, and the next CAS goes through at once.
    expect((await r.cas('main', { log: 'a', lsn: 0 }, { log: 'a', lsn: 0 }, 'logref')).ok).toBe(true);
    expect(readdirSync(join(root, 'refs')).sort()).toEqual(['main.json']);
    await r.close();
  });

  it('a lock taken on a full disk leaves no lock and no temp file', async () => {
    const root = join(fresh(), 'store');
    const r = await createFsRemote(root, emptyStore(), { durable: false });
    fault.match = (p) => p.includes('main.lock');
    await expect(r.cas('main', { log: 'a', lsn: 0 }, { log: 'a', lsn: 0 }, 'logref')).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(readdirSync(join(root, 'refs')).sort()).toEqual(['main.json']);
    await r.close();
  });

  it('the grove-check bin with an unusable TMPDIR: one line naming it, exit 2 (not tsx\'s ENOENT, not 1)', () => {
    const file = join(fresh(), 'not-a-dir');
    writeFileSync(file, '');
    const bin = join(import.meta.dirname, '..', '..', 'scripts', 'grove-check.mjs');
    for (const TMPDIR of [join(file, 'sub'), file]) {
      const p = spawnSync(process.execPath, [bin, 'list'], { env: { ...process.env, TMPDIR }, encoding: 'utf8' });
      expect([p.status, p.stdout, p.stderr]).toEqual([2, '', `grove-check: the temp directory ${TMPDIR} is not usable (ENOTDIR): set TMPDIR to a writable directory\n`]);
    }
  });
});
