/**
 * grove-local in the fast engine through its state codec: the codec keeps the fingerprint's identity
 * (canonical snapshots included), the fast engine counts the reference engine's states and
 * transitions, and finds each planted bug with the reference engine's minimal counterexample.
 */
import { describe, expect, it } from 'vitest';
import { bothEngines } from '../../checker/fast/testing.ts';
import { assertCodec } from '../core/testing.ts';
import { groveLocalCodec } from './codec.ts';
import { groveLocalFamily } from './model.ts';

const build = (variant: string, pages?: string) => groveLocalFamily.build({ variant, actors: 2, ops: 2, ...(pages ? { extra: { pages } } : {}) });

describe('grove-local through its state codec', () => {
  it.each([[undefined, 3157], ['p,q', 0]] as const)('encodes every reachable state (pages %s) with the identity of its fingerprint', (pages, states) => {
    const n = assertCodec(build('three-logs', pages), groveLocalCodec, 4000);
    if (states > 0) expect(n).toBe(states);
    else expect(n).toBeGreaterThanOrEqual(4000);
  });

  it('counts exactly the reference engine states and transitions', () => {
    const { reference, fast } = bothEngines(build('three-logs'));
    expect(fast).toEqual(reference);
    expect(fast).toMatchObject({ outcome: 'pass', states: 3157, transitions: 6016 });
  });

  it.each([
    ['planted-watermark-snapshot', 'G10', 12],
    ['planted-stale-write', 'G10', 7],
    ['planted-early-equivalence', 'G9', 3],
  ])('finds the planted bug of %s with the reference engine minimal counterexample', (variant, property, rows) => {
    const { reference, fast } = bothEngines(build(variant));
    expect(fast).toEqual(reference);
    expect(fast.property).toBe(property);
    expect(fast.rows).toHaveLength(rows);
  });
});
