import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history/history.ts';
import { broadcast, echo, gCounter, gSet, pnCounter, uniqueIds } from './simple.ts';
import { checkLinKv } from './lin-kv.ts';
import type { Workload } from './workload.ts';

/** A history from `[process, type, f, value]` rows, one step apart. */
const h = (...rows: [number, HistoryEvent['type'], string, unknown][]): HistoryEvent[] => rows.map(([process, type, f, value], time) => ({ process, type, f, value, node: 'n1', time }));
const check = (w: Workload, history: HistoryEvent[]) => w.check({ history, services: new Map() });

describe("Maelstrom's checkers, each against a broken history", () => {
  it('echo: a reply that is not the payload', () => {
    expect(check(echo, h([0, 'invoke', 'echo', 'a'], [0, 'ok', 'echo', 'a'])).outcome).toBe('pass');
    expect(check(echo, h([0, 'invoke', 'echo', 'a'], [0, 'ok', 'echo', 'b']))).toMatchObject({ outcome: 'violation', property: 'echo', message: 'p0 sent "a" and got back "b"' });
  });

  it('unique-ids: an id returned twice', () => {
    const ok = h([0, 'invoke', 'generate', null], [0, 'ok', 'generate', 'x'], [1, 'invoke', 'generate', null], [1, 'ok', 'generate', 'y']);
    expect(check(uniqueIds, ok).outcome).toBe('pass');
    const dup = h([0, 'invoke', 'generate', null], [0, 'ok', 'generate', 'x'], [1, 'invoke', 'generate', null], [1, 'ok', 'generate', 'x']);
    expect(check(uniqueIds, dup)).toMatchObject({ outcome: 'violation', property: 'unique', message: 'id "x" was returned to p0 and again to p1' });
  });

  it.each([broadcast, gSet])('%s: a lost acknowledged element, an element nobody added', (w) => {
    const add = w.name === 'broadcast' ? 'broadcast' : 'add';
    const base: [number, HistoryEvent['type'], string, unknown][] = [[0, 'invoke', add, 1], [0, 'ok', add, 1], [1, 'invoke', add, 2], [1, 'info', add, 2], [0, 'invoke', 'final-read', null]];
    expect(check(w, h(...base, [0, 'ok', 'final-read', [1]])).outcome).toBe('pass');
    expect(check(w, h(...base, [0, 'ok', 'final-read', [2]]))).toMatchObject({ outcome: 'violation', property: 'lost', message: 'the final read of p0 misses acknowledged 1' });
    expect(check(w, h(...base, [0, 'ok', 'final-read', [1, 7]]))).toMatchObject({ outcome: 'violation', property: 'unexpected' });
    expect(check(w, h(...base)).outcome).toBe('inconclusive');
  });

  it('g-counter and pn-counter: a final read outside the acknowledged and possible sums', () => {
    const base: [number, HistoryEvent['type'], string, unknown][] = [[0, 'invoke', 'add', 3], [0, 'ok', 'add', 3], [1, 'invoke', 'add', 2], [1, 'info', 'add', 2], [0, 'invoke', 'final-read', null]];
    expect(check(gCounter, h(...base, [0, 'ok', 'final-read', 5])).outcome).toBe('pass');
    expect(check(gCounter, h(...base, [0, 'ok', 'final-read', 2]))).toMatchObject({ outcome: 'violation', property: 'sum', message: 'the final read of p0 is 2, outside [3, 5]' });
    const neg: [number, HistoryEvent['type'], string, unknown][] = [[0, 'invoke', 'add', -4], [0, 'info', 'add', -4], [1, 'invoke', 'add', 1], [1, 'ok', 'add', 1], [0, 'invoke', 'final-read', null]];
    expect(check(pnCounter, h(...neg, [0, 'ok', 'final-read', -3])).outcome).toBe('pass');
    expect(check(pnCounter, h(...neg, [0, 'ok', 'final-read', 2]))).toMatchObject({ outcome: 'violation', message: 'the final read of p0 is 2, outside [-3, 1]' });
  });

  it('lin-kv: a failed CAS is dropped, an indefinite one may or may not have happened', () => {
    const rows: [number, HistoryEvent['type'], string, unknown][] = [[0, 'invoke', 'write', [0, 1]], [0, 'ok', 'write', [0, 1]], [1, 'invoke', 'cas', [0, [1, 2]]]];
    expect(check({ check: checkLinKv } as Workload, h(...rows, [1, 'info', 'cas', [0, [1, 2]]], [0, 'invoke', 'read', [0, null]], [0, 'ok', 'read', [0, 2]])).outcome).toBe('pass');
    expect(check({ check: checkLinKv } as Workload, h(...rows, [1, 'fail', 'cas', [0, [1, 2]]], [0, 'invoke', 'read', [0, null]], [0, 'ok', 'read', [0, 2]]))).toMatchObject({ outcome: 'violation', property: 'L' });
  });
});
