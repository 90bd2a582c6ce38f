/** `grove-check lin` in-process: exit codes, JSON shape, the human report, input errors. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../scripts/commands/_common.ts';
import { runLin } from './testing.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(repoRoot, '..', 'shared', 'data', 'jepsen');

const run = runLin;

afterEach(() => vi.restoreAllMocks());

describe('grove-check lin', () => {
  it('exit 0 and a JSON linearization for a linearizable history (format detected)', async () => {
    const { code, out } = await run(path.join(dataDir, 'etcd', 'etcd_002.log'), '--json');
    expect(code).toBe(0);
    const j = JSON.parse(out) as { outcome: string; format: string; stats: { seconds: number }; linearization: number[][] };
    expect(j).toMatchObject({ outcome: 'linearizable', format: 'jepsen-etcd' });
    expect(typeof j.stats.seconds).toBe('number');
    expect(j.linearization).toHaveLength(1);
  });

  it('exit 1 and the stuck operations in both outputs for a non-linearizable one', async () => {
    const file = path.join(dataDir, 'kv', 'c01-bad.txt');
    const json = await run(file, '--json', '--format', 'jepsen-kv');
    expect(json.code).toBe(1);
    const j = JSON.parse(json.out) as { outcome: string; partial: { stuckAt: number[]; stuckOps: { id: number; line: number; op: string }[] }[] };
    expect(j.outcome).toBe('not-linearizable');
    expect(j.partial[0].stuckOps.map((o) => o.id)).toEqual(j.partial[0].stuckAt);
    const human = await run(file);
    expect(human.code).toBe(1);
    expect(human.out).toContain('NOT linearizable');
    expect(human.out).toContain(j.partial[0].stuckOps[0].op);
  });

  it('exit 3 when the time budget runs out', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lin-cli-'));
    const file = path.join(dir, 'hard.txt');
    const lines: string[] = [];
    for (let p = 0; p < 16; p++) lines.push(`{:process ${p}, :type :invoke, :f :append, :key "k", :value "${String.fromCharCode(97 + p)}"}`);
    for (let p = 0; p < 16; p++) lines.push(`{:process ${p}, :type :ok, :f :append, :key "k", :value "${String.fromCharCode(97 + p)}"}`);
    lines.push('{:process 99, :type :invoke, :f :get, :key "k", :value nil}', '{:process 99, :type :ok, :f :get, :key "k", :value "no"}');
    writeFileSync(file, lines.join('\n') + '\n');
    const { code, out } = await run(file, '--timeout', '1', '--json');
    expect(code).toBe(3);
    expect(JSON.parse(out)).toMatchObject({ outcome: 'unknown', reason: 'timeout' });
  });

  it('a directory or several files: every history in one process, worst exit code, one JSON document', async () => {
    const kvDir = path.join(dataDir, 'kv');
    const all = await run(kvDir, '--json');
    expect(all.code).toBe(1);
    const j = JSON.parse(all.out) as { histories: { file: string; outcome: string }[]; counts: Record<string, number> };
    expect(j.histories.map((h) => [path.basename(h.file), h.outcome])).toEqual([
      ['c01-bad.txt', 'not-linearizable'],
      ['c01-ok.txt', 'linearizable'],
      ['c10-bad.txt', 'not-linearizable'],
      ['c10-ok.txt', 'linearizable'],
      ['c50-bad.txt', 'not-linearizable'],
      ['c50-ok.txt', 'linearizable'],
    ]);
    expect(j.counts).toEqual({ linearizable: 3, 'not-linearizable': 3, unknown: 0 });
    const oks = await run(path.join(kvDir, 'c01-ok.txt'), path.join(dataDir, 'etcd', 'etcd_002.log'));
    expect(oks.code).toBe(0);
    expect(oks.out).toContain('2 histories: 2 linearizable, 0 not linearizable, 0 unknown');
    // The whole corpus (README.md and the licence skipped): the eight histories of the README table.
    const corpus = JSON.parse((await run(dataDir, '--json')).out) as { histories: unknown[] };
    expect(corpus.histories).toHaveLength(8);
  });

  it('--no-partition checks a kv history as one object, with the same verdicts', async () => {
    const ok = await run(path.join(dataDir, 'kv', 'c01-ok.txt'), '--no-partition', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ outcome: 'linearizable', stats: { partitions: 1 } });
    const bad = await run(path.join(dataDir, 'kv', 'c01-bad.txt'), '--no-partition', '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ outcome: 'not-linearizable', stats: { partitions: 1 } });
    await expect(run(path.join(dataDir, 'etcd', 'etcd_070.log'), '--no-partition')).rejects.toThrow(/--no-partition applies to jepsen-kv histories only/);
  });

  it('bad input is an InputError (exit 2 in the dispatcher)', async () => {
    await expect(run()).rejects.toThrow(InputError);
    await expect(run(path.join(dataDir, 'README.md'))).rejects.toThrow(/cannot detect the format/);
    await expect(run(path.join(dataDir, 'kv', 'c01-ok.txt'), '--format', 'grove')).rejects.toThrow(/c01-ok.txt:1:\d+: expected one JSON object per line[\s\S]*looks like a Jepsen EDN history/);
    await expect(run(path.join(dataDir, 'kv', 'c01-ok.txt'), '--format', 'jepsen-etcd')).rejects.toThrow(/c01-ok.txt:1:1: expected "INFO", found "\{"/);
    await expect(run(path.join(dataDir, 'kv', 'c01-ok.txt'), '--timeout', 'soon')).rejects.toThrow(InputError);
  });
});
