/**
 * The deep portfolio (`--strategy deep`) on a planted bug that needs two rare events in order
 * (`planted-branch-stall`: a force push onto a branched log, then a stall through six pushes there):
 * PCT at its default depth 2 misses it, the portfolio finds it on every seed tried without being told
 * a depth or a bound, and every member's counterexample comes back shrunk and replays alone.
 */
import { describe, expect, it } from 'vitest';
import { groveModel } from '../model/grove/model.ts';
import { lsnCas } from '../model/grove/variants/standard.ts';
import { plantedBranchStall } from '../model/grove/variants/deep.ts';
import { check } from './check.ts';
import { pctSearch } from './pct.ts';
import { portfolioSearch } from './portfolio.ts';
import { preemptionSearch } from './preemption.ts';

const stall = groveModel({ variant: plantedBranchStall, actors: 3, ops: 4 });

/** Runs the member named in a portfolio message alone, with the flags the message prints. */
function alone(message: string) {
  const flags = /alone: (.*)\)$/.exec(message)?.[1] ?? '';
  const num = (name: string) => Number(new RegExp(`--${name} (\\d+)`).exec(flags)?.[1]);
  if (flags.includes('--strategy pct')) return pctSearch(stall, { depth: num('pct-depth'), seed: num('seed'), runs: num('runs') });
  return preemptionSearch(stall, { preemptions: num('preemptions'), maxStates: num('max-states') });
}

describe('planted-branch-stall 3 × 4', () => {
  it('PCT at its default depth 2, seed 1, 2000 runs: misses it (the bug needs depth 3)', () => {
    expect(pctSearch(stall, { seed: 1, depth: 2, runs: 2000 }).outcome).toBe('pass');
  });

  for (const seed of [1, 3, 4]) {
    it(`deep portfolio, seed ${seed}: finds G6, shrunk to 31 rows, and the member replays alone with the flags it prints`, () => {
      const o = check(stall, { strategy: 'deep', seed });
      expect(o.outcome).toBe('violation');
      if (o.outcome !== 'violation') return;
      expect(o.strategy).toBe('deep');
      expect(o.property).toBe('G6');
      expect(o.rows.length).toBe(31);
      expect(o.message).toMatch(/found by the deep portfolio's (PCT d=3|preemption-bounded DFS \(bound 2)/);
      const m = alone(o.message);
      expect(m.outcome === 'violation' && m.path).toEqual(o.path);
    });
  }

  it('same seed, same counterexample', () => {
    const a = portfolioSearch(stall, { seed: 3 });
    const b = portfolioSearch(stall, { seed: 3 });
    expect(a.outcome === 'violation' && b.outcome === 'violation' && [a.path, a.message]).toEqual(b.outcome === 'violation' && [b.path, b.message]);
  });

  it('the preemption-bounded DFS shrinks its counterexample too: 40 rows as found, 31 shrunk (as PCT)', () => {
    const raw = preemptionSearch(stall, { preemptions: 2, minimize: false });
    const shrunk = preemptionSearch(stall, { preemptions: 2 });
    expect(raw.outcome === 'violation' && raw.rows.length).toBe(40);
    expect(shrunk.outcome === 'violation' && [shrunk.property, shrunk.rows.length]).toEqual(['G6', 31]);
    expect(shrunk.outcome === 'violation' && shrunk.message).toMatch(/shrunk to 31 steps/);
  });
});

describe('the portfolio on a correct model', () => {
  it('lsn-cas 2 × 2, 3 rounds: passes and says what it covered (not exhaustive)', () => {
    const o = portfolioSearch(groveModel({ variant: lsnCas, actors: 2, ops: 2 }), { rounds: 3 });
    expect(o.outcome).toBe('pass');
    if (o.outcome !== 'pass') return;
    expect(o.exhaustive).toBe(false);
    expect(o.note).toMatch(/every schedule with at most \d+ preemptions?/);
    expect(o.note).toMatch(/PCT runs d=2: \d+, d=3: \d+, d=4: \d+/);
  });
});
