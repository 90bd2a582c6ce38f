/**
 * The Grove remote's linearizability model on hand-written histories: correct concurrent pushes,
 * two winners of one slot, a stale read, a lost reply that did (or did not) take effect, the per-call
 * semantics knobs (check advance, CAS on the LogId only), partitioning and the notation it prints.
 */
import { describe, expect, it } from 'vitest';
import { checkLinearizable } from '../check.ts';
import type { Operation } from '../history.ts';
import { describeGroveOp, groveLinModel, type GroveInput, type GroveOutput } from './grove.ts';
import { logidCheck } from '../../model/grove/variants/standard.ts';
import { plantedOverwrite } from '../../model/grove/variants/planted.ts';

type Op = Operation<GroveInput, GroveOutput>;

/** Builds a history: `[client, call, ret | null (pending), input, output | undefined]` rows; ids in row order. */
function h(...rows: [number, number, number | null, GroveInput, GroveOutput | undefined][]): Op[] {
  return rows.map(([client, call, ret, input, output], id) => ({ id, client, call, ret: ret ?? Infinity, input, output }));
}

const read = (ref = 'main'): GroveInput => ({ op: 'read', ref });
const append = (log: string, lsn: number, commit: string): GroveInput => ({ op: 'append', log, lsn, commit });
const cas = (expected: string, next: string, compare: 'log' | 'logref' = 'logref', ref = 'main'): GroveInput => {
  const p = (s: string) => ({ log: s.split('@')[0], lsn: Number(s.split('@')[1]) });
  return { op: 'cas', ref, expected: p(expected), next: p(next), compare };
};
const branch = (from: string, to: string, commit: string): GroveInput => ({ op: 'branch', from: { log: from.split('@')[0], lsn: Number(from.split('@')[1]) }, to, commit });
const at = (s: string) => ({ log: s.split('@')[0], lsn: Number(s.split('@')[1]) });
const OK = { ok: true } as const;
const CONFLICT = { ok: false, reason: 'conflict' } as const;

const model = groveLinModel();

describe('groveLinModel', () => {
  it('two overlapping pushes, one wins the slot and the CAS, the other force-pushes and loses: linearizable', () => {
    const history = h(
      [1, 0, 2, read(), { at: at('a@0'), tip: 0 }],
      [2, 1, 3, read(), { at: at('a@0'), tip: 0 }],
      [1, 4, 6, append('a', 1, 'c1.1'), OK],
      [2, 5, 7, append('a', 1, 'c2.1'), CONFLICT],
      [1, 8, 10, cas('a@0', 'a@1'), { ok: true, actual: at('a@1') }],
      [2, 8, 9, branch('a@0', 'b', 'c2.1'), OK],
      [2, 11, 12, cas('a@0', 'b@1'), { ok: false, actual: at('a@1') }],
      [3, 13, 14, read(), { at: at('a@1'), tip: 1 }],
    );
    const r = checkLinearizable(model, history);
    expect(r.outcome).toBe('linearizable');
    if (r.outcome === 'linearizable') expect(r.linearization).toEqual([[0, 1, 2, 3, 4, 5, 6, 7]]);
  });

  it('two appends at one (log, lsn) both Ok: not linearizable, stuck at the second', () => {
    const history = h([1, 0, 3, append('a', 1, 'c1.1'), OK], [2, 1, 2, append('a', 1, 'c2.1'), OK]);
    const r = checkLinearizable(model, history);
    expect(r.outcome).toBe('not-linearizable');
    if (r.outcome === 'not-linearizable') {
      expect(r.partial[0].longest).toHaveLength(1);
      expect(r.partial[0].stuckAt).toHaveLength(1);
    }
  });

  it('a conflict that ended before the only other append began: not linearizable (the slot was free)', () => {
    expect(checkLinearizable(model, h([2, 0, 1, append('a', 1, 'c2.1'), CONFLICT], [1, 2, 3, append('a', 1, 'c1.1'), OK])).outcome).toBe('not-linearizable');
    // The same calls overlapping: the conflict may come after the winner.
    expect(checkLinearizable(model, h([2, 0, 2, append('a', 1, 'c2.1'), CONFLICT], [1, 1, 3, append('a', 1, 'c1.1'), OK])).outcome).toBe('linearizable');
  });

  it('a stale read after a completed CAS: not linearizable', () => {
    const history = h([1, 0, 1, append('a', 1, 'c1.1'), OK], [1, 2, 3, cas('a@0', 'a@1'), { ok: true, actual: at('a@1') }], [2, 4, 5, read(), { at: at('a@0'), tip: 1 }]);
    const r = checkLinearizable(model, history);
    expect(r.outcome).toBe('not-linearizable');
    if (r.outcome === 'not-linearizable') expect(r.partial[0].stateAfter).toBe('a:[c1.1] | main=a@1');
  });

  it('a lost reply (pending) that took effect, as a later read shows: linearizable', () => {
    const history = h([1, 0, null, append('a', 1, 'c1.1'), undefined], [2, 5, 6, read(), { at: at('a@0'), tip: 1 }]);
    expect(checkLinearizable(model, history).outcome).toBe('linearizable');
  });

  it('a lost reply that never took effect: linearizable; a write nobody made: not', () => {
    const pendingCas = h([1, 0, 1, append('a', 1, 'c1.1'), OK], [1, 2, null, cas('a@0', 'a@1'), undefined], [2, 5, 6, read(), { at: at('a@0'), tip: 1 }]);
    expect(checkLinearizable(model, pendingCas).outcome).toBe('linearizable');
    const phantom = h([2, 5, 6, read(), { at: at('a@0'), tip: 1 }]);
    expect(checkLinearizable(model, phantom).outcome).toBe('not-linearizable');
  });

  it('a pending call cannot take effect before it was called', () => {
    const history = h([2, 0, 1, read(), { at: at('a@0'), tip: 1 }], [1, 2, null, append('a', 1, 'c1.1'), undefined]);
    expect(checkLinearizable(model, history).outcome).toBe('not-linearizable');
  });

  it('check in advance mode moves the ref to min(lsn, tip); in read mode it does not', () => {
    const adv = h(
      [1, 0, 1, append('a', 1, 'c1.1'), OK],
      [1, 2, 3, { op: 'check', ref: 'main', at: at('a@5'), mode: 'advance' }, { ok: true, actual: at('a@1') }],
      [1, 4, 5, read(), { at: at('a@1'), tip: 1 }],
    );
    expect(checkLinearizable(model, adv).outcome).toBe('linearizable');
    const readMode = h([1, 0, 1, append('a', 1, 'c1.1'), OK], [1, 2, 3, { op: 'check', ref: 'main', at: at('a@1'), mode: 'read' }, { ok: true, actual: at('a@1') }]);
    expect(checkLinearizable(model, readMode).outcome).toBe('not-linearizable');
  });

  it('CAS compares the LogId only with compare: log, and reports a missing ref as actual null', () => {
    const history = h([1, 0, 1, cas('a@7', 'b@1', 'log'), { ok: true, actual: at('b@1') }], [1, 2, 3, cas('a@0', 'a@0', 'logref', 'nope'), { ok: false, actual: null }]);
    expect(checkLinearizable(model, history).outcome).toBe('linearizable');
  });

  it('judged by a variant that replaces a primitive: a blind overwrite is then allowed', () => {
    const twoWinners = h([1, 0, 1, append('a', 1, 'c1.1'), OK], [2, 2, 3, append('a', 1, 'c2.1'), OK]);
    expect(checkLinearizable(groveLinModel(undefined, plantedOverwrite), twoWinners).outcome).toBe('linearizable');
    expect(checkLinearizable(groveLinModel(undefined, logidCheck), twoWinners).outcome).toBe('not-linearizable');
  });

  it('partitions by families of refs and logs: two refs on unrelated logs are checked apart', () => {
    const m = groveLinModel({ logs: { a: { base: null, entries: [] }, x: { base: null, entries: [] } }, refs: { main: at('a@0'), side: at('x@0') } });
    const history = h(
      [1, 0, 1, append('a', 1, 'c1.1'), OK],
      [2, 0, 1, append('x', 1, 'c2.1'), OK],
      [1, 2, 3, read('main'), { at: at('a@0'), tip: 1 }],
      [2, 2, 3, read('side'), { at: at('x@0'), tip: 1 }],
      [3, 4, 5, branch('a@1', 'b', 'c3.1'), OK],
    );
    expect(m.partition!(history).map((p) => p.map((o) => o.id))).toEqual([[0, 2, 4], [1, 3]]);
    const r = checkLinearizable(m, history);
    expect(r.outcome).toBe('linearizable');
    expect(r.stats.partitions).toBe(2);
    // A CAS of `side` onto log a joins the families: what `side` reads then depends on a's tip.
    const joined = [...history, ...h([2, 6, 7, cas('x@0', 'a@1', 'logref', 'side'), { ok: true, actual: at('a@1') }]).map((o) => ({ ...o, id: 5 }))];
    expect(m.partition!(joined)).toHaveLength(1);
  });

  it('prints calls in the notation', () => {
    expect(describeGroveOp(append('a', 3, 'c1.2'), OK)).toBe('Append<a@3, c1.2> -> Ok');
    expect(describeGroveOp(append('a', 3, 'c1.2'), CONFLICT)).toBe('Append<a@3, c1.2> -> Err: conflict');
    expect(describeGroveOp(cas('a@2', 'b@3'), { ok: false, actual: at('a@4') })).toBe('CAS<main, a@2, b@3> -> Err(a@4)');
    expect(describeGroveOp(read(), undefined)).toBe('Pull<main> -> ?');
    expect(describeGroveOp(read(), { at: at('a@1'), tip: 3 })).toBe('Pull<main> -> a@1 tip 3');
    expect(describeGroveOp(branch('a@1', 'b', 'c2.1'), { ok: false, reason: 'exists' })).toBe('Branch<a@1, b, c2.1> -> Err: exists');
  });
});
