/**
 * Every scenario file the project ships is in canonical form (`grove-check fmt --check` passes on
 * each): comments stay where they were written, with their markers and blank lines.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scenarioFiles } from '../scripts/commands/replay.ts';
import { parseScenarioFile, printScenarioFile } from './notation/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const files = scenarioFiles([here]);

describe('shipped scenario files', () => {
  it('there are some (seed tables and counterexamples)', () => {
    expect(files.length).toBeGreaterThanOrEqual(19);
  });

  it.each(files.map((f) => [f.slice(here.length + 1), f]))('%s passes fmt --check', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(printScenarioFile(parseScenarioFile(text, file))).toBe(text);
  });

  it("keeps the seed file's header comment block above its first scenario and its '//' comments", () => {
    const text = readFileSync(`${here}/seed/000-push.scenario`, 'utf8');
    const printed = printScenarioFile(parseScenarioFile(text));
    expect(printed.split('\n')[0]).toMatch(/^# Seed 000 \(Grove\)/);
    expect(printed.indexOf('# Seed 000')).toBeLessThan(printed.indexOf('scenario: push'));
    expect(printed).toContain('\n\n// 2 and 3 both try to write, and fail\n');
  });
});
