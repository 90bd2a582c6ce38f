/**
 * The kill soak (issue 20, item 15): stress runs on fs, SQLite and PostgreSQL (4 processes × 60 ops,
 * 100 SIGKILLs a run, seeds `soak-1`, `soak-2`, …) until each backend has taken at least N kills, then
 * per backend: kills (async ones land anywhere, often inside a write or transaction; in-write ones at
 * the backend's own crash points: fs and PostgreSQL), acknowledged commits, lost commits, corrupt
 * stores, non-linearizable runs and harness crashes. Lost, corrupt, not-linearizable and crashes must
 * all be 0; a run that is not a pass keeps its run directory and the section prints it.
 *
 * N is 1,000 when the section is named (`npm run bench -- soak`: about an hour on a loaded 2-core
 * machine, which took 85 (fs), 46 (SQLite) and 27 (PostgreSQL) kills a minute), 100 inside a run of
 * the whole bench, or `GROVE_SOAK_KILLS`.
 */
import { runStress } from '../../impl/concurrency/run.ts';
import { STRESS_BACKENDS, type StressBackend } from '../../impl/concurrency/stores.ts';
import { HarnessError } from '../../impl/testkit/errors.ts';

const PER_RUN = 100;

interface Tally {
  runs: number;
  kills: number;
  inWrite: number;
  acked: number;
  lost: number;
  corrupt: number;
  notLinearizable: number;
  inconclusive: number;
  crashes: number;
  seconds: number;
  kept: string[];
}

function target(): number {
  const env = process.env.GROVE_SOAK_KILLS;
  if (env !== undefined && /^\d+$/.test(env)) return Number(env);
  return process.argv.slice(2).includes('soak') ? 1000 : 100;
}

async function soak(backend: StressBackend, kills: number): Promise<Tally> {
  const t: Tally = { runs: 0, kills: 0, inWrite: 0, acked: 0, lost: 0, corrupt: 0, notLinearizable: 0, inconclusive: 0, crashes: 0, seconds: 0, kept: [] };
  const t0 = performance.now();
  while (t.kills < kills) {
    const seed = `soak-${++t.runs}`;
    try {
      const r = await runStress({ backend, processes: 4, ops: 60, kills: Math.min(PER_RUN, Math.max(1, kills - t.kills)), seed, keep: 'on-failure' });
      t.kills += r.kills.delivered;
      t.inWrite += r.kills.inWrite;
      t.acked += r.acks.acked;
      t.lost += r.acks.lost.length;
      if (!r.store.ok) t.corrupt++;
      if (r.lin.outcome === 'not-linearizable') t.notLinearizable++;
      if (r.verdict === 'inconclusive') t.inconclusive++;
      if (r.kept) t.kept.push(`${seed}: ${r.history}`);
      if (r.kills.delivered === 0) break; // nothing to kill: do not spin
    } catch (e) {
      if (!(e instanceof HarnessError)) throw e;
      t.crashes++;
      t.kept.push(`${seed}: harness error: ${e.message.split('\n')[0]} (${e.kept ?? 'not kept'})`);
    }
  }
  t.seconds = (performance.now() - t0) / 1000;
  return t;
}

/** Runs the soak and prints one row per backend. */
export default async function bench(): Promise<void> {
  const kills = target();
  process.stdout.write(`kill soak: at least ${kills} SIGKILLs per backend, runs of 4 processes × 60 ops with ${PER_RUN} kills each (half in a write on fs and postgres), fsync on\n`);
  process.stdout.write(`${'backend'.padEnd(9)} ${'runs'.padStart(4)} ${'kills'.padStart(6)} ${'in-write'.padStart(8)} ${'acked'.padStart(6)} ${'lost'.padStart(4)} ${'corrupt'.padStart(7)} ${'not-lin'.padStart(7)} ${'inconcl'.padStart(7)} ${'crashes'.padStart(7)} ${'kills/min'.padStart(9)}\n`);
  for (const backend of STRESS_BACKENDS) {
    const t = await soak(backend, kills);
    process.stdout.write(
      `${backend.padEnd(9)} ${String(t.runs).padStart(4)} ${String(t.kills).padStart(6)} ${String(t.inWrite).padStart(8)} ${String(t.acked).padStart(6)} ${String(t.lost).padStart(4)} ${String(t.corrupt).padStart(7)} ${String(t.notLinearizable).padStart(7)} ${String(t.inconclusive).padStart(7)} ${String(t.crashes).padStart(7)} ${((t.kills / t.seconds) * 60).toFixed(0).padStart(9)}   (${t.seconds.toFixed(0)} s)\n`,
    );
    for (const k of t.kept) process.stdout.write(`  kept ${k}\n`);
    const bad = t.lost + t.corrupt + t.notLinearizable + t.crashes;
    process.stdout.write(`  ${bad === 0 ? 'OK' : 'FAILED'}: ${t.lost} lost commits, ${t.corrupt} corrupt stores, ${t.notLinearizable} non-linearizable runs, ${t.crashes} harness crashes\n`);
  }
}
