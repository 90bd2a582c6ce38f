/**
 * What `stress --edn/--report` writes for a recorded grove history: the EDN reads back to the same
 * history and the timeline page shows the two winners of one append as not linearizable.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseGroveHistory } from '../../lin/formats/grove.ts';
import { parseJepsenEdnHistory } from '../../lin/formats/jepsen-edn.ts';
import type { Timeline } from './data.ts';
import { exportHistory } from './history.ts';
import { TWO_WINNERS_JSONL } from '../../lin/formats/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'grove-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('exportHistory (stress --edn, --report)', () => {
  it('writes the EDN and the timeline of a grove history', () => {
    const jsonl = TWO_WINNERS_JSONL;
    const history = join(dir, 'merged.jsonl');
    writeFileSync(history, jsonl);
    const edn = join(dir, 'merged.edn');
    expect(exportHistory(history, { edn, report: join(dir, 'report') })).toEqual([`jepsen edn: ${edn}`, `timeline: ${join(dir, 'report', 'merged.timeline.html')}`]);
    expect(parseJepsenEdnHistory(readFileSync(edn, 'utf8')).operations).toEqual(parseGroveHistory(jsonl, history).operations);
    const t = JSON.parse(readFileSync(join(dir, 'report', 'merged.timeline.json'), 'utf8')) as Timeline;
    expect(t.outcome).toBe('not-linearizable');
    expect(t.partitions[0].failure).toMatchObject({ after: 1, stuck: [1] });
    expect(t.partitions[0].lanes).toEqual([1, 2]);
  });
});
