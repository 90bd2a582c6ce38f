/**
 * The CLI's ITF pieces: writing a violation's trace (`check --itf FILE`, and beside a `--save`d
 * scenario) and judging trace files (`replay FILE.itf.json`).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Violation } from '../../checker/outcome.ts';
import { violationScenario } from '../../checker/save.ts';
import { UsageError } from '../../model/core/model.ts';
import type { Header } from '../../scenarios/notation/types.ts';
import { ItfError } from './json.ts';
import { judgeItf, readItf, describeItfVerdict, type ItfVerdict } from './replay.ts';
import { printItf, scenarioToItf } from './trace.ts';

/** Writes the ITF trace of a violation to `file` (through a temporary file and a rename). */
export function writeViolationItf(v: Violation, file: string): string {
  const name = basename(file).replace(/\.itf\.json$|\.json$/, '');
  const text = printItf(scenarioToItf(violationScenario(v, name)));
  writeFileSync(file + '.tmp', text);
  renameSync(file + '.tmp', file);
  return file;
}

/** The `.itf.json` path beside a saved `.scenario` file. */
export function itfBeside(scenarioPath: string): string {
  return scenarioPath.replace(/\.scenario$/, '') + '.itf.json';
}

/** True for a path `replay` reads as an ITF trace. */
export function isItfPath(p: string): boolean {
  return p.endsWith('.itf.json');
}

/**
 * Judges ITF trace files and prints one line each (or one JSON object). `given` headers (from the
 * command line: model, variant, actors, ops) name the model for traces whose `#meta` does not, and
 * override the trace's own. Exit code: 0 when every trace
 * agrees with the model and gives the verdict its headers expect, 1 otherwise. A malformed file
 * throws (ItfError, UsageError: exit 2).
 */
export function replayItfFiles(files: readonly string[], json: boolean, out: (s: string) => void, given: readonly Header[] = []): number {
  const results: { file: string; verdict: ItfVerdict }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      results.push({ file, verdict: judgeItf(readItf(text, file, given)) });
    } catch (e) {
      // A malformed trace is bad input: one line, exit 2 (the CLI maps UsageError to it).
      if (e instanceof ItfError) throw new UsageError(e.message);
      throw e;
    }
  }
  const good = (v: ItfVerdict) => v.verdict === 'agrees' && v.run.asExpected;
  if (json) {
    out(
      JSON.stringify(
        {
          outcome: results.every((r) => good(r.verdict)) ? 'pass' : 'violation',
          results: results.map(({ file, verdict: v }) =>
            v.verdict === 'agrees' ? { file, verdict: 'agrees', steps: v.steps, rows: v.rows, model: v.run.verdict, expected: v.run.expected ?? null, asExpected: v.run.asExpected } : { file, ...v },
          ),
        },
        null,
        2,
      ) + '\n',
    );
  } else for (const r of results) out(`${good(r.verdict) ? 'ok  ' : 'FAIL'} ${r.file}: ${describeItfVerdict(r.verdict)}\n`);
  return results.every((r) => good(r.verdict)) ? 0 : 1;
}
