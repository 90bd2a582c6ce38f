/**
 * `npm run bench -- maelstrom`: the Maelstrom-compatible runner (net/) on 20 seeds.
 *
 * Budget per seed: the plan grows 30, 60, 120, 240 client operations until the planted bug shows,
 * then at most 8 replays shrink it. Figures: how many seeds find each planted bug, how small the
 * shrunk plans are, and that the correct nodes pass the same budget; anchor: the seconds of one
 * correct run of the same size, measured in the same run (ratio: one find-and-shrink over it).
 */
import { runAndShrink, runOnce, type TestRun } from '../../net/testing.ts';

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const SIZES = [30, 60, 120, 240];
const SHRINK = 8;

interface Found {
  seed: number;
  ops: number | null;
  shrunkOps: number;
  property: string;
  seconds: number;
}

async function hunt(base: Omit<TestRun, 'seed' | 'ops'>, seed: number, shrinkBudget: number): Promise<Found> {
  const t0 = performance.now();
  for (const ops of SIZES) {
    const { first, shrunk } = await runAndShrink({ ...base, seed, ops }, shrinkBudget);
    if (first.verdict.outcome === 'violation') {
      return { seed, ops, shrunkOps: shrunk?.kept.ops.length ?? ops, property: first.verdict.property, seconds: (performance.now() - t0) / 1000 };
    }
  }
  return { seed, ops: null, shrunkOps: 0, property: '-', seconds: (performance.now() - t0) / 1000 };
}

async function section(title: string, base: Omit<TestRun, 'seed' | 'ops'>, shrinkBudget: number): Promise<number> {
  const rows: Found[] = [];
  for (const seed of SEEDS) rows.push(await hunt(base, seed, shrinkBudget));
  const found = rows.filter((r) => r.ops !== null);
  const mean = (xs: number[]): string => (xs.length === 0 ? '-' : (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1));
  process.stdout.write(
    `${title}: found on ${found.length} of ${SEEDS.length} seeds (${[...new Set(found.map((r) => r.property))].join(', ')}); ` +
      `ops needed ${mean(found.map((r) => r.ops!))} on average, shrunk to ${mean(found.map((r) => r.shrunkOps))} ops ` +
      `(min ${Math.min(...found.map((r) => r.shrunkOps))}); ${mean(rows.map((r) => r.seconds))} s per seed\n`,
  );
  const missed = rows.filter((r) => r.ops === null).map((r) => r.seed);
  if (missed.length > 0) process.stdout.write(`  not found within ${SIZES.at(-1)} ops on seeds ${missed.join(', ')}\n`);
  return Number(mean(rows.map((r) => r.seconds)));
}

async function passes(title: string, base: Omit<TestRun, 'seed' | 'ops'>, ops: number): Promise<number> {
  let pass = 0;
  const t0 = performance.now();
  const bad: string[] = [];
  for (const seed of SEEDS) {
    const r = await runOnce({ ...base, seed, ops });
    if (r.verdict.outcome === 'pass') pass++;
    else bad.push(`seed ${seed}: ${r.verdict.outcome === 'violation' ? r.verdict.message : r.verdict.outcome === 'inconclusive' ? r.verdict.reason : ''}`);
  }
  const each = (performance.now() - t0) / 1000 / SEEDS.length;
  process.stdout.write(`${title}: passes on ${pass} of ${SEEDS.length} seeds at ${ops} ops; ${each.toFixed(2)} s per run\n`);
  for (const b of bad) process.stdout.write(`  ${b}\n`);
  return each;
}

export default async function main(): Promise<void> {
  process.stdout.write(`budget per seed: ${SIZES.join(', ')} ops until found, then at most ${SHRINK} shrinking replays\n`);
  const anchor = await passes('lin-kv, Python, correct, 3 nodes', { bin: 'python3 examples/maelstrom/lin_kv.py', workload: 'lin-kv', nodes: 3 }, 60);
  await passes('lin-kv, JavaScript, correct, 3 nodes', { bin: 'node examples/maelstrom/lin_kv.mjs', workload: 'lin-kv', nodes: 3 }, 60);
  await passes('grove, Python client, lsn-cas, 2 nodes', { bin: 'python3 examples/maelstrom/grove_client.py', workload: 'grove', nodes: 2 }, 60);
  const py = await section('lin-kv, Python, stale reads', { bin: 'python3 examples/maelstrom/lin_kv.py --stale-reads', workload: 'lin-kv', nodes: 3 }, SHRINK);
  await section('lin-kv, JavaScript, stale reads', { bin: 'node examples/maelstrom/lin_kv.mjs --stale-reads', workload: 'lin-kv', nodes: 3 }, SHRINK);
  await section('grove, Python client, logid-check', { bin: 'python3 examples/maelstrom/grove_client.py --variant logid-check', variant: 'logid-check', workload: 'grove', nodes: 2 }, SHRINK);
  process.stdout.write(`anchor: one correct 60-op lin-kv run takes ${anchor.toFixed(2)} s; finding and shrinking the stale read takes ${(py / anchor).toFixed(1)}× that per seed\n`);
}
