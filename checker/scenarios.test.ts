/**
 * The regression suite: every scenario file under scenarios/ (the seeds' tables and every saved
 * counterexample) is replayed against each variant its expect: line names, and the verdict must be
 * the expected one. One table-driven test, so a newly saved counterexample is covered at once.
 */
import { describe, expect, it } from 'vitest';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioFiles } from '../scripts/commands/replay.ts';
import { parseScenarioFile, readScenarioFileSync } from '../scenarios/notation/index.ts';
import { expectations, runScenario, scenarioName, variantsOf } from './scenarios.ts';

/** The scenario files (`scenarios/`): every one is replayed. */
const here = join(dirname(fileURLToPath(import.meta.url)), '..', 'scenarios');
const cases = scenarioFiles([here]).flatMap((file) =>
  readScenarioFileSync(file).scenarios.flatMap((s, i) =>
    variantsOf(s).map((variant) => ({ name: `${relative(here, file)} ${scenarioName(s, i)} [${variant}]`, s, variant })),
  ),
);

describe('scenario corpus', () => {
  it('has the seed tables and at least one saved counterexample', () => {
    expect(cases.some((c) => c.name.startsWith('seed/'))).toBe(true);
    expect(cases.some((c) => c.name.startsWith('counterexamples/'))).toBe(true);
  });
  it.each(cases)('$name', ({ s, variant }) => {
    const r = runScenario(s, variant);
    expect(r.expected, 'every corpus scenario states its expected verdict').toBeDefined();
    expect(r.verdict).toBe(r.expected);
  });
});

describe('runner', () => {
  const text = `scenario: x
expect: logid-check=violation(G6); lsn-cas=ok
Initial state:
- main: a

1 Append<a> Ok
1 Check<main, a> Ok
2 Append<a> Err: conflict
2 Branch<a, b> Ok
2 CAS<main, a, b> Ok
`;
  it('reads per-variant expectations', () => {
    const s = parseScenarioFile(text).scenarios[0];
    expect([...expectations(s)]).toEqual([['logid-check', 'violation(G6)'], ['lsn-cas', 'ok']]);
  });
  it('reports a verdict that differs from the expectation', () => {
    const s = parseScenarioFile(text.replace('lsn-cas=ok', 'lsn-cas=violation(G6)')).scenarios[0];
    const r = runScenario(s, 'lsn-cas');
    expect(r).toMatchObject({ verdict: 'ok', expected: 'violation(G6)', asExpected: false });
  });
  it('reports the row where the written result differs from the model', () => {
    const s = parseScenarioFile(text.replace('2 Append<a> Err: conflict', '2 Append<a> Ok')).scenarios[0];
    expect(runScenario(s, 'logid-check').verdict).toBe('mismatch(row 3)');
  });
  it('finds no linearization when none exists', () => {
    const s = parseScenarioFile(`Initial state:
- main: a

1 Check<main, a> ...
1 ... Err(b)
2 CAS<main, a, b> Ok
`).scenarios[0];
    const r = runScenario(s, 'logid-check');
    expect(r.verdict).toBe('not-linearizable');
    expect(r.history?.verdict === 'not-linearizable' && r.history.stuck.length).toBeGreaterThan(0);
  });
});
