/**
 * `grove-check fmt FILE... [--check] [--json]`: prints scenario files in canonical form
 * (`scenarios/notation/print.ts`), checks that they already are, or prints what was parsed.
 * Never writes files. A malformed file is bad input (exit 2, `file:line:column: expected …` only).
 */
import { readFile } from 'node:fs/promises';
import { ParseError, parseScenarioFile, printScenarioFile, type ScenarioFile } from '../../scenarios/notation/index.ts';
import { InputError, parseFlags, printJson } from './_common.ts';

const USAGE = `usage: grove-check fmt FILE... [--check] [--json]

  (default)  print each file in canonical form (several files: each after a '==> FILE <==' line)
  --check    print nothing for canonical files; list the others on stdout and exit 1
  --json     print the parsed files as JSON: [{ "file": ..., "scenarios": [...] }]`;

/** Reads and parses one file, turning both kinds of failure into bad input. */
async function load(path: string): Promise<{ text: string; parsed: ScenarioFile }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return { text, parsed: parseScenarioFile(text, path) };
  } catch (e) {
    throw e instanceof ParseError ? new InputError(e.message) : e;
  }
}

/** Runs `fmt`; returns 0, or 1 when `--check` finds a file that is not canonical. @throws InputError */
export default async function fmt(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    { check: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    USAGE,
  );
  if (values.help === true) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (positionals.length === 0) throw new InputError(`fmt needs at least one FILE\n\n${USAGE}`);
  if (values.check === true && values.json === true) throw new InputError(`--check and --json do not combine\n\n${USAGE}`);

  const files = [];
  for (const path of positionals) files.push({ path, ...(await load(path)) });

  if (values.json === true) {
    printJson(files.map((f) => ({ file: f.path, ...f.parsed })));
    return 0;
  }
  if (values.check === true) {
    const off = files.filter((f) => printScenarioFile(f.parsed) !== f.text);
    for (const f of off) process.stdout.write(`${f.path}: not in canonical form\n`);
    return off.length === 0 ? 0 : 1;
  }
  for (const [i, f] of files.entries()) {
    if (files.length > 1) process.stdout.write(`${i > 0 ? '\n' : ''}==> ${f.path} <==\n`);
    process.stdout.write(printScenarioFile(f.parsed));
  }
  return 0;
}
