/**
 * Benchmark of the linearizability checker on the Jepsen histories in ../shared/data/jepsen: the
 * median time of a few runs per history, next to Porcupine's published figures and the ratio
 * (ours / Porcupine; below 1 is faster). Porcupine (Go) checks partitions on parallel goroutines;
 * this checker uses one thread. The kv histories are also timed without partitioning by key
 * (Porcupine's `kvNoPartitionModel`), which is where the search is actually hard.
 *
 * Run alone: npx tsx -e "import('./scripts/bench/lin.ts').then(m=>m.default())"
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLinearizable, type LinResult } from '../../lin/check.ts';
import type { LinModel } from '../../lin/model.ts';
import type { Operation } from '../../lin/history.ts';
import { parseJepsenKv } from '../../lin/formats/jepsen-kv.ts';
import { parseJepsenEtcd } from '../../lin/formats/jepsen-etcd.ts';
import { kvModel, kvModelUnpartitioned } from '../../lin/models/kv.ts';
import { registerModel } from '../../lin/models/register.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = path.resolve(repoRoot, '..', 'shared', 'data', 'jepsen');

/** Porcupine's reference times in seconds (from its README/test suite), where it publishes one. */
const PORCUPINE: Record<string, { seconds: number; label: string }> = {
  'etcd_002.log': { seconds: 0.2, label: '0.2' },
  'c50-ok.txt': { seconds: 0.19, label: '0.19' },
  'c50-bad.txt': { seconds: 0.03, label: '0.03' },
  'c10-ok.txt (no partition)': { seconds: 2.7, label: '2.6–2.8' },
  'c10-bad.txt (no partition)': { seconds: 2.7, label: '2.6–2.8' },
};

interface Row {
  name: string;
  ops: number;
  outcome: LinResult['outcome'];
  median: number;
  states: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time<S, I, O>(name: string, model: LinModel<S, I, O>, ops: Operation<I, O>[], runs: number, timeoutMs: number): Row {
  const seconds: number[] = [];
  let last: LinResult | undefined;
  for (let i = 0; i < runs; i++) {
    last = checkLinearizable(model, ops, { timeoutMs });
    seconds.push(last.stats.seconds);
    if (last.outcome === 'unknown') break; // one timeout is enough to know
  }
  const r = last as LinResult;
  return { name, ops: ops.length, outcome: r.outcome, median: median(seconds), states: r.stats.statesExplored };
}

function print(rows: Row[]): void {
  const head = ['history', 'ops', 'verdict', 'ours (s)', 'Porcupine (s)', 'ratio', 'states'];
  const body = rows.map((r) => {
    const ref = PORCUPINE[r.name];
    return [
      r.name,
      String(r.ops),
      r.outcome,
      r.outcome === 'unknown' ? `>${r.median.toFixed(1)}` : r.median.toFixed(3),
      ref?.label ?? '—',
      ref && r.outcome !== 'unknown' ? (r.median / ref.seconds).toFixed(2) : '—',
      String(r.states),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  process.stdout.write([line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n') + '\n');
}

/** Times every Jepsen history (median of 5 runs; 3 without partitioning) and prints the table. */
export default async function bench(): Promise<void> {
  const kvFiles = ['c01-ok.txt', 'c01-bad.txt', 'c10-ok.txt', 'c10-bad.txt', 'c50-ok.txt', 'c50-bad.txt'];
  const etcdFiles = ['etcd_002.log', 'etcd_070.log'];
  const kv = kvFiles.map((f) => ({ f, ops: parseJepsenKv(readFileSync(path.join(dataDir, 'kv', f), 'utf8'), f).operations }));
  const rows: Row[] = [];
  for (const { f, ops } of kv) rows.push(time(f, kvModel, ops, 5, 60_000));
  for (const f of etcdFiles) {
    const ops = parseJepsenEtcd(readFileSync(path.join(dataDir, 'etcd', f), 'utf8'), f).operations;
    rows.push(time(f, registerModel, ops, 5, 60_000));
  }
  // Without partitioning by key; the 50-client histories get a 20 s budget (Porcupine publishes no figure).
  for (const { f, ops } of kv) {
    const big = f.startsWith('c50');
    rows.push(time(`${f} (no partition)`, kvModelUnpartitioned, ops, big ? 1 : 3, big ? 20_000 : 60_000));
  }
  process.stdout.write(`linearizability checker on ${path.relative(repoRoot, dataDir)} (node ${process.version})\n`);
  print(rows);
  await Promise.resolve();
}
