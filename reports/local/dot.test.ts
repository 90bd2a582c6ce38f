/** The picture as DOT: logs as rows, dashed equivalence edges, refs; and rendered to SVG by Graphviz. */
import { describe, expect, it } from 'vitest';
import { pictureOf } from '../../model/grove-local/picture.ts';
import { dotToSvg } from '../render/svg.ts';
import { localDot } from './dot.ts';
import { replayRows, SINGLE_WRITER } from './fixtures.ts';

describe('localDot', () => {
  const p = pictureOf(replayRows(2, 6, SINGLE_WRITER));
  const dot = localDot(p, 'seed');

  it('draws each equivalence as a dashed arrow from the range’s last entry, labelled with the range', () => {
    const eq = dot.split('\n').filter((l) => l.includes('class="equivalence"'));
    expect(eq.map((l) => /"(.+?)" -> "(.+?)".*label="(.+?)"/.exec(l)!.slice(1).join(' '))).toEqual([
      // Clusters are declared last client first (Graphviz then stacks client 1 above client 2).
      // client 2: e1 => d1 => a1, e2 => d2 => a2
      '2:e1 2:d1 e1',
      '2:d1 2:a1 d1',
      '2:e2 2:d2 e2',
      '2:d2 2:a2 d2',
      // client 1: c1..=c3 => b1 => a3, c4..=c5 => b2 => a4
      '1:c3 1:b1 c1..=c3',
      '1:b1 1:a3 b1',
      '1:c5 1:b2 c4..=c5',
      '1:b2 1:a4 b2',
    ]);
    expect(eq.every((l) => l.includes('style=dashed'))).toBe(true);
  });

  it('hangs staged and local from the fork entry, keeps each log in its group, and points the refs at the tips', () => {
    expect(dot).toContain('"1:a2" -> "1:b1" [class="fork"];');
    expect(dot).toContain('"1:a2" -> "1:c1" [class="fork"];');
    expect(dot).toContain('"2:a0" -> "2:d1" [class="fork"];');
    expect(dot).toMatch(/"1:c6" \[label="c6\\nq=c6", fillcolor="#ffffff", group="1:c", class="entry local"/);
    expect(dot).toContain('"1:c6" -> "1:ref:local"');
    expect(dot).toContain('"remote:a4" -> "remote:ref:main"');
  });

  it('renders to SVG with the classes kept', async () => {
    const svg = await dotToSvg(dot);
    expect(svg).toContain('<svg');
    expect(svg.match(/class="edge equivalence"/g)).toHaveLength(8);
    expect(svg.match(/class="node entry staged"/g)).toHaveLength(4);
    expect(svg).toContain('stroke-dasharray');
  });
});
