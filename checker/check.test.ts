import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, check } from './check.ts';
import { saveViolation } from './save.ts';
import { groveModel } from '../model/grove/model.ts';
import { variantByName } from '../model/grove/variants/index.ts';
import { printRow } from '../scenarios/notation/print.ts';
import { readScenarioFileSync } from '../scenarios/notation/index.ts';
import { runScenario } from './scenarios.ts';

const logid = (actors = 3, ops = 2) => groveModel({ variant: variantByName('logid-check'), actors, ops });

/** An outcome without its wall-clock figure, which is the only thing allowed to differ between runs. */
function timeless(o: unknown): unknown {
  return JSON.parse(JSON.stringify(o, (k, v) => (k === 'seconds' ? undefined : v)));
}

describe('checker', () => {
  it('logid-check violates G6; the minimal counterexample is pinned', () => {
    const o = check(logid(), { strategy: 'bfs' });
    expect(o.outcome).toBe('violation');
    if (o.outcome !== 'violation') return;
    expect(o.property).toBe('G6');
    expect(o.rows.map(printRow)).toEqual([
      '1 Pull<main> Ok(a@0)',
      '2 Pull<main> Ok(a@0)',
      '1 Append<a@1> Ok',
      '1 Check<main, a> Ok',
      '2 Append<a@1> Err: conflict',
      '2 Branch<a@0, d> Ok',
      '2 CAS<main, a, d> Ok',
    ]);
    expect(o.message).toBe('acknowledged commit 1.1 left the history of main through a CAS by actor 2 that expected a@0, which does not contain it');
  });

  it('lsn-cas passes exhaustively for 3 actors × 2 pushes, with its state count', () => {
    const o = check(groveModel({ variant: variantByName('lsn-cas'), actors: 3, ops: 2 }), { strategy: 'bfs' });
    expect(o).toMatchObject({ outcome: 'pass', exhaustive: true, stats: { states: 65_495, transitions: 117_843, depth: 27 }, bounds: { actors: 3, ops: 2 } });
  });

  it('random search finds the G6 violation and shrinks it to a 1-minimal schedule', () => {
    const o = check(logid(), { strategy: 'random', seed: 11 });
    expect(o.outcome === 'violation' && o.property).toBe('G6');
    if (o.outcome !== 'violation') return;
    expect(o.rows.length).toBeLessThanOrEqual(10);
  });

  it('the same seed gives the same outcome, bit for bit (wall-clock aside)', () => {
    for (const seed of [1, 2, 99]) {
      const a = check(logid(), { strategy: 'random', seed });
      const b = check(logid(), { strategy: 'random', seed });
      expect(JSON.stringify(timeless(a))).toBe(JSON.stringify(timeless(b)));
    }
    const c = check(groveModel({ variant: variantByName('lsn-cas'), actors: 2, ops: 2 }), { strategy: 'random', seed: 5, runs: 300 });
    const d = check(groveModel({ variant: variantByName('lsn-cas'), actors: 2, ops: 2 }), { strategy: 'random', seed: 5, runs: 300 });
    expect(timeless(c)).toEqual(timeless(d));
  });

  it('different seeds explore differently', () => {
    const m = groveModel({ variant: variantByName('lsn-cas'), actors: 3, ops: 2 });
    const a = check(m, { strategy: 'random', seed: 1, runs: 50 });
    const b = check(m, { strategy: 'random', seed: 2, runs: 50 });
    expect(a.stats.states).not.toBe(b.stats.states);
  });

  it('is inconclusive, naming the budget, when max-states runs out', () => {
    const o = check(groveModel({ variant: variantByName('lsn-cas'), actors: 3, ops: 2 }), { strategy: 'bfs', maxStates: 1000 });
    expect(o).toMatchObject({ outcome: 'inconclusive', budget: 'max-states' });
    expect(o.stats.states).toBe(1000);
  });

  it('a depth bound that cuts the search is said, not hidden', () => {
    const o = check(groveModel({ variant: variantByName('lsn-cas'), actors: 2, ops: 2 }), { strategy: 'bfs', maxDepth: 5 });
    expect(o.outcome).toBe('pass');
    expect(o.outcome === 'pass' && o.exhaustive).toBe(false);
    expect(o.outcome === 'pass' && o.note).toMatch(/exhaustive up to depth 5/);
  });

  it('assert throws with the rows on a violation and returns a pass', () => {
    expect(() => assert(logid(2, 1))).toThrow(/G6 violated[\s\S]*2 CAS<main, a, c> Ok/);
    expect(assert(groveModel({ variant: variantByName('lsn-cas'), actors: 2, ops: 1 })).outcome).toBe('pass');
  });

  it('a saved counterexample replays to the same violation, and saving twice writes one file', () => {
    const o = check(logid(), { strategy: 'bfs' });
    if (o.outcome !== 'violation') throw new Error('expected a violation');
    const dir = mkdtempSync(join(tmpdir(), 'gc-save-'));
    const p1 = saveViolation(o, dir);
    const p2 = saveViolation(o, dir);
    expect(p2).toBe(p1);
    const file = readScenarioFileSync(p1);
    expect(file.scenarios).toHaveLength(1);
    const run = runScenario(file.scenarios[0]);
    expect(run).toMatchObject({ verdict: 'violation(G6)', expected: 'violation(G6)', asExpected: true });
    expect(readFileSync(p1, 'utf8')).toContain('2 CAS<main, a, d> Ok');
  });
});
