/** The explorer draws grove-local states as each client's three logs (explorer/view.ts), not as JSON. */
import { describe, expect, it } from 'vitest';
import { localModel } from '../../model/grove-local/model.ts';
import { printOp } from '../../scenarios/notation/print.ts';
import { configOfModel } from '../../explorer/config.ts';
import { fire, enabled, sessionOf } from '../../explorer/session.ts';
import { viewOf } from '../../explorer/view.ts';

describe('explorer view of a grove-local session', () => {
  it('is a picture with the three logs (ASCII) and dashed equivalence edges (DOT)', () => {
    const m = localModel({ clients: 2, writes: 1 });
    let s = sessionOf(m as never, configOfModel(m as never));
    for (const op of ['Write<c1, p=c1>', 'Squash<c1..=c1, b1>', 'Push<b1, a@1>', 'CAS<main, a@0, a@1>']) {
      const i = enabled(s).findIndex((a) => a.actor === '1' && printOp(a.op) === op);
      expect(i).toBeGreaterThanOrEqual(0);
      s = fire(s, i);
    }
    const v = viewOf(s);
    expect(v.picture.kind).toBe('forest');
    if (v.picture.kind !== 'forest') return;
    expect(v.picture.ascii).toContain(['client 1:', '∅-------a1  ← origin/main', ' \\     /', '  \\---b1  ← staged', '   \\ /', '    c1  ← local'].join('\n'));
    expect(v.picture.ascii).toContain('(c1..=c1) => b1 => a1');
    expect(v.picture.dot).toContain('"1:c1" -> "1:b1" [style=dashed');
    expect(v.picture.witness).toEqual([]);
  });
});
