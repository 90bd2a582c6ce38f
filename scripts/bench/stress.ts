/**
 * Benchmark of real concurrency (impl/concurrency): client operations and primitive calls per second
 * for each shared backend with 1 and 4 client processes (durable: fsync on; PostgreSQL at
 * GROVE_PG_URL), measured over the span of the recorded calls (process start-up excluded), and the
 * time the linearizability checker takes on each merged history, plus one larger history with
 * kills and lost replies. Figures only; nothing is asserted.
 *
 * Run alone: npx tsx -e "import('./scripts/bench/stress.ts').then(m=>m.default())"
 */
import { runStress, type StressReport } from '../../impl/concurrency/run.ts';
import { STRESS_BACKENDS } from '../../impl/concurrency/stores.ts';

const OPS = 60;

function row(label: string, r: StressReport): string {
  const opsPerSec = r.clientOps / Math.max(r.activeSeconds, 1e-9);
  const callsPerSec = (r.operations - 1) / Math.max(r.activeSeconds, 1e-9);
  return (
    `${label.padEnd(26)} ${r.verdict.padEnd(9)} ${String(r.clientOps).padStart(5)} ops ${String(r.operations).padStart(5)} calls ` +
    `${opsPerSec.toFixed(0).padStart(6)} ops/s ${callsPerSec.toFixed(0).padStart(6)} calls/s   lin ${(r.lin.seconds * 1000).toFixed(1).padStart(7)} ms (${r.lin.states} states)`
  );
}

/** Runs the benchmark and prints one row per configuration. */
export default async function bench(): Promise<void> {
  process.stdout.write(`each process runs ${OPS} client ops (push 60%, force push 20%, pull 20%), no think time, fsync on\n`);
  for (const backend of STRESS_BACKENDS) {
    for (const processes of [1, 4]) {
      const r = await runStress({ backend, processes, ops: OPS, seed: 'bench', keep: 'never' });
      process.stdout.write(row(`${backend} × ${processes}`, r) + '\n');
    }
  }
  for (const backend of STRESS_BACKENDS) {
    const r = await runStress({ backend, processes: 4, ops: 100, kills: 4, lostReplies: 0.05, seed: 'bench-faults', keep: 'never' });
    process.stdout.write(row(`${backend} × 4, faults`, r) + `   ${r.kills.delivered} kills, ${r.lostReplies} lost replies, ${r.pending} pending\n`);
  }
}
