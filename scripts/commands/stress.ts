/**
 * `grove-check stress`: one multi-process run of the real Grove implementation (impl/concurrency):
 * N client processes against one fs, SQLite or PostgreSQL store, with SIGKILLs and lost replies,
 * judged for linearizability, lost acknowledgements (G6) and store integrity. Exit codes: 0 pass
 * (linearizable, no lost ack, store whole), 1 violation, 2 bad input (or an unreachable server, or a
 * bad environment), 3 inconclusive (the linearizability check ran out of time), 70 the harness failed.
 */
import { InputError, intFlag, parseFlags, printJson } from './_common.ts';
import { formatStressReport, runStress } from '../../impl/concurrency/run.ts';
import { PLANTS, STRESS_BACKENDS, type StressBackend, type StressPlant } from '../../impl/concurrency/stores.ts';
import { PostgresUnreachableError, pgUrl, redact } from '../../impl/remote/postgres/postgres.ts';
import { variantByName } from '../../model/grove/variants/index.ts';

const USAGE = `usage: grove-check stress [--backend fs|sqlite|postgres] [--processes N] [--ops N] [--kills N]
                          [--lost-replies P] [--seed S] [--variant V] [--json] [--timeout SEC] [--keep] [--plant BUG]
                          [--edn FILE] [--report DIR]

Runs N client processes (node, one store connection each) doing random push, force-push and pull
operations with the real client against one shared store, records every remote call with
CLOCK_MONOTONIC times, and checks the merged history for linearizability against the model, then
that no acknowledged commit was lost (G6) and that the store reads back whole.

  --backend B        fs (a directory), sqlite (a database file) or postgres (a fresh schema at
                     GROVE_PG_URL, default ${redact(pgUrl())}); default fs
  --processes N      client processes at once (default 4)
  --ops N            client operations per process (default 20)
  --kills N          SIGKILL a process N times (seeded points; half of them inside a backend write
                     for fs and postgres) and restart it as a new client (default 0)
  --lost-replies P   probability that a reply is lost after the remote applied the call (default 0)
  --seed S           seed of every random choice (default 1); real interleavings still vary
  --variant V        protocol variant by name (default lsn-cas)
  --json             print the report as one JSON object
  --timeout SEC      limit of the concurrent phase (default: none; a run in which no worker makes
                     progress for 60 s fails as a harness error)
  --keep             keep the store and histories (default: only when the run does not pass; a run
                     whose harness fails keeps them always and prints where)
  --edn FILE         also write the merged history as Jepsen EDN (for Knossos or Elle; lin reads it too)
  --report DIR       also write the history's timeline page (as lin --report); both keep the run directory
  --plant BUG        a planted backend bug, to see the check catch it (fs: ${PLANTS.fs.join(', ')};
                     sqlite: ${PLANTS.sqlite.join(', ')}; postgres: ${PLANTS.postgres.join(', ')})

exit codes: 0 linearizable and no lost ack, 1 a violation, 2 bad input or environment (a full disk, an
unwritable directory: the cause and the path), 3 inconclusive, 70 the harness failed (run directory kept)`;

function probability(value: string | undefined): number {
  if (value === undefined) return 0;
  const p = Number(value);
  if (value.trim() === '' || !Number.isFinite(p) || p < 0 || p > 1) throw new InputError(`--lost-replies takes a probability between 0 and 1, got '${value}'`);
  return p;
}

/** Entry point of `grove-check stress`. */
export default async function stress(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      backend: { type: 'string', default: 'fs' },
      processes: { type: 'string' },
      ops: { type: 'string' },
      kills: { type: 'string' },
      'lost-replies': { type: 'string' },
      seed: { type: 'string', default: '1' },
      variant: { type: 'string', default: 'lsn-cas' },
      json: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      keep: { type: 'boolean', default: false },
      plant: { type: 'string' },
      edn: { type: 'string' },
      report: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    USAGE,
  );
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (positionals.length > 0) throw new InputError(`unexpected argument '${positionals[0]}'\n\n${USAGE}`);
  const backend = values.backend as StressBackend;
  if (!STRESS_BACKENDS.includes(backend)) throw new InputError(`--backend must be one of ${STRESS_BACKENDS.join(', ')}, got '${values.backend}'`);
  const plant = values.plant as StressPlant | undefined;
  if (plant !== undefined && !PLANTS[backend].includes(plant)) throw new InputError(`--plant for ${backend} must be one of ${PLANTS[backend].join(', ')}, got '${plant}'`);
  variantByName(values.variant); // a UsageError (exit 2) for an unknown name
  const processes = intFlag('processes', values.processes, 4, 1);
  const ops = intFlag('ops', values.ops, 20, 0);
  const kills = intFlag('kills', values.kills, 0, 0);
  const lostReplies = probability(values['lost-replies']);
  const timeoutSec = values.timeout === undefined ? undefined : intFlag('timeout', values.timeout, 0, 1);
  const log = values.json ? undefined : (line: string) => process.stdout.write(line + '\n');
  try {
    const report = await runStress({
      backend,
      processes,
      ops,
      kills,
      lostReplies,
      seed: values.seed,
      variant: values.variant,
      plant,
      timeoutMs: timeoutSec === undefined ? undefined : timeoutSec * 1000,
      keep: values.keep || values.edn !== undefined || values.report !== undefined ? 'always' : 'on-failure',
      log,
    });
    if (values.json) printJson(report);
    else process.stdout.write(formatStressReport(report) + '\n');
    if (values.edn !== undefined || values.report !== undefined) {
      const { exportHistory } = await import('../../reports/timeline/history.ts');
      for (const line of exportHistory(report.history, { edn: values.edn, report: values.report })) if (!values.json) process.stdout.write(line + '\n');
    }
    return report.verdict === 'pass' ? 0 : report.verdict === 'violation' ? 1 : 3;
  } catch (e) {
    if (e instanceof PostgresUnreachableError) throw new InputError(e.message);
    throw e;
  }
}
