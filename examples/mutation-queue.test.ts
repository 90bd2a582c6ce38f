// The guide's regression test (docs/your-protocol.md), as a user writes it: through 'grove-check' only.
import { describe, expect, it } from 'vitest';
import { assert, check, printRow, replay } from 'grove-check';
import queue from './mutation-queue.ts';

describe('mutation-queue (docs/your-protocol.md)', () => {
  it('accept-newer loses an acknowledged mutation when two pushes overtake each other', () => {
    const o = check(queue, { variant: 'accept-newer' });
    expect(o.outcome).toBe('violation');
    if (o.outcome !== 'violation') return;
    expect(o.property).toBe('Q1');
    expect(o.message).toBe("client 1's m1 was acknowledged but never applied (applied: 1:m2)");
    expect(o.rows.map(printRow)).toEqual(['1 Push<m1> Ok', '1 Push<m2> Ok', 'server Apply<1:m2, 1> Ok', '1 Ack<m2, 1> Ok']);
  });

  it('assert throws with the rows, the witness, the seed and the call that replays it', () => {
    expect(() => assert(queue, { variant: 'accept-newer', strategy: 'random', seed: 7, runs: 200 })).toThrowError(
      /violates Q1: client \d's m\d was acknowledged but never applied[\s\S]*Apply<[\s\S]*seed 7, strategy random[\s\S]*replay: check\(model, \{strategy: "random", variant: "accept-newer", actors: 1, ops: 2, seed: 7, runs: 200\}\)/,
    );
  });

  it('next-only (apply only last + 1) keeps every acknowledged mutation', () => {
    expect(assert(queue, { variant: 'next-only' }).stats.states).toBe(67);
  });

  it('the saved counterexample still fails on accept-newer and is refused at row 3 by next-only', () => {
    const runs = replay(new URL('./counterexamples/mutation-queue-accept-newer-Q1-1x2.scenario', import.meta.url).pathname, { model: queue });
    expect(runs.map((r) => [r.variant, r.verdict, r.asExpected])).toEqual([
      ['accept-newer', 'violation(Q1)', true],
      ['next-only', 'mismatch(row 3)', true],
    ]);
  });
});
