/**
 * Planted bugs: each variant must be reported by breadth-first search as exactly the property it
 * breaks, with the minimal counterexample pinned; along that counterexample no other property may
 * fail; the counterexample must replay from its printed rows; random and depth-first search must find
 * the same property; and the correct client must pass every strategy on the same bounds.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { replaySequential } from '../../checker/replay.ts';
import { parseScenarioFile } from '../../scenarios/notation/parse.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import type { Model } from '../core/model.ts';
import { localModel } from './model.ts';
import type { LocalState } from './state.ts';
import { plantedLocalVariants, threeLogs } from './variant.ts';

const LANDS_C1 = ['1 Write<c1, p=c1> Ok', '1 Squash<c1..=c1, b1> Ok', '1 Push<b1, a@1> Ok', '1 CAS<main, a@0, a@1> Ok(c1..=c1 => b1 => a1)'];

/** The minimal counterexample (2 clients × 2 writes, page p) and the start of its message, per variant. */
const MINIMAL: Record<string, { rows: string[]; message: string }> = {
  'planted-overlapping-squash': {
    rows: ['1 Write<c1, p=c1> Ok', '1 Squash<c1..=c1, b1> Ok', '1 Write<c2, p=c2> Ok', '1 Squash<c1..=c2, b2> Ok'],
    message: 'client 1: b2 squashes c1..=c2, but b1 ended at c1: ranges must be contiguous, disjoint and ordered',
  },
  'planted-early-equivalence': {
    rows: ['1 Write<c1, p=c1> Ok', '1 Squash<c1..=c1, b1> Ok', '1 Push<b1, a@1> Ok'],
    message: 'client 1 records b1 => a1, but a1 is not in its origin/main (a@0)',
  },
  'planted-watermark-snapshot': {
    rows: [
      ...LANDS_C1,
      '2 Write<e1, p=e1> Ok',
      '2 Squash<e1..=e1, d1> Ok',
      '2 Pull<main> Ok(a@1)',
      '2 Rebase<a@1> Ok',
      '2 Push<d1, a@2> Ok',
      '2 CAS<main, a@1, a@2> Ok(e1..=e1 => d1 => a2)',
      '1 Pull<main> Ok(a@2)',
      '1 Rebase<a@2> Ok',
    ],
    message: "client 1 reads {p=c1} from a1---a2 / · / c1, but main's history at a@2 plus its unlanded local commits is {p=e1}",
  },
  'planted-stale-write': {
    rows: [...LANDS_C1, '2 Pull<main> Ok(a@1)', '2 Rebase<a@1> Ok', '2 Write<e1, p=e1> Ok'],
    message: "client 2's write was accepted on a stale snapshot: it read {} from · / · / ·, but commits onto {p=c1} (a1 / · / ·)",
  },
  'planted-no-fast-forward': {
    rows: [...LANDS_C1, '2 Pull<main> Ok(a@1)'],
    message: "after every actor stopped and pulled, client 2's snapshot is still on a@0 while its origin/main is a@1",
  },
};

/** Every property that fails on each step of `path` (transition, then state), evaluated one by one. */
function failuresAlong(m: Model<LocalState>, path: readonly number[]): string[][] {
  let s = m.initial();
  const out: string[][] = [];
  for (const i of path) {
    const step = m.step(s, i);
    out.push(m.properties.filter((p) => (p.transition?.(s, step) ?? null) !== null || (p.state?.(step.next) ?? null) !== null).map((p) => p.id));
    s = step.next;
  }
  return out;
}

const build = (v = threeLogs) => localModel({ variant: v, clients: 2, writes: 2 });

describe('planted bugs in the local/staged/origin client', () => {
  it('covers G8 to G11, at least one variant each', () => {
    expect(new Set(plantedLocalVariants.map((v) => v.planted))).toEqual(new Set(['G8', 'G9', 'G10', 'G11']));
  });

  for (const v of plantedLocalVariants) {
    it(`${v.name}: breadth-first reports exactly ${v.planted} with the minimal counterexample`, () => {
      const m = build(v);
      const o = check(m, { strategy: 'bfs' });
      expect(o.outcome).toBe('violation');
      if (o.outcome !== 'violation') return;
      expect(o.property).toBe(v.planted);
      expect(o.rows.map(printRow)).toEqual(MINIMAL[v.name].rows);
      expect(o.message).toBe(MINIMAL[v.name].message);
      // Exactly it: nothing fails before the last step, and at the last step only the planted property.
      const along = failuresAlong(m, o.path);
      expect(along.slice(0, -1).every((f) => f.length === 0)).toBe(true);
      expect(along.at(-1)).toEqual([v.planted]);
    });

    it(`${v.name}: the counterexample replays from its printed rows`, () => {
      const m = build(v);
      const text = `model: grove-local\nvariant: ${v.name}\n\n${MINIMAL[v.name].rows.join('\n')}\n`;
      const r = replaySequential(m, parseScenarioFile(text).scenarios[0]);
      expect(r.result).toMatchObject({ verdict: 'violation', property: v.planted, atRow: MINIMAL[v.name].rows.length });
    });

    it(`${v.name}: depth-first and random search (seed 3) report ${v.planted} too`, () => {
      const m = build(v);
      // Schedules run to the depth bound (size 'max'), so the 12-step G10 counterexample is in reach;
      // with fast-check's small default arrays (about 10 choices) it is not, and the search passes.
      const r = check(m, { strategy: 'random', seed: 3, runs: 2000 });
      expect(r.outcome === 'violation' && r.property).toBe(v.planted);
      const small = check(m, { strategy: 'random', seed: 3, runs: 2000, size: 'small' });
      expect(small.outcome === 'violation' ? small.property : small.outcome).toBe(MINIMAL[v.name].rows.length <= 10 ? v.planted : 'pass');
      const d = check(m, { strategy: 'dfs' });
      expect(d.outcome === 'violation' && d.property).toBe(v.planted);
    });
  }

  it('the correct client passes every strategy on the same bounds', () => {
    const m = build();
    for (const strategy of ['bfs', 'dfs', 'random'] as const) {
      const o = check(m, { strategy, seed: 3, runs: 2000, strict: true });
      expect(o.outcome).toBe('pass');
    }
  });
});
