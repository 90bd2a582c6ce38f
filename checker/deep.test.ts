/**
 * The deep planted bug (`planted-narrow-cas`, 3 actors × 8 ops): PCT and the preemption-bounded DFS
 * find it; fast-check's random schedules, with the default budget, do not. Seeds are pinned in the
 * test names.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { groveModel } from '../model/grove/model.ts';
import { lsnCas } from '../model/grove/variants/standard.ts';
import { plantedNarrowCas } from '../model/grove/variants/deep.ts';
import { execute } from './random.ts';
import { check } from './check.ts';
import { pctBound, pctSearch } from './pct.ts';
import { preemptionSearch } from './preemption.ts';

const deep = groveModel({ variant: plantedNarrowCas, actors: 3, ops: 8 });

/** The most steps of other actors between two consecutive steps of one actor, along a path. */
function widestGap(path: readonly number[]): number {
  let s = deep.initial();
  const who = path.map((i) => {
    const a = deep.actions(s)[i].actor;
    s = deep.step(s, i).next;
    return a;
  });
  let widest = 0;
  const last = new Map<string, number>();
  who.forEach((a, t) => {
    const prev = last.get(a);
    if (prev !== undefined) widest = Math.max(widest, t - prev - 1);
    last.set(a, t);
  });
  return widest;
}

describe('PCT', () => {
  it('seed 1, d=2: finds G6 in planted-narrow-cas 3×8, and the schedule holds ≥ 15 steps of others between two steps of one actor', () => {
    const o = check(deep, { strategy: 'pct', seed: 1, runs: 2000, depth: 2, minimize: false } as Parameters<typeof check>[1]);
    expect(o.outcome).toBe('violation');
    if (o.outcome !== 'violation') return;
    expect(o.property).toBe('G6');
    expect(o.stats.runs).toBeLessThan(2000);
    expect(widestGap(o.path)).toBeGreaterThanOrEqual(15);
    expect(o.message).toMatch(/PCT d=2, n=3 actors/);
  });

  it('seed 1: passes the correct lsn-cas 3×3 and states its probability bound', () => {
    const o = pctSearch(groveModel({ variant: lsnCas, actors: 3, ops: 3 }), { seed: 1, runs: 200 });
    expect(o.outcome).toBe('pass');
    expect(o.outcome === 'pass' ? o.note : '').toMatch(/missed with probability ≤/);
  });

  it('the bound is 1/(n·k^(d-1))', () => {
    expect(pctBound(3, 72, 2)).toBeCloseTo(1 / 216, 12);
    expect(pctBound(2, 10, 3)).toBeCloseTo(1 / 200, 12);
  });
});

describe('preemption-bounded DFS', () => {
  it('bound 0 passes planted-narrow-cas 3×8 (no preemption, no bug); bound 1 finds G6 with one preemption', () => {
    const zero = preemptionSearch(deep, { preemptions: 0 });
    expect(zero.outcome).toBe('pass');
    const one = check(deep, { strategy: 'preemption', preemptions: 1 } as Parameters<typeof check>[1]);
    expect(one.outcome).toBe('violation');
    if (one.outcome !== 'violation') return;
    expect(one.property).toBe('G6');
    expect(one.message).toMatch(/1 preemption/);
    expect(widestGap(one.path)).toBeGreaterThanOrEqual(15);
  });
});

describe('fast-check random schedules', () => {
  it('seed 1, the random strategy with its default budget (1000 runs): does not find it', () => {
    const o = check(deep, { strategy: 'random', seed: 1 });
    expect(o.outcome).toBe('pass');
    expect(o.stats.runs).toBe(1000);
  });

  it('seed 1, 1000 full-length schedules (every run to completion): do not find it either', () => {
    let found = false;
    let longest = 0;
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1_000_000 }), { minLength: 200, maxLength: 200 }), (cs) => {
        const e = execute(deep, cs, 200, false);
        longest = Math.max(longest, e.steps);
        if (e.violation !== null) found = true;
        return true;
      }),
      { seed: 1, numRuns: 1000 },
    );
    expect(longest).toBeGreaterThanOrEqual(72);
    expect(found).toBe(false);
  });
});
