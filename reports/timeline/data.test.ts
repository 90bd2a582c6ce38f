/**
 * Timeline data (STYLE.md §4: the picture is tested as data, the page is a thin render): lanes,
 * ranks, open-ended pending calls, the linearization marked in order with the states after it, and
 * for a history that is not linearizable the partial linearization and where it fails, pinned on the
 * Jepsen `c10-bad` history and on a register with a stale read planted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Operation } from '../../lin/history.ts';
import { parseJepsenKv } from '../../lin/formats/jepsen-kv.ts';
import { kvModel } from '../../lin/models/kv.ts';
import { registerModel, type RegisterInput, type RegisterOutput } from '../../lin/models/register.ts';
import { buildTimeline, type TimelinePartition } from './data.ts';
import { partitionSvg, timelineHtml } from './html.ts';

const op = (id: number, client: number, input: RegisterInput, output: RegisterOutput | undefined, call: number, ret: number): Operation<RegisterInput, RegisterOutput> => ({ id, client, input, output, call, ret });

/** Every placed call's point lies inside its interval, and points rise with the order. */
function pointsAreSound(p: TimelinePartition): void {
  const placed = p.calls.filter((c) => c.order !== undefined).sort((a, b) => a.order! - b.order!);
  expect(placed.map((c) => c.order)).toEqual(placed.map((_, i) => i + 1));
  placed.forEach((c, i) => {
    expect(c.point!).toBeGreaterThanOrEqual(c.start);
    if (c.end !== null) expect(c.point!).toBeLessThanOrEqual(c.end);
    if (i > 0) expect(c.point!).toBeGreaterThanOrEqual(placed[i - 1].point!);
  });
}

describe('timeline data', () => {
  it('a linearizable register history: lanes per client, ranks, a pending call open-ended, the order with states after', () => {
    const t = buildTimeline(
      registerModel,
      [op(0, 2, { f: 'write', value: 1 }, { f: 'write' }, 100, 250), op(1, 1, { f: 'read' }, { f: 'read', value: 1 }, 200, 400), op(2, 7, { f: 'write', value: 5 }, undefined, 300, Infinity)],
      { title: 't' },
    );
    expect(t.outcome).toBe('linearizable');
    const [p] = t.partitions;
    expect(p.lanes).toEqual([1, 2, 7]);
    expect(p.span).toBe(5);
    expect(p.calls.map((c) => [c.id, c.lane, c.start, c.end, c.order, c.stateAfter])).toEqual([
      [0, 1, 0, 2, 1, '1'],
      [1, 0, 1, 4, 2, '1'],
      [2, 2, 3, null, undefined, undefined],
    ]);
    expect(p.calls[0]).toMatchObject({ label: 'write(1)', input: '{"f":"write","value":1}', output: '{"f":"write"}' });
    expect(p.calls[2].output).toBe('?');
    pointsAreSound(p);
  });

  it('a planted stale read (write 1 completes, then a read returns nil): the partial linearization stops before the read, which is marked stuck', () => {
    const t = buildTimeline(registerModel, [op(0, 1, { f: 'write', value: 1 }, { f: 'write' }, 0, 1), op(1, 2, { f: 'read' }, { f: 'read', value: null }, 2, 3)], { title: 't' });
    expect(t.outcome).toBe('not-linearizable');
    const [p] = t.partitions;
    expect(p.order).toEqual([0]);
    expect(p.failure).toEqual({ after: 1, state: '1', stuck: [1], at: 3, message: '1 call linearize, reaching 1; none of the 1 call that could come next is accepted by the model' });
    expect(p.calls[1]).toMatchObject({ stuck: true });
    expect(p.calls[1].order).toBeUndefined();
  });

  it('c10-bad (Jepsen kv): ten key tabs; key "0" linearizes 9 calls and fails at rank 18 on call 83 (client 8); keys "8" and "4" linearize whole', () => {
    const file = join(import.meta.dirname, '../../../shared/data/jepsen/kv/c10-bad.txt');
    const parsed = parseJepsenKv(readFileSync(file, 'utf8'), 'c10-bad.txt');
    const t = buildTimeline(kvModel, parsed.operations, {
      title: 'c10-bad',
      labelOf: (part) => `key ${JSON.stringify((part[0].input as { key: string }).key)}`,
      lineOf: (id) => parsed.lines[id]?.invoke,
    });
    expect(t.outcome).toBe('not-linearizable');
    expect(t.partitions.map((p) => [p.label, p.outcome, p.calls.length, p.order.length, p.failure?.stuck, p.failure?.at])).toEqual([
      ['key "0"', 'not-linearizable', 36, 9, [83], 18],
      ['key "1"', 'not-linearizable', 48, 6, [49], 12],
      ['key "9"', 'not-linearizable', 43, 6, [59], 13],
      ['key "6"', 'not-linearizable', 37, 6, [70], 12],
      ['key "8"', 'linearizable', 26, 26, undefined, undefined],
      ['key "4"', 'linearizable', 38, 38, undefined, undefined],
      ['key "3"', 'not-linearizable', 38, 5, [80], 11],
      ['key "5"', 'not-linearizable', 51, 34, [266], 69],
      ['key "2"', 'not-linearizable', 55, 21, [157], 42],
      ['key "7"', 'not-linearizable', 33, 5, [81], 10],
    ]);
    const key0 = t.partitions[0];
    expect(key0.calls.find((c) => c.id === 83)).toMatchObject({ client: 8, stuck: true, line: 158, label: 'get("0") -> "x 9 0 yx 0 0 yx 8 0 y"' });
    expect(key0.failure!.state).toBe('"x 9 0 yx 0 0 yx 8 0 yx 7 1 yx 0 6 yx 7 6 yx 7 7 y"');
    for (const p of t.partitions) pointsAreSound(p);
    // The drawing marks the failure and every linearized call's number.
    const svg = partitionSvg(key0);
    expect(svg.match(/class="call stuck"/g)).toHaveLength(1);
    expect(svg).toContain('linearization fails here');
    expect(svg.match(/<g class="point"/g)).toHaveLength(9);
    expect(partitionSvg(t.partitions[4])).not.toContain('linearization fails here');
    // The page is self-contained and opens on the first failing tab.
    const html = timelineHtml(t);
    expect(html).not.toMatch(/<link\b|\bsrc\s*=|<img\b|@import|url\(\s*['"]?(?!#)/i);
    expect(html.match(/<section class="panel active"/g)).toHaveLength(1);
    expect(html).toContain('<section class="panel active" data-partition="0">');
  });
});
