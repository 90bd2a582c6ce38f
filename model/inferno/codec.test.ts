/**
 * Inferno in the fast engine through its state codec: the codec keeps the fingerprint's identity, the
 * fast engine counts the reference engine's states and transitions, and finds each of the seed's bugs
 * with the reference engine's minimal counterexample.
 */
import { describe, expect, it } from 'vitest';
import { bothEngines } from '../../checker/fast/testing.ts';
import { assertCodec } from '../core/testing.ts';
import { infernoCodec } from './codec.ts';
import { infernoFamily } from './model.ts';

const build = (variant: string, actors: number, maxCrashes = 0, program = 'chain') => infernoFamily.build({ variant, actors, extra: { maxCrashes, program } });

describe('inferno through its state codec', () => {
  it.each([
    ['cas', 3, 1, 'chain', 93],
    ['current', 3, 0, 'fork', 0],
  ] as const)('encodes every reachable state of %s (%i actors, %i crashes, %s) with the identity of its fingerprint', (variant, actors, crashes, program, states) => {
    const n = assertCodec(build(variant, actors, crashes, program), infernoCodec);
    if (states > 0) expect(n).toBe(states);
    else expect(n).toBeGreaterThan(50);
  });

  it('counts exactly the reference engine states and transitions', () => {
    const { reference, fast } = bothEngines(build('cas', 3, 1));
    expect(fast).toEqual(reference);
    expect(fast).toMatchObject({ outcome: 'pass', states: 93, transitions: 177 });
  });

  it.each([
    ['current', 2, 0, 'I1', 12],
    ['current-atomic-rename', 3, 0, 'I2', 13],
    ['lock', 2, 1, 'I3', 5],
  ])('finds the bug of %s with the reference engine minimal counterexample', (variant, actors, crashes, property, rows) => {
    const { reference, fast } = bothEngines(build(variant, actors, crashes));
    expect(fast).toEqual(reference);
    expect(fast.property).toBe(property);
    expect(fast.rows).toHaveLength(rows);
  });
});
