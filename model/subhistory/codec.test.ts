/**
 * subhistory in the fast engine through its state codec: the codec keeps the fingerprint's identity,
 * the fast engine counts the reference engine's states and transitions, and finds each planted bug
 * with the reference engine's minimal counterexample.
 */
import { describe, expect, it } from 'vitest';
import { bothEngines } from '../../checker/fast/testing.ts';
import { assertCodec } from '../core/testing.ts';
import { subhistoryCodec } from './codec.ts';
import { subhistoryFamily } from './model.ts';

const build = (variant: string, actors: number, ops: number) => subhistoryFamily.build({ variant, actors, ops, extra: { retries: 1 } });

describe('subhistory through its state codec', () => {
  it('encodes every reachable state with the identity of its fingerprint', () => {
    expect(assertCodec(build('force-with-lease', 3, 2), subhistoryCodec, 6000)).toBe(4957);
  });

  it('counts exactly the reference engine states and transitions', () => {
    const { reference, fast } = bothEngines(build('force-with-lease', 3, 2));
    expect(fast).toEqual(reference);
    expect(fast).toMatchObject({ outcome: 'pass', states: 4957, transitions: 8781 });
  });

  it.each([
    ['plain-force', 1, 'S1', ['alice Push<{a1}, force> Ok', 'bob Push<{b1}, force> Ok']],
    ['planted-silent-give-up', 2, 'S2', 7],
  ] as const)('finds the planted bug of %s with the reference engine minimal counterexample', (variant, ops, property, rows) => {
    const { reference, fast } = bothEngines(build(variant, 2, ops));
    expect(fast).toEqual(reference);
    expect(fast.property).toBe(property);
    if (typeof rows === 'number') expect(fast.rows).toHaveLength(rows);
    else expect(fast.rows).toEqual(rows);
  });
});
