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
import { UsageError } from '../core/model.ts';
import { divergence, markerCycle } from './model.ts';
import { cycleScenario, cycleScenarioOf, obsScenarioByName } from './scenarios.ts';
import { compile, hasDivergence, hasMarkerCycle } from './universe.ts';

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

describe('obsmarkers: the cycle scenario with more users (--actors)', () => {
  const cycleOf = (variant: string, actors: number) => obsmarkersFamily.build({ variant, actors, extra: { scenario: 'cycle' } });

  it("two users is the seed's figure: the same scenario as the default", () => {
    expect(cycleScenarioOf(2)).toEqual(cycleScenario);
    expect(obsScenarioByName('cycle', 2)).toEqual(obsScenarioByName('cycle'));
  });

  it("three users: each resolves the divergence for their own successor, and the shortest cycle is still two users' (O2, 10 rows)", () => {
    const sc = cycleScenarioOf(3);
    expect(sc.repos.map((r) => r.name)).toEqual(['alice', 'bob', 'carol', 'server']);
    expect(sc.repos[2].program).toEqual([
      { kind: 'amend', from: 'A', to: "A'''" },
      { kind: 'mark', pred: "A'", succ: "A'''" },
      { kind: 'mark', pred: "A''", succ: "A'''" },
    ]);
    const o = check(cycleOf('full', 3), { strategy: 'bfs' });
    expect(o.outcome === 'violation' && o.property).toBe('O2');
    if (o.outcome !== 'violation') return;
    expect(o.rows).toHaveLength(10);
    expect([o.stats.states, o.stats.transitions]).toEqual([489, 2142]);
    expectRoundTrip(o.rows);
  });

  it('refuses a cast it cannot build, and --actors on a scenario of fixed cast (usage errors)', () => {
    expect(() => cycleOf('full', 1)).toThrow(UsageError);
    expect(() => cycleOf('full', 6)).toThrow(/cycle: 2 to 5 users \(--actors\), got 6/);
    expect(() => obsmarkersFamily.build({ variant: 'full', actors: 3, extra: { scenario: 'late-marker' } })).toThrow(/late-marker has 2 users; --actors sizes the cycle scenario only/);
    expect(obsmarkersFamily.build({ variant: 'full', actors: 2, extra: { scenario: 'late-marker' } }).config.actors).toBe(2);
  });
});

describe('obsmarkers: the bit-set checks decide what the named checks find', () => {
  // Every held set and marker set of each universe (the checks run on every state: a disagreement
  // would change a verdict, or a message, of the fast path and the reference alike).
  it.each([
    ['cycle, 2 users', cycleScenarioOf(2)],
    ['cycle, 3 users', cycleScenarioOf(3)],
    ['isolated-kill', obsScenarioByName('isolated-kill')],
    ['late-marker', obsScenarioByName('late-marker')],
  ])('%s', (_name, sc) => {
    const u = compile(sc);
    let cycles = 0;
    let divergences = 0;
    for (let markers = 0; markers < 1 << u.markers.length; markers++) {
      const c = markerCycle(u, markers);
      expect(hasMarkerCycle(u, markers), `markers ${markers}`).toBe(c !== null);
      if (c !== null) cycles++;
      for (let held = 0; held < 1 << u.names.length; held++) {
        const d = divergence(u, held, markers);
        expect(hasDivergence(u, held, markers), `held ${held}, markers ${markers}`).toBe(d !== null);
        if (d !== null) divergences++;
      }
    }
    // Both answers occur where the scenario can make them (else the comparison would prove little).
    if (sc.name === 'cycle') expect(cycles > 0 && divergences > 0).toBe(true);
  });
});
