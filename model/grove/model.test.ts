import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { groveModel, fingerprint } from './model.ts';
import { variantByName } from './variants/index.ts';
import type { GroveState } from './state.ts';
import { assertPureSteps } from '../core/testing.ts';

describe('grove model', () => {
  // SPIN's "states stored" for shared/bench/grove.pml, run on this machine for each configuration.
  const SPIN: [variant: string, actors: number, ops: number, states: number][] = [
    ['lsn-cas', 2, 1, 36],
    ['lsn-cas', 2, 2, 406],
    ['lsn-cas', 3, 1, 500],
    ['lsn-cas', 3, 2, 65_495],
    ['lsn-advance', 2, 2, 406],
    ['lsn-advance', 3, 1, 500],
  ];
  it.each(SPIN)('%s with %i actors × %i pushes stores the same states as SPIN (%i)', (variant, actors, ops, states) => {
    const o = check(groveModel({ variant: variantByName(variant), actors, ops }), { strategy: 'bfs' });
    expect(o.outcome).toBe('pass');
    expect(o.outcome === 'pass' && o.exhaustive).toBe(true);
    expect(o.stats.states).toBe(states);
  });

  it('depth-first search sees the same states as breadth-first when nothing fails', () => {
    const m = groveModel({ variant: variantByName('lsn-cas'), actors: 2, ops: 2 });
    expect(check(m, { strategy: 'dfs' }).stats.states).toBe(406);
  });

  it('step never mutates its input state, and is deterministic (with faults too)', () => {
    assertPureSteps(groveModel({ variant: variantByName('lsn-advance'), actors: 3, ops: 2 }), { seed: 7, runs: 200 });
    assertPureSteps(groveModel({ variant: variantByName('recover-by-reading'), actors: 2, ops: 2, maxLostReplies: 2, maxCrashes: 2 }), { seed: 7, runs: 200 });
  });

  it('the fingerprint does not depend on the order of keys', () => {
    const m = groveModel({ variant: variantByName('lsn-cas'), actors: 2, ops: 1 });
    let s: GroveState = m.initial();
    for (const i of [0, 0, 0]) s = m.step(s, i).next;
    const reordered: GroveState = {
      ...s,
      remote: {
        logs: Object.fromEntries(Object.entries(s.remote.logs).reverse()),
        refs: Object.fromEntries(Object.entries(s.remote.refs).reverse()),
      },
    };
    expect(fingerprint(reordered)).toBe(fingerprint(s));
    expect(fingerprint(m.step(s, 0).next)).not.toBe(fingerprint(s));
  });

  it('lists each enabled action with its actor, op and footprint', () => {
    const m = groveModel({ variant: variantByName('lsn-cas'), actors: 2, ops: 1 });
    const acts = m.actions(m.initial());
    expect(acts.map((a) => `${a.actor} ${a.op.name}<${a.op.args.join(', ')}>`)).toEqual(['1 Pull<main>', '2 Pull<main>']);
    expect(acts[0].footprint).toEqual(['ref:main']);
  });
});
