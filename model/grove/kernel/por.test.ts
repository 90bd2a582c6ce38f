/**
 * Reductions preserve verdicts: with and without partial-order reduction and symmetry, every planted
 * bug is found as the same property (and the counterexample replays on the reference model, which the
 * engine checks itself); correct variants pass; reduced counts are pinned.
 */
import { describe, expect, it } from 'vitest';
import { groveModel } from '../model.ts';
import { logidCheck, lsnAdvance, lsnCas } from '../variants/standard.ts';
import { plantedVariants } from '../variants/planted.ts';
import { rowsOfPath } from '../../../checker/options.ts';
import { fastCheck } from '../../../checker/fast/engine.ts';

const modes = [
  { name: 'none', symmetry: false, por: false },
  { name: 'por', symmetry: false, por: true },
  { name: 'symmetry', symmetry: true, por: false },
  { name: 'both', symmetry: true, por: true },
] as const;

describe('same verdicts with every combination of reductions', () => {
  for (const v of [logidCheck, lsnAdvance, lsnCas, ...plantedVariants]) {
    it(`${v.name}: 2×2, 3×1, 3×2, strict and not`, () => {
      for (const [actors, ops] of [[2, 2], [3, 1], [3, 2]] as const) {
        const m = groveModel({ variant: v, actors, ops });
        // Strictness only matters for G7 (advisory); at 3×2 it is exercised where G7 is planted.
        for (const strict of actors * ops < 6 || v.planted === 'G7' ? [false, true] : [false]) {
          const verdicts = modes.map((mode) => {
            const o = fastCheck(m, { ...mode, strict });
            if (o.outcome === 'violation') {
              // The schedule is concrete: it replays on the reference model to the same number of rows.
              expect(rowsOfPath(m, o.path)).toHaveLength(o.rows.length);
              return `violation ${o.property}`;
            }
            return `${o.outcome} ${o.advisories.map((a) => a.property).filter((p) => p === 'G7').join(',')}`;
          });
          expect(new Set(verdicts).size, `${actors}×${ops} strict=${strict}: ${verdicts.join(' | ')}`).toBe(1);
          if (v.planted !== undefined && (v.planted !== 'G7' || strict)) expect(verdicts[0]).toBe(`violation ${v.planted}`);
        }
      }
    });
  }
});

describe('reduced state counts, pinned (lsn-cas)', () => {
  it('3×2: 65,495 full; 34,073 with POR; 10,941 with symmetry; 5,717 with both', () => {
    const m = groveModel({ variant: lsnCas, actors: 3, ops: 2 });
    expect(modes.map((mode) => fastCheck(m, mode).stats.states)).toEqual([65_495, 34_073, 10_941, 5_717]);
  });
  it('one actor: no reduction applies (1×3 counts agree)', () => {
    const m = groveModel({ variant: lsnCas, actors: 1, ops: 3 });
    const counts = modes.map((mode) => fastCheck(m, mode).stats.states);
    expect(new Set(counts).size).toBe(1);
  });
});
