/**
 * The seed's claims about Memo epochs (001), checked: with a tie-break the epochs converge and the
 * later epoch wins in the sequential case; without one, concurrent epochs with equal timestamps
 * diverge (the shortest counterexample is pinned). Planted variants show M2 and M3 can fail.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import type { Row } from '../../scenarios/notation/types.ts';
import type { Model } from '../core/model.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { memoFamily } from './model.ts';
import type { MemoState } from './state.ts';
import { play, onlyProperties as only, roundTrip } from '../core/testing.ts';


const build = (variant: string, actors = 2, ops = 0, extra: Record<string, number> = {}) => memoFamily.build({ variant, actors, ops, extra });



/** The rows, printed, read back by the notation's parser and printed again, are unchanged. */
const expectRoundTrip = (rows: readonly Row[]): void => expect(roundTrip(rows)).toEqual(rows.map(printRow));

describe('memo: the seed claims (seed 1 for every bfs run)', () => {
  it('lamport-tiebreak converges and keeps later-wins for 2 replicas, 2 epochs each, each message delivered up to twice', () => {
    const o = check(build('lamport-tiebreak', 2, 0, { epochs: 2 }), { strategy: 'bfs' });
    expect(o.outcome).toBe('pass');
  });

  it('lamport-tiebreak holds M1–M3 with 3 replicas and ops in flight (no duplicates)', () => {
    const o = check(build('lamport-tiebreak', 3, 0, { dups: 0 }), { strategy: 'bfs' });
    expect(o.outcome).toBe('pass');
  });

  it('lamport-no-tiebreak diverges: the minimal counterexample is two concurrent epochs with equal timestamps', () => {
    const o = check(build('lamport-no-tiebreak'), { strategy: 'bfs' });
    expect(o.outcome).toBe('violation');
    if (o.outcome !== 'violation') return;
    expect(o.property).toBe('M1');
    expect(o.message).toBe('every message is delivered, but the active epochs differ: r1=e1.1, r2=e2.1');
    expectRoundTrip(o.rows);
    expect(o.rows.map(printRow)).toEqual([
      'r1 Create<e1.1> Ok(ts 1)',
      'r2 Create<e2.1> Ok(ts 1)',
      'net Deliver<r2, e1.1> Ok(kept e2.1)',
      'net Deliver<r1, e2.1> Ok(kept e1.1)',
    ]);
  });

  it('in the sequential case the later epoch wins under both rules, whichever replica made it', () => {
    for (const variant of ['lamport-tiebreak', 'lamport-no-tiebreak']) {
      const { rows, state } = play(build(variant), ['r2 Create<e2.1>', 'net Deliver<r1, e2.1>', 'r1 Create<e1.1>', 'net Deliver<r2, e1.1>']);
      expect(rows).toEqual(['r2 Create<e2.1> Ok(ts 1)', 'net Deliver<r1, e2.1> Ok(active e2.1)', 'r1 Create<e1.1> Ok(ts 2)', 'net Deliver<r2, e1.1> Ok(active e1.1)']);
      expect(state.replicas.map((r) => r.active)).toEqual(['e1.1', 'e1.1']);
    }
  });

  it('an op of a superseded epoch arriving late is refused, and a duplicate delivery changes nothing', () => {
    const { rows, state } = play(build('lamport-tiebreak', 2, 1), ['r2 Op<o2.1, e0>', 'r1 Create<e1.1>', 'net Deliver<r1, o2.1>', 'net Deliver<r1, o2.1>']);
    expect(rows.slice(2)).toEqual(['net Deliver<r1, o2.1> Err: stale epoch e0', 'net Deliver<r1, o2.1> Err: stale epoch e0']);
    expect(state.replicas[0].tree).toEqual([]);
  });
});

describe('memo: planted bugs, one property each', () => {
  it('planted-local-clock violates M2: an epoch made after seeing another ties and loses', () => {
    const o = check(build('planted-local-clock'), { strategy: 'bfs' });
    expect(o.outcome === 'violation' && o.property).toBe('M2');
    if (o.outcome !== 'violation') return;
    expect(o.rows.map(printRow)).toEqual(['r2 Create<e2.1> Ok(ts 1)', 'net Deliver<r1, e2.1> Ok(active e2.1)', 'r1 Create<e1.1> Ok(ts 1, kept e2.1)']);
  });

  it('planted-apply-stale violates M3: an op of a superseded epoch changes the tree', () => {
    const o = check(build('planted-apply-stale', 2, 1), { strategy: 'bfs' });
    expect(o.outcome === 'violation' && o.property).toBe('M3');
    if (o.outcome !== 'violation') return;
    expect(o.message).toBe('r1 applied op o2.1 of epoch e0 while e1.1 was active');
    expect(o.rows.map(printRow)).toEqual(['r1 Create<e1.1> Ok(ts 1)', 'r2 Op<o2.1, e0> Ok', 'net Deliver<r1, o2.1> Ok(applied)']);
  });
});

describe('memo: each broken variant breaks only its property (2 replicas, 1 op each)', () => {
  it.each([
    ['lamport-no-tiebreak', ['M2', 'M3']],
    ['planted-local-clock', ['M1', 'M3']],
    ['planted-apply-stale', ['M1', 'M2']],
  ])('%s holds %j', (variant, ids) => {
    expect(check(only(build(variant, 2, 1), ids), { strategy: 'bfs' }).outcome).toBe('pass');
  });
});

describe('memo: pinned state counts (lamport-tiebreak, bfs)', () => {
  it.each([
    ['2 replicas, 1 epoch each, no ops, up to 2 deliveries', build('lamport-tiebreak'), 28, 38],
    ['2 replicas, 1 epoch and 1 op each, up to 2 deliveries', build('lamport-tiebreak', 2, 1), 1763, 4591],
  ])('%s', (_name, model, states, transitions) => {
    const o = check(model as Model<MemoState>, { strategy: 'bfs' });
    expect(o.outcome).toBe('pass');
    expect([o.stats.states, o.stats.transitions]).toEqual([states, transitions]);
    expect(o.outcome === 'pass' && o.exhaustive).toBe(true);
  });

  it('is deterministic: two runs give the same fingerprints in the same order', () => {
    const m = build('lamport-tiebreak', 2, 1);
    const walk = () => {
      const out: string[] = [];
      let s = m.initial();
      for (let k = 0; k < 8 && m.actions(s).length > 0; k++) {
        s = m.step(s, k % m.actions(s).length).next;
        out.push(m.fingerprint(s));
      }
      return out;
    };
    expect(walk()).toEqual(walk());
  });

  it('never mutates the state it steps from', () => {
    const m = build('lamport-tiebreak', 2, 1);
    let s = m.initial();
    for (let k = 0; k < 6; k++) {
      const before = JSON.stringify(s);
      const n = m.actions(s).length;
      for (let i = 0; i < n; i++) m.step(s, i);
      expect(JSON.stringify(s)).toBe(before);
      s = m.step(s, (k * 3) % n).next;
    }
  });
});
