/**
 * The local/staged/origin picture as Graphviz DOT, laid out left to right like the seed's drawings:
 * the remote log `a` with `main` in one cluster, and per client a cluster with its three logs as
 * rows (origin/main, staged, local; each log a `group`, so its chain stays straight), staged and
 * local hanging from the fork entry (`forkOf`, as the ASCII picture), and the equivalence edges
 * (`c1..=c3 → b1`, `b1 → a3`) as dashed arrows from the range's last entry to the commit holding the
 * same change. Node ids are `remote:a1` and `<client>:<id>`; SVG output keeps our classes
 * (`entry origin`, `entry staged`, `entry local`, `equivalence`, `ref`) for styling and tests.
 * Render with `dotToSvg` (`reports/render/svg.ts`).
 */
import type { ClientPicture, LocalPicture } from '../../model/grove-local/picture.ts';
import { q } from '../render/dot.ts';
import { forkOf } from './ascii.ts';

const FILL: Readonly<Record<string, string>> = { 'origin/main': '#fff2cc', staged: '#ddebf7', local: '#ffffff' };

const pagesText = (p: Readonly<Record<string, string>>): string =>
  Object.keys(p)
    .sort()
    .map((k) => `${k}=${p[k]}`)
    .join(' ');

function clientLines(c: ClientPicture): string[] {
  const id = (x: string) => q(`${c.id}:${x}`);
  const out: string[] = [`  subgraph ${q(`cluster_client_${c.id}`)} {`, `    label=${q(`client ${c.id}`)}; style="rounded"; color="#999999"; fontname="Helvetica";`];
  // Graphviz stacks what comes first lowest under rankdir=LR: declare local, staged, origin/main so
  // that origin/main is drawn on top, as the seed draws it.
  for (const log of [...c.logs].reverse()) {
    const kind = log.ref === 'origin/main' ? 'origin' : log.ref;
    for (const e of log.entries) {
      out.push(`    ${id(e.id)} [label=${q(`${e.id}\n${pagesText(e.pages)}`)}, fillcolor=${q(FILL[log.ref])}, group=${q(`${c.id}:${log.log}`)}, class=${q(`entry ${kind}`)}, tooltip=${q(`${log.ref} ${e.id}: ${pagesText(e.pages) || 'no pages'}`)}];`);
    }
    log.entries.forEach((e, k) => {
      if (k > 0) out.push(`    ${id(log.entries[k - 1].id)} -> ${id(e.id)} [weight=10, class="next"];`);
    });
    const tip = log.entries[log.entries.length - 1];
    const refId = q(`${c.id}:ref:${log.ref}`);
    out.push(`    ${refId} [label=${q(log.ref)}, shape=box, style=dashed, color="#1f4e79", fontcolor="#1f4e79", class="ref"];`);
    out.push(tip === undefined ? `    ${refId};` : `    ${id(tip.id)} -> ${refId} [dir=back, arrowtail=normal, style=dashed, color="#666666"];`);
  }
  const origin = c.logs[0].entries;
  const fork = forkOf(c);
  const from = fork < 0 ? null : origin[fork]?.id;
  if (fork < 0 && (c.logs[1].entries.length > 0 || c.logs[2].entries.length > 0)) {
    out.push(`    ${id('a0')} [label="a@0", shape=circle, fontsize=9, width=0.45, fixedsize=true, style=filled, fillcolor="#f2f2f2", class="start", tooltip="a@0: the empty start"];`);
    if (origin.length > 0) out.push(`    ${id('a0')} -> ${id(origin[0].id)} [weight=10];`);
  }
  const forkId = from ?? 'a0';
  for (const log of c.logs.slice(1)) if (log.entries.length > 0) out.push(`    ${id(forkId)} -> ${id(log.entries[0].id)} [class="fork"];`);
  for (const e of c.equivalences) {
    const last = e.from[e.from.length - 1];
    const label = e.from.length === 1 ? e.from[0] : `${e.from[0]}..=${last}`;
    out.push(`    ${id(last)} -> ${id(e.to)} [style=dashed, arrowhead=normal, color="#7030a0", fontcolor="#7030a0", fontsize=9, label=${q(label)}, class="equivalence"];`);
  }
  out.push('  }');
  return out;
}

/** Renders the picture as a DOT digraph named `name`. Pure; deterministic for given data. */
export function localDot(p: LocalPicture, name = 'grove-local'): string {
  const lines: string[] = [
    `digraph ${q(name)} {`,
    '  rankdir=LR; nodesep=0.3; ranksep=0.3; bgcolor="white"; compound=true;',
    '  node [shape=box, style="rounded,filled", fillcolor="white", fontname="Helvetica", fontsize=11, height=0.4];',
    '  edge [arrowhead=none, color="#555555", penwidth=1.5];',
  ];
  // Clusters declared last are drawn on top: clients from the last to the first, then the remote.
  for (const c of [...p.clients].reverse()) lines.push(...clientLines(c));
  lines.push(
    `  subgraph "cluster_remote" {`,
    `    label=${q(`remote log ${p.remote.log}`)}; style="rounded"; color="#8a6d00"; fontname="Helvetica";`,
  );
  const r = (x: string) => q(`remote:${x}`);
  p.remote.entries.forEach((e, k) => {
    const past = k + 1 > p.remote.main;
    lines.push(`    ${r(e.id)} [label=${q(`${e.id}\n${pagesText(e.pages)}`)}, fillcolor="#fff2cc", group="remote", class=${q(past ? 'entry remote unconfirmed' : 'entry remote')}${past ? ', style="rounded,filled,dashed"' : ''}, tooltip=${q(`${e.id}${past ? ' (past main: not confirmed)' : ''}`)}];`);
    if (k > 0) lines.push(`    ${r(p.remote.entries[k - 1].id)} -> ${r(e.id)} [weight=10];`);
  });
  const mainAt = p.remote.main === 0 ? null : p.remote.entries[p.remote.main - 1]?.id;
  lines.push(`    "remote:ref:${p.remote.ref}" [label=${q(`${p.remote.ref} (${p.remote.log}@${p.remote.main})`)}, shape=box, style=filled, fillcolor="#ffd966", color="#8a6d00", class="ref remote"];`);
  if (mainAt != null) lines.push(`    ${r(mainAt)} -> "remote:ref:${p.remote.ref}" [dir=back, arrowtail=normal, style=dashed, color="#666666"];`);
  lines.push('  }', '}');
  return lines.join('\n') + '\n';
}
