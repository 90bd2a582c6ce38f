import { describe, expect, it } from 'vitest';
import { groveModel } from '../../model/grove/model.ts';
import type { GroveState, ScriptedActor } from '../../model/grove/state.ts';
import { variantByName } from '../../model/grove/variants/index.ts';
import { parseScenarioFile } from '../../scenarios/notation/parse.ts';
import { seedDiverged, seedPushedToFoo } from '../graph/fixtures.ts';
import { forestOf } from '../graph/forest.ts';
import { asciiForest } from '../index.ts';
import { stateAt, traceFromScenario } from '../trace/trace.ts';
import { renderForestAscii } from './ascii-forest.ts';

const logref = { refs: 'logref' } as const;
const lines = (...xs: string[]) => xs.join('\n');

describe('renderForestAscii: the seed 000 shapes', () => {
  it('diverged origin/main vs main, in the seed glyphs, exactly as the seed draws it', () => {
    const f = forestOf(seedDiverged(), logref, { perspective: '1' });
    expect(renderForestAscii(f, { glyph: 'o', marks: false })).toBe(lines(
      'o---o---o  ← origin/main',
      '     \\',
      '      o---o---o  ← main',
    ));
  });

  it('diverged, with entry names and marks', () => {
    const f = forestOf(seedDiverged(), logref, { perspective: '1' });
    expect(renderForestAscii(f)).toBe(lines(
      'a1---a2---a3  ← origin/main',
      '      \\',
      '       b3---b4---b5  ← main',
      '',
      'orphaned (in no ref, never acknowledged): a3=1.1',
    ));
  });

  it('a branch pushed to another ref, exactly as the seed draws it', () => {
    const f = forestOf(seedPushedToFoo(), logref, { perspective: '1' });
    expect(renderForestAscii(f, { glyph: 'o', marks: false })).toBe(lines(
      'o---o---o  ← origin/main, main',
      '     \\',
      '      o---o---o  ← origin/foo, foo',
    ));
  });

  it('groups the tracking refs of several actors and prefixes them with the actor', () => {
    const s = seedPushedToFoo();
    const two: GroveState = { ...s, actors: [s.actors[0], { ...(s.actors[0] as ScriptedActor), id: '2' }] };
    expect(renderForestAscii(forestOf(two, logref), { marks: false })).toBe(lines(
      'a1---a2---a3  ← 1,2:origin/main, main',
      '      \\',
      '       b3---b4---b5  ← 1,2:origin/foo, foo',
    ));
  });
});

describe('renderForestAscii: layout', () => {
  it('continues a branch diagonally past a later branch point, and joins with dashes', () => {
    const s: GroveState = {
      remote: {
        logs: {
          a: { base: null, entries: ['0.1', '0.2', '0.3'] },
          b: { base: { log: 'a', lsn: 1 }, entries: ['1.1'] },
          c: { base: { log: 'a', lsn: 2 }, entries: ['2.1', '2.2'] },
          d: { base: { log: 'a', lsn: 1 }, entries: ['3.1'] },
        },
        refs: { main: { log: 'a', lsn: 2 } },
      },
      actors: [],
      acked: [],
      failed: [],
    };
    expect(renderForestAscii(forestOf(s, logref), { marks: false })).toBe(lines(
      'a1---a2---a3  ← main (a@2)',
      ' \\    \\',
      '  \\    c3---c4',
      '   \\',
      '    \\---b2',
      '     \\',
      '      d2',
    ));
  });

  it('draws the logid-check G6 counterexample with the lost acknowledged commit marked', () => {
    const m = groveModel({ variant: variantByName('logid-check'), actors: 0, ops: 0 });
    const file = parseScenarioFile([
      'Initial state:',
      '- main: a',
      '',
      '1 Append<a> Ok',
      '1 Check<main, a> Ok',
      '2 Append<a> Err: conflict',
      '2 Branch<a, b> Ok',
      '2 CAS<main, a, b> Ok',
      '',
    ].join('\n'));
    const t = traceFromScenario(m, file.scenarios[0]);
    expect(asciiForest(stateAt(t, t.steps.length), 'logid-check')).toBe(lines(
      '∅---a1  ← 1:origin/main',
      ' \\',
      '  b1  ← 2:origin/main, main',
      '',
      'lost (acknowledged, in no ref now): a1=1.1',
      'acknowledged: b1=2.1',
    ));
  });
});
