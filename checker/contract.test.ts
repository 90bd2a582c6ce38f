/**
 * The contract every model family and variant must keep, checked for all of them at once: steps never
 * mutate their input and are deterministic, fingerprints are stable, every row a counterexample
 * prints parses back unchanged, and each strategy gives a verdict (never a crash).
 */
import { describe, expect, it } from 'vitest';
import { families } from '../model/registry.ts';
import { parseScenarioFile } from '../scenarios/notation/parse.ts';
import { printRow } from '../scenarios/notation/print.ts';
import { check } from './check.ts';
import { assertPureSteps } from '../model/core/testing.ts';

const cases = families.flatMap((f) => f.variants.map((v) => ({ name: `${f.name}/${v.name}`, build: () => f.build({ variant: v.name }) })));

describe('model contract', () => {
  it.each(cases)('$name: pure, deterministic steps with stable fingerprints', ({ build }) => {
    assertPureSteps(build(), { seed: 5, runs: 40, maxLength: 25 });
  });

  it.each(cases)('$name: counterexample rows parse back unchanged; random search gives a verdict', ({ build }) => {
    const m = build();
    const o = check(m, { strategy: 'bfs', maxStates: 200_000, strict: true });
    if (o.outcome === 'violation') {
      const text = o.rows.map(printRow).join('\n') + '\n';
      const back = parseScenarioFile(text).scenarios[0].rows.map(printRow);
      expect(back).toEqual(o.rows.map(printRow));
    }
    const r = check(m, { strategy: 'random', seed: 1, runs: 200, strict: true });
    expect(['pass', 'violation', 'inconclusive']).toContain(r.outcome);
  });
});
