import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioFileArb } from './arbitraries.ts';
import { parseScenarioFile } from './parse.ts';
import { printOp, printResult, printRow, printScenarioFile } from './print.ts';
import { stripSpans } from './spans.ts';
import type { ScenarioFile } from './types.ts';

describe('printScenarioFile round trip', () => {
  it('parse(print(f)) equals f without spans, and print is a fixpoint (fast-check, seed logged on failure)', () => {
    fc.assert(
      fc.property(scenarioFileArb, (f) => {
        const text = printScenarioFile(f);
        const back = parseScenarioFile(text);
        expect(stripSpans(back)).toEqual(f);
        expect(printScenarioFile(back)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('printOp / printResult / printRow', () => {
  it.each([
    [{ name: 'Append', args: ['a@1'] }, 'Append<a@1>'],
    [{ name: 'CAS', args: ['main', 'a@2', 'b@3'] }, 'CAS<main, a@2, b@3>'],
    [{ name: 'Sync', args: [] }, 'Sync'],
  ])('op %j prints %s', (op, text) => {
    expect(printOp(op)).toBe(text);
  });

  it.each([
    [{ kind: 'ok' }, 'Ok'],
    [{ kind: 'ok', value: 'a@2' }, 'Ok(a@2)'],
    [{ kind: 'err' }, 'Err'],
    [{ kind: 'err', value: 'b' }, 'Err(b)'],
    [{ kind: 'err', message: 'conflict' }, 'Err: conflict'],
    [{ kind: 'err', value: 'b', message: 'moved' }, 'Err(b): moved'],
    [{ kind: 'unknown' }, '?'],
  ] as const)('result %j prints %s', (r, text) => {
    expect(printResult(r)).toBe(text);
  });

  it('prints each row kind on one line', () => {
    const op = { name: 'Check', args: ['main', 'a'] };
    expect(printRow({ kind: 'call', actor: '1', op, result: { kind: 'ok' } })).toBe('1 Check<main, a> Ok');
    expect(printRow({ kind: 'invoke', actor: '1', op })).toBe('1 Check<main, a> ...');
    expect(printRow({ kind: 'complete', actor: '1', result: { kind: 'err', value: 'b' } })).toBe('1 ... Err(b)');
    expect(printRow({ kind: 'fault', actor: '2', fault: 'crash' })).toBe('2 crash');
    expect(printRow({ kind: 'note', text: 'hello' })).toBe('# hello');
    expect(printRow({ kind: 'note', text: '' })).toBe('#');
  });
});

describe('printScenarioFile layout', () => {
  const rows = [{ kind: 'call', actor: '1', op: { name: 'Append', args: ['a'] }, result: { kind: 'ok' } }] as const;

  it('prints headers, the initial state, a blank line, then rows', () => {
    const f: ScenarioFile = {
      scenarios: [
        {
          headers: [{ key: 'scenario', value: 'x' }, { key: 'model', value: 'grove' }],
          initial: [{ key: 'main', value: 'a' }],
          rows,
        },
      ],
    };
    expect(printScenarioFile(f)).toBe('scenario: x\nmodel: grove\nInitial state:\n- main: a\n\n1 Append<a> Ok\n');
  });

  it('separates scenarios that start with their scenario: header by a blank line only', () => {
    const f: ScenarioFile = {
      scenarios: [
        { headers: [{ key: 'scenario', value: 'x' }], initial: [], rows },
        { headers: [{ key: 'scenario', value: 'y' }], initial: [], rows },
      ],
    };
    expect(printScenarioFile(f)).toBe('scenario: x\n\n1 Append<a> Ok\n\nscenario: y\n\n1 Append<a> Ok\n');
  });

  it('uses --- before a scenario without a leading scenario: header, and after trailing notes', () => {
    const f: ScenarioFile = {
      scenarios: [
        { headers: [], initial: [], rows },
        { headers: [{ key: 'model', value: 'grove' }], initial: [], rows: [...rows, { kind: 'note', text: 'end' }] },
        { headers: [{ key: 'scenario', value: 'z' }], initial: [], rows },
      ],
    };
    expect(printScenarioFile(f)).toBe(
      '1 Append<a> Ok\n\n---\nmodel: grove\n\n1 Append<a> Ok\n# end\n\n---\nscenario: z\n\n1 Append<a> Ok\n',
    );
  });

  it('prints no file for no scenarios', () => {
    expect(printScenarioFile({ scenarios: [] })).toBe('');
  });
});
