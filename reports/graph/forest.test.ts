import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { groveModel } from '../../model/grove/model.ts';
import type { GroveState, ScriptedActor } from '../../model/grove/state.ts';
import { variantByName } from '../../model/grove/variants/index.ts';
import { seedDiverged, seedPushedToFoo } from './fixtures.ts';
import { forestOf, nodeId, resolvePosition } from './forest.ts';

const logref = { refs: 'logref' } as const;
const logid = { refs: 'log' } as const;

/** The G6 counterexample of logid-check (2 actors, 1 push each), replayed to its last state. */
function g6State(): GroveState {
  const m = groveModel({ variant: variantByName('logid-check'), actors: 2, ops: 1 });
  const o = check(m, { strategy: 'bfs' });
  if (o.outcome !== 'violation') throw new Error(`expected a violation, got ${o.outcome}`);
  return o.path.reduce((s, i) => m.step(s, i).next, m.initial());
}

describe('forestOf', () => {
  it('draws the diverged seed shape: a log, a branch from its 2nd entry, a remote and a tracking ref', () => {
    const f = forestOf(seedDiverged(), logref, { perspective: '1' });
    expect(f.logs.map((l) => [l.id, l.from, l.entries])).toEqual([
      ['a', null, ['a1', 'a2', 'a3']],
      ['b', 'a2', ['b3', 'b4', 'b5']],
    ]);
    expect(f.edges).toContainEqual({ from: 'a2', to: 'b3', kind: 'branch' });
    expect(f.edges).toContainEqual({ from: 'b3', to: 'b4', kind: 'next' });
    expect(f.refs).toEqual([
      { name: 'main', kind: 'remote', label: 'main', at: { log: 'b', lsn: 5 }, node: 'b5', atTip: true },
      { name: 'main', kind: 'tracking', actor: '1', label: 'origin/main', at: { log: 'a', lsn: 3 }, node: 'a3', atTip: true },
    ]);
    // a3 is in no remote ref's history and was never acknowledged.
    expect(f.nodes.find((n) => n.id === 'a3')).toMatchObject({ commit: '1.1', status: 'orphaned', reachable: false });
    expect(f.nodes.find((n) => n.id === 'a2')).toMatchObject({ status: 'visible', reachable: true });
    expect(f.nodes.some((n) => n.kind === 'start')).toBe(false);
  });

  it('labels tracking refs per actor without a perspective', () => {
    const f = forestOf(seedPushedToFoo(), logref);
    expect(f.refs.filter((r) => r.kind === 'tracking').map((r) => r.label)).toEqual(['1:origin/foo', '1:origin/main']);
    expect(f.commits.find((c) => c.id === '1.3')).toEqual({ id: '1.3', nodes: ['b5'], acked: true, failed: false, inRef: true, status: 'acked' });
  });

  it('marks the lost acknowledged commit of the logid-check G6 counterexample', () => {
    const f = forestOf(g6State(), logid);
    expect(f.nodes.map((n) => [n.id, n.kind, n.commit, n.status])).toEqual([
      ['a0', 'start', null, 'visible'],
      ['a1', 'entry', '1.1', 'lost'],
      ['c1', 'entry', '2.1', 'acked'],
    ]);
    expect(f.logs[1]).toMatchObject({ id: 'c', base: { log: 'a', lsn: 0 }, from: 'a0' });
    expect(f.refs.map((r) => [r.label, r.node])).toEqual([['main', 'c1']]);
  });

  it('marks failed, zombie and orphaned commits and holes', () => {
    const s: GroveState = {
      remote: {
        logs: { a: { base: null, entries: ['0.1', '2.1', null, '3.1'] }, b: { base: { log: 'a', lsn: 1 }, entries: ['1.1'] } },
        refs: { main: { log: 'a', lsn: 2 } },
      },
      actors: [],
      acked: [],
      failed: ['1.1', '2.1'],
    };
    const f = forestOf(s, logref);
    expect(Object.fromEntries(f.nodes.map((n) => [n.id, n.status]))).toEqual({ a1: 'visible', a2: 'zombie', a3: 'hole', a4: 'orphaned', b2: 'failed' });
    expect(f.refs[0]).toMatchObject({ node: 'a2', atTip: false });
  });

  it('resolves a position through branch points and adds start nodes only when needed', () => {
    const r = seedDiverged().remote;
    expect(resolvePosition(r, { log: 'b', lsn: 2 })).toEqual({ log: 'a', lsn: 2 });
    expect(resolvePosition(r, { log: 'b', lsn: 4 })).toEqual({ log: 'b', lsn: 4 });
    expect(nodeId('l26', 3)).toBe('l26_3');
    const initial = groveModel({ variant: variantByName('lsn-cas'), actors: 1, ops: 1 }).initial();
    const f = forestOf(initial, logref);
    expect(f.nodes).toEqual([{ id: 'a0', kind: 'start', log: 'a', lsn: 0, commit: null, status: 'visible', reachable: true }]);
    expect(f.refs[0]).toMatchObject({ node: 'a0', atTip: true });
  });

  it('under refs: log, a tracking ref stands for the log up to the tip the actor saw', () => {
    const s = seedPushedToFoo();
    const f = forestOf({ ...s, actors: [{ ...(s.actors[0] as ScriptedActor), refs: { main: { log: 'a', lsn: 0 } }, logs: { a: 2 } }] }, logid);
    expect(f.refs.find((x) => x.kind === 'tracking')).toMatchObject({ at: { log: 'a', lsn: 2 }, node: 'a2', atTip: false });
    expect(f.refs.find((x) => x.name === 'main' && x.kind === 'remote')).toMatchObject({ node: 'a3' });
  });

  it('is plain data: survives a JSON round trip and carries squash equivalences as given', () => {
    const squash = [{ from: ['b3', 'b4'], to: 'a3' }];
    const f = forestOf(seedPushedToFoo(), logref, { squash });
    expect(JSON.parse(JSON.stringify(f))).toEqual(f);
    expect(f.squash).toEqual(squash);
    expect('squash' in forestOf(seedPushedToFoo(), logref)).toBe(false);
  });
});
