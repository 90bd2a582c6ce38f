/**
 * The compiled kernel with faults (lost replies, crashes) and recoveries against the reference model:
 * step by step on random schedules, state count by state count on whole searches, verdict by verdict,
 * and a planted recovery bug that the fast engine must find and the reference model must replay.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/model.ts';
import { printRow } from '../../../scenarios/notation/print.ts';
import { groveModel } from '../model.ts';
import type { GroveVariant } from '../variant.ts';
import { lsnCas, logidCheck, recoverByReading, retryNaive } from '../variants/standard.ts';
import { plantedVariants } from '../variants/planted.ts';
import { check } from '../../../checker/check.ts';
import { fastCheck } from '../../../checker/fast/engine.ts';
import { GroveKernel } from './kernel.ts';
import { Symmetry } from './symmetry.ts';
import { compareSteps, permutations, reachable } from './testing.ts';

const recoveries: GroveVariant[] = [lsnCas, retryNaive, recoverByReading];
const budgets = [
  { maxLostReplies: 1 },
  { maxCrashes: 1 },
  { maxLostReplies: 1, maxCrashes: 1 },
  { maxLostReplies: 2, maxCrashes: 2 },
] as const;

describe('kernel step with faults = reference step (random schedules, seed 11)', () => {
  for (const v of [...recoveries, logidCheck, ...plantedVariants]) {
    it(`${v.name}: same fingerprint, actions, verdict and G7 state, step by step`, () => {
      let steps = 0;
      for (const [actors, ops] of [[2, 2], [3, 2]] as const) {
        for (const b of budgets) {
          const m = groveModel({ variant: v, actors, ops, ...b });
          steps += compareSteps(m, GroveKernel.forModel(m), 11 + actors, 15);
        }
      }
      expect(steps).toBeGreaterThan(300);
    });
  }
});

describe('state counts with faults: fast engine (no reductions) = reference BFS, 2 × 2', () => {
  // [variant, budgets, states] as the reference BFS counts them.
  const pinned: [GroveVariant, { maxLostReplies?: number; maxCrashes?: number }, number][] = [
    [lsnCas, { maxLostReplies: 1 }, 2_864],
    [lsnCas, { maxCrashes: 1 }, 3_430],
    [lsnCas, { maxLostReplies: 1, maxCrashes: 1 }, 27_054],
    [lsnCas, { maxLostReplies: 2 }, 9_586],
    [lsnCas, { maxCrashes: 2 }, 14_097],
    [retryNaive, { maxLostReplies: 1 }, 4_014],
    [retryNaive, { maxCrashes: 1 }, 3_430],
    [retryNaive, { maxLostReplies: 1, maxCrashes: 1 }, 39_736],
    [retryNaive, { maxLostReplies: 2 }, 22_214],
    [retryNaive, { maxCrashes: 2 }, 14_097],
    [recoverByReading, { maxLostReplies: 1 }, 1_474],
    [recoverByReading, { maxCrashes: 1 }, 1_832],
    [recoverByReading, { maxLostReplies: 1, maxCrashes: 1 }, 6_560],
    [recoverByReading, { maxLostReplies: 2 }, 2_812],
    [recoverByReading, { maxCrashes: 2 }, 3_885],
  ];
  for (const [v, b, states] of pinned) {
    it(`${v.name} ${JSON.stringify(b)}: ${states} states, same transitions and depth`, () => {
      const m = groveModel({ variant: v, actors: 2, ops: 2, ...b });
      const ref = check(m, { strategy: 'bfs' });
      const fast = fastCheck(m);
      expect(ref.outcome).toBe('pass');
      expect(fast.outcome).toBe('pass');
      expect(ref.stats.states).toBe(states);
      expect([fast.stats.states, fast.stats.transitions, fast.stats.depth]).toEqual([ref.stats.states, ref.stats.transitions, ref.stats.depth]);
    });
  }
});

describe('verdicts with faults (2 × 2, one lost reply and one crash): fast = reference BFS', () => {
  for (const v of [...recoveries, logidCheck, ...plantedVariants]) {
    it(`${v.name}, advisory and strict: same outcome, property, shortest path, message and states`, () => {
      const m = groveModel({ variant: v, actors: 2, ops: 2, maxLostReplies: 1, maxCrashes: 1 });
      for (const strict of [false, true]) {
        const ref = check(m, { strategy: 'bfs', strict });
        const fast = fastCheck(m, { strict });
        expect(fast.outcome).toBe(ref.outcome);
        expect(fast.stats.states).toBe(ref.stats.states);
        if (ref.outcome === 'violation' && fast.outcome === 'violation') {
          expect([fast.property, fast.path, fast.message]).toEqual([ref.property, ref.path, ref.message]);
        }
        // D1 as an advisory is not compiled (said in the report); G7's advisory is.
        expect(fast.advisories.some((a) => a.property === 'G7')).toBe(ref.advisories.some((a) => a.property === 'G7'));
        if (!strict) expect(fast.fast.notEvaluated).toContain('D1');
      }
    });
  }
});

describe('fault bugs the fast engine finds (replayed on the reference model)', () => {
  it('retry-naive, one lost reply, strict: a naive retry writes commit 1.1 twice (D1), in 5 rows', () => {
    const o = fastCheck(groveModel({ variant: retryNaive, actors: 2, ops: 2, maxLostReplies: 1 }), { strict: true });
    expect(o.outcome === 'violation' && [o.property, o.message]).toEqual(['D1', 'commit 1.1 appears twice in the history of main']);
    expect(o.outcome === 'violation' && o.rows.map(printRow)).toEqual([
      '1 Pull<main> Ok(a@0)',
      '1 Append<a@1> ?',
      '1 Pull<a> Ok(a@1)',
      '1 Append<a@2> Ok',
      '1 CAS<main, a@0, a@2> Ok',
    ]);
  });
  it('lsn-cas without recovery, one lost reply, strict: a timed-out CAS that landed is reported failed (G7)', () => {
    const o = fastCheck(groveModel({ variant: lsnCas, actors: 2, ops: 2, maxLostReplies: 1 }), { strict: true });
    expect(o.outcome === 'violation' && o.property).toBe('G7');
    expect(o.outcome === 'violation' && o.rows.map(printRow)).toEqual([
      '1 Pull<main> Ok(a@0)',
      '1 Append<a@1> Ok',
      '1 CAS<main, a@0, a@1> ?',
      '1 Branch<a@0, b> Ok',
      '1 CAS<main, a@0, b@1> Err(a@1)',
    ]);
  });
  it('recover-by-reading passes where both fail, with symmetry too', () => {
    const m = groveModel({ variant: recoverByReading, actors: 2, ops: 2, maxLostReplies: 1, maxCrashes: 1 });
    expect(fastCheck(m, { strict: true }).outcome).toBe('pass');
    const sym = fastCheck(m, { strict: true, symmetry: true });
    expect(sym.outcome).toBe('pass');
    expect(sym.stats.states).toBe(3_282);
  });
});

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, j) => x === b[j]);

describe('symmetry with faults', () => {
  const cases: [GroveVariant, { maxLostReplies?: number; maxCrashes?: number }][] = [
    [lsnCas, { maxCrashes: 1 }],
    [retryNaive, { maxLostReplies: 1 }],
    [recoverByReading, { maxLostReplies: 1, maxCrashes: 1 }],
  ];
  for (const [v, budget] of cases) {
    it(`${v.name} 3 × 1, ${JSON.stringify(budget)}: actions commute with renaming (every 3rd state), the representative is an orbit invariant, the search counts the orbits`, () => {
      const m = groveModel({ variant: v, actors: 3, ops: 1, ...budget });
      const K = GroveKernel.forModel(m);
      const L = K.layout;
      const sym = new Symmetry(K);
      const perms = permutations(3);
      const en = new Int32Array(K.maxActions);
      const a = new Uint8Array(L.bytes);
      const b = new Uint8Array(L.bytes);
      const ps = new Uint8Array(L.bytes);
      const pa = new Uint8Array(L.bytes);
      const c1 = new Uint8Array(L.bytes);
      const c2 = new Uint8Array(L.bytes);
      const orbits = new Set<string>();
      reachable(K).forEach((s, j) => {
        let least: string | null = null;
        for (const p of perms) {
          sym.rename(s, p, ps);
          const key = Buffer.from(ps).toString('latin1');
          if (least === null || key < least) least = key;
          if (j % 3 !== 0) continue;
          // step(π s, π action) = π step(s, action), for every enabled action (faults included).
          const n = K.enabled(s, en);
          for (let x = 0; x < n; x++) {
            const code = en[x];
            const v1 = K.step(s, code, a).violated;
            sym.rename(a, p, pa);
            const v2 = K.step(ps, p[code & 255] | (code & ~255), b).violated;
            expect(same(pa, b)).toBe(true);
            expect(v2).toBe(v1);
          }
          sym.canonical(s, c1);
          sym.canonical(ps, c2);
          expect(same(c1, c2)).toBe(true);
        }
        orbits.add(least!);
      });
      const o = fastCheck(m, { symmetry: true });
      expect(o.outcome).toBe('pass');
      expect(o.stats.states).toBe(orbits.size);
      expect(o.stats.states).toBeLessThan(fastCheck(m).stats.states);
    });
  }

  it('partial-order reduction is refused with faults (its conditions do not hold: see por.ts)', () => {
    const m = groveModel({ variant: retryNaive, actors: 2, ops: 1, maxLostReplies: 1 });
    expect(() => fastCheck(m, { por: true })).toThrow(UsageError);
  });
});

describe('faults across worker threads', () => {
  it('retry-naive 2 × 2, one lost reply and one crash: same counts with 2 workers; with symmetry too', () => {
    const m = groveModel({ variant: retryNaive, actors: 2, ops: 2, maxLostReplies: 1, maxCrashes: 1 });
    for (const symmetry of [false, true]) {
      const one = fastCheck(m, { symmetry });
      const par = fastCheck(m, { symmetry, workers: 2 } as Parameters<typeof fastCheck>[1]);
      expect([par.outcome, par.stats.states, par.stats.transitions, par.stats.depth]).toEqual([one.outcome, one.stats.states, one.stats.transitions, one.stats.depth]);
    }
  });
  it('retry-naive 2 × 2, one lost reply, strict: the same D1 counterexample with 2 workers', () => {
    const m = groveModel({ variant: retryNaive, actors: 2, ops: 2, maxLostReplies: 1 });
    const one = fastCheck(m, { strict: true });
    const par = fastCheck(m, { strict: true, workers: 2 } as Parameters<typeof fastCheck>[1]);
    expect(par.outcome === 'violation' && [par.property, par.path]).toEqual(one.outcome === 'violation' && [one.property, one.path]);
  });
});
