import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError, readScenarioFile, readScenarioFileSync, stripSpans } from './index.ts';

describe('readScenarioFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grove-notation-'));
  const good = join(dir, 'good.scn');
  const bad = join(dir, 'bad.scn');
  writeFileSync(good, 'scenario: x\n\n1 Append<a> Ok\n');
  writeFileSync(bad, '1 Append<a> Ok\nEach line is: Actor Op Result\n');

  it('reads and parses a file, sync or not', async () => {
    const f = await readScenarioFile(good);
    expect(stripSpans(f).scenarios[0]!.rows).toEqual([
      { kind: 'call', actor: '1', op: { name: 'Append', args: ['a'] }, result: { kind: 'ok' } },
    ]);
    expect(readScenarioFileSync(good)).toEqual(f);
  });

  it('names the file as given, relative paths included', async () => {
    const rel = relative(process.cwd(), bad);
    await expect(readScenarioFile(rel)).rejects.toThrow(ParseError);
    await expect(readScenarioFile(rel)).rejects.toThrow(
      `${rel}:2:11: expected a result (Ok, Err or ?) or '...', found 'is:'`,
    );
  });
});
