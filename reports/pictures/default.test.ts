/**
 * A model that offers no picture is still drawn: `check` prints its state as a table, `--report`
 * writes the sequence diagram and the state table of every step, the explorer shows its state.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../model/core/model.ts';
import { check } from '../../checker/check.ts';
import { asciiPictureFor, writeReport } from '../index.ts';
import { pictureOf } from './default.ts';

interface Flag {
  readonly up: boolean;
  readonly by: string | null;
}

/** Two actors each raise a flag once; P1 says it is never raised twice (it is: a planted bug). */
const flagModel: Model<Flag & { readonly count: number }> = {
  name: 'flag',
  config: { actors: 2 },
  initial: () => ({ up: false, by: null, count: 0 }),
  actions: (s) => (s.count < 2 ? ['1', '2'].map((actor) => ({ actor, op: { name: 'Raise', args: [] } })) : []),
  step: (s, i) => ({ next: { up: true, by: String(i + 1), count: s.count + 1 }, row: { kind: 'call', actor: String(i + 1), op: { name: 'Raise', args: [] }, result: { kind: 'ok' } } }),
  fingerprint: (s) => JSON.stringify(s),
  properties: [{ id: 'P1', title: 'raised once', state: (s) => (s.count > 1 ? `raised ${s.count} times, last by ${s.by}` : null) }],
};

describe('the default picture', () => {
  it('prints the state as a table of its fields', () => {
    expect(asciiPictureFor(flagModel, { up: true, by: '2', count: 2 })).toBe('up     true\nby     "2"\ncount  2');
  });

  it('writes a report with the sequence and the state table of the violation', async () => {
    const o = check(flagModel, { strategy: 'bfs' });
    expect(o.outcome).toBe('violation');
    if (o.outcome !== 'violation') return;
    const dir = mkdtempSync(join(tmpdir(), 'gc-default-picture-'));
    const written = await writeReport({ model: flagModel, outcome: o, replayCommand: 'grove-check check --model flag' }, dir);
    expect(readFileSync(join(dir, 'picture.txt'), 'utf8')).toBe('up     true\nby     "1"\ncount  2\n');
    const html = readFileSync(written.html, 'utf8');
    expect(html).toContain('P1');
    expect(html).toContain('raised 2 times, last by 1');
  });

  it('shows the explorer the state as JSON', () => {
    const v = pictureOf(flagModel).view(flagModel, flagModel.initial(), [], []);
    expect(v).toEqual({ kind: 'state', text: JSON.stringify(flagModel.initial(), null, 2) });
  });
});
