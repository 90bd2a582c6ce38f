/**
 * The engine script the build makes (lin/engine-build.ts) against the modules it is compiled from:
 * the same verdicts, witnesses and counts on every Jepsen history, the failing ones (real bugs) and
 * the sample histories included, with its code cache accepted, and with a damaged cache, or a cache
 * of another script, rejected and ignored.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as modules from './engine.ts';
import { buildEngineScript, writeEngineCache } from './engine-build.ts';
import { sampleHistories } from './samples.ts';
import { ENGINE_V8_FLAGS, loadEngineScript, UNOPTIMIZED_PREFIX, type LinEngine } from './engine-load.ts';
import type { LinResult } from './check.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(repoRoot, '..', 'shared', 'data', 'jepsen');

/** Every history as (name, text): the Jepsen files and the build's samples. */
const histories = [
  ...['kv', 'etcd'].flatMap((dir) => readdirSync(path.join(dataDir, dir)).sort().map((f) => [f, readFileSync(path.join(dataDir, dir, f), 'utf8')] as const)),
  ...sampleHistories().map((text, i) => [`sample ${i}`, text] as const),
];

/** The command's path through an engine: detection, parsing, checking (per key and, for small kv files, whole). */
function verdicts(engine: LinEngine, text: string): unknown[] {
  const strip = (r: LinResult): unknown => ({ ...r, stats: { ...r.stats, seconds: 0 } });
  const format = engine.detectFormat(text);
  if (format === 'jepsen-etcd') return [format, strip(engine.checkLinearizable(engine.registerModel, engine.parseJepsenEtcd(text, 'h').operations))];
  const ops = engine.parseJepsenKv(text, 'h').operations;
  const out = [format, strip(engine.checkLinearizable(engine.kvModel, ops))];
  if (ops.length < 100) out.push(strip(engine.checkLinearizable(engine.kvModelUnpartitioned, ops)));
  return out;
}

describe('the cached lin engine script', () => {
  let dir: string;
  let script: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lin-engine-'));
    script = buildEngineScript(repoRoot, dir);
    writeEngineCache(script, path.join(dir, 'engine.cache'));
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the set-up functions it keeps from the optimizing compiler (a rename would quietly undo the flag)', () => {
    expect(ENGINE_V8_FLAGS).toContain(`--turbo-filter=-${UNOPTIMIZED_PREFIX}*`);
    const names = [...readFileSync(script, 'utf8').matchAll(new RegExp(`function (${UNOPTIMIZED_PREFIX}\\w*)\\(`, 'g'))].map((m) => m[1]).sort();
    expect(names).toEqual(['setUpArrays', 'setUpEventOrder', 'setUpRanks', 'setUpSearch', 'setUpSortedRanks', 'setUpTwins', 'setUpZobrist']);
  });

  it('gives the modules results, with its cache accepted', () => {
    const loaded = loadEngineScript(script, path.join(dir, 'engine.cache'));
    expect(loaded.cacheRejected).toBe(false);
    let failing = 0;
    for (const [name, text] of histories) {
      const theirs = verdicts(modules, text);
      expect(verdicts(loaded.engine, text), name).toEqual(theirs);
      if ((theirs[1] as LinResult).outcome === 'not-linearizable') failing++;
    }
    expect(failing).toBeGreaterThanOrEqual(5); // c01-bad, c10-bad, c50-bad, etcd_070 and a sample
  });

  it('ignores a damaged cache, and a cache of another script, and gives the same results', () => {
    const bad = path.join(dir, 'corrupt.cache');
    const bytes = readFileSync(path.join(dir, 'engine.cache'));
    for (let i = 40; i < bytes.length; i += 97) bytes[i] ^= 0x5a;
    writeFileSync(bad, bytes);
    // The same length as the script (all V8 itself compares of the source), another text.
    const other = path.join(dir, 'other.cjs');
    const source = readFileSync(script, 'utf8');
    writeFileSync(other, source.replace('lin engine: no module', 'lin engine: NO MODULE'));
    const [name, text] = histories.find(([n]) => n === 'c10-bad.txt')!;
    for (const loaded of [loadEngineScript(script, bad), loadEngineScript(other, path.join(dir, 'engine.cache'))]) {
      expect(loaded.cacheRejected).toBe(true);
      expect(verdicts(loaded.engine, text), name).toEqual(verdicts(modules, text));
    }
  });

  it('throws its own FormatError, the class the command catches from it', () => {
    const { engine } = loadEngineScript(script);
    expect(() => engine.parseJepsenKv('INFO  jepsen.util - 0\t:invoke\t:read\tnil', 'h')).toThrow(engine.FormatError);
  });
});
