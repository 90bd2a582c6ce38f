/**
 * The `--against impl:memory|impl:fs|impl:sqlite|impl:postgres` option of `grove-check check` and `grove-check
 * replay`: the logic lives here so that the commands only parse the flag and call in.
 *
 * - `check --against impl:B` runs the random strategy (fast-check, shrunk, 1-minimal) with every
 *   schedule run against the model and a fresh store of backend B side by side (`random.ts`); a
 *   divergence is a violation of `L`. `--split` also splits calls at the backend's yield points.
 *   A violation saved with `--save` is a scenario with `against:` (and, when split, `split:` and
 *   `picks:`) headers, an `expect:` line that holds for the model alone, and a replay command with
 *   `--against`.
 * - `replay --against impl:B` also runs each program-driven scenario's schedule against backend B.
 */
import { relative } from 'node:path';
import { UsageError, type Model } from '../../model/core/model.ts';
import type { GroveModel } from '../../model/grove/model.ts';
import { exitCode, type Violation } from '../../checker/outcome.ts';
import { checkCommand, violationScenario, writeUnclobbered } from '../../checker/save.ts';
import { printRow, printScenarioFile } from '../../scenarios/notation/print.ts';
import type { Header, Scenario } from '../../scenarios/notation/types.ts';
import { readScenarioFileSync } from '../../scenarios/notation/index.ts';
import { runScenario, scenarioName, variantsOf } from '../../checker/scenarios.ts';
import { backendKind, PostgresUnreachableError, StoreUsageError, type BackendKind } from '../remote/index.ts';
import { checkAgainst, type ImplOutcome } from './random.ts';
import { DEFAULT_IMPL_RUNS } from './usage.ts';
import { replayAgainst, type ImplReplay } from './replay.ts';
import { HarnessError } from '../testkit/errors.ts';
import { formatAgainstRun, settingsLine, writeOut } from '../../reports/impl/against.ts';

export { AGAINST_USAGE } from './usage.ts';

/** Parses `impl:memory|impl:fs|impl:sqlite|impl:postgres`, as a UsageError (exit 2) when it is anything else. */
export function parseAgainst(text: string): BackendKind {
  if (!text.startsWith('impl:')) throw new UsageError(`--against takes impl:memory, impl:fs, impl:sqlite or impl:postgres, got '${text}'`);
  try {
    return backendKind(text);
  } catch (e) {
    throw new UsageError(e instanceof StoreUsageError ? e.message : String(e));
  }
}

const int = (name: string, v: unknown, fallback: number, min = 0): number => {
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !/^\d+$/.test(v.trim()) || Number(v) < min) throw new UsageError(`--${name} takes a whole number ≥ ${min}, got '${String(v)}'`);
  return Number(v);
};

/** The command that reproduces an outcome against an implementation. */
export function againstCommand(o: ImplOutcome): string {
  if (o.outcome !== 'violation') return '';
  return `${checkCommand(o)} --against ${String(o.config.against)}${o.config.split ? ' --split' : ''}`;
}

/**
 * The scenario an implementation's violation saves as: `violationScenario`'s headers with `expect:`
 * replaced by the model's own verdict on these rows (so that `replay FILE` passes and
 * `replay FILE --against impl:B` reproduces the finding), plus `against:` and, for split runs,
 * `split:` and `picks:`.
 */
export function implViolationScenario(v: Violation & ImplOutcome, name: string): Scenario {
  const base = violationScenario(v, name);
  const extra: Header[] = [{ key: 'against', value: String(v.config.against) }];
  if (v.config.split) extra.push({ key: 'split', value: 'true' }, { key: 'picks', value: (v.picks ?? []).join(' ') });
  const without = { ...base, headers: base.headers.filter((h) => h.key !== 'expect') };
  let expect: string | undefined;
  try {
    expect = runScenario(without).verdict;
  } catch {
    expect = undefined; // the implementation made a call the model's program does not make: no model verdict
  }
  const headers = base.headers.flatMap((h): Header[] => {
    if (h.key === 'expect') return expect === undefined ? [] : [{ key: 'expect', value: expect }];
    if (h.key === 'replay') return [...extra, { key: 'replay', value: againstCommand(v) }];
    return [h];
  });
  return { ...base, headers };
}

/** Writes an implementation's violation as a scenario file in `dir`, never overwriting another file. */
export function saveImplViolation(v: Violation & ImplOutcome, dir: string): string {
  const c = v.config;
  const base = [v.model, v.variant, v.property, `${c.actors}x${c.ops}`, String(c.against).replace(':', '-')].filter(Boolean).join('-');
  return writeUnclobbered(dir, base, (name) => printScenarioFile({ scenarios: [implViolationScenario(v, name)] }));
}

/** What `check --against` found: the outcome and what the text or JSON output says about it. */
export interface AgainstRun {
  readonly model: Model<any>;
  /** `model=… against=… strategy=random seed=…`. */
  readonly settings: string;
  readonly outcome: ImplOutcome;
  /** The command that reproduces a violation. */
  readonly replay?: string;
  /** Where `--save` wrote the violation. */
  readonly saved?: string;
  readonly json: boolean;
}

/**
 * `check --against`, as data: flags as `check` parsed them. An unreachable PostgreSQL server
 * (`impl:postgres`) is a UsageError (exit 2) naming the URL and how to start it.
 */
export async function runCheckAgainst(model: GroveModel, v: Record<string, string | boolean | undefined>): Promise<AgainstRun> {
  const { backend, seed, runs, settings } = prepare(model, v);
  const outcome = await checkAgainst(model, {
    backend,
    seed,
    runs,
    split: v.split === true,
    strict: v.strict === true,
    maxDepth: v['max-depth'] === undefined ? undefined : int('max-depth', v['max-depth'], 0, 1),
    timeoutSeconds: v.timeout === undefined ? undefined : int('timeout', v.timeout, 0, 1),
  }).catch((e: unknown) => {
    if (e instanceof HarnessError || e instanceof PostgresUnreachableError) throw new UsageError(e.message);
    throw e;
  });
  let saved: string | undefined;
  if (outcome.outcome === 'violation' && typeof v.save === 'string') saved = saveImplViolation(outcome, v.save);
  const replay = outcome.outcome === 'violation' ? (saved ? `grove-check replay ${relative(process.cwd(), saved)} --against impl:${backend}` : againstCommand(outcome)) : undefined;
  return { model, settings, outcome, replay, saved, json: v.json === true };
}

/** Checks the flags (UsageError, exit 2) and derives the settings line. */
function prepare(model: Model<any>, v: Record<string, string | boolean | undefined>): { backend: BackendKind; seed: number; runs: number; settings: string } {
  const backend = parseAgainst(String(v.against));
  if (v.strategy !== undefined && v.strategy !== 'random') throw new UsageError(`--against runs the random strategy only, not ${String(v.strategy)}`);
  const seed = int('seed', v.seed, 1);
  const runs = int('runs', v.runs, DEFAULT_IMPL_RUNS, 1);
  const settings = Object.entries({ ...model.config, against: `impl:${backend}`, ...(v.split ? { split: true } : {}), strategy: 'random', seed }).map(([k, x]) => `${k}=${x}`).join(' ');
  return { backend, seed, runs, settings };
}

/**
 * `check --against`: runs {@link runCheckAgainst} and hands the text (`reports/impl/against.ts`) to
 * `write` (the command's output; the settings line first, so that a long run shows what it runs).
 * Returns the exit code.
 */
export async function checkAgainstCommand(model: GroveModel, v: Record<string, string | boolean | undefined>, write: (text: string) => void = writeOut): Promise<number> {
  if (v.json !== true) write(settingsLine(model.name, prepare(model, v).settings));
  const run = await runCheckAgainst(model, v);
  write(formatAgainstRun(run));
  return exitCode(run.outcome);
}

/** One scenario's verdict against an implementation, for `replay --against`. */
export interface ImplReplayLine {
  readonly file: string;
  readonly scenario: string;
  readonly variant: string;
  readonly against: string;
  readonly verdict: string;
  /** False when the implementation diverged from the model or broke a property the model does not. */
  readonly asExpected: boolean;
  readonly message?: string;
  readonly rows?: readonly string[];
}

function lineOf(file: string, scenario: string, variant: string, against: string, r: ImplReplay, modelVerdict: string): ImplReplayLine {
  if (r.verdict === 'skipped') return { file, scenario, variant, against, verdict: 'skipped', asExpected: true, message: r.reason };
  if (r.verdict === 'agrees') return { file, scenario, variant, against, verdict: 'agrees with the model', asExpected: true };
  const f = r.run.finding!;
  const same = f.source !== 'divergence' && modelVerdict === `violation(${f.property})`;
  return {
    file,
    scenario,
    variant,
    against,
    verdict: `violation(${f.property}) at row ${f.atRow}${same ? ', as the model' : ''}`,
    asExpected: same,
    message: f.message,
    rows: r.run.rows.map(printRow),
  };
}

/**
 * `replay --against`: every scenario of `files` against backend `against`, for its variants. An
 * unreachable PostgreSQL server is a UsageError (exit 2) naming the URL, as for `check --against`.
 */
export async function replayAgainstFiles(files: readonly string[], o: { readonly against: string; readonly variant?: string; readonly strict?: boolean }): Promise<ImplReplayLine[]> {
  const backend = parseAgainst(o.against);
  const out: ImplReplayLine[] = [];
  for (const file of files) {
    const parsed = readScenarioFileSync(file);
    for (const [i, s] of parsed.scenarios.entries()) {
      for (const variant of o.variant ? [o.variant] : variantsOf(s)) {
        const model = runScenario(s, variant, o.strict === true);
        const r = await replayAgainst(s, backend, { variant, strict: o.strict }).catch((e: unknown) => {
          if (e instanceof PostgresUnreachableError) throw new UsageError(e.message);
          throw e;
        });
        out.push(lineOf(file, scenarioName(s, i), model.variant, `impl:${backend}`, r, model.verdict));
      }
    }
  }
  return out;
}

/** The terminal lines of `replayAgainstFiles`' results. */
export function describeImplLines(lines: readonly ImplReplayLine[]): string {
  const out: string[] = [];
  for (const l of lines) {
    const mark = l.verdict === 'skipped' ? 'skip' : l.asExpected ? 'ok  ' : 'FAIL';
    out.push(`${mark} ${l.file} ${l.scenario} [${l.variant}] ${l.against}: ${l.verdict}${l.verdict === 'skipped' ? ` (${l.message})` : ''}`);
    if (!l.asExpected) {
      if (l.message) out.push(`       ${l.message}`);
      for (const r of l.rows ?? []) out.push(`       ${r}`);
    }
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}
