import { describe, expect, it } from 'vitest';
import { ParseError, parseScenarioFile } from './parse.ts';
import { printScenarioFile } from './print.ts';
import { stripSpans } from './spans.ts';
import type { Result, Row } from './types.ts';

/** Seed 000's tables, verbatim except that its prose lines (`Ops:` block, `Each line is`) are commented out. */
const SEED_000 = `# Ops:
# - Pull<Log>: attempt to fast-forward to the latest version of the log
# - Append<Log>: atomically write commit to log at next LSN
# - Branch<From, To>: atomically write commit to new log, branched from previous log
# - Check<Branch,Log>: check if the branch is pointing to the Log
# - CAS<Branch,From,To>: atomically compare and swap branch to a new Log

Initial state:
- main: a

# Each line is: Actor Op Result

1 Append<a> Ok
1 Check<main, a> Ok

1 Append<a> Ok
2 Append<a> Err: conflict
1 Check<main, a> Ok

1 Append<a> Ok
2 Append<a> Err: conflict
2 Branch<a, b> Ok
2 CAS<main, a, b> Ok
1 Check<main, a> Err

1 Append<a> Ok

// 2 and 3 both try to write, and fail
2 Append<a> Err: conflict
3 Append<a> Err: conflict

// 2 and 3 both branch
2 Branch<a, b> Ok
3 Branch<a, c> Ok

// 2 wins the race, 3 fails
2 CAS<main, a, b> Ok
3 CAS<main, a, c> Err(b)

// 1 checks here, sees different log
1 Check<main, a> Err(b)

// now 1 and 3 both have to decide what to do
// what if they both decide to force push?
1 CAS<main, b, a> Ok
3 CAS<main, b, c> Err(a)
`;

/** Seed 000's read-path table (its `Ops:` prose commented out). */
const SEED_000_READ = `# Ops:
# Pull<Log>: pull any unseen changes in a log
# Check<Branch, Log>: Check that the branch still points at the log

# Each line is: Actor Op Result

1 Pull<a> Ok
1 Check<main, a> Err(b)
2 CAS<main, a, b> Ok
1 Pull<b> Ok
3 CAS<main, b, c> Ok
`;

const ok: Result = { kind: 'ok' };
const conflict: Result = { kind: 'err', message: 'conflict' };
const errAt = (value: string): Result => ({ kind: 'err', value });

/**
 * `[line, actor, op, args, result]` for each call row; notes are `[line, text]` (`# text`) or
 * `[line, text, { marker, gap }]` (`// text`; a blank line before it).
 */
type Golden = [number, string, string, string[], Result] | [number, string] | [number, string, { marker?: '//'; gap?: true }];
const slashes = { marker: '//' } as const;
const slashesAfterBlank = { marker: '//', gap: true } as const;

function rowsOf(table: readonly Golden[]): Row[] {
  return table.map((g): Row =>
    g.length === 2
      ? { kind: 'note', text: g[1], span: { line: g[0], column: 1 } }
      : g.length === 3
        ? { kind: 'note', text: g[1], ...g[2], span: { line: g[0], column: 1 } }
        : { kind: 'call', actor: g[1], op: { name: g[2], args: g[3] }, result: g[4], span: { line: g[0], column: 1 } },
  );
}

const SEED_000_ROWS: Golden[] = [
  [1, 'Ops:'],
  [2, '- Pull<Log>: attempt to fast-forward to the latest version of the log'],
  [3, '- Append<Log>: atomically write commit to log at next LSN'],
  [4, '- Branch<From, To>: atomically write commit to new log, branched from previous log'],
  [5, '- Check<Branch,Log>: check if the branch is pointing to the Log'],
  [6, '- CAS<Branch,From,To>: atomically compare and swap branch to a new Log'],
  [11, 'Each line is: Actor Op Result'],
  [13, '1', 'Append', ['a'], ok],
  [14, '1', 'Check', ['main', 'a'], ok],
  [16, '1', 'Append', ['a'], ok],
  [17, '2', 'Append', ['a'], conflict],
  [18, '1', 'Check', ['main', 'a'], ok],
  [20, '1', 'Append', ['a'], ok],
  [21, '2', 'Append', ['a'], conflict],
  [22, '2', 'Branch', ['a', 'b'], ok],
  [23, '2', 'CAS', ['main', 'a', 'b'], ok],
  [24, '1', 'Check', ['main', 'a'], { kind: 'err' }],
  [26, '1', 'Append', ['a'], ok],
  [28, '2 and 3 both try to write, and fail', slashesAfterBlank],
  [29, '2', 'Append', ['a'], conflict],
  [30, '3', 'Append', ['a'], conflict],
  [32, '2 and 3 both branch', slashesAfterBlank],
  [33, '2', 'Branch', ['a', 'b'], ok],
  [34, '3', 'Branch', ['a', 'c'], ok],
  [36, '2 wins the race, 3 fails', slashesAfterBlank],
  [37, '2', 'CAS', ['main', 'a', 'b'], ok],
  [38, '3', 'CAS', ['main', 'a', 'c'], errAt('b')],
  [40, '1 checks here, sees different log', slashesAfterBlank],
  [41, '1', 'Check', ['main', 'a'], errAt('b')],
  [43, 'now 1 and 3 both have to decide what to do', slashesAfterBlank],
  [44, 'what if they both decide to force push?', slashes],
  [45, '1', 'CAS', ['main', 'b', 'a'], ok],
  [46, '3', 'CAS', ['main', 'b', 'c'], errAt('a')],
];

const SEED_000_READ_ROWS: Golden[] = [
  [1, 'Ops:'],
  [2, 'Pull<Log>: pull any unseen changes in a log'],
  [3, 'Check<Branch, Log>: Check that the branch still points at the log'],
  [5, 'Each line is: Actor Op Result', { gap: true }],
  [7, '1', 'Pull', ['a'], ok],
  [8, '1', 'Check', ['main', 'a'], errAt('b')],
  [9, '2', 'CAS', ['main', 'a', 'b'], ok],
  [10, '1', 'Pull', ['b'], ok],
  [11, '3', 'CAS', ['main', 'b', 'c'], ok],
];

describe('golden: the seed tables', () => {
  it.each([
    ['seed 000 push tables', SEED_000, [{ key: 'main', value: 'a', span: { line: 9, column: 1 } }], SEED_000_ROWS, 6],
    ['seed 000 read path', SEED_000_READ, [], SEED_000_READ_ROWS, 0],
  ] as const)('%s parse to the expected rows', (_name, text, initial, rows, preambleLines) => {
    const f = parseScenarioFile(text, 'seed.txt');
    // Comments above `Initial state:` are the scenario's preamble; the rest are rows.
    const all = rowsOf(rows);
    const preamble = all.slice(0, preambleLines);
    expect(f.scenarios).toEqual([{ ...(preamble.length > 0 ? { preamble } : {}), headers: [], initial, rows: all.slice(preambleLines) }]);
    // The canonical text keeps the comments where they are, their markers and blank lines; it is stable.
    const canonical = printScenarioFile(f);
    expect(stripSpans(parseScenarioFile(canonical))).toEqual(stripSpans(f));
    expect(printScenarioFile(parseScenarioFile(canonical))).toBe(canonical);
  });
});

describe('parseScenarioFile', () => {
  it('reads headers, initial state, overlapping calls, faults and trailing comments', () => {
    const text = [
      'scenario: lost ack',
      'model: grove',
      'variant: logid-check',
      'expect: violation G6',
      'Initial state:',
      '- main: a@2',
      '- b: a@1',
      '',
      '  1 Check<main,a> ...   ',
      '2 crash',
      '2 restart // back',
      '1 ... Err(b)',
      '3 Sync ?',
      '3 Append<> Err(a, b): moved',
    ].join('\r\n');
    expect(parseScenarioFile(text)).toEqual({
      scenarios: [
        {
          headers: [
            { key: 'scenario', value: 'lost ack', span: { line: 1, column: 1 } },
            { key: 'model', value: 'grove', span: { line: 2, column: 1 } },
            { key: 'variant', value: 'logid-check', span: { line: 3, column: 1 } },
            { key: 'expect', value: 'violation G6', span: { line: 4, column: 1 } },
          ],
          initial: [
            { key: 'main', value: 'a@2', span: { line: 6, column: 1 } },
            { key: 'b', value: 'a@1', span: { line: 7, column: 1 } },
          ],
          rows: [
            { kind: 'invoke', actor: '1', op: { name: 'Check', args: ['main', 'a'] }, span: { line: 9, column: 3 } },
            { kind: 'fault', actor: '2', fault: 'crash', span: { line: 10, column: 1 } },
            { kind: 'fault', actor: '2', fault: 'restart', span: { line: 11, column: 1 } },
            { kind: 'note', text: 'back', marker: '//', span: { line: 11, column: 11 } },
            { kind: 'complete', actor: '1', result: errAt('b'), span: { line: 12, column: 1 } },
            { kind: 'call', actor: '3', op: { name: 'Sync', args: [] }, result: { kind: 'unknown' }, span: { line: 13, column: 1 } },
            {
              kind: 'call',
              actor: '3',
              op: { name: 'Append', args: [] },
              result: { kind: 'err', value: 'a, b', message: 'moved' },
              span: { line: 14, column: 1 },
            },
          ],
        },
      ],
    });
  });

  it('tells a fault from an op named crash', () => {
    const rows = stripSpans(parseScenarioFile('1 crash\n1 crash Ok\n1 restart ...\n1 ... ?')).scenarios[0]!.rows;
    expect(rows.map((r) => r.kind)).toEqual(['fault', 'call', 'invoke', 'complete']);
  });

  it('splits scenarios at scenario: headers, at headers after rows and at ---', () => {
    const text = [
      '# about the file',
      'model: grove',
      'scenario: one', // joins the headers above: no row yet
      '1 Append<a> Ok',
      '# about two', // belongs to the next scenario
      'scenario: two',
      'scenario: three', // a second name starts another scenario
      '1 Append<a> Ok',
      'variant: lsn-cas', // a header after rows starts another scenario
      '1 Append<a> Ok',
      '---',
      '1 Append<a> Ok',
      '---',
      '---', // empty scenarios are dropped
    ].join('\n');
    const f = stripSpans(parseScenarioFile(text));
    expect(f.scenarios.map((s) => s.headers.map((h) => `${h.key}=${h.value}`))).toEqual([
      ['model=grove', 'scenario=one'],
      ['scenario=two'],
      ['scenario=three'],
      ['variant=lsn-cas'],
      [],
    ]);
    // A comment above a scenario's first header is its preamble, printed back above it.
    expect(f.scenarios[0]!.preamble).toEqual([{ kind: 'note', text: 'about the file' }]);
    expect(f.scenarios[0]!.rows.map((r) => r.kind)).toEqual(['call']);
    expect(f.scenarios[1]!.preamble).toEqual([{ kind: 'note', text: 'about two' }]);
    expect(f.scenarios[1]!.rows).toEqual([]);
  });

  it('pairs completions per scenario and forgets pending calls at a crash', () => {
    expect(() => parseScenarioFile('1 Check<main, a> ...\n---\n1 ... Ok')).toThrow(ParseError);
    expect(() => parseScenarioFile('1 Check<main, a> ...\n1 crash\n1 ... Ok')).toThrow(/3:3: expected a pending call/);
    expect(() => parseScenarioFile('1 A ...\n1 B ...\n1 ... Ok\n1 ... Ok')).not.toThrow();
  });

  it('reads an empty file as no scenarios, and a comment-only file as one', () => {
    expect(parseScenarioFile('\n  \n')).toEqual({ scenarios: [] });
    expect(stripSpans(parseScenarioFile('//x'))).toEqual({ scenarios: [{ headers: [], initial: [], rows: [{ kind: 'note', text: 'x', marker: '//' }] }] });
  });
});

describe('errors: file:line:column: expected X, found Y', () => {
  it.each([
    ['unclosed <', '1 Append<a Ok', "f.scn:1:12: expected ',' or '>', found 'Ok'"],
    ['unclosed < at end of line', '1 Append<a', "f.scn:1:11: expected ',' or '>', found end of line"],
    ['empty argument', '1 CAS<main,,b> Ok', "f.scn:1:12: expected an argument, found ',b>'"],
    ['bad result word', '1 Append<a> Okay', "f.scn:1:13: expected a result (Ok, Err or ?) or '...', found 'Okay'"],
    ['missing result', 'model: grove\n\n1 Append<a>', "f.scn:3:12: expected a result (Ok, Err or ?) or '...', found end of line"],
    ['stray text after result', '1 Append<a> Ok extra', "f.scn:1:16: expected end of line, found 'extra'"],
    ['text glued to the result', '1 Check<main, a> Err(b)x', "f.scn:1:24: expected end of line, found 'x'"],
    ['unclosed (', '1 Check<main, a> Err(b', "f.scn:1:23: expected ')', found end of line"],
    ['empty parentheses', '1 Check<main, a> Ok()', "f.scn:1:21: expected a value inside the parentheses, found ')'"],
    ['empty message', '2 Append<a> Err:  ', "f.scn:1:17: expected a message after ':', found end of line"],
    ['complete without pending', '1 Append<a> Ok\n2 ... Err(b)', "f.scn:2:3: expected a pending call of actor 2 to complete, found '...'"],
    ['complete without result', '1 A ...\n1 ...', 'f.scn:2:6: expected a result (Ok, Err or ?), found end of line'],
    ['empty actor', '   ... Ok', "f.scn:1:4: expected an actor (letters, digits, '_' or '-'), found '...'"],
    ['missing op', '1', 'f.scn:1:2: expected an op after the actor, found end of line'],
    ['op without a name', '1 <a> Ok', "f.scn:1:3: expected an op name, found '<a>'"],
    ['bad initial-state line', 'Initial state:\n- main a', "f.scn:2:8: expected ':' after the key, found 'a'"],
    ['initial entry without value', 'Initial state:\n- main:', 'f.scn:2:8: expected a value, found end of line'],
    ['entry outside Initial state', '- main: a', "f.scn:1:1: expected 'Initial state:' before a '- key: value' line, found '- main: a'"],
    ['text after Initial state:', 'Initial state: main=a', "f.scn:1:16: expected end of line, found 'main=a'"],
    [
      'unknown line before rows',
      'model: grove\nOps:\n1 Append<a> Ok',
      "f.scn:2:1: expected a row (Actor Op Result), a header (key: value) or a comment ('#' or '//'), found 'Ops:'",
    ],
    [
      'capitalised header',
      'Model: grove',
      "f.scn:1:1: expected a row (Actor Op Result), a header (key: value) or a comment ('#' or '//'), found 'Model: grove'",
    ],
  ])('%s', (_name, text, message) => {
    let caught: unknown;
    try {
      parseScenarioFile(text, 'f.scn');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ParseError);
    expect((caught as ParseError).message).toBe(message);
    const { file, line, column, expected, found } = caught as ParseError;
    expect(`${file}:${line}:${column}: expected ${expected}, found ${found}`).toBe(message);
  });
});
