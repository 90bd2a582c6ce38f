/**
 * A forest as Graphviz DOT, laid out left to right: one row per log (each log is a `group`, so its
 * chain stays straight), branch edges from a branch point to the branched log's first entry, refs as
 * boxes after the entry they point at (remote refs filled, tracking refs dashed), squash equivalences
 * as dashed edges labelled with the range they stand for. Entries carry their commit and a colour for
 * their mark (see `STATUS_STYLE`); SVG output keeps `class="node"` groups and our own classes
 * (`entry lost`, `ref remote`, …) so the HTML report can style and test them.
 */
import type { Forest, ForestNode, ForestRef } from '../graph/types.ts';
import { refLabels } from './ascii-forest.ts';

/** Fill and line style of an entry per mark. */
export const STATUS_STYLE: Readonly<Record<ForestNode['status'], { fill: string; color: string; style: string; penwidth: number }>> = {
  visible: { fill: '#ffffff', color: '#333333', style: 'rounded,filled', penwidth: 1 },
  acked: { fill: '#c6efce', color: '#1e7b34', style: 'rounded,filled', penwidth: 1.5 },
  lost: { fill: '#ffc7ce', color: '#c00000', style: 'rounded,filled,bold', penwidth: 2.5 },
  zombie: { fill: '#e4c1f9', color: '#6a1b9a', style: 'rounded,filled,bold', penwidth: 2 },
  failed: { fill: '#ffe699', color: '#b36b00', style: 'rounded,filled', penwidth: 1.5 },
  orphaned: { fill: '#eeeeee', color: '#777777', style: 'rounded,filled,dashed', penwidth: 1 },
  hole: { fill: '#ffffff', color: '#c00000', style: 'rounded,dotted', penwidth: 1.5 },
};

/** A DOT string literal. */
export function q(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function nodeLine(n: ForestNode): string {
  if (n.kind === 'start') {
    return `  ${q(n.id)} [label=${q(`${n.log}@0`)}, shape=circle, fontsize=9, width=0.45, fixedsize=true, style="filled", fillcolor="#f2f2f2", group=${q(n.log)}, class="start", tooltip=${q(`${n.log}@0: the empty start of log ${n.log}`)}];`;
  }
  const s = STATUS_STYLE[n.status];
  const style = n.reachable || s.style.includes('dashed') || s.style.includes('dotted') ? s.style : `${s.style},dashed`;
  const label = n.commit === null ? `${n.id}\n(hole)` : `${n.id}\n${n.commit}`;
  const tip = `${n.log}@${n.lsn}: commit ${n.commit ?? 'none'}, ${n.status}${n.reachable ? '' : ', this entry in no ref'}`;
  return `  ${q(n.id)} [label=${q(label)}, fillcolor=${q(s.fill)}, color=${q(s.color)}, style=${q(style)}, penwidth=${s.penwidth}, group=${q(n.log)}, class=${q(`entry ${n.status}`)}, tooltip=${q(tip)}];`;
}

function refLines(node: string, refs: readonly ForestRef[]): string[] {
  const out: string[] = [];
  const remote = refs.filter((r) => r.kind === 'remote');
  const other = refs.filter((r) => r.kind !== 'remote');
  const box = (kind: string, rs: readonly ForestRef[], attrs: string) => {
    if (rs.length === 0) return;
    const id = `ref:${kind}:${node}`;
    out.push(`  ${q(id)} [label=${q(refLabels(rs).join('\n'))}, shape=box, ${attrs}, class=${q(`ref ${kind}`)}];`);
    out.push(`  ${q(node)} -> ${q(id)} [dir=back, arrowtail=normal, style=dashed, color="#666666", minlen=1];`);
  };
  box('remote', remote, 'style=filled, fillcolor="#ffd966", color="#8a6d00"');
  box('tracking', other, 'style=dashed, color="#1f4e79", fontcolor="#1f4e79"');
  return out;
}

/** Renders a forest as a DOT digraph named `name`. Pure; deterministic for given data. */
export function forestDot(f: Forest, name = 'forest'): string {
  const lines: string[] = [
    `digraph ${q(name)} {`,
    '  rankdir=LR; nodesep=0.25; ranksep=0.3; bgcolor="white";',
    '  node [shape=box, style="rounded,filled", fillcolor="white", fontname="Helvetica", fontsize=11, height=0.4];',
    '  edge [arrowhead=none, color="#555555", penwidth=1.5];',
  ];
  for (const n of f.nodes) lines.push(nodeLine(n));
  for (const e of f.edges) {
    lines.push(e.kind === 'branch'
      ? `  ${q(e.from)} -> ${q(e.to)} [class="branch", color="#555555"];`
      : `  ${q(e.from)} -> ${q(e.to)} [class="next", weight=10];`);
  }
  const nodes = [...new Set(f.refs.map((r) => r.node))];
  for (const n of nodes) lines.push(...refLines(n, f.refs.filter((r) => r.node === n)));
  for (const s of f.squash ?? []) {
    if (s.from.length === 0) continue;
    const range = s.from.length === 1 ? s.from[0] : `${s.from[0]}..=${s.from[s.from.length - 1]}`;
    lines.push(`  ${q(s.from[s.from.length - 1])} -> ${q(s.to)} [style=dashed, arrowhead=normal, constraint=false, color="#7030a0", label=${q(`squash ${range}`)}, fontsize=9, class="squash"];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
