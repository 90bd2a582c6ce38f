/**
 * `npm run bench -- maelstrom`: the Maelstrom-compatible runner (net/) on 20 seeds.
 *
 * Budget per seed: the plan grows 30, 60, 120, 240 client operations until the planted bug shows,
 * then at most 30 replays shrink it. The correct nodes get the same budget: every one of the four
 * runs must pass. Figures: how many seeds find each planted bug, how small the shrunk plans are, that
 * the correct nodes pass; anchor: the seconds of one correct 60-operation lin-kv run, measured in the
 * same run (ratio: one find-and-shrink over it). Seeds run one at a time: runs side by side load
 * the machine, and a loaded machine fools quiescence (three at once, most runs saw a node write after
 * it looked quiet). Runs whose quiescence waits hit a deadline or saw lines between deliveries
 * are counted and printed.
 */
import { runAndShrink, runOnce, type TestRun } from '../../net/testing.ts';
import type { RunResult } from '../../net/network/run.ts';

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const SIZES = [30, 60, 120, 240];
const SHRINK = 30;
let unsteady = 0;

/** `f` over every seed, one after the other. */
async function perSeed<T>(f: (seed: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const seed of SEEDS) out.push(await f(seed));
  return out;
}

/** Counts a run that timing could have changed. */
function note(r: RunResult): RunResult {
  if (r.nondeterminism.deadlines + r.nondeterminism.spontaneous > 0) unsteady++;
  return r;
}

interface Found {
  seed: number;
  ops: number | null;
  shrunkOps: number;
  replays: number;
  property: string;
  seconds: number;
}

async function hunt(base: Omit<TestRun, 'seed' | 'ops'>, seed: number): Promise<Found> {
  const t0 = performance.now();
  for (const ops of SIZES) {
    const { first, shrunk } = await runAndShrink({ ...base, seed, ops }, SHRINK);
    note(first);
    if (shrunk !== undefined) note(shrunk.run);
    if (first.verdict.outcome === 'violation') {
      if (shrunk!.divergence >= 0) process.stdout.write(`  seed ${seed}: the shrunk plan's replay diverged at trace event ${shrunk!.divergence}\n`);
      return { seed, ops, shrunkOps: shrunk!.kept.ops.length, replays: shrunk!.replays, property: first.verdict.property, seconds: (performance.now() - t0) / 1000 };
    }
  }
  return { seed, ops: null, shrunkOps: 0, replays: 0, property: '-', seconds: (performance.now() - t0) / 1000 };
}

const mean = (xs: number[]): string => (xs.length === 0 ? '-' : (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1));

async function section(title: string, base: Omit<TestRun, 'seed' | 'ops'>): Promise<number> {
  const t0 = performance.now();
  const rows = await perSeed((seed) => hunt(base, seed));
  const found = rows.filter((r) => r.ops !== null);
  const sizes = SIZES.map((s) => `${found.filter((r) => r.ops === s).length} at ${s}`).join(', ');
  process.stdout.write(
    `${title}: found on ${found.length} of ${SEEDS.length} seeds (${[...new Set(found.map((r) => r.property))].join(', ')}; ${sizes}); ` +
      `ops needed ${mean(found.map((r) => r.ops!))} on average, shrunk to ${mean(found.map((r) => r.shrunkOps))} ops ` +
      `(min ${Math.min(...found.map((r) => r.shrunkOps))}, max ${Math.max(...found.map((r) => r.shrunkOps))}) in ${mean(found.map((r) => r.replays))} replays; ` +
      `${mean(rows.map((r) => r.seconds))} s per seed, ${((performance.now() - t0) / 1000).toFixed(0)} s for the section\n`,
  );
  const missed = rows.filter((r) => r.ops === null).map((r) => r.seed);
  if (missed.length > 0) process.stdout.write(`  not found within ${SIZES.at(-1)} ops on seeds ${missed.join(', ')}\n`);
  return Number(mean(rows.map((r) => r.seconds)));
}

/** The correct node under the same budget: all four runs of every seed must pass. */
async function passes(title: string, base: Omit<TestRun, 'seed' | 'ops'>): Promise<void> {
  const t0 = performance.now();
  const results = await perSeed(async (seed) => {
    const bad: string[] = [];
    const s0 = performance.now();
    for (const ops of SIZES) {
      const r = note(await runOnce({ ...base, seed, ops }));
      if (r.verdict.outcome !== 'pass') bad.push(`seed ${seed}, ${ops} ops: ${r.verdict.outcome === 'violation' ? r.verdict.message : r.verdict.outcome === 'inconclusive' ? r.verdict.reason : ''}`);
    }
    return { bad, seconds: (performance.now() - s0) / 1000 };
  });
  const pass = results.filter((r) => r.bad.length === 0).length;
  process.stdout.write(
    `${title}: passes all ${SIZES.length} runs on ${pass} of ${SEEDS.length} seeds; ${mean(results.map((r) => r.seconds))} s per seed, ${((performance.now() - t0) / 1000).toFixed(0)} s for the section\n`,
  );
  for (const b of results.flatMap((r) => r.bad)) process.stdout.write(`  ${b}\n`);
}

async function anchor(): Promise<number> {
  const seconds = await perSeed(async (seed) => {
    const s0 = performance.now();
    note(await runOnce({ bin: 'python3 examples/maelstrom/lin_kv.py', workload: 'lin-kv', nodes: 3, seed, ops: 60 }));
    return (performance.now() - s0) / 1000;
  });
  return seconds.reduce((a, b) => a + b, 0) / seconds.length;
}

export default async function main(): Promise<void> {
  const t0 = performance.now();
  process.stdout.write(`budget per seed: ${SIZES.join(', ')} ops until found, then at most ${SHRINK} shrinking replays; correct nodes: all ${SIZES.length} runs pass\n`);
  const a = await anchor();
  process.stdout.write(`anchor: one correct 60-op lin-kv run (Python, 3 nodes) takes ${a.toFixed(2)} s\n`);
  await passes('lin-kv, Python, correct, 3 nodes', { bin: 'python3 examples/maelstrom/lin_kv.py', workload: 'lin-kv', nodes: 3 });
  await passes('lin-kv, JavaScript, correct, 3 nodes', { bin: 'node examples/maelstrom/lin_kv.mjs', workload: 'lin-kv', nodes: 3 });
  await passes('grove, Python client, lsn-cas, 2 nodes', { bin: 'python3 examples/maelstrom/grove_client.py', workload: 'grove', nodes: 2 });
  const py = await section('lin-kv, Python, stale reads', { bin: 'python3 examples/maelstrom/lin_kv.py --stale-reads', workload: 'lin-kv', nodes: 3 });
  await section('lin-kv, JavaScript, stale reads', { bin: 'node examples/maelstrom/lin_kv.mjs --stale-reads', workload: 'lin-kv', nodes: 3 });
  await section('grove, Python client, logid-check', { bin: 'python3 examples/maelstrom/grove_client.py --variant logid-check', variant: 'logid-check', workload: 'grove', nodes: 2 });
  process.stdout.write(`ratio: finding and shrinking the Python stale read takes ${(py / a).toFixed(1)}× the anchor per seed\n`);
  process.stdout.write(`runs a wall-clock deadline or a node's own timing could have changed: ${unsteady}; ${((performance.now() - t0) / 1000).toFixed(0)} s in all\n`);
}
