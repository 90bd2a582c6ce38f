/**
 * `grove-check check`: explores a model and prints a verdict (pass, violation with its minimal
 * schedule, or inconclusive with the budget that ran out). Exit codes: 0 pass, 1 violation,
 * 2 bad input, 3 inconclusive.
 */
import { relative } from 'node:path';
import { familyByName } from '../../model/registry.ts';
import { check, type CheckOptions } from '../../checker/check.ts';
import { exitCode, type Outcome, type Strategy } from '../../checker/outcome.ts';
import { checkCommand, saveViolation } from '../../checker/save.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { InputError, intFlag, parseFlags, printJson } from './_common.ts';
import { progressPrinter } from './_progress.ts';
import { describeViolation } from './_describe.ts';
import { AGAINST_USAGE } from '../../impl/harness/cli.ts';

export const USAGE = `usage: grove-check check [options]

Explores a model and reports pass, violation (with the minimal schedule as Actor Op Result rows
and the command that replays it) or inconclusive (with the budget that ran out).

  --model NAME        model family (default grove; see grove-check list)
  --variant V         protocol variant, or a path to a variant file (default: the model's)
  --actors N          program-driven actors (default: the model's; grove 3)
  --ops N             client ops per actor (default: the model's; grove 2)
  --program OPS       client ops, comma-separated, cycled per actor (grove: push, force-push, pull)
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
  --timeout SEC       stop as inconclusive after SEC seconds
  --max-lost-replies N  grove: at most N replies lost per schedule (the remote applied the op)
  --max-crashes N     grove: at most N actor crashes (and restarts) per schedule
  --max-faults N      grove: at most N faults of either kind (default: the sum of the two)
  --collide           grove: every actor's k-th commit has the same content (same identity)
  --strict            advisory properties (G7, D1) fail the check too
  --only IDS          check only these properties, comma-separated (e.g. G6 or G7,D1)
  --set KEY=VALUE     a model option without a flag of its own (repeatable; e.g. memo epochs=2)
  --save DIR          write a violation as a scenario file in DIR (replay reads it back)
  --report DIR        write an HTML report of a violation in DIR
  --json              print one JSON object instead of text
  --quiet             no progress line
${AGAINST_USAGE}

exit codes: 0 pass, 1 violation, 2 bad input, 3 inconclusive`;

const FLAGS = {
  model: { type: 'string' },
  variant: { type: 'string' },
  actors: { type: 'string' },
  ops: { type: 'string' },
  program: { type: 'string' },
  strategy: { type: 'string' },
  runs: { type: 'string' },
  seed: { type: 'string' },
  'max-states': { type: 'string' },
  'max-depth': { type: 'string' },
  timeout: { type: 'string' },
  'max-lost-replies': { type: 'string' },
  'max-crashes': { type: 'string' },
  'max-faults': { type: 'string' },
  collide: { type: 'boolean' },
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
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  against: { type: 'string' },
  split: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

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
  let variant = v.variant;
  if (variant !== undefined && /[/\\]|\.[cm]?[tj]s$/.test(variant) && family.name === 'grove') {
    const { loadVariant } = await import('../../model/grove/variants/index.ts');
    const { groveModel } = await import('../../model/grove/model.ts');
    const loaded = await loadVariant(variant);
    return run(groveModel({ variant: loaded, actors: intFlag('actors', v.actors, 3), ops: intFlag('ops', v.ops, 2), program: v.program?.split(',') as never }), v, strategy);
  }
  const model = family.build({
    variant,
    actors: v.actors === undefined ? undefined : intFlag('actors', v.actors, 0),
    ops: v.ops === undefined ? undefined : intFlag('ops', v.ops, 0),
    extra: {
      ...(v.program === undefined ? {} : { program: v.program }),
      ...(v['max-lost-replies'] === undefined ? {} : { maxLostReplies: intFlag('max-lost-replies', v['max-lost-replies'], 0) }),
      ...(v['max-crashes'] === undefined ? {} : { maxCrashes: intFlag('max-crashes', v['max-crashes'], 0) }),
      ...(v['max-faults'] === undefined ? {} : { maxFaults: intFlag('max-faults', v['max-faults'], 0) }),
      ...(v.collide ? { collide: true } : {}),
      ...setOptions(v.set),
    },
  });
  return run(model, v, strategy);
}

/** `--set key=value` pairs as model options: numbers and booleans parsed, the rest kept as text. */
function setOptions(pairs: string[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const p of pairs ?? []) {
    const m = /^([A-Za-z][\w-]*)=(.*)$/.exec(p);
    if (m === null) throw new InputError(`--set takes KEY=VALUE, got '${p}'`);
    const v = m[2];
    out[m[1]] = /^-?\d+$/.test(v) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v;
  }
  return out;
}

async function run(model: ReturnType<ReturnType<typeof familyByName>["build"]>, v: Record<string, string | string[] | boolean | undefined>, strategy: Strategy): Promise<number> {
  if (v.against !== undefined && model.name === 'grove-local') return (await import('../../impl/local/cli.ts')).checkLocalAgainstCommand(model, { ...v, strategy });
  if (v.against !== undefined) return (await import('../../impl/harness/cli.ts')).checkAgainstCommand(model, { ...v, strategy });
  const seed = intFlag('seed', v.seed as string | undefined, 1);
  const json = v.json === true;
  const settings = Object.entries({ ...model.config, strategy, ...(strategy === 'random' ? { seed } : {}) }).map(([k, x]) => `${k}=${x}`).join(' ');
  if (!json) process.stdout.write(`grove-check: model=${model.name} ${settings}\n`);
  const progress = !json && !v.quiet && process.stderr.isTTY ? progressPrinter() : undefined;
  const outcome: Outcome = check(model, {
    strategy,
    seed,
    runs: intFlag('runs', v.runs as string | undefined, 1000, 1),
    maxStates: v['max-states'] === undefined ? undefined : intFlag('max-states', v['max-states'] as string, 0, 1),
    maxDepth: v['max-depth'] === undefined ? undefined : intFlag('max-depth', v['max-depth'] as string, 0, 1),
    timeoutSeconds: v.timeout === undefined ? undefined : intFlag('timeout', v.timeout as string, 0, 1),
    strict: v.strict === true,
    only: typeof v.only === 'string' ? v.only.split(',').map((x) => x.trim()).filter(Boolean) : undefined,
    onProgress: progress?.update,
    // Strategy-specific options (FastOptions, PctOptions, PreemptionOptions).
    ...(v.symmetry ? { symmetry: true } : {}),
    ...(v.por ? { por: true } : {}),
    ...(v.bitstate !== undefined ? { bitstate: intFlag('bitstate', v.bitstate as string, 0, 10) } : {}),
    ...(v.workers !== undefined ? { workers: intFlag('workers', v.workers as string, 1, 1) } : {}),
    ...(v['pct-depth'] !== undefined ? { depth: intFlag('pct-depth', v['pct-depth'] as string, 2, 1) } : {}),
    ...(v.preemptions !== undefined ? { preemptions: intFlag('preemptions', v.preemptions as string, 2, 0) } : {}),
  } as CheckOptions);
  progress?.done();
  let saved: string | undefined;
  if (outcome.outcome === 'violation' && typeof v.save === 'string') saved = saveViolation(outcome, v.save);
  let report: string | undefined;
  if (outcome.outcome === 'violation' && typeof v.report === 'string') report = await writeReportFor(model, outcome, v.report, saved);
  const replay = outcome.outcome === 'violation' ? (saved ? `grove-check replay ${relative(process.cwd(), saved)}` : checkCommand(outcome)) : undefined;
  if (json) {
    printJson({
      ...outcome,
      ...(outcome.outcome === 'violation' ? { rows: outcome.rows.map(printRow), replay, saved, report } : { property: null, rows: [] }),
    });
  } else {
    const forest = outcome.outcome === 'violation' ? await forestAfter(model, outcome.path) : undefined;
    process.stdout.write(describeViolation(model, outcome, replay, saved, report, forest));
  }
  return exitCode(outcome);
}

/** The picture (ASCII) after the steps of a violation: Grove's log forest in the seed's style, another model's own picture, or none. */
async function forestAfter(model: { name: string; config: Readonly<Record<string, string | number | boolean>>; initial(): unknown; step(s: unknown, i: number): { next: unknown }; variant?: string }, path: readonly number[]): Promise<string | undefined> {
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
