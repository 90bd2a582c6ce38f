import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import render from '../../scripts/commands/render.ts';
import { InputError } from '../../scripts/commands/_common.ts';
import { parseScenarioFile } from '../../scenarios/notation/parse.ts';
import { drawScenario } from './scenario.ts';
import { modelForScenario } from '../../checker/scenarios.ts';
import { isGroveModel } from '../../model/grove/model.ts';

const LOST_ACK = `scenario: lost-ack
variant: logid-check
Initial state:
- main: a

1 Append<a> Ok
1 Check<main, a> Ok
2 Append<a> Err: conflict
2 Branch<a, b> Ok
2 CAS<main, a, b> Ok
`;

const dirs: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'grove-render-'));
  dirs.push(d);
  return d;
}

describe('drawScenario', () => {
  it('replays the rows for scripted actors and marks the first violated property', () => {
    const sc = parseScenarioFile(LOST_ACK).scenarios[0];
    const model = modelForScenario(sc);
    if (!isGroveModel(model)) throw new Error('expected a Grove model');
    const d = drawScenario(model, sc, 'lost-ack', 'x.scenario');
    expect(d.trace.variant.name).toBe('logid-check');
    expect(d.trace.steps).toHaveLength(5);
    expect(d.meta.violation).toMatchObject({ property: 'G6', atRow: 5 });
    expect(d.meta.replayCommand).toBe('grove-check replay x.scenario');
  });
});

describe('grove-check render', () => {
  it('writes the report files and prints the last forest', async () => {
    const dir = await tmp();
    const file = join(dir, 'lost-ack.scenario');
    await writeFile(file, LOST_ACK);
    let printed = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed += String(chunk);
      return true;
    });
    const out = join(dir, 'out');
    expect(await render([file, '--out', out])).toBe(0);
    expect(printed).toContain('∅---a1  ← 1:origin/main\n \\\n  b1  ← 2:origin/main, main\n');
    expect(printed).toContain('✗ G6 at step 5');
    expect(await readFile(join(out, 'forest.txt'), 'utf8')).toContain('lost (acknowledged, in no ref now): a1=1.1');
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('<template id="state-5">');
  });

  it('prints JSON with --json, and refuses a missing file as bad input', async () => {
    const dir = await tmp();
    const file = join(dir, 'x.scenario');
    await writeFile(file, LOST_ACK);
    let printed = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed += String(chunk);
      return true;
    });
    expect(await render([file, '--out', join(dir, 'o'), '--json'])).toBe(0);
    const j = JSON.parse(printed) as { scenarios: { scenario: string; violation: { property: string }; forest: { refs: unknown[] } }[] };
    expect(j.scenarios[0]).toMatchObject({ scenario: 'lost-ack', violation: { property: 'G6' } });
    expect(j.scenarios[0].forest.refs).toHaveLength(3);
    await expect(render([join(dir, 'missing.scenario')])).rejects.toBeInstanceOf(InputError);
  });
});
