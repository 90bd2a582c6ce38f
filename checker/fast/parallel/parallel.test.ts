/**
 * The parallel fast engine (`workers: 2`) against the single-threaded one: same counts, same
 * verdicts and counterexamples, and the same result on repeated runs (thread timing must not matter).
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../model/core/model.ts';
import { groveModel } from '../../../model/grove/model.ts';
import { lsnCas, logidCheck } from '../../../model/grove/variants/standard.ts';
import { plantedEarlyAck, plantedOverwrite } from '../../../model/grove/variants/planted.ts';
import { fastCheck, type FastOptions } from '../engine.ts';
import type { ParallelOptions } from './parallel.ts';
import { FULL, LOST, OLD, SharedTable } from './shared-table.ts';

const two = (o: FastOptions = {}): ParallelOptions => ({ ...o, workers: 2 });

describe('parallel fast engine: same state counts as single-threaded', () => {
  for (const [actors, ops, states] of [[2, 2, 406], [3, 2, 65_495]] as const) {
    it(`lsn-cas ${actors}×${ops}: ${states} states, same transitions and depth`, () => {
      const m = groveModel({ variant: lsnCas, actors, ops });
      const one = fastCheck(m);
      const par = fastCheck(m, two());
      expect(par.outcome).toBe('pass');
      expect(par.stats.states).toBe(states);
      expect([par.stats.states, par.stats.transitions, par.stats.depth]).toEqual([one.stats.states, one.stats.transitions, one.stats.depth]);
    });
  }
  it('lsn-cas 3×2 with symmetry, with POR and with both: same counts', () => {
    const m = groveModel({ variant: lsnCas, actors: 3, ops: 2 });
    for (const o of [{ symmetry: true }, { por: true }, { symmetry: true, por: true }]) {
      const one = fastCheck(m, o);
      const par = fastCheck(m, two(o));
      expect([par.outcome, par.stats.states, par.stats.transitions, par.stats.depth]).toEqual([one.outcome, one.stats.states, one.stats.transitions, one.stats.depth]);
      if (o.por) expect(par.fast.porCounts).toEqual(one.fast.porCounts);
    }
  });
});

describe('parallel fast engine: same verdicts and counterexamples', () => {
  for (const v of [logidCheck, plantedOverwrite, plantedEarlyAck]) {
    it(`${v.name} 3×2 (strict and not)`, () => {
      const m = groveModel({ variant: v, actors: 3, ops: 2 });
      for (const strict of [false, true]) {
        const one = fastCheck(m, { strict });
        const par = fastCheck(m, two({ strict }));
        expect(par.outcome).toBe(one.outcome);
        expect(one.outcome).toBe('violation');
        if (par.outcome === 'violation' && one.outcome === 'violation') {
          expect(par.property).toBe(one.property);
          expect(par.path).toEqual(one.path);
          expect(par.rows).toEqual(one.rows);
          expect(par.message).toBe(one.message);
        }
        expect([par.stats.states, par.stats.transitions, par.stats.depth]).toEqual([one.stats.states, one.stats.transitions, one.stats.depth]);
        expect(par.advisories).toEqual(one.advisories);
      }
    });
  }
  it('logid-check 3×2 with symmetry: same property and rows', () => {
    const m = groveModel({ variant: logidCheck, actors: 3, ops: 2 });
    const one = fastCheck(m, { symmetry: true });
    const par = fastCheck(m, two({ symmetry: true }));
    expect(par.outcome === 'violation' && par.property).toBe(one.outcome === 'violation' && one.property);
    if (par.outcome === 'violation' && one.outcome === 'violation') expect(par.rows).toEqual(one.rows);
  });
});

describe('parallel fast engine: deterministic', () => {
  it('3 runs of logid-check 3×2 and lsn-cas 3×2 give identical results', () => {
    for (const v of [logidCheck, lsnCas]) {
      const m = groveModel({ variant: v, actors: 3, ops: 2 });
      const runs = [0, 1, 2].map(() => fastCheck(m, two()));
      const strip = (o: (typeof runs)[number]) => ({ ...o, stats: { ...o.stats, seconds: 0 }, fast: undefined });
      expect(strip(runs[1])).toEqual(strip(runs[0]));
      expect(strip(runs[2])).toEqual(strip(runs[0]));
    }
  });
  it('refuses bitstate with workers', () => {
    expect(() => fastCheck(groveModel({ variant: lsnCas, actors: 2, ops: 1 }), two({ bitstate: 20 }))).toThrow(UsageError);
  });
});

describe('shared table', () => {
  it('claims once, keeps the smallest key, tells old from new, refuses past its budget, rehashes without the current level', () => {
    const t = SharedTable.create(16);
    const yes = () => true;
    const a = t.claim(1, 2, 0, 9, yes);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(t.claim(1, 2, 0, 4, yes)).toBe(a);
    expect(t.claim(1, 2, 0, 7, yes)).toBe(LOST);
    expect(t.owner(a)).toBe(4);
    expect(t.claim(1, 2, 1, 0, yes)).toBe(OLD);
    expect(t.claim(0, 0, 1, 3, () => false)).toBe(FULL);
    const b = t.claim(0, 0, 1, 3, yes);
    expect(b).toBeGreaterThanOrEqual(0);
    expect(t.claim(0, 1, 1, 5, yes)).toBe(LOST); // (0, 0) is stored as (0, 1), as in FingerprintTable
    expect(t.claim(0, 1, 1, 2, yes)).toBe(b);
    expect(t.owner(b)).toBe(2);
    const { table, size } = t.rehash(64, 1);
    expect(size).toBe(1);
    expect(table.slots).toBe(64);
    expect(table.claim(1, 2, 1, 0, yes)).toBe(OLD);
    expect(table.claim(0, 0, 1, 3, yes)).toBeGreaterThanOrEqual(0);
  });
});
