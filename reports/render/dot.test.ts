import { describe, expect, it } from 'vitest';
import { seedDiverged } from '../graph/fixtures.ts';
import { forestOf } from '../graph/forest.ts';
import { forestDot } from './dot.ts';
import { dotToSvg, inlineSvg } from './svg.ts';

const forest = () => ({ ...forestOf(seedDiverged(), { refs: 'logref' }, { perspective: '1' }), squash: [{ from: ['b3', 'b4'], to: 'a3' }] });

describe('forestDot', () => {
  it('has one node per entry, the chain and branch edges, ref boxes and squash edges', () => {
    const dot = forestDot(forest());
    for (const id of ['a1', 'a2', 'a3', 'b3', 'b4', 'b5']) expect(dot).toMatch(new RegExp(`^  "${id}" \\[label="${id}\\\\n`, 'm'));
    expect(dot).toContain('"a1" -> "a2" [class="next"');
    expect(dot).toContain('"a2" -> "b3" [class="branch"');
    expect(dot).toContain('"ref:remote:b5" [label="main"');
    expect(dot).toContain('"ref:tracking:a3" [label="origin/main"');
    expect(dot).toContain('"b5" -> "ref:remote:b5" [dir=back');
    expect(dot).toContain('"b4" -> "a3" [style=dashed, arrowhead=normal, constraint=false, color="#7030a0", label="squash b3..=b4"');
    expect(dot).toMatch(/"a3" \[label="a3\\n1\.1", fillcolor="#eeeeee".*class="entry orphaned"/);
  });

  it('quotes ids safely', () => {
    expect(forestDot({ logs: [], nodes: [], edges: [], refs: [], commits: [] }, 'a "b"')).toContain('digraph "a \\"b\\"" {');
  });
});

describe('dotToSvg', () => {
  it('renders the forest to SVG with one node group per entry and ref box', async () => {
    const svg = await dotToSvg(forestDot(forest()));
    expect(svg).toContain('<svg');
    expect(svg.match(/<g id="node\d+" class="node/g)?.length).toBe(8);
    expect(svg).toContain('<title>a2&#45;&gt;b3</title>');
    const inline = inlineSvg(svg);
    expect(inline.startsWith('<svg')).toBe(true);
    expect(inline).not.toContain('<!--');
  });

  it('rejects bad DOT', async () => {
    await expect(dotToSvg('digraph { a -> }')).rejects.toThrow();
  });
});
