/**
 * The compiled kernel against the reference model: step by step on random schedules, state count by
 * state count on whole searches (and SPIN's counts), verdict by verdict on every variant.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/model.ts';
import { fingerprint, groveModel } from '../model.ts';
import { lsnAdvance, lsnCas, logidCheck } from '../variants/standard.ts';
import { plantedVariants } from '../variants/planted.ts';
import { plantedNarrowCas } from '../variants/deep.ts';
import { check } from '../../../checker/check.ts';
import { checkStep } from '../../../checker/properties.ts';
import { generator } from '../../../checker/pct.ts';
import { decode, encode } from './codec.ts';
import { fastCheck } from '../../../checker/fast/engine.ts';
import { GroveKernel } from './kernel.ts';
import { compareSteps, unwrittenChange } from './testing.ts';

const kernelVariants = [logidCheck, lsnAdvance, lsnCas, ...plantedVariants];

describe('kernel step = reference step (random schedules, seed 7)', () => {
  for (const v of kernelVariants) {
    it(`${v.name}: decode(step(encode(s))) has the reference fingerprint, the same verdict and the same G7 state`, () => {
      for (const [actors, ops] of [[2, 2], [3, 2], [4, 2]] as const) {
        const m = groveModel({ variant: v, actors, ops });
        const steps = compareSteps(m, GroveKernel.forModel(m), 7 + actors, 60);
        expect(steps).toBeGreaterThan(100);
      }
    });
  }
});

describe('written(): the words a step may change', () => {
  it('lists every changed word (checked on every compared step above); a kernel that leaves out its actor word is caught, and the engine then miscounts', () => {
    class Forgetful extends GroveKernel {
      override written(out: Int32Array): number {
        const n = super.written(out);
        let k = 0;
        for (let j = 0; j < n; j++) if (out[j] !== this.layout.actor0 >> 2) out[k++] = out[j];
        return k; // actor 1's word (the first actor's record) is left out
      }
    }
    const m = groveModel({ variant: lsnCas, actors: 2, ops: 2 });
    const K = new Forgetful(2, 2, GroveKernel.forModel(m).sem, ['push', 'push'], m.ctx.maxLsn);
    const s = new Uint8Array(K.layout.bytes);
    const out = new Uint8Array(K.layout.bytes);
    K.initial(s);
    K.step(s, 0, out); // actor 1 reads: its pc changes
    expect(unwrittenChange(K, s, out)).toBe(K.layout.actor0 >> 2);
    K.step(s, 1, out); // actor 2 reads: its word is listed
    expect(unwrittenChange(K, s, out)).toBe(-1);
    const wrong = fastCheck({ ...m, capabilities: { ...m.capabilities, packed: { ...m.capabilities!.packed!, kernel: () => K } } });
    expect(wrong.stats.states).not.toBe(406);
    expect(fastCheck(m).stats.states).toBe(406);
  });
});

describe('state counts: fast engine (no reductions) = reference BFS = SPIN', () => {
  // SPIN's counts for grove.pml (VARIANT 3 and 2), as printed by `pan -m100000`.
  const spin: [number, number, number][] = [
    [2, 1, 36],
    [2, 2, 406],
    [3, 1, 500],
    [3, 2, 65_495],
  ];
  for (const v of [lsnCas, lsnAdvance]) {
    for (const [actors, ops, states] of spin) {
      it(`${v.name} ${actors}×${ops}: ${states} states`, () => {
        const m = groveModel({ variant: v, actors, ops });
        const fast = fastCheck(m);
        expect(fast.outcome).toBe('pass');
        expect(fast.stats.states).toBe(states);
        if (actors * ops <= 4) {
          const ref = check(m, { strategy: 'bfs' });
          expect(ref.stats.states).toBe(states);
          expect(fast.stats.transitions).toBe(ref.stats.transitions);
          expect(fast.stats.depth).toBe(ref.stats.depth);
        }
      });
    }
  }
  it('lsn-cas 3×2 reference BFS agrees too (65,495 states, same transitions and depth)', () => {
    const m = groveModel({ variant: lsnCas, actors: 3, ops: 2 });
    const ref = check(m, { strategy: 'bfs' });
    const fast = fastCheck(m);
    expect([ref.stats.states, ref.stats.transitions, ref.stats.depth]).toEqual([fast.stats.states, fast.stats.transitions, fast.stats.depth]);
  });
});

describe('verdicts: fast engine = reference BFS, same property, same shortest path', () => {
  for (const v of [logidCheck, ...plantedVariants]) {
    for (const [actors, ops] of [[2, 2], [3, 2]] as const) {
      if (v.name === 'planted-zombie' && actors === 3) continue; // passes: 213,437 states, too slow for the reference here
      it(`${v.name} ${actors}×${ops}`, () => {
        const m = groveModel({ variant: v, actors, ops });
        for (const strict of [false, true]) {
          const ref = check(m, { strategy: 'bfs', strict });
          const fast = fastCheck(m, { strict });
          expect(fast.outcome).toBe(ref.outcome);
          if (ref.outcome === 'violation' && fast.outcome === 'violation') {
            expect(fast.property).toBe(ref.property);
            expect(fast.path).toEqual(ref.path);
            expect(fast.message).toBe(ref.message);
            expect(fast.stats.states).toBe(ref.stats.states);
          } else expect(fast.stats.states).toBe(ref.stats.states);
          expect(fast.advisories.map((a) => a.property).filter((p) => p === 'G7')).toEqual(ref.advisories.map((a) => a.property).filter((p) => p === 'G7'));
        }
      });
    }
  }
  it('logid-check 3×2 violates G6 (MODEL.md §3)', () => {
    const o = fastCheck(groveModel({ variant: logidCheck, actors: 3, ops: 2 }));
    expect(o.outcome === 'violation' && o.property).toBe('G6');
  });
});

describe('what the kernel refuses', () => {
  it('a variant whose primitives are code it cannot compile', () => {
    expect(() => fastCheck(groveModel({ variant: plantedNarrowCas, actors: 2, ops: 1 }))).toThrow(UsageError);
  });
  it('colliding commit contents (faults are compiled now: faults.test.ts)', () => {
    expect(() => fastCheck(groveModel({ variant: lsnCas, actors: 2, ops: 1, collide: true }))).toThrow(UsageError);
  });
  it('another model', () => {
    const m = groveModel({ variant: lsnCas, actors: 2, ops: 1 });
    expect(() => fastCheck({ ...m, name: 'memo', capabilities: undefined })).toThrow(UsageError);
  });
});
