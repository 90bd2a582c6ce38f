/**
 * `grove-check inferno`: runs one harness on a real Inferno store (impl/inferno/, seed 004) and
 * prints the verdict with its witness. Exit codes: 0 pass, 1 bug found, 2 bad input, 3 inconclusive
 * (the linearizability search ran out of time).
 */
import { InputError, intFlag, parseFlags, printJson } from './_common.ts';
import { runInProcess } from '../../impl/inferno/harness/inprocess.ts';
import { runProcesses } from '../../impl/inferno/harness/processes.ts';
import { renderVerdict } from '../../impl/inferno/harness/verdict.ts';
import { STORE_TITLES } from '../../impl/inferno/stores.ts';
import { STORE_NAMES, type StoreName } from '../../impl/inferno/types.ts';
import type { CrashPlan } from '../../impl/inferno/io.ts';

const USAGE = `usage: grove-check inferno [--store S] [--mode M] [--clients N] [--ops N] [--seed S] [--json]

Runs random store/fetchHist/fetch calls from concurrent clients on a real Inferno store (a temporary
directory), then judges the history (linearizability against the sequential spec) and the store at
rest (I1 history, I2 to_head consistency, I3 after a crash).

  --store S        ${STORE_NAMES.join(' | ')} (default current)
${STORE_NAMES.map((n) => `                     ${n.padEnd(11)}${STORE_TITLES[n]}`).join('\n')}
  --mode M         async      N async clients in this process (default)
                   processes  N worker processes on one directory
                   crash      async clients, the process dies before --crash-at, then restarts
  --clients N      clients or worker processes (default 4)
  --ops N          calls per client (default 25)
  --seed S         seed (default 1)
  --scripts N      scripts the clients share (default 1: most contention)
  --schedule K     seeded (default: the seed fixes the interleaving of file calls; replays bit for bit)
                   | free (real concurrent I/O with seeded delays; async and crash modes)
  --crash-at L:N   die before the Nth call labelled L (default append-head:1 in crash mode: between
                   rename and append); in processes mode worker 1 SIGKILLs itself there
  --timeout SEC    linearizability search budget (default 20)
  --json           print the verdict as JSON

exit codes: 0 pass, 1 bug found, 2 bad input, 3 inconclusive`;

function crashPlan(v: string | undefined): CrashPlan | undefined {
  if (v === undefined) return undefined;
  const m = /^([a-z-]+)(?::(\d+))?$/.exec(v.trim());
  if (m === null) throw new InputError(`--crash-at takes LABEL or LABEL:N (e.g. append-head:1), got '${v}'`);
  const nth = m[2] === undefined ? 1 : Number(m[2]);
  if (nth < 1) throw new InputError(`--crash-at: N must be at least 1, got ${nth}`);
  return { label: m[1], nth };
}

/** Entry point of `grove-check inferno`. */
export default async function inferno(argv: string[]): Promise<number> {
  const { values } = parseFlags(
    argv,
    {
      store: { type: 'string' },
      mode: { type: 'string' },
      clients: { type: 'string' },
      ops: { type: 'string' },
      seed: { type: 'string' },
      scripts: { type: 'string' },
      schedule: { type: 'string' },
      'crash-at': { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    USAGE,
    false,
  );
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const store = (values.store ?? 'current') as StoreName;
  if (!STORE_NAMES.includes(store)) throw new InputError(`--store must be one of ${STORE_NAMES.join(', ')}, got '${values.store}'`);
  const mode = values.mode ?? 'async';
  if (mode !== 'async' && mode !== 'processes' && mode !== 'crash') throw new InputError(`--mode must be async, processes or crash, got '${mode}'`);
  const schedule = values.schedule ?? 'seeded';
  if (schedule !== 'seeded' && schedule !== 'free') throw new InputError(`--schedule must be seeded or free, got '${schedule}'`);
  if (mode === 'processes' && values.schedule !== undefined) throw new InputError('--schedule applies to async and crash modes; processes are always free-running');
  const clients = intFlag('clients', values.clients, 4, 1);
  if (clients > 64) throw new InputError(`--clients must be at most 64, got ${clients}`);
  const ops = intFlag('ops', values.ops, 25, 1);
  const seed = intFlag('seed', values.seed, 1, 0);
  const scripts = intFlag('scripts', values.scripts, 1, 1);
  const timeoutMs = intFlag('timeout', values.timeout, 20, 1) * 1000;
  let crash = crashPlan(values['crash-at']);
  if (mode === 'crash' && crash === undefined) crash = { label: 'append-head', nth: 1 };
  if (mode === 'async' && crash !== undefined) throw new InputError('--crash-at needs --mode crash or --mode processes');
  const r =
    mode === 'processes'
      ? await runProcesses({ store, workers: clients, ops, seed, scripts, crash, timeoutMs })
      : await runInProcess({ store, clients, ops, seed, scripts, schedule, crash, timeoutMs });
  if (values.json) printJson(r.verdict);
  else process.stdout.write(renderVerdict(r.verdict) + '\n');
  return r.verdict.outcome === 'pass' ? 0 : r.verdict.outcome === 'violation' ? 1 : 3;
}
