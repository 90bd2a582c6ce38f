/**
 * `grove-check replay FILE|DIR...`: replays scenario files row by row and compares each verdict with
 * the file's `expect:` line. Exit codes: 0 every verdict as expected (or, with no expectation, every
 * row as written and no property violated), 1 otherwise, 2 bad input.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readScenarioFileSync } from '../../scenarios/notation/index.ts';
import { runScenario, scenarioName, variantsOf, type ScenarioRun } from '../../scenarios/runner.ts';
import { describeCall, describeRow } from '../../checker/replay.ts';
import { InputError, parseFlags, printJson } from './_common.ts';
import { describeImplLines, replayAgainstFiles, type ImplReplayLine } from '../../impl/harness/cli.ts';

const USAGE = `usage: grove-check replay FILE|DIR... [--variant V] [--strict] [--json] [--against impl:B]

Replays every scenario in the files (a directory: every *.scenario below it) against each variant its
expect: line names (or its own variant), row by row, and compares the verdict with the expectation.

  --variant V   replay against this variant only
  --model FILE  the model file the scenarios' model: header names (a saved --model ./file.ts counterexample)
  --strict      advisory properties (G7) count as violations
  --json        one JSON object: outcome and every scenario's verdict
  --against impl:B  also run each program-driven scenario's schedule against an implementation
                (B = memory, fs, sqlite or postgres) side by side with the model; a divergence fails

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

export default async function replay(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { model: { type: 'string' }, variant: { type: 'string' }, strict: { type: 'boolean' }, json: { type: 'boolean' }, against: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (positionals.length === 0) throw new InputError(`name at least one scenario file\n\n${USAGE}`);
  const results: { file: string; scenario: string; run: ScenarioRun }[] = [];
  const started = performance.now();
  for (const file of scenarioFiles(positionals)) {
    const parsed = readScenarioFileSync(file);
    parsed.scenarios.forEach((s, i) => {
      for (const variant of values.variant ? [values.variant] : variantsOf(s)) {
        results.push({ file, scenario: scenarioName(s, i), run: runScenario(s, variant, values.strict === true) });
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
    });
  }
  const impl: ImplReplayLine[] = values.against === undefined ? [] : await replayAgainstFiles(scenarioFiles(positionals), { against: values.against, variant: values.variant, strict: values.strict });
  if (!values.json) process.stdout.write(describeImplLines(impl));
  const failed = [...results.filter((r) => !r.run.asExpected), ...impl.filter((r) => !r.asExpected)];
  const seconds = Math.round(performance.now() - started) / 1000;
  if (values.json) {
    printJson({
      outcome: failed.length === 0 ? 'pass' : 'violation',
      stats: { scenarios: results.length, failed: failed.length, seconds },
      results: results.map((r) => ({
        file: r.file,
        scenario: r.scenario,
        variant: r.run.variant,
        verdict: r.run.verdict,
        expected: r.run.expected ?? null,
        asExpected: r.run.asExpected,
        property: r.run.replay?.result.verdict === 'violation' ? r.run.replay.result.property : null,
      })),
      ...(values.against === undefined ? {} : { against: impl }),
    });
  } else {
    process.stdout.write(`${results.length + impl.length - failed.length} as expected, ${failed.length} not, in ${seconds} s\n`);
  }
  return failed.length === 0 ? 0 : 1;
}
