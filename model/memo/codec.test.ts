/**
 * Memo in the fast engine through its state codec: the codec keeps the fingerprint's identity, the
 * fast engine counts the reference engine's states and transitions, and finds each planted bug with
 * the reference engine's minimal counterexample.
 */
import { describe, expect, it } from 'vitest';
import { bothEngines } from '../../checker/fast/testing.ts';
import { assertCodec } from '../core/testing.ts';
import { memoCodec } from './codec.ts';
import { memoFamily } from './model.ts';

describe('memo through its state codec', () => {
  it('encodes every reachable state with the identity of its fingerprint', () => {
    expect(assertCodec(memoFamily.build({ actors: 2, ops: 1 }), memoCodec, 3000)).toBe(1763);
  });

  it('counts exactly the reference engine states and transitions', () => {
    const { reference, fast } = bothEngines(memoFamily.build({ actors: 2, ops: 1 }));
    expect(fast).toEqual(reference);
    expect(fast).toMatchObject({ outcome: 'pass', states: 1763, transitions: 4591 });
  });

  it.each([
    ['lamport-no-tiebreak', 0, 'M1', 4],
    ['planted-local-clock', 0, 'M2', 3],
    ['planted-apply-stale', 1, 'M3', 3],
  ])('finds the planted bug of %s with the reference engine minimal counterexample', (variant, ops, property, rows) => {
    const { reference, fast } = bothEngines(memoFamily.build({ variant, actors: 2, ops }));
    expect(fast).toEqual(reference);
    expect(fast.outcome).toBe('violation');
    expect(fast.property).toBe(property);
    expect(fast.rows).toHaveLength(rows);
  });
});
