/**
 * The checker as a library (`import { check, assert, replay } from 'grove-check'`): the same searches
 * as `grove-check check` and `grove-check replay`, called on a model family (or a built model) with
 * options that mirror the CLI's flags, for a vitest test.
 */
import { readFileSync } from 'node:fs';
import type { Model, ModelFamily } from '../model/core/model.ts';
import { registerFamily } from '../model/registry.ts';
import { parseScenarioFile } from '../scenarios/notation/parse.ts';
import { printRow } from '../scenarios/notation/print.ts';
import { header } from '../scenarios/notation/types.ts';
import { check as checkModel } from './check.ts';
import type { CheckOptions } from './options.ts';
import type { Outcome, Violation } from './outcome.ts';
import { checkCommand } from './save.ts';
import { runScenario, scenarioName, variantsOf, type ScenarioRun } from './scenarios.ts';

/** Options of {@link check}: the search's (`strategy`, `seed`, `runs`, bounds, …) and the model's, as the CLI's flags. */
export interface ModelCheckOptions extends CheckOptions {
  /** The variant (default: the family's default). */
  readonly variant?: string;
  /** Program-driven actors and ops per actor (default: the family's). */
  readonly actors?: number;
  readonly ops?: number;
  /** Fault budgets, for models that take them (`--max-lost-replies`, `--max-crashes`, `--max-faults`). */
  readonly maxLostReplies?: number;
  readonly maxCrashes?: number;
  readonly maxFaults?: number;
  /** Any other model option (`--set key=value`). */
  readonly set?: Readonly<Record<string, string | number | boolean>>;
}

function isFamily(m: Model<unknown> | ModelFamily<unknown>): m is ModelFamily<unknown> {
  return typeof (m as ModelFamily<unknown>).build === 'function';
}

function built(m: Model<any> | ModelFamily<any>, o: ModelCheckOptions): Model<unknown> {
  if (!isFamily(m)) return m;
  const extra: Record<string, string | number | boolean> = { ...o.set };
  if (o.maxLostReplies !== undefined) extra.maxLostReplies = o.maxLostReplies;
  if (o.maxCrashes !== undefined) extra.maxCrashes = o.maxCrashes;
  if (o.maxFaults !== undefined) extra.maxFaults = o.maxFaults;
  return m.build({ variant: o.variant, actors: o.actors, ops: o.ops, extra });
}

/**
 * Checks a model family (built with `options`' variant, actors, ops and faults) or a built model, and
 * returns the outcome as data: `pass`, `violation` (property, witness message, minimal rows, seed) or
 * `inconclusive` (which budget ran out). Throws only for bad input (a `UsageError`, e.g. an unknown
 * variant or a mistake in the model such as a `step` that mutates its input).
 */
export function check(model: Model<any> | ModelFamily<any>, options: ModelCheckOptions = {}): Outcome {
  return checkModel(built(model, options), options);
}

/** The call that replays a check: `check(model, { … })` with the options that reproduce it. */
export function replayCall(o: Outcome): string {
  const opts: Record<string, unknown> = { strategy: o.strategy };
  if (o.variant !== undefined) opts.variant = o.variant;
  for (const k of ['actors', 'ops', 'maxLostReplies', 'maxCrashes', 'maxFaults'] as const) if (typeof o.config[k] === 'number') opts[k] = o.config[k];
  if (o.strategy !== 'bfs' && o.strategy !== 'dfs') {
    opts.seed = o.seed;
    if (o.bounds.runs !== undefined) opts.runs = o.bounds.runs;
  }
  if (o.strict) opts.strict = true;
  return `check(model, ${JSON.stringify(opts).replace(/"(\w+)":/g, '$1: ').replace(/,/g, ', ')})`;
}

/** The message `assert` throws for a violation: property, witness, minimal rows, seed and the replay call and command. */
export function violationMessage(o: Violation): string {
  return [
    `${o.model}${o.variant ? ` / ${o.variant}` : ''} violates ${o.property}: ${o.message}`,
    ...o.rows.map((r) => `  ${printRow(r)}`),
    `seed ${o.seed}, strategy ${o.strategy}, ${o.rows.length} rows`,
    `replay: ${replayCall(o)}`,
    `    or: ${checkCommand(o)}`,
  ].join('\n');
}

/**
 * Like {@link check}, but throws an `Error` unless the model passes: for a violation, the message
 * holds the property and its witness, the minimal rows, the seed and the call (and command) that
 * replays it, as fast-check's `fc.assert` does; for an inconclusive run, the budget that ran out.
 * Returns the passing outcome.
 */
export function assert(model: Model<any> | ModelFamily<any>, options: ModelCheckOptions = {}): Outcome {
  const o = check(model, options);
  if (o.outcome === 'violation') throw new Error(violationMessage(o));
  if (o.outcome === 'inconclusive') throw new Error(`inconclusive: ${o.budget} ran out after ${o.stats.states} states (seed ${o.seed}); replay: ${replayCall(o)}`);
  return o;
}

/** One scenario of a replayed file: its name and how it ran against one variant. */
export interface ReplayedScenario extends ScenarioRun {
  readonly scenario: string;
}

/**
 * Replays a scenario file (a saved counterexample, a hand-written schedule) as `grove-check replay`
 * does: each scenario against the variants its `expect:` line names, compared with that expectation.
 * `model` is the family the scenarios' `model:` header names when it is a user's model (a saved
 * counterexample of `--model ./my-protocol.ts` names that file). A regression test asserts that every
 * run is `asExpected`.
 */
export function replay(file: string, options: { readonly model?: ModelFamily<any>; readonly strict?: boolean } = {}): ReplayedScenario[] {
  const parsed = parseScenarioFile(readFileSync(file, 'utf8'), file);
  const out: ReplayedScenario[] = [];
  for (const [i, s] of parsed.scenarios.entries()) {
    const named = header(s, 'model');
    if (options.model !== undefined && named !== undefined) registerFamily(options.model, named);
    for (const variant of variantsOf(s)) out.push({ scenario: scenarioName(s, i), ...runScenario(s, variant, options.strict ?? false) });
  }
  return out;
}
