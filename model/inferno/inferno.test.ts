/**
 * The seed's claims about the Inferno store (004), on the reference model: the current implementation
 * has the three bugs the seed lists (each found as a shortest counterexample and pinned), option 0
 * (lock) and option 1 (hist_id + CAS on hist_to_head) remove the races, and option 1 also survives a
 * crash between any two steps while option 0 does not.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import type { Row } from '../../scenarios/notation/types.ts';
import type { Model } from '../core/model.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { infernoFamily } from './model.ts';
import { fetchHist, type InfernoState } from './store.ts';
import { play, onlyProperties as only, roundTrip } from '../core/testing.ts';


const build = (variant: string, actors = 2, program = 'chain', crashes = 0) => infernoFamily.build({ variant, actors, extra: { program, maxCrashes: crashes } });



/** The properties that fail on a state, as [id, message]. */
function failing(m: Model<InfernoState>, s: InfernoState): [string, string][] {
  return m.properties.flatMap((p) => {
    const msg = p.state?.(s) ?? null;
    return msg === null ? [] : [[p.id, msg] as [string, string]];
  });
}

/** The rows, printed, read back by the notation's parser and printed again, are unchanged. */
const expectRoundTrip = (rows: readonly Row[]): void => expect(roundTrip(rows)).toEqual(rows.map(printRow));

describe('inferno: the bugs of the current implementation (seed 1 for every bfs run)', () => {
  it('bug 1: rename and append are not atomic, so a predecessor is lost from the history (I1)', () => {
    const o = check(build('current'), { strategy: 'bfs' });
    expect(o.outcome === 'violation' && o.property).toBe('I1');
    if (o.outcome !== 'violation') return;
    expect(o.message).toBe('heads/o3 holds [o2], but the history before o3 is [o1, o2]');
    expect(o.rows.map(printRow)).toEqual([
      '1 Write<o2> Ok',
      '1 Exists<heads/o1> Ok',
      '1 Rename<heads/o1, heads/o2> Ok',
      '2 Write<o3> Ok',
      '2 Exists<heads/o2> Ok',
      '2 Rename<heads/o2, heads/o3> Ok',
      '1 Append<heads/o2, o1> Ok',
      '1 Read<heads/o2> Ok(o1)',
      '1 Point<to_head/o1, o2> Ok',
      '2 Append<heads/o3, o2> Ok',
      '2 Read<heads/o3> Ok(o2)',
      '2 Point<to_head/o2, o3> Ok',
    ]);
  });

  it('bug 2: racing to_head updates leave o1 pointing at o2 instead of o3 (I2; rename+append made atomic so bug 1 cannot hide it)', () => {
    const o = check(build('current-atomic-rename'), { strategy: 'bfs' });
    expect(o.outcome === 'violation' && o.property).toBe('I2');
    if (o.outcome !== 'violation') return;
    expect(o.message).toBe("to_head/o1 leads to o2, but the head of o1's history is o3");
    expect(o.rows.map(printRow)).toEqual([
      '1 Write<o2> Ok',
      '1 Exists<heads/o1> Ok',
      '1 RenameAppend<heads/o1, heads/o2, o1> Ok',
      '1 Read<heads/o2> Ok(o1)',
      '2 Write<o3> Ok',
      '2 Exists<heads/o2> Ok',
      '2 RenameAppend<heads/o2, heads/o3, o2> Ok',
      '2 Read<heads/o3> Ok(o1 o2)',
      '2 Point<to_head/o1, o3> Ok',
      '1 Point<to_head/o1, o2> Ok',
      '2 Point<to_head/o2, o3> Ok',
    ]);
  });

  it("bug 2 in the current implementation itself: the seed's overtaking schedule breaks I2 and nothing else", () => {
    const m = build('current');
    const { state } = play(m, [
      '1 Write<o2>', '1 Exists<heads/o1>', '1 Rename<heads/o1, heads/o2>', '1 Append<heads/o2, o1>', '1 Read<heads/o2>',
      '2 Write<o3>', '2 Exists<heads/o2>', '2 Rename<heads/o2, heads/o3>', '2 Append<heads/o3, o2>', '2 Read<heads/o3>',
      '2 Point<to_head/o1, o3>', '2 Point<to_head/o2, o3>', '1 Point<to_head/o1, o2>',
    ]);
    expect(m.actions(state)).toEqual([]);
    expect(failing(m, state)).toEqual([['I2', "to_head/o1 leads to o2, but the head of o1's history is o3"]]);
    expect(fetchHist('to-head', state.store, 'o1')).toBeNull(); // heads/o2 no longer exists
    expect(fetchHist('to-head', state.store, 'o2')).toEqual(['o1', 'o2', 'o3']);
  });

  it('bug 3: a crash between rename and append leaves a store consistent with neither outcome (I3)', () => {
    const o = check(build('current', 1, 'chain', 1), { strategy: 'bfs' });
    expect(o.outcome === 'violation' && o.property).toBe('I3');
    if (o.outcome !== 'violation') return;
    expect(o.message).toBe(
      'after the crash in store(o2, o1): as if it took effect, heads/o2 holds [], but the history before o2 is [o1]; as if it did not, heads/o1 is missing, but o1 is the head of [o1]',
    );
    expectRoundTrip(o.rows);
    expect(o.rows.map(printRow)).toEqual(['1 Write<o2> Ok', '1 Exists<heads/o1> Ok', '1 Rename<heads/o1, heads/o2> Ok', '1 crash']);
  });
});

describe('inferno: the fixes', () => {
  it.each([
    ['lock', 3, 'chain'],
    ['lock', 3, 'fork'],
    ['cas', 3, 'chain'],
    ['cas', 3, 'fork'],
  ])('%s holds I1 and I2 for %i actors (%s)', (variant, actors, program) => {
    expect(check(build(variant, actors, program), { strategy: 'bfs' }).outcome).toBe('pass');
  });

  it('cas also holds I3 with a crash between any two steps (3 actors, chain and fork)', () => {
    expect(check(build('cas', 3, 'chain', 1), { strategy: 'bfs' }).outcome).toBe('pass');
    expect(check(build('cas', 3, 'fork', 2), { strategy: 'bfs' }).outcome).toBe('pass');
  });

  // Finding: option 0 removes the races but not bug 3: a crash inside the lock leaves the same
  // half-renamed store (and the lock held, so no one else ever stores again).
  it('lock does not fix crash consistency: the same crash between rename and append (I3)', () => {
    const o = check(build('lock', 2, 'chain', 1), { strategy: 'bfs' });
    expect(o.outcome === 'violation' && o.property).toBe('I3');
    if (o.outcome !== 'violation') return;
    expect(o.rows.map(printRow)).toEqual(['1 Lock Ok', '1 Write<o2> Ok', '1 Exists<heads/o1> Ok', '1 Rename<heads/o1, heads/o2> Ok', '1 crash']);
  });

  it('cas: a store on a predecessor that is no longer the head is refused, and the winner is the head', () => {
    const m = build('cas', 2, 'fork');
    const { rows, state } = play(m, ['1 Write<o2a>', '2 Write<o2b>', '1 Check<hist_to_head/o1, o1>', '2 Check<hist_to_head/o1, o1>', '1 WriteHead<heads/o2a>', '2 WriteHead<heads/o2b>', '2 CAS<hist_to_head/o1, o1, o2b>', '1 CAS<hist_to_head/o1, o1, o2a>']);
    expect(rows.at(-1)).toBe('1 CAS<hist_to_head/o1, o1, o2a> Err(o2b)');
    expect(fetchHist('hist-id', state.store, 'o1')).toEqual(['o1', 'o2b']);
    expect(failing(m, state)).toEqual([]);
  });
});

describe('inferno: each bug breaks only its property', () => {
  it('current-atomic-rename keeps I1 (bug 1 is gone; only the to_head race remains), 3 actors', () => {
    expect(check(only(build('current-atomic-rename', 3), ['I1']), { strategy: 'bfs' }).outcome).toBe('pass');
  });

  it('lock with a crash keeps I1 and I2 in crash-free runs, 3 actors', () => {
    expect(check(only(build('lock', 3, 'chain', 1), ['I1', 'I2']), { strategy: 'bfs' }).outcome).toBe('pass');
  });
});

describe('inferno: pinned state counts (bfs)', () => {
  it.each([
    ['cas, 2 actors, chain, 1 crash', build('cas', 2, 'chain', 1), 31, 44],
    ['lock, 2 actors, fork', build('lock', 2, 'fork'), 25, 24],
  ])('%s', (_name, model, states, transitions) => {
    const o = check(model as Model<InfernoState>, { strategy: 'bfs' });
    expect(o.outcome === 'pass' && o.exhaustive).toBe(true);
    expect([o.stats.states, o.stats.transitions]).toEqual([states, transitions]);
  });

  it('never mutates the state it steps from', () => {
    for (const variant of ['current', 'lock', 'cas']) {
      const m = build(variant, 2, 'chain', 1);
      let s = m.initial();
      for (let k = 0; k < 12 && m.actions(s).length > 0; k++) {
        const before = JSON.stringify(s);
        const n = m.actions(s).length;
        for (let i = 0; i < n; i++) m.step(s, i);
        expect(JSON.stringify(s)).toBe(before);
        s = m.step(s, k % n).next;
      }
    }
  });
});
