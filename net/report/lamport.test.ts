import { describe, expect, it } from 'vitest';
import { lamportData, lamportSvg } from './lamport.ts';

describe('the Lamport diagram', () => {
  it('lanes clients first, then nodes, then services; arrows from send to delivery; faults marked', () => {
    const d = lamportData([
      { t: 0, kind: 'init', dest: 'n1', type: 'init' },
      { t: 1, kind: 'deliver', src: 'c1', dest: 'n2', type: 'write', msgId: 1, sent: 0 },
      { t: 2, kind: 'fault', dest: 'n10', note: 'crash n10 @2' },
      { t: 3, kind: 'drop', src: 'n2', dest: 'grove', type: 'append', msgId: 4, sent: 1 },
      { t: 4, kind: 'deliver', src: 'n2', dest: 'c1', type: 'write_ok', msgId: 5, inReplyTo: 1, sent: 3 },
    ]);
    expect(d.lanes).toEqual(['c1', 'n2', 'n10', 'grove']);
    expect(d.arrows).toEqual([
      { from: 'c1', to: 'n2', sent: 0, t: 1, label: 'write #1', dropped: false },
      { from: 'n2', to: 'grove', sent: 1, t: 3, label: 'append #4', dropped: true },
      { from: 'n2', to: 'c1', sent: 3, t: 4, label: 'write_ok #5 ↩1', dropped: false },
    ]);
    expect(d.faults).toEqual([{ t: 2, lane: 'n10', label: 'crash n10 @2' }]);
    const svg = lamportSvg(d);
    expect(svg.match(/<line /g)?.length).toBe(4 + 3);
    expect(svg).toContain('stroke-dasharray');
  });
});
