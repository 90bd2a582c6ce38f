/**
 * The golden corpus: every Jepsen history in ../shared/data/jepsen, with the verdict its README
 * table gives, as one table-driven test. A history file without a row in the table fails the test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLinearizable, type LinResult } from './check.ts';
import { verifyLinearization } from './replay.ts';
import { parseJepsenKv } from './formats/jepsen-kv.ts';
import { parseJepsenEtcd } from './formats/jepsen-etcd.ts';
import { kvModel, kvModelUnpartitioned } from './models/kv.ts';
import { registerModel } from './models/register.ts';
import type { LinModel } from './model.ts';
import type { Operation } from './history.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(repoRoot, '..', 'shared', 'data', 'jepsen');

/** `| c01-ok.txt | … | linearizable |` rows of the README, file name → expected outcome. */
function verdictTable(): Map<string, LinResult['outcome']> {
  const table = new Map<string, LinResult['outcome']>();
  for (const line of readFileSync(path.join(dataDir, 'README.md'), 'utf8').split('\n')) {
    const m = /^\|\s*(\S+\.(?:txt|log))\s*\|.*\|\s*(linearizable|not linearizable)\s*\|\s*$/.exec(line);
    if (m) table.set(m[1], m[2] === 'linearizable' ? 'linearizable' : 'not-linearizable');
  }
  return table;
}

const table = verdictTable();
const files = ['kv', 'etcd'].flatMap((dir) => readdirSync(path.join(dataDir, dir)).sort().map((f) => ({ dir, file: f })));

/**
 * States explored, pinned for single-partition histories (the count does not depend on scheduling).
 * Without the read-only and twin reductions of lin/check.ts they were 179126 and 41 (check.test.ts
 * pins both figures).
 */
const pinnedStates: Record<string, number> = { 'etcd_002.log': 60575, 'etcd_070.log': 28 };

function expectWitness<S, I, O>(model: LinModel<S, I, O>, ops: Operation<I, O>[], r: LinResult): void {
  if (r.outcome === 'linearizable') {
    expect(verifyLinearization(model, ops, r.linearization)).toEqual({ ok: true });
  } else if (r.outcome === 'not-linearizable') {
    expect(r.partial.length).toBeGreaterThan(0);
    for (const p of r.partial) expect(p.stuckAt.length).toBeGreaterThan(0);
  }
}

describe('Jepsen histories with known verdicts (README table)', () => {
  it('the README has a verdict for every history file, and all eight are there', () => {
    expect(files.map((f) => f.file).filter((f) => !table.has(f))).toEqual([]);
    expect([...table.keys()].sort()).toEqual(
      ['c01-bad.txt', 'c01-ok.txt', 'c10-bad.txt', 'c10-ok.txt', 'c50-bad.txt', 'c50-ok.txt', 'etcd_002.log', 'etcd_070.log'],
    );
  });

  it.each(files)('$dir/$file', ({ dir, file }) => {
    const text = readFileSync(path.join(dataDir, dir, file), 'utf8');
    const expected = table.get(file);
    let r: LinResult;
    if (dir === 'kv') {
      const ops = parseJepsenKv(text, file).operations;
      r = checkLinearizable(kvModel, ops, { timeoutMs: 10_000 });
      expectWitness(kvModel, ops, r);
      if (file.startsWith('c01')) {
        // Without partitioning by key the verdict must not change (larger files: see the benchmark).
        const whole = checkLinearizable(kvModelUnpartitioned, ops, { timeoutMs: 10_000 });
        expect(whole.outcome).toBe(expected);
        expectWitness(kvModelUnpartitioned, ops, whole);
      }
    } else {
      const ops = parseJepsenEtcd(text, file).operations;
      r = checkLinearizable(registerModel, ops, { timeoutMs: 10_000 });
      expectWitness(registerModel, ops, r);
    }
    expect(r.outcome).toBe(expected);
    if (pinnedStates[file] !== undefined) expect(r.stats.statesExplored).toBe(pinnedStates[file]);
  });
});
