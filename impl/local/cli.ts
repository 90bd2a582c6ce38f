/**
 * `grove-check check --model grove-local --against impl:memory|impl:fs|impl:sqlite`: the grove-local
 * model side by side with the three-log client implementation (`harness.ts`), random schedules
 * (`check.ts`), printed like any other check. `--set plant=NAME` plants one of the client bugs
 * (`watermark-snapshot`, `stale-write`, `early-equivalence`) in the implementation; `--report DIR`
 * draws the model's states along a violation's schedule. Not supported here: `--split` (no call of
 * this protocol has a yield point the schedule needs) and `--save` (a divergence is not a property
 * the model alone can replay) and `impl:postgres` (the local stores have no PostgreSQL backend yet).
 */
import { relative } from 'node:path';
import { UsageError, type Model } from '../../model/core/model.ts';
import type { LocalModel } from '../../model/grove-local/model.ts';
import { exitCode } from '../../checker/outcome.ts';
import { parseAgainst } from '../harness/cli.ts';
import { HarnessError } from '../testkit/errors.ts';
import { formatAgainstRun, settingsLine, writeOut } from '../../reports/impl/against.ts';
import { checkLocalAgainst, DEFAULT_LOCAL_RUNS, type LocalOutcome } from './check.ts';
import { LOCAL_PLANTS, type LocalPlant } from './client.ts';
import { requireLocalBackend } from './store/index.ts';
import { StoreUsageError } from '../remote/errors.ts';

const int = (name: string, v: unknown, fallback: number, min = 0): number => {
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !/^\d+$/.test(v.trim()) || Number(v) < min) throw new UsageError(`--${name} takes a whole number ≥ ${min}, got '${String(v)}'`);
  return Number(v);
};

/** The command that reruns a side-by-side check. */
export function localAgainstCommand(o: LocalOutcome, model: LocalModel): string {
  const c = model.config;
  const parts = ['grove-check check --model grove-local', `--variant ${model.variant}`, `--actors ${c.actors}`, `--ops ${c.ops}`, `--set pages=${c.pages}`];
  if (o.config.plant !== undefined) parts.push(`--set plant=${o.config.plant}`);
  parts.push(`--against ${o.config.against}`, `--seed ${o.seed}`, `--runs ${o.bounds.runs}`);
  return parts.join(' ');
}

/** The planted bug named by `--set plant=NAME`, if any. */
export function plantOf(set: unknown): LocalPlant | undefined {
  const pairs = Array.isArray(set) ? (set as string[]) : [];
  const p = pairs.map((x) => /^plant=(.*)$/.exec(x)?.[1]).find((x) => x !== undefined);
  if (p === undefined) return undefined;
  if (!(LOCAL_PLANTS as readonly string[]).includes(p)) throw new UsageError(`--set plant= takes one of ${LOCAL_PLANTS.join(', ')}, got '${p}'`);
  return p as LocalPlant;
}

/** What `check --model grove-local --against` found. */
export interface LocalAgainstRun {
  readonly model: Model<any>;
  readonly outcome: LocalOutcome;
  readonly replay?: string;
  /** The HTML report of a violation (`--report DIR`). */
  readonly report?: string;
  readonly json: boolean;
}

/** Checks the flags (UsageError, exit 2) and derives the settings line. */
function prepare(model: Model<any>, v: Record<string, string | string[] | boolean | undefined>): { backend: ReturnType<typeof parseAgainst>; settings: string } {
  const backend = parseAgainst(String(v.against));
  try {
    requireLocalBackend(backend);
  } catch (e) {
    throw e instanceof StoreUsageError ? new UsageError(e.message) : e;
  }
  if (v.strategy !== undefined && v.strategy !== 'random') throw new UsageError(`--against runs the random strategy only, not ${String(v.strategy)}`);
  if (v.split === true) throw new UsageError('--split does not apply to grove-local (its remote calls have no yield point a schedule needs)');
  if (typeof v.save === 'string') throw new UsageError('--save is not supported with --model grove-local --against (a divergence is not a property the model alone replays); use --report');
  plantOf(v.set);
  const seed = int('seed', v.seed, 1);
  int('runs', v.runs, DEFAULT_LOCAL_RUNS, 1);
  const settings = Object.entries({ ...model.config, against: `impl:${backend}`, strategy: 'random', seed }).map(([k, x]) => `${k}=${x}`).join(' ');
  return { backend, settings };
}

/** `check --model grove-local --against impl:B`, as data: flags as `check` parsed them. */
export async function runLocalAgainst(model: LocalModel, v: Record<string, string | string[] | boolean | undefined>): Promise<LocalAgainstRun> {
  const { backend } = prepare(model, v);
  const m = model;
  const plant = plantOf(v.set);
  const seed = int('seed', v.seed, 1);
  const runs = int('runs', v.runs, DEFAULT_LOCAL_RUNS, 1);
  const outcome = await checkLocalAgainst(m, {
    backend,
    plant,
    seed,
    runs,
    strict: v.strict === true,
    maxDepth: v['max-depth'] === undefined ? undefined : int('max-depth', v['max-depth'], 0, 1),
    timeoutSeconds: v.timeout === undefined ? undefined : int('timeout', v.timeout, 0, 1),
  }).catch((e: unknown) => {
    if (e instanceof HarnessError) throw new UsageError(e.message);
    throw e;
  });
  const replay = outcome.outcome === 'violation' ? localAgainstCommand(outcome, m) : undefined;
  let report: string | undefined;
  if (outcome.outcome === 'violation' && typeof v.report === 'string') {
    const { writeLocalReport } = await import('../../reports/local/report.ts');
    report = relative(process.cwd(), (await writeLocalReport(m, outcome, replay ?? '', v.report)).html);
  }
  return { model, outcome, replay, report, json: v.json === true };
}

/**
 * `check --model grove-local --against impl:B`: runs {@link runLocalAgainst} and hands the text
 * (`reports/impl/against.ts`) to `write` (the command's output). Returns the exit code.
 */
export async function checkLocalAgainstCommand(model: LocalModel, v: Record<string, string | string[] | boolean | undefined>, write: (text: string) => void = writeOut): Promise<number> {
  const { settings } = prepare(model, v);
  if (v.json !== true) write(settingsLine(model.name, settings));
  const run = await runLocalAgainst(model, v);
  write(formatAgainstRun(run));
  return exitCode(run.outcome);
}
