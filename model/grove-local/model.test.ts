/**
 * The grove-local model: pinned state counts, purity, and G8–G11 with canonical-snapshot equality over
 * generated interleavings of several clients (fast-check), including runs drained to quiescence.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check } from '../../checker/check.ts';
import { checkStep } from '../../checker/properties.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import { chainOf, canonicalize, materialize, sameSnapshot, type Snapshot } from './canonical.ts';
import { familyByName } from '../registry.ts';
import { fingerprint, localModel } from './model.ts';
import { remoteName } from './names.ts';
import { foldPages, samePages } from './pages.ts';
import type { LocalEffect } from './protocol.ts';
import type { LocalState } from './state.ts';
import { equivalencesOf, heldPages, snapshotOf } from './view.ts';
import { threeLogs } from './variant.ts';
import { assertPureSteps } from '../core/testing.ts';

describe('grove-local model', () => {
  // Pinned: breadth-first search of the correct client stores exactly these many states.
  const PINNED: [clients: number, writes: number, pages: string, states: number][] = [
    [2, 2, 'p', 3157],
    [3, 1, 'p', 2706],
    [2, 1, 'p,q', 205],
  ];
  it.each(PINNED)('%i clients × %i writes on pages %s: exhaustive pass with %i states', (clients, writes, pages, states) => {
    const o = check(localModel({ clients, writes, pages: pages.split(',') }), { strategy: 'bfs' });
    expect(o.outcome).toBe('pass');
    expect(o.outcome === 'pass' && o.exhaustive).toBe(true);
    expect(o.stats.states).toBe(states);
  });

  it('depth-first search sees the same states as breadth-first', () => {
    expect(check(localModel({ clients: 2, writes: 2 }), { strategy: 'dfs' }).stats.states).toBe(3157);
  });

  it('is registered as the family grove-local, with G8–G11 and one planted variant per property at least', () => {
    const f = familyByName('grove-local');
    expect(f.properties.map((p) => p.id)).toEqual(['G8', 'G9', 'G10', 'G11']);
    expect(f.defaultVariant).toBe('three-logs');
    expect(new Set(f.variants.flatMap((v) => (v.planted ? [v.planted] : [])))).toEqual(new Set(['G8', 'G9', 'G10', 'G11']));
    const m = f.build({ actors: 2, ops: 1, extra: { pages: 'p,q' } });
    expect(m.config).toEqual({ variant: 'three-logs', actors: 2, ops: 1, pages: 'p,q' });
  });

  it('lists each enabled action with its actor, op and footprint', () => {
    const m = localModel({ clients: 2, writes: 1, pages: ['p', 'q'] });
    const show = (s: LocalState) => m.actions(s).map((a) => `${a.actor} ${a.op.name}<${a.op.args.join(', ')}>`);
    expect(show(m.initial())).toEqual(['1 Write<c1, p=c1>', '1 Write<c1, q=c1>', '2 Write<e1, p=e1>', '2 Write<e1, q=e1>']);
    const s = m.step(m.initial(), 1).next;
    expect(show(s)).toEqual(['1 Squash<c1..=c1, b1>', '2 Write<e1, p=e1>', '2 Write<e1, q=e1>']);
    expect(m.actions(s)[0].footprint).toEqual(['client:1']);
  });

  it('step never mutates its input state, and is deterministic', () => {
    assertPureSteps(localModel({ clients: 3, writes: 2, pages: ['p', 'q'] }), { seed: 5, runs: 150, maxLength: 60 });
  });

  it('apply takes the step a printed row names, so a schedule replays from its rows', () => {
    const m = localModel({ clients: 2, writes: 2 });
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 30 }), (choices) => {
        let s = m.initial();
        let t = m.initial();
        for (const c of choices) {
          const n = m.actions(s).length;
          if (n === 0) break;
          const st = m.step(s, c % n);
          const again = m.apply!(t, st.row);
          expect(printRow(again.row)).toBe(printRow(st.row));
          s = st.next;
          t = again.next;
          expect(fingerprint(t)).toBe(fingerprint(s));
        }
      }),
      { seed: 6, numRuns: 100 },
    );
    expect(() => m.apply!(m.initial(), { kind: 'call', actor: '1', op: { name: 'Pull', args: ['main'] }, result: { kind: 'ok' } })).toThrow(/cannot take Pull<main>/);
  });
});

/** The pages main materializes: remote entries `a1..a_main` folded. */
function mainPages(s: LocalState) {
  return foldPages(s.remote.entries.slice(0, s.remote.main).map((e) => e.pages));
}

describe('generated interleavings of several clients (fast-check, seed 9)', () => {
  const m = localModel({ clients: 3, writes: 3, pages: ['p', 'q'] });
  const ctx = m.ctx;

  it('hold G8–G11 at every step; background sync keeps the canonical snapshot; only content steps change it', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 80 }), (choices) => {
        let s = m.initial();
        // Every snapshot each client has had, with whether its content changed since (by its own steps).
        const history: { snap: Snapshot; epoch: number }[][] = s.clients.map((_, i) => [{ snap: snapshotOf(threeLogs, s.clients[i], i), epoch: 0 }]);
        const epoch = s.clients.map(() => 0);
        for (const c of choices) {
          const n = m.actions(s).length;
          if (n === 0) break;
          const step = m.step(s, c % n);
          const v = checkStep(m, s, step, true);
          expect(v.violation).toBeNull();
          const e = step.effect as LocalEffect;
          const i = e.client;
          const before = snapshotOf(threeLogs, s.clients[i], i);
          const after = snapshotOf(threeLogs, step.next.clients[i], i);
          const eqs = equivalencesOf(step.next.clients[i], i);
          const content = (e.kind === 'write' && e.ok) || (e.kind === 'rebase' && s.clients[i].base < s.clients[i].origin);
          // Squash, push, confirm, pull and rejected writes leave the snapshot canonically unchanged.
          expect(sameSnapshot(before, after, eqs)).toBe(!content);
          if (content) epoch[i]++;
          s = step.next;
          history[i].push({ snap: after, epoch: epoch[i] });
          // Equal exactly when no content step came between: every older snapshot, rewritten with today's equivalences.
          for (const h of history[i]) expect(sameSnapshot(h.snap, after, eqs)).toBe(h.epoch === epoch[i]);
        }
      }),
      { seed: 9, numRuns: 120 },
    );
  });

  it('converge once every client stops writing and runs its sync steps to the end (G11, and every view agrees with main)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 200 }), (choices, drain) => {
        let s = m.initial();
        for (const c of choices) {
          const n = m.actions(s).length;
          if (n === 0) break;
          s = m.step(s, c % n).next;
        }
        // Stop: from here on, only sync steps, in a generated order, until none is left.
        for (let k = 0; ; k++) {
          const sync = m.actions(s).map((a, i) => ({ a, i })).filter(({ a }) => a.op.name !== 'Write');
          if (sync.length === 0) break;
          expect(k).toBeLessThan(500);
          const step = m.step(s, sync[(drain[k] ?? 0) % sync.length].i);
          expect(checkStep(m, s, step, true).violation).toBeNull();
          s = step.next;
        }
        const main = mainPages(s);
        for (let i = 0; i < s.clients.length; i++) {
          const c = s.clients[i];
          expect(c.origin).toBe(s.remote.main);
          const snap = snapshotOf(threeLogs, c, i);
          const canonical = canonicalize(snap, equivalencesOf(c, i));
          expect(chainOf(canonical)).toEqual(Array.from({ length: s.remote.main }, (_, k) => remoteName(k + 1)));
          const got = materialize(snap, heldPages(s, i));
          expect('missing' in got).toBe(false);
          if (!('missing' in got)) for (const ref of ['origin', 'staged', 'local'] as const) expect(samePages(got[ref], main)).toBe(true);
        }
        expect(ctx.variant.name).toBe('three-logs');
      }),
      { seed: 9, numRuns: 150 },
    );
  });
});
