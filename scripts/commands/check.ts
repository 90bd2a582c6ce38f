/**
 * `grove-check check`: explores a model and prints a verdict (pass, violation with its minimal
 * schedule, or inconclusive with the budget that ran out). Exit codes: 0 pass, 1 violation,
 * 2 bad input, 3 inconclusive.
 */
import { relative } from 'node:path';
import { familyByName } from '../../model/registry.ts';
import { isVariantPath, resolveVariant } from '../../model/core/model.ts';
import { check, type CheckOptions } from '../../checker/check.ts';
import { exitCode, type Outcome, type Strategy } from '../../checker/outcome.ts';
import { checkCommand, saveViolation } from '../../checker/save.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { InputError, intFlag, parseFlags, printJson } from './_common.ts';
import { UsageError, type Model } from '../../model/core/model.ts';
import { MODEL_OPTIONS, readOptions, readSetting } from '../../model/core/options.ts';
import { progressPrinter } from './_progress.ts';
import { describeViolation } from '../../reports/text/outcome.ts';
import { AGAINST_USAGE } from '../../impl/harness/usage.ts';

/** The usage lines of the model options named, from their schema (`model/core/options.ts`). */
function usageLines(names: readonly string[]): string {
  return names
    .map((n) => MODEL_OPTIONS.find((o) => o.name === n)!)
    .map((o) => {
      const flag = `--${o.flag}${o.arg !== undefined ? ` ${o.arg}` : ''}`;
      return `  ${flag.length >= 18 ? `${flag}  ` : flag.padEnd(20)}${o.help}`;
    })
    .join('\n');
}

export const USAGE = `usage: grove-check check [options]

Explores a model and reports pass, violation (with the minimal schedule as Actor Op Result rows
and the command that replays it) or inconclusive (with the budget that ran out).

  --model NAME        model family (default grove; see grove-check list)
${usageLines(['variant', 'actors', 'ops', 'program'])}
  --strategy S        bfs (shortest counterexample, default), dfs, random (fast-check, shrunk),
                      pct (probabilistic concurrency testing), preemption (DFS with a preemption
                      bound), deep (PCT depths and preemption bounds interleaved, no depth or
                      bound to choose), fast (compiled breadth-first engine for grove)
  --symmetry          fast: one state per orbit of interchangeable actors
  --por               fast: partial-order reduction
  --bitstate BITS     fast: a 2^BITS-bit seen set (bounded memory; the risk is printed)
  --workers N         fast: search each level across N worker threads (same results)
  --pct-depth D       pct: bug depth d (d-1 priority change points per run; default 2)
  --preemptions K     preemption: at most K preemptions per schedule (default 2)
  --runs N            random: schedules to run (default 1000)
  --seed S            random: seed (default 1); printed with every result
  --max-states N      stop as inconclusive after N distinct states (default 5000000)
  --max-depth N       do not extend schedules past N steps
  --timeout SEC       stop as inconclusive after SEC seconds (0: no limit, as for lin)
${usageLines(['maxLostReplies', 'maxCrashes', 'maxFaults', 'collide'])}
  --strict            advisory properties (G7, D1) fail the check too
  --only IDS          check only these properties, comma-separated (e.g. G6 or G7,D1)
  --set KEY=VALUE     a model option without a flag of its own (repeatable; e.g. memo epochs=2)
  --save DIR          write a violation as a scenario file in DIR (replay reads it back), and its ITF
                      trace beside it (NAME.itf.json)
  --itf FILE          write a violation as an ITF trace (Informal Trace Format, Quint/Apalache JSON)
  --report DIR        write an HTML report of a violation in DIR
  --json              print one JSON object instead of text
  --quiet             no progress line
${AGAINST_USAGE}

exit codes: 0 pass, 1 violation, 2 bad input, 3 inconclusive`;

const FLAGS = {
  model: { type: 'string' },
  ...(Object.fromEntries(MODEL_OPTIONS.map((o) => [o.flag, { type: o.type === 'boolean' ? 'boolean' : 'string' }])) as Record<'variant' | 'actors' | 'ops' | 'program' | 'max-lost-replies' | 'max-crashes' | 'max-faults', { type: 'string' }> & { collide: { type: 'boolean' } }),
  strategy: { type: 'string' },
  runs: { type: 'string' },
  seed: { type: 'string' },
  'max-states': { type: 'string' },
  'max-depth': { type: 'string' },
  timeout: { type: 'string' },
  strict: { type: 'boolean' },
  only: { type: 'string' },
  set: { type: 'string', multiple: true },
  symmetry: { type: 'boolean' },
  por: { type: 'boolean' },
  bitstate: { type: 'string' },
  workers: { type: 'string' },
  'pct-depth': { type: 'string' },
  preemptions: { type: 'string' },
  save: { type: 'string' },
  report: { type: 'string' },
  itf: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  against: { type: 'string' },
  split: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The model options as `check` takes them: a check of no actors checks nothing, so `--actors 0` is refused. */
const CHECK_OPTIONS = MODEL_OPTIONS.map((o) => (o.name === 'actors' ? { ...o, min: 1 } : o));

/** Bounds of the search flags (the model options' bounds are in their schema): checked before any work. */
const MAX_RUNS = 1_000_000_000;
const MAX_STATES = 1_000_000_000_000;
const MAX_DEPTH = 1_000_000;
const MAX_TIMEOUT = 31_536_000;
const MAX_SEED = 2 ** 32 - 1;

const STRATEGIES: readonly string[] = ['bfs', 'dfs', 'random', 'pct', 'preemption', 'deep', 'fast'];

export default async function checkCmd(argv: string[]): Promise<number> {
  const { values: v } = parseFlags(argv, FLAGS, USAGE, false);
  if (v.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const strategy = (v.strategy ?? (v.against !== undefined ? 'random' : 'bfs')) as Strategy;
  if (!STRATEGIES.includes(strategy)) throw new InputError(`--strategy must be one of ${STRATEGIES.join(', ')}, got '${strategy}'`);
  for (const flag of ['symmetry', 'por', 'bitstate', 'workers'] as const) {
    if (v[flag] !== undefined && strategy !== 'fast') throw new InputError(`--${flag} is an option of --strategy fast`);
  }
  const family = familyByName(v.model ?? 'grove');
  // A variant file is loaded by the family (a capability) and then built by name like any other.
  const variant = await resolveVariant(family, v.variant);
  const { top, extra } = readOptions(
    (o) => (o.name === 'variant' ? undefined : (v[o.flag as keyof typeof v] as string | boolean | undefined)),
    (o) => `--${o.flag}`,
    CHECK_OPTIONS,
  );
  for (const p of v.set ?? []) {
    const [key, value] = readSetting(p, '--set', family.options);
    extra[key] = value;
  }
  const options = { variant, actors: top.actors as number | undefined, ops: top.ops as number | undefined, extra };
  const model = family.build(options);
  return run(model, v, strategy);
}

async function run(model: ReturnType<ReturnType<typeof familyByName>["build"]>, v: Record<string, string | string[] | boolean | undefined>, strategy: Strategy): Promise<number> {
  if (v.against !== undefined) {
    const against = model.capabilities?.against;
    if (against === undefined) throw new UsageError(`--against: model '${model.name}' offers no implementation to run beside it`);
    return against.check(model, { ...v, strategy });
  }
  const seed = intFlag('seed', v.seed as string | undefined, 1, 0, MAX_SEED);
  // Every search flag is read (and range-checked) before anything is printed or explored.
  const search = {
    strategy,
    seed,
    runs: intFlag('runs', v.runs as string | undefined, 1000, 1, MAX_RUNS),
    maxStates: v['max-states'] === undefined ? undefined : intFlag('max-states', v['max-states'] as string, 0, 1, MAX_STATES),
    maxDepth: v['max-depth'] === undefined ? undefined : intFlag('max-depth', v['max-depth'] as string, 0, 1, MAX_DEPTH),
    // --timeout 0 means no limit, as for `lin`.
    timeoutSeconds: v.timeout === undefined || intFlag('timeout', v.timeout as string, 0, 0, MAX_TIMEOUT) === 0 ? undefined : intFlag('timeout', v.timeout as string, 0, 0, MAX_TIMEOUT),
    strict: v.strict === true,
    only: typeof v.only === 'string' ? v.only.split(',').map((x) => x.trim()).filter(Boolean) : undefined,
    // Strategy-specific options (FastOptions, PctOptions, PreemptionOptions).
    ...(v.symmetry ? { symmetry: true } : {}),
    ...(v.por ? { por: true } : {}),
    ...(v.bitstate !== undefined ? { bitstate: intFlag('bitstate', v.bitstate as string, 0, 10, 35) } : {}),
    ...(v.workers !== undefined ? { workers: intFlag('workers', v.workers as string, 1, 1, 64) } : {}),
    ...(v['pct-depth'] !== undefined ? { depth: intFlag('pct-depth', v['pct-depth'] as string, 2, 1, MAX_DEPTH) } : {}),
    ...(v.preemptions !== undefined ? { preemptions: intFlag('preemptions', v.preemptions as string, 2, 0, MAX_DEPTH) } : {}),
  } as CheckOptions;
  const json = v.json === true;
  const settings = Object.entries({ ...model.config, strategy, ...(strategy === 'random' ? { seed } : {}) }).map(([k, x]) => `${k}=${x}`).join(' ');
  if (!json) process.stdout.write(`grove-check: model=${model.name} ${settings}\n`);
  const progress = !json && !v.quiet && process.stderr.isTTY ? progressPrinter() : undefined;
  const outcome: Outcome = check(model, { ...search, onProgress: progress?.update });
  progress?.done();
  // A variant read from a file is named by its path in what replays the result (command and saved file).
  if (typeof v.variant === 'string' && isVariantPath(v.variant) && outcome.outcome === 'violation') outcome.variant = v.variant;
  let saved: string | undefined;
  if (outcome.outcome === 'violation' && typeof v.save === 'string') saved = saveViolation(outcome, v.save);
  let itf: string | undefined;
  if (outcome.outcome === 'violation' && (saved !== undefined || typeof v.itf === 'string')) {
    const { itfBeside, writeViolationItf } = await import('../../interchange/itf/command.ts');
    if (saved !== undefined) writeViolationItf(outcome, itfBeside(saved));
    if (typeof v.itf === 'string') itf = writeViolationItf(outcome, v.itf);
  }
  let report: string | undefined;
  if (outcome.outcome === 'violation' && typeof v.report === 'string') report = await writeReportFor(model, outcome, v.report, saved);
  const replay = outcome.outcome === 'violation' ? (saved ? `grove-check replay ${relative(process.cwd(), saved)}` : checkCommand(outcome)) : undefined;
  if (json) {
    printJson({
      ...outcome,
      ...(outcome.outcome === 'violation' ? { rows: outcome.rows.map(printRow), replay, saved, report, ...(itf !== undefined ? { itf } : {}) } : { property: null, rows: [] }),
    });
  } else {
    const forest = outcome.outcome === 'violation' ? await forestAfter(model, outcome.path) : undefined;
    process.stdout.write(describeViolation(model, outcome, replay, saved, report, forest));
    if (itf !== undefined) process.stdout.write(`  itf trace: ${itf} (grove-check replay ${itf})\n`);
  }
  return exitCode(outcome);
}

/** The picture (ASCII) after the steps of a violation, drawn by the model's picture (`reports/pictures/`). */
async function forestAfter(model: Model<unknown>, path: readonly number[]): Promise<string | undefined> {
  const { asciiPictureFor } = await import('../../reports/index.ts');
  const state = path.reduce((s, i) => model.step(s, i).next, model.initial());
  return asciiPictureFor(model, state);
}

/** Writes the HTML report when the reports module is present. */
async function writeReportFor(model: unknown, outcome: Outcome, dir: string, saved?: string): Promise<string> {
  const mod = (await import('../../reports/index.ts')) as { writeReport: (input: unknown, dir: string) => Promise<{ html: string }> };
  const replayCommand = saved ? `grove-check replay ${relative(process.cwd(), saved)}` : outcome.outcome === 'violation' ? checkCommand(outcome) : '';
  const r = await mod.writeReport({ model, outcome, replayCommand }, dir);
  return r.html;
}
