/**
 * The scenario notation: the seeds' `Actor Op Result` rows with headers and an initial state, as
 * data (`types.ts`), text (`print.ts`) and back (`parse.ts`). Which ops exist is the model's business.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseScenarioFile } from './parse.ts';
import type { ScenarioFile } from './types.ts';

export * from './types.ts';
export { ParseError } from './errors.ts';
export { parseScenarioFile } from './parse.ts';
export { needsRule, printOp, printResult, printRow, printScenario, printScenarioFile } from './print.ts';
export { stripScenarioSpans, stripSpans } from './spans.ts';

/**
 * Reads `path` as UTF-8 and parses it; errors name the file as `path` was given (relative stays relative).
 * @throws ParseError for malformed text; the `fs` error (ENOENT, …) when the file cannot be read.
 */
export async function readScenarioFile(path: string): Promise<ScenarioFile> {
  return parseScenarioFile(await readFile(path, 'utf8'), path);
}

/** `readScenarioFile` for callers that cannot await (test tables built at module load). */
export function readScenarioFileSync(path: string): ScenarioFile {
  return parseScenarioFile(readFileSync(path, 'utf8'), path);
}
