/**
 * The picture data: each client's three logs with their entries and equivalence edges, for the seed's
 * long-lived single writer (`c5==b2==a4`) built by running the model.
 */
import { describe, expect, it } from 'vitest';
import type { Model } from '../core/model.ts';
import { printOp } from '../../scenarios/notation/print.ts';
import { localModel } from './model.ts';
import { pictureOf } from './picture.ts';
import type { LocalState } from './state.ts';

/** Takes the enabled steps whose ops print as `ops` (actor 1), in order. */
function run(m: Model<LocalState>, ops: string[]): LocalState {
  let s = m.initial();
  for (const want of ops) {
    const i = m.actions(s).findIndex((a) => printOp(a.op) === want);
    if (i < 0) throw new Error(`${want} is not enabled; enabled: ${m.actions(s).map((a) => printOp(a.op)).join(', ')}`);
    s = m.step(s, i).next;
  }
  return s;
}

describe('picture data', () => {
  it("draws the seed's single writer: c1..=c3 => b1 => a1, c4..=c5 => b2 => a2, c6 unsquashed", () => {
    const m = localModel({ clients: 1, writes: 6, pages: ['p', 'q'] });
    const w = (j: number, page: string) => `Write<c${j}, ${page}=c${j}>`;
    const s = run(m, [
      w(1, 'p'), w(2, 'q'), w(3, 'p'), 'Squash<c1..=c3, b1>', w(4, 'q'), 'Push<b1, a@1>', w(5, 'p'), 'CAS<main, a@0, a@1>',
      'Squash<c4..=c5, b2>', 'Push<b2, a@2>', 'CAS<main, a@1, a@2>', w(6, 'q'),
    ]);
    const p = pictureOf(s);
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
    expect(p.remote).toEqual({
      log: 'a',
      ref: 'main',
      main: 2,
      entries: [
        { id: 'a1', pages: { p: 'c3', q: 'c2' } },
        { id: 'a2', pages: { q: 'c4', p: 'c5' } },
      ],
    });
    const c = p.clients[0];
    expect(c.id).toBe('1');
    expect(c.logs.map((l) => `${l.ref}(${l.log}): ${l.entries.map((e) => e.id).join(' ')}`)).toEqual([
      'origin/main(a): a1 a2',
      'staged(b): b1 b2',
      'local(c): c1 c2 c3 c4 c5 c6',
    ]);
    expect(c.logs[1].entries[0].pages).toEqual({ p: 'c3', q: 'c2' });
    expect(c.base).toBe('a2');
    expect(c.equivalences).toEqual([
      { from: ['c1', 'c2', 'c3'], to: 'b1' },
      { from: ['b1'], to: 'a1' },
      { from: ['c4', 'c5'], to: 'b2' },
      { from: ['b2'], to: 'a2' },
    ]);
    expect(c.snapshot).toEqual({ origin: ['a1', 'a2'], staged: [], local: ['c6'] });
    expect(c.canonical).toEqual(c.snapshot);
  });

  it('shows an unconfirmed push: the entry is on the remote past main, the staged commit has no edge to it yet', () => {
    const m = localModel({ clients: 1, writes: 1 });
    const s = run(m, ['Write<c1, p=c1>', 'Squash<c1..=c1, b1>', 'Push<b1, a@1>']);
    const p = pictureOf(s);
    expect(p.remote.main).toBe(0);
    expect(p.remote.entries.map((e) => e.id)).toEqual(['a1']);
    expect(p.clients[0].logs[0].entries).toEqual([]);
    expect(p.clients[0].equivalences).toEqual([{ from: ['c1'], to: 'b1' }]);
    expect(p.clients[0].snapshot).toEqual({ origin: [], staged: ['b1'], local: [] });
    expect(p.clients[0].base).toBeNull();
  });
});
