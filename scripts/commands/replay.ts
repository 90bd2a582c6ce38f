/**
 * `grove-check replay FILE|DIR...`: replays scenario files row by row and compares each verdict with
 * the file's `expect:` line. Exit codes: 0 every verdict as expected (or, with no expectation, every
 * row as written and no property violated), 1 otherwise, 2 bad input.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { header, ParseError, readScenarioFileSync, type Scenario } from '../../scenarios/notation/index.ts';
import { expectations, locate, runScenario, scenarioName, variantsOf, type ScenarioRun } from '../../checker/scenarios.ts';
import { isVariantPath, resolveVariant, UsageError } from '../../model/core/model.ts';
import { familyByName } from '../../model/registry.ts';
import { describeCall, describeRow } from '../../checker/replay.ts';
import { InputError, parseFlags, printJson } from './_common.ts';
import { describeImplLines, replayAgainstFiles, type ImplReplayLine } from '../../impl/harness/cli.ts';
import { isItfPath, replayItfFiles } from '../../interchange/itf/command.ts';

const USAGE = `usage: grove-check replay FILE|DIR... [--variant V] [--strict] [--json] [--against impl:B]

Replays every scenario in the files (a directory: every *.scenario below it) against each variant its
expect: line names (or its own variant), row by row, and compares the verdict with the expectation.

  --variant V   replay against this variant only (a name, or a path to a variant file)
  --model FILE  the model file the scenarios' model: header names (a saved --model ./file.ts counterexample)
  --strict      advisory properties (G7) count as violations
  --json        one JSON object: outcome and every scenario's verdict
  FILE.itf.json an ITF trace (check --itf): judged step by step against the model its #meta names;
                the first step where trace and model differ is reported (exit 1). A trace from
                another tool names the model with --model M [--variant V] [--actors N] [--ops N]
  --against impl:B  also run each program-driven scenario's schedule against an implementation
                (B = memory, fs, sqlite or postgres) side by side with the model; a divergence fails

Every file is replayed: a file with an error (its file:line:column on stderr) does not stop the rest,
and the exit code is the worst one met.

exit codes: 0 all as expected, 1 a verdict differs from its expectation, 2 bad input`;

/** Every `.scenario` file named or below a named directory, sorted. */
export function scenarioFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new InputError(`${p}: no such file or directory`);
    }
    if (st.isDirectory()) {
      for (const e of readdirSync(p).sort()) if (e !== 'node_modules' && !e.startsWith('.')) {
        const q = join(p, e);
        if (statSync(q).isDirectory() || e.endsWith('.scenario')) walk(q);
      }
    } else out.push(p);
  };
  paths.forEach(walk);
  return out;
}

/** An error that stopped one scenario (or a whole file), reported as `file:line:column: message`. */
interface ReplayError {
  readonly file: string;
  readonly message: string;
}

export default async function replay(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { variant: { type: 'string' }, strict: { type: 'boolean' }, json: { type: 'boolean' }, against: { type: 'string' }, model: { type: 'string' }, actors: { type: 'string' }, ops: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (!positionals.some(isItfPath) && (values.actors ?? values.ops) !== undefined) throw new InputError('--actors and --ops are for ITF traces (*.itf.json)');
  if (positionals.length === 0) throw new InputError(`name at least one scenario file\n\n${USAGE}`);
  if (positionals.some(isItfPath)) {
    if (!positionals.every(isItfPath)) throw new InputError('replay either scenario files or ITF traces (*.itf.json), not both at once');
    const given = (['model', 'variant', 'actors', 'ops'] as const).flatMap((key) => (values[key] !== undefined ? [{ key, value: String(values[key]) }] : []));
    return replayItfFiles(positionals, values.json === true, (t) => process.stdout.write(t), given);
  }
  const results: { file: string; scenario: string; run: ScenarioRun }[] = [];
  const errors: ReplayError[] = [];
  const report = (file: string, e: unknown): void => {
    const located = locate(e, file);
    if (!(located instanceof UsageError || located instanceof ParseError || located instanceof InputError)) throw located;
    const message = located.message.startsWith(file) ? located.message : `${file}: ${located.message}`;
    errors.push({ file, message });
    if (!values.json) process.stderr.write(`grove-check: ${message}\n`);
  };
  const started = performance.now();
  // `--variant ./file.ts` is loaded once; a scenario whose variant: header is a path loads that file.
  const variant = values.variant === undefined ? undefined : await resolveVariantFor(values.variant);
  for (const file of existingFiles(positionals, report)) {
    let parsed;
    try {
      parsed = readScenarioFileSync(file);
    } catch (e) {
      report(file, e instanceof Error && 'code' in e ? new InputError(`cannot read: ${(e as NodeJS.ErrnoException).code}`) : e);
      continue;
    }
    for (const [i, s] of parsed.scenarios.entries()) {
      let variants: string[];
      try {
        await loadPathVariants(s);
        variants = variant !== undefined ? [variant] : variantsOf(s);
      } catch (e) {
        report(file, locate(e, file, s));
        continue;
      }
      for (const v of variants) {
        try {
          results.push({ file, scenario: scenarioName(s, i), run: runScenario(s, v, values.strict === true) });
        } catch (e) {
          report(file, locate(e, file, s));
        }
      }
      if (!values.json) {
        for (const r of results.filter((x) => x.file === file && x.scenario === scenarioName(s, i))) {
          const mark = r.run.asExpected ? 'ok  ' : 'FAIL';
          const exp = r.run.expected !== undefined ? ` (expected ${r.run.expected})` : '';
          process.stdout.write(`${mark} ${file} ${r.scenario} [${r.run.variant}]: ${r.run.verdict}${exp}\n`);
          if (!r.run.asExpected && r.run.replay) for (const row of r.run.replay.rows) process.stdout.write(`       ${describeRow(row)}\n`);
          if (!r.run.asExpected && r.run.history?.verdict === 'not-linearizable') {
            process.stdout.write(`       longest linearization: ${r.run.history.longest.map((id) => describeCall(s, id)).join('; ') || '(none)'}\n`);
            process.stdout.write(`       stuck at: ${r.run.history.stuck.map((id) => describeCall(s, id)).join('; ')}\n`);
          }
          if (r.run.replay?.result.verdict === 'violation' && !r.run.asExpected) process.stdout.write(`       ${r.run.replay.result.property}: ${r.run.replay.result.message}\n`);
        }
      }
    }
  }
  const impl: ImplReplayLine[] = values.against === undefined ? [] : await replayAgainstFiles(scenarioFiles(positionals), { against: values.against, variant, strict: values.strict });
  if (!values.json) process.stdout.write(describeImplLines(impl));
  const failed = [...results.filter((r) => !r.run.asExpected), ...impl.filter((r) => !r.asExpected)];
  const seconds = Math.round(performance.now() - started) / 1000;
  // The worst outcome decides: bad input (2) over a verdict not as expected (1) over all as expected (0).
  const code = errors.length > 0 ? 2 : failed.length > 0 ? 1 : 0;
  if (values.json) {
    printJson({
      outcome: code === 2 ? 'bad-input' : code === 1 ? 'violation' : 'pass',
      stats: { scenarios: results.length, failed: failed.length, errors: errors.length, seconds },
      results: results.map((r) => ({
        file: r.file,
        scenario: r.scenario,
        variant: r.run.variant,
        verdict: r.run.verdict,
        expected: r.run.expected ?? null,
        asExpected: r.run.asExpected,
        property: r.run.replay?.result.verdict === 'violation' ? r.run.replay.result.property : null,
      })),
      errors,
      ...(values.against === undefined ? {} : { against: impl }),
    });
  } else {
    process.stdout.write(`${results.length + impl.length - failed.length} as expected, ${failed.length} not${errors.length > 0 ? `, ${errors.length} error${errors.length === 1 ? '' : 's'} (above)` : ''}, in ${seconds} s\n`);
  }
  return code;
}

/** The scenario files below `paths`; a path that does not exist is reported and skipped. */
function existingFiles(paths: readonly string[], report: (file: string, e: unknown) => void): string[] {
  return paths.flatMap((p) => {
    try {
      return scenarioFiles([p]);
    } catch (e) {
      report(p, e instanceof InputError ? new InputError('no such file or directory') : e);
      return [];
    }
  });
}

/** `--variant` for the default model: a variant file is loaded by its family, and then named by its path. */
async function resolveVariantFor(spec: string): Promise<string> {
  if (isVariantPath(spec)) await resolveVariant(familyByName('grove'), spec);
  return spec;
}

/** Loads the variant files a scenario's `variant:` header and `expect:` line name (relative to the working directory). */
async function loadPathVariants(s: Scenario): Promise<void> {
  const named = [header(s, 'variant'), ...expectations(s).keys()].filter((x): x is string => x !== undefined && isVariantPath(x));
  if (named.length === 0) return;
  const family = familyByName(header(s, 'model') ?? 'grove');
  for (const spec of named) {
    const h = s.headers.find((x) => x.key === 'variant' || x.key === 'expect');
    try {
      await resolveVariant(family, spec);
    } catch (e) {
      if (e instanceof UsageError && e.at === undefined) throw new UsageError(e.message, h?.span);
      throw e;
    }
  }
}
