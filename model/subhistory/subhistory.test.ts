/**
 * The seed's claims about git-subhistory commit maps (002): the pre-push hook loop with
 * `--force-with-lease=<ref>:<sha>` never loses a pushed entry and always ends; a plain force push
 * loses one (shortest counterexample pinned); a hook that gives up silently breaks S2.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import type { Row } from '../../scenarios/notation/types.ts';
import type { Model } from '../core/model.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { subhistoryFamily, type SubhistoryState } from './model.ts';
import { play, onlyProperties as only, roundTrip } from '../core/testing.ts';


const build = (variant: string, actors = 2, ops = 1, retries = 1) => subhistoryFamily.build({ variant, actors, ops, extra: { retries } });



/** The rows, printed, read back by the notation's parser and printed again, are unchanged. */
const expectRoundTrip = (rows: readonly Row[]): void => expect(roundTrip(rows)).toEqual(rows.map(printRow));

describe('subhistory: the seed claims (seed 1 for every bfs run)', () => {
  it.each([
    [2, 1, 1],
    [2, 2, 0],
    [3, 2, 2],
  ])('force-with-lease holds S1 and S2 for %i users, %i pushes each, %i retries', (users, ops, retries) => {
    const o = check(build('force-with-lease', users, ops, retries), { strategy: 'bfs' });
    expect(o.outcome).toBe('pass');
    // S2's "the loop ends": every path is finite, at most (1 + 2·retries) steps per push.
    expect(o.stats.depth).toBeLessThanOrEqual(users * ops * (1 + 2 * retries));
  });

  it('plain-force loses an entry of a successfully pushed map: the minimal counterexample', () => {
    const o = check(build('plain-force'), { strategy: 'bfs' });
    expect(o.outcome).toBe('violation');
    if (o.outcome !== 'violation') return;
    expect(o.property).toBe('S1');
    expect(o.message).toBe('entries a1 were pushed successfully but the remote map is {b1}');
    expectRoundTrip(o.rows);
    expect(o.rows.map(printRow)).toEqual(['alice Push<{a1}, force> Ok', 'bob Push<{b1}, force> Ok']);
  });

  it('under the lease the same race is a stale push, a fetch, and a merged retry', () => {
    const { rows, state } = play(build('force-with-lease'), ['alice Push<{a1}, lease={}>', 'bob Push<{b1}, lease={}>', 'bob Fetch', 'bob Push<{a1+b1}, lease={a1}>']);
    expect(rows).toEqual(['alice Push<{a1}, lease={}> Ok', 'bob Push<{b1}, lease={}> Err(stale)', 'bob Fetch Ok({a1})', 'bob Push<{a1+b1}, lease={a1}> Ok']);
    expect(state.remote).toEqual(['a1', 'b1']);
  });

  it('a starved user gets an explicit error after too many loops, and nothing pushed is lost', () => {
    const { rows, state } = play(build('force-with-lease', 3, 1, 1), [
      'alice Push<{a1}, lease={}>',
      'bob Push<{b1}, lease={}>',
      'bob Fetch',
      'carol Push<{c1}, lease={}>',
      'carol Fetch',
      'carol Push<{a1+c1}, lease={a1}>',
      'bob Push<{a1+b1}, lease={a1}>',
    ]);
    expect(rows.at(-1)).toBe('bob Push<{a1+b1}, lease={a1}> Err(stale): gave up after 1 retries');
    expect(state.remote).toEqual(['a1', 'c1']);
    expect(state.users[1].pc).toBe('done');
  });
});

describe('subhistory: planted bugs, one property each', () => {
  it('planted-silent-give-up violates S2: the starved user is told Ok', () => {
    const o = check(build('planted-silent-give-up', 2, 1, 0), { strategy: 'bfs' });
    expect(o.outcome === 'violation' && o.property).toBe('S2');
    if (o.outcome !== 'violation') return;
    expect(o.message).toBe('bob was told its push succeeded, but entry b1 is not on the remote map {a1}');
    expect(o.rows.map(printRow)).toEqual(['alice Push<{a1}, lease={}> Ok', 'bob Push<{b1}, lease={}> Ok']);
  });
});

describe('subhistory: each broken variant breaks only its property (3 users, 2 pushes each, 1 retry)', () => {
  it.each([
    ['plain-force', ['S2']],
    ['planted-silent-give-up', ['S1']],
  ])('%s holds %j', (variant, ids) => {
    expect(check(only(build(variant, 3, 2, 1), ids), { strategy: 'bfs' }).outcome).toBe('pass');
  });
});

describe('subhistory: pinned state counts (force-with-lease, bfs)', () => {
  it.each([
    ['2 users, 1 push each, 1 retry', 2, 1, 1, 9, 8],
    ['3 users, 2 pushes each, 2 retries', 3, 2, 2, 6796, 13698],
  ])('%s', (_name, users, ops, retries, states, transitions) => {
    const o = check(build('force-with-lease', users, ops, retries) as Model<SubhistoryState>, { strategy: 'bfs' });
    expect(o.outcome === 'pass' && o.exhaustive).toBe(true);
    expect([o.stats.states, o.stats.transitions]).toEqual([states, transitions]);
  });

  it('never mutates the state it steps from', () => {
    const m = build('force-with-lease', 3, 2, 1);
    let s = m.initial();
    for (let k = 0; k < 8 && m.actions(s).length > 0; k++) {
      const before = JSON.stringify(s);
      const n = m.actions(s).length;
      for (let i = 0; i < n; i++) m.step(s, i);
      expect(JSON.stringify(s)).toBe(before);
      s = m.step(s, k % n).next;
    }
  });
});
