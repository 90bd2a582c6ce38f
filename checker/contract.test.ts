/**
 * The contract every model family and variant must keep, checked for all of them at once: steps never
 * mutate their input and are deterministic, fingerprints are stable, every row a counterexample
 * prints parses back unchanged, and each strategy gives a verdict (never a crash).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { families } from '../model/registry.ts';
import { parseScenarioFile } from '../scenarios/notation/parse.ts';
import { printRow } from '../scenarios/notation/print.ts';
import { check } from './check.ts';

function deepFreeze<T>(x: T): T {
  if (x !== null && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x as object)) deepFreeze(v);
  }
  return x;
}

const cases = families.flatMap((f) => f.variants.map((v) => ({ name: `${f.name}/${v.name}`, build: () => f.build({ variant: v.name }) })));

describe('model contract', () => {
  it.each(cases)('$name: pure, deterministic steps with stable fingerprints', ({ build }) => {
    const m = build();
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 25 }), (choices) => {
        let s = deepFreeze(m.initial());
        for (const c of choices) {
          const acts = m.actions(s);
          if (acts.length === 0) break;
          const fp = m.fingerprint(s);
          const a = m.step(s, c % acts.length);
          const b = m.step(s, c % acts.length);
          expect(m.fingerprint(s)).toBe(fp);
          expect(m.fingerprint(a.next)).toBe(m.fingerprint(b.next));
          expect(a.row).toEqual(b.row);
          s = deepFreeze(a.next);
        }
      }),
      { seed: 5, numRuns: 40 },
    );
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
