/**
 * The seed's claims about obsolescence markers (003): concurrent rewrites diverge and independent
 * resolutions make a cycle (both found as shortest counterexamples); exchanging every marker is
 * sufficient; the boxed push is insufficient both ways the seed lists; and what the checker finds for
 * the proposed exchange, pinned.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import type { Row } from '../../scenarios/notation/types.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { obsmarkersFamily } from './model.ts';
import { onlyProperties as only, roundTrip } from '../core/testing.ts';



const build = (variant: string, scenario: string) => obsmarkersFamily.build({ variant, extra: { scenario } });

const concurrentAmends = ["alice Amend<A, A'> Ok", "alice Push Ok(A', A->A')", "bob Amend<A, A''> Ok", "bob Push Ok(A'', A->A'')"];

/** The rows, printed, read back by the notation's parser and printed again, are unchanged. */
const expectRoundTrip = (rows: readonly Row[]): void => expect(roundTrip(rows)).toEqual(rows.map(printRow));

describe('obsmarkers: divergence and cycles (seed 1 for every bfs run)', () => {
  it('O1: Alice and Bob amending A concurrently is a divergence, found first by a strict check', () => {
    const o = check(build('full', 'cycle'), { strategy: 'bfs', strict: true });
    expect(o.outcome === 'violation' && o.property).toBe('O1');
    if (o.outcome !== 'violation') return;
    expect(o.message).toBe("server sees A diverge into A' and A''");
    expect(o.rows.map(printRow)).toEqual(concurrentAmends);
  });

  it("O2: resolving the divergence separately makes the cycle A' -> A'' -> A' (divergence reported on the way)", () => {
    const o = check(build('full', 'cycle'), { strategy: 'bfs' });
    expect(o.outcome === 'violation' && o.property).toBe('O2');
    if (o.outcome !== 'violation') return;
    expectRoundTrip(o.rows);
    expect(o.message).toBe("server has the marker cycle A'->A''->A'");
    expect(o.rows.map(printRow)).toEqual([
      ...concurrentAmends,
      "alice Pull Ok(A'', A->A'')",
      "alice Mark<A'', A'> Ok",
      "bob Pull Ok(A', A->A')",
      "alice Push Ok(A''->A')",
      "bob Mark<A', A''> Ok",
      "bob Push Ok(A'->A'')",
    ]);
    expect(o.advisories.map((a) => [a.property, a.rows])).toEqual([['O1', concurrentAmends]]);
  });
});

describe('obsmarkers: exchange sufficiency', () => {
  it.each(['isolated-kill', 'late-marker'])('full exchange is sufficient in %s', (scenario) => {
    expect(check(build('full', scenario), { strategy: 'bfs', strict: true }).outcome).toBe('pass');
  });

  it('boxed push, reason 1: an isolated kill of a changeset already on the server is not pushed', () => {
    const o = check(build('boxed', 'isolated-kill'), { strategy: 'bfs' });
    expect(o.outcome === 'violation' && o.property).toBe('O3');
    if (o.outcome !== 'violation') return;
    expect(o.message).toBe('after alice Push, C is hidden at alice but visible at server');
    expect(o.rows.map(printRow)).toEqual(['alice Prune<C> Ok', 'alice Push Ok']);
  });

  it('boxed push, reason 2: a marker appearing after its changesets were pushed is never pushed', () => {
    const o = check(build('boxed', 'late-marker'), { strategy: 'bfs' });
    expect(o.outcome === 'violation' && o.property).toBe('O3');
    if (o.outcome !== 'violation') return;
    expect(o.message).toBe("after alice Push, A' is hidden at alice but visible at server");
    expect(o.rows.map(printRow)).toEqual(["alice Commit<A''> Ok", "alice Push Ok(A'')", "alice Mark<A', A''> Ok", 'alice Push Ok']);
  });
});

describe('obsmarkers: the proposed exchange, as the checker finds it', () => {
  it('handles the isolated kill (push inspects the server heads; kill markers of common changesets travel)', () => {
    for (const variant of ['proposed', 'proposed-successors']) {
      expect(check(build(variant, 'isolated-kill'), { strategy: 'bfs', strict: true }).outcome).toBe('pass');
    }
  });

  // Finding: read literally ("kill marker" = prune marker), the proposal sends nothing for a
  // successor marker between two changesets both already on the server, exactly as the boxed push.
  it('literal reading: a late successor marker is still not pushed (same counterexample as boxed)', () => {
    const o = check(build('proposed', 'late-marker'), { strategy: 'bfs' });
    expect(o.outcome === 'violation' && o.property).toBe('O3');
    if (o.outcome !== 'violation') return;
    expect(o.rows.map(printRow)).toEqual(["alice Commit<A''> Ok", "alice Push Ok(A'')", "alice Mark<A', A''> Ok", 'alice Push Ok']);
  });

  // Finding: if step 1 pushes whatever marker made a server head dead, the push is fixed, but a pull
  // has no step 1 and step 2b only moves kill markers: Bob, who already has A'', never learns A' -> A''.
  it('successor reading: the push is fixed but a later pull misses the marker', () => {
    const o = check(build('proposed-successors', 'late-marker'), { strategy: 'bfs' });
    expect(o.outcome === 'violation' && o.property).toBe('O3');
    if (o.outcome !== 'violation') return;
    expect(o.message).toBe("after bob Pull, A' is hidden at server but visible at bob");
    expect(o.rows.map(printRow)).toEqual([
      "alice Commit<A''> Ok",
      "alice Push Ok(A'')",
      "alice Mark<A', A''> Ok",
      "bob Pull Ok(A'')",
      "alice Push Ok(A'->A'')",
      'bob Pull Ok',
    ]);
  });

  // Finding: the resolution marker of a divergence is such a late successor marker, so in the seed's
  // own cycle story the proposed exchange loses Alice's resolution before any cycle can form.
  it("literal reading, cycle story: Alice's resolution A'' -> A' is not pushed", () => {
    const o = check(build('proposed', 'cycle'), { strategy: 'bfs' });
    expect(o.outcome === 'violation' && o.property).toBe('O3');
    if (o.outcome !== 'violation') return;
    expect(o.message).toBe("after alice Push, A'' is hidden at alice but visible at server");
    expect(o.rows.map(printRow)).toEqual([...concurrentAmends, "alice Pull Ok(A'', A->A'')", "alice Mark<A'', A'> Ok", 'alice Push Ok']);
  });
});

describe('obsmarkers: each failure is only its property', () => {
  it.each([
    ['full', 'cycle', ['O3']],
    ['boxed', 'cycle', ['O2']],
    ['boxed', 'late-marker', ['O1', 'O2']],
  ])('%s in %s holds %j', (variant, scenario, ids) => {
    expect(check(only(build(variant, scenario), ids), { strategy: 'bfs', strict: true }).outcome).toBe('pass');
  });
});

describe('obsmarkers: pinned state counts (full exchange, bfs)', () => {
  it.each([
    ['isolated-kill', 4, 17],
    ['late-marker', 10, 44],
  ])('%s', (scenario, states, transitions) => {
    const o = check(build('full', scenario), { strategy: 'bfs' });
    expect(o.outcome === 'pass' && o.exhaustive).toBe(true);
    expect([o.stats.states, o.stats.transitions]).toEqual([states, transitions]);
  });

  it('never mutates the state it steps from', () => {
    const m = build('proposed', 'cycle');
    let s = m.initial();
    for (let k = 0; k < 10; k++) {
      const before = JSON.stringify(s);
      const n = m.actions(s).length;
      for (let i = 0; i < n; i++) m.step(s, i);
      expect(JSON.stringify(s)).toBe(before);
      s = m.step(s, (k * 5) % n).next;
    }
  });
});
