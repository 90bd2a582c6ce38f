/**
 * Faults inside the model (MODEL.md §4): lost replies, crashes and restarts as ordinary steps, and the
 * recovery variants' verdicts pinned per fault budget, with the minimal counterexample of each failure.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { cellText, faultTable } from '../../checker/table.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { parseScenarioFile } from '../../scenarios/notation/parse.ts';
import { runScenario } from '../../checker/scenarios.ts';
import { groveModel } from './model.ts';
import { variantByName } from './variants/index.ts';

const withFaults = (variant: string, f: number, extra: { actors?: number; ops?: number; collide?: boolean } = {}) =>
  groveModel({ variant: variantByName(variant), actors: extra.actors ?? 2, ops: extra.ops ?? 2, maxLostReplies: f, maxCrashes: f, maxFaults: f, collide: extra.collide });

describe('faults', () => {
  it('a fault budget of 0 changes nothing: the same 406 states as SPIN for every recovery variant', () => {
    for (const v of ['lsn-cas', 'retry-naive', 'recover-by-reading']) expect(check(withFaults(v, 0), { strict: true }).stats.states).toBe(406);
  });

  it('pins the variant × faults table (2 actors × 2 pushes)', () => {
    const table = faultTable(2, 2, [0, 1, 2]);
    const shown = table.map((c) => `${c.variant} ${c.faults}: ${c.verdicts.map((v) => `${v.property}=${cellText(v.outcome)}`).join(' ')} (${c.states})`);
    expect(shown).toEqual([
      'lsn-cas 0: G1=ok G2=ok G3=ok G4=ok G5=ok G6=ok G7=ok D1=ok (406)',
      'lsn-cas 1: G1=ok G2=ok G3=ok G4=ok G5=ok G6=ok G7=FAIL(5) D1=ok (5888)',
      'lsn-cas 2: G1=ok G2=ok G3=ok G4=ok G5=ok G6=ok G7=FAIL(4) D1=FAIL(8) (44443)',
      'retry-naive 0: G1=ok G2=ok G3=ok G4=ok G5=ok G6=ok G7=ok D1=ok (406)',
      'retry-naive 1: G1=ok G2=ok G3=ok G4=ok G5=ok G6=ok G7=FAIL(6) D1=FAIL(5) (7038)',
      'retry-naive 2: G1=ok G2=ok G3=ok G4=ok G5=ok G6=ok G7=FAIL(6) D1=FAIL(5) (68603)',
      'recover-by-reading 0: G1=ok G2=ok G3=ok G4=ok G5=ok G6=ok G7=ok D1=ok (406)',
      'recover-by-reading 1: G1=ok G2=ok G3=ok G4=ok G5=ok G6=ok G7=ok D1=ok (2900)',
      'recover-by-reading 2: G1=ok G2=ok G3=ok G4=ok G5=ok G6=ok G7=ok D1=ok (9951)',
    ]);
  });

  const minimal = (variant: string, f: number, property: string, extra = {}) => {
    const o = check(withFaults(variant, f, extra), { strict: true, only: [property] });
    if (o.outcome !== 'violation') throw new Error(`expected ${property} to fail, got ${o.outcome}`);
    return o.rows.map(printRow);
  };

  it('lsn-cas, one lost CAS reply: the push is reported failed yet visible (G7, a zombie)', () => {
    expect(minimal('lsn-cas', 1, 'G7')).toEqual(['1 Pull<main> Ok(a@0)', '1 Append<a@1> Ok', '1 CAS<main, a@0, a@1> ?', '1 Branch<a@0, b> Ok', '1 CAS<main, a@0, b@1> Err(a@1)']);
  });

  it('lsn-cas, a lost reply then a crash: the restarted push lands its commit twice (D1)', () => {
    expect(minimal('lsn-cas', 2, 'D1')).toEqual([
      '1 Pull<main> Ok(a@0)',
      '1 Append<a@1> Ok',
      '1 CAS<main, a@0, a@1> ?',
      '1 crash',
      '1 restart',
      '1 Pull<main> Ok(a@1)',
      '1 Append<a@2> Ok',
      '1 CAS<main, a@1, a@2> Ok',
    ]);
  });

  it('retry-naive, one lost Append reply: appending again duplicates the commit (D1)', () => {
    expect(minimal('retry-naive', 1, 'D1')).toEqual(['1 Pull<main> Ok(a@0)', '1 Append<a@1> ?', '1 Pull<a> Ok(a@1)', '1 Append<a@2> Ok', '1 CAS<main, a@0, a@2> Ok']);
  });

  it('retry-naive, one lost CAS reply: the retried CAS fails, the push is reported failed yet visible (G7)', () => {
    expect(minimal('retry-naive', 1, 'G7')).toEqual([
      '1 Pull<main> Ok(a@0)',
      '1 Append<a@1> Ok',
      '1 CAS<main, a@0, a@1> ?',
      '1 CAS<main, a@0, a@1> Err(a@1)',
      '1 Branch<a@0, b> Ok',
      '1 CAS<main, a@0, b@1> Err(a@1)',
    ]);
  });

  it('recover-by-reading holds G1–G7 and D1 with 2 faults for 3 actors × 1 push', () => {
    const o = check(withFaults('recover-by-reading', 2, { actors: 3, ops: 1 }), { strict: true });
    expect(o).toMatchObject({ outcome: 'pass', exhaustive: true, stats: { states: 18_021 } });
  });

  it('equal content from two clients: recover-by-reading takes the other client\'s commit for its own (G7 by content)', () => {
    expect(minimal('recover-by-reading', 2, 'G7', { collide: true })).toEqual([
      '1 Pull<main> Ok(a@0)',
      '1 Append<a@1> Ok',
      '2 Pull<main> Ok(a@0)',
      '1 CAS<main, a@0, a@1> ?',
      '2 Append<a@1> Err: conflict',
      '2 Branch<a@0, d> Ok',
      '2 CAS<main, a@0, d@1> Err(a@1)',
    ]);
    const o = check(withFaults('recover-by-reading', 2, { collide: true }), { only: ['G1', 'G2', 'G3', 'G4', 'G5', 'G6'] });
    expect(o.outcome).toBe('pass');
  });

  it('fault rows replay: `?` picks the lost reply, `crash` and `restart` are steps', () => {
    const text = `model: grove
variant: lsn-cas
actors: 2
ops: 2
max-lost-replies: 2
max-crashes: 2
max-faults: 2
expect: violation(D1)

1 Pull<main> Ok(a@0)
1 Append<a@1> Ok
1 CAS<main, a@0, a@1> ?
1 crash
1 restart
1 Pull<main> Ok(a@1)
1 Append<a@2> Ok
1 CAS<main, a@1, a@2> Ok
`;
    expect(runScenario(parseScenarioFile(text).scenarios[0])).toMatchObject({ verdict: 'violation(D1)', asExpected: true });
    const noFaults = text.replace('max-crashes: 2', 'max-crashes: 0');
    expect(() => runScenario(parseScenarioFile(noFaults).scenarios[0])).toThrow(/actor 1 has no enabled step crash|next step/);
  });
});
