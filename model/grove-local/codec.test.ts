/**
 * grove-local in the fast engine through its state codec: the codec keeps the fingerprint's identity
 * (canonical snapshots included), the codec path's memo (`memo.ts`) makes the model's own steps and
 * verdicts on every reachable state and step, the fast engine counts the reference engine's states
 * and transitions, and finds each planted bug (one or more per property G8–G11, each judged through
 * the memo) with the reference engine's minimal counterexample.
 */
import { describe, expect, it } from 'vitest';
import { bothEngines } from '../../checker/fast/testing.ts';
import { assertCodec } from '../core/testing.ts';
import { groveLocalCodec } from './codec.ts';
import { groveLocalFamily } from './model.ts';
import { allLocalVariants } from './variant.ts';

const build = (variant: string, pages?: string) => groveLocalFamily.build({ variant, actors: 2, ops: 2, ...(pages ? { extra: { pages } } : {}) });

describe('grove-local through its state codec', () => {
  it.each([[undefined, 3157], ['p,q', 0]] as const)('encodes every reachable state (pages %s) with the identity of its fingerprint', (pages, states) => {
    const n = assertCodec(build('three-logs', pages), groveLocalCodec, 4000);
    if (states > 0) expect(n).toBe(states);
    else expect(n).toBeGreaterThanOrEqual(4000);
  });

  // On a planted variant some states and steps fail a property: the memo must judge those alike too.
  it.each(allLocalVariants.filter((v) => v.planted !== undefined).map((v) => v.name))('steps and judges as the model does on every reachable state of %s', (variant) => {
    expect(assertCodec(build(variant), groveLocalCodec, 1500)).toBeGreaterThan(100);
  });

  it('counts exactly the reference engine states and transitions', () => {
    const { reference, fast } = bothEngines(build('three-logs'));
    expect(fast).toEqual(reference);
    expect(fast).toMatchObject({ outcome: 'pass', states: 3157, transitions: 6016 });
  });

  it('counts the same again on the same model instance, its memo kept from the first search', () => {
    const model = build('three-logs');
    const first = bothEngines(model);
    expect(bothEngines(model)).toEqual(first);
  });

  it.each([
    ['planted-overlapping-squash', 'G8', 4],
    ['planted-early-equivalence', 'G9', 3],
    ['planted-watermark-snapshot', 'G10', 12],
    ['planted-stale-write', 'G10', 7],
    ['planted-no-fast-forward', 'G11', 5],
  ])('finds the planted bug of %s with the reference engine minimal counterexample', (variant, property, rows) => {
    const { reference, fast } = bothEngines(build(variant));
    expect(fast).toEqual(reference);
    expect(fast.property).toBe(property);
    expect(fast.rows).toHaveLength(rows);
  });
});
