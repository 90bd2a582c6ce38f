/**
 * obsmarkers in the fast engine through its state codec: the codec keeps the fingerprint's identity,
 * the fast engine counts the reference engine's states and transitions (and reports the same O1
 * divergence advisory), and finds each planted insufficiency with the reference engine's minimal
 * counterexample.
 */
import { describe, expect, it } from 'vitest';
import { bothEngines } from '../../checker/fast/testing.ts';
import { assertCodec } from '../core/testing.ts';
import { obsmarkersCodec } from './codec.ts';
import { obsmarkersFamily } from './model.ts';
import { exchangeVariants } from './exchange.ts';
import { obsScenarios } from './scenarios.ts';

const build = (variant: string, scenario: string) => obsmarkersFamily.build({ variant, extra: { scenario } });

describe('obsmarkers through its state codec', () => {
  it.each([
    ['full', 'late-marker', 10],
    ['full', 'cycle', 37],
  ])('encodes every reachable state of %s on %s with the identity of its fingerprint', (variant, scenario, states) => {
    expect(assertCodec(build(variant, scenario), obsmarkersCodec)).toBe(states);
  });

  // Every variant on every scenario: the codec, and the model's `expand` against `step` (next state,
  // effect and row of every step of every reachable state), then the fast engine against the reference.
  const everyRun = exchangeVariants.flatMap((v) => obsScenarios.map((s) => [v.name, s.name] as const));
  it.each(everyRun)('expand makes the steps of step, and the fast engine finds what the reference finds: %s on %s', (variant, scenario) => {
    const model = build(variant, scenario);
    expect(model.capabilities?.codec?.expand).toBeDefined();
    expect(assertCodec(model, model.capabilities!.codec!)).toBeGreaterThan(1);
    for (const strict of [false, true]) {
      const { reference, fast } = bothEngines(model, { strict });
      expect(fast).toEqual(reference);
    }
  });

  it('counts exactly the reference engine states and transitions', () => {
    const { reference, fast } = bothEngines(build('full', 'late-marker'));
    expect(fast).toEqual(reference);
    expect(fast).toMatchObject({ outcome: 'pass', states: 10, transitions: 44 });
  });

  it.each([
    ['full', 'cycle', 'O2', 10],
    ['boxed', 'isolated-kill', 'O3', 2],
    ['proposed-successors', 'late-marker', 'O3', 6],
  ])('finds the bug of %s on %s with the reference engine minimal counterexample', (variant, scenario, property, rows) => {
    const { reference, fast } = bothEngines(build(variant, scenario));
    expect(fast).toEqual(reference);
    expect(fast.property).toBe(property);
    expect(fast.rows).toHaveLength(rows);
  });

  it('the cycle with three users: the codec, and the reference engine counts and counterexample', () => {
    const model = obsmarkersFamily.build({ variant: 'full', actors: 3, extra: { scenario: 'cycle' } });
    expect(assertCodec(model, obsmarkersCodec)).toBe(2200); // every reachable state, past the violation
    const { reference, fast } = bothEngines(model);
    expect(fast).toEqual(reference);
    expect(fast).toMatchObject({ outcome: 'violation', property: 'O2', states: 489, transitions: 2142 });
  });

  it('reports the divergence advisory O1 where the reference engine does, with the same rows', () => {
    const { reference, fast } = bothEngines(build('full', 'cycle'));
    expect(fast.advisories.map((a) => a.property)).toEqual(['O1']);
    expect(fast.advisories).toEqual(reference.advisories);
  });
});
