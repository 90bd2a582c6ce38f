/**
 * The checker is trusted only if it catches planted bugs: each planted variant must be reported as
 * exactly the property it breaks, with the minimal counterexample pinned, by breadth-first search and
 * by random search; and the correct variant must pass every strategy on the same bounds.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { groveModel } from './model.ts';
import { plantedVariants } from './variants/planted.ts';
import { variantByName } from './variants/index.ts';

const MINIMAL: Record<string, string[]> = {
  'planted-overwrite': ['1 Pull<main> Ok(a@0)', '1 Append<a@1> Ok', '2 Pull<main> Ok(a@0)', '2 Append<a@1> Ok'],
  'planted-gap': ['1 Pull<main> Ok(a@0)', '1 Append<a@1> Ok'],
  'planted-lying-append': ['1 Pull<main> Ok(a@0)', '1 Append<a@1> Ok', '2 Pull<main> Ok(a@0)', '2 Append<a@1> Ok'],
  'planted-dangling-ref': ['1 Pull<main> Ok(a@0)', '1 Append<a@1> Ok', '1 CAS<main, a@0, a@1> Ok'],
  'planted-early-ack': ['1 Pull<main> Ok(a@0)', '1 Append<a@1> Ok'],
  'planted-blind-force': [
    '1 Pull<main> Ok(a@0)',
    '1 Append<a@1> Ok',
    '2 Pull<main> Ok(a@0)',
    '1 CAS<main, a@0, a@1> Ok',
    '2 Append<a@1> Err: conflict',
    '2 Branch<a@0, d> Ok',
    '2 CAS<main, a@0, d@1> Ok',
  ],
  'planted-zombie': ['1 Pull<main> Ok(a@0)', '1 Append<a@1> Ok', '1 CAS<main, a@0, a@1> Err(a@1)', '1 Branch<a@0, b> Ok', '1 CAS<main, a@0, b@1> Err(a@1)'],
};

describe('planted bugs', () => {
  it('covers G1 to G7, one variant each', () => {
    expect(plantedVariants.map((v) => v.planted)).toEqual(['G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7']);
  });

  for (const v of plantedVariants) {
    const strict = v.planted === 'G7';
    it(`${v.name}: breadth-first reports exactly ${v.planted} with the minimal counterexample`, () => {
      const o = check(groveModel({ variant: v, actors: 2, ops: 2 }), { strategy: 'bfs', strict });
      expect(o.outcome).toBe('violation');
      if (o.outcome !== 'violation') return;
      expect(o.property).toBe(v.planted);
      expect(o.rows.map(printRow)).toEqual(MINIMAL[v.name]);
      expect(o.atRow).toBe(o.rows.length);
    });
    it(`${v.name}: random search (seed 3) reports ${v.planted} too`, () => {
      const o = check(groveModel({ variant: v, actors: 2, ops: 2 }), { strategy: 'random', seed: 3, runs: 2000, strict });
      expect(o.outcome === 'violation' && o.property).toBe(v.planted);
    });
    it(`${v.name}: depth-first reports ${v.planted}`, () => {
      const o = check(groveModel({ variant: v, actors: 2, ops: 2 }), { strategy: 'dfs', strict });
      expect(o.outcome === 'violation' && o.property).toBe(v.planted);
    });
  }

  it('G7 is advisory: without --strict the zombie is reported but the check passes', () => {
    const v = plantedVariants.find((x) => x.planted === 'G7')!;
    const o = check(groveModel({ variant: v, actors: 2, ops: 1 }), { strategy: 'bfs' });
    expect(o.outcome).toBe('pass');
    expect(o.advisories.map((a) => a.property)).toEqual(['G7']);
    expect(o.advisories[0].rows).toEqual(MINIMAL['planted-zombie']);
  });

  it('the correct variant passes every strategy on the same bounds', () => {
    const m = groveModel({ variant: variantByName('lsn-cas'), actors: 2, ops: 2 });
    for (const strategy of ['bfs', 'dfs', 'random'] as const) {
      const o = check(m, { strategy, seed: 3, runs: 2000, strict: true });
      expect(o.outcome).toBe('pass');
      expect(o.advisories).toEqual([]);
    }
  });
});
