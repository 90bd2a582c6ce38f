/**
 * A report page as one self-contained HTML document: inline CSS, script and SVG, no external
 * resources, so it opens offline from `file://`. Pure: the same page data gives the same bytes.
 */
import { STATUS_STYLE } from '../render/dot.ts';
import { esc } from '../render/sequence-svg.ts';
import { CLIENT_CSS, CLIENT_JS } from './client.ts';
import type { ReportPage } from './page.ts';

/**
 * What the template reads of a page: a Grove `ReportPage`, or another model's page (`reports/models/`)
 * whose states carry that model's picture and which names it (`drawing`: heading and legend).
 */
export type RenderablePage = Pick<ReportPage, 'meta' | 'model' | 'variant' | 'config' | 'rows' | 'sequenceSvg' | 'sequenceAscii'> & {
  readonly states: readonly { readonly step: number; readonly svg: string; readonly ascii: string }[];
  readonly drawing?: { readonly title: string; readonly legend: readonly { readonly label: string; readonly fill: string; readonly color: string }[] };
};

const STATUS_TEXT: Readonly<Record<string, string>> = {
  visible: 'in a ref',
  acked: 'acknowledged',
  lost: 'lost: acknowledged, in no ref now',
  zombie: 'zombie: reported failed, yet in a ref',
  failed: 'reported failed',
  orphaned: 'orphaned: in no ref, never acknowledged',
  hole: 'hole',
};

function legend(): string {
  const items = Object.entries(STATUS_STYLE).map(
    ([k, s]) => `<span style="--f:${s.fill};--c:${s.color}">${esc(STATUS_TEXT[k] ?? k)}</span>`,
  );
  items.push('<span style="--f:#ffd966;--c:#8a6d00">remote ref</span>', '<span style="--f:#fff;--c:#1f4e79">tracking ref (actor:origin/ref)</span>');
  return `<div class="legend">${items.join('')}</div>`;
}

function metaList(p: RenderablePage): string {
  const m = p.meta;
  const rows: [string, string][] = [
    ['model', esc(p.model)],
    ['variant', esc(p.variant)],
    ['configuration', esc(Object.entries(p.config).map(([k, v]) => `${k}=${v}`).join(', '))],
  ];
  if (m.violation !== undefined) rows.push(['property', `<strong>${esc(m.violation.property)}</strong>${m.violation.title ? ' ' + esc(m.violation.title) : ''}`]);
  if (m.violation !== undefined) rows.push(['fails at', `step ${m.violation.atRow} of ${p.rows.length}`]);
  if (m.strategy !== undefined) rows.push(['strategy', esc(m.strategy)]);
  if (m.seed !== undefined) rows.push(['seed', esc(String(m.seed))]);
  if (m.stats !== undefined) rows.push(['search', esc(Object.entries(m.stats).map(([k, v]) => `${k}: ${v}`).join(', '))]);
  if (m.source !== undefined) rows.push(['source', `<code>${esc(m.source)}</code>`]);
  return `<dl class="meta">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function rowsTable(p: RenderablePage): string {
  const body = p.rows.map((r) => {
    const cls = r.violating ? ' class="violating"' : '';
    const written = r.written !== undefined ? ` <span class="written">(written: ${esc(r.written)})</span>` : '';
    const mark = r.violating && p.meta.violation !== undefined ? ` ✗ ${esc(p.meta.violation.property)}` : '';
    return `<tr data-step="${r.step}"${cls}><td>${r.step}</td><td class="mono row-text">${esc(r.text)}</td><td>${written}${mark}</td></tr>`;
  });
  return `<table class="rows"><thead><tr><th>#</th><th>Actor Op Result</th><th></th></tr></thead><tbody>${body.join('')}</tbody></table>`;
}

function templates(p: RenderablePage): string {
  return p.states
    .map((s) => `<template id="state-${s.step}"><div class="svg">${s.svg}</div><pre class="ascii">${esc(s.ascii)}</pre></template>`)
    .join('\n');
}

/** Renders the page. */
export function renderReportHtml(p: RenderablePage): string {
  const v = p.meta.violation;
  const heading = v !== undefined
    ? `<span class="bad">${esc(v.property)} violated</span>: ${esc(p.model)} / ${esc(p.variant)}`
    : `${esc(p.model)} / ${esc(p.variant)}: ${esc(p.meta.title)}`;
  const why = v !== undefined ? `<div class="why"><strong>Why:</strong> ${esc(v.message)}</div>` : '';
  const replay = p.meta.replayCommand !== undefined
    ? `<h2>Replay</h2><pre id="replay">${esc(p.meta.replayCommand)}</pre><button id="copy" type="button">copy</button>`
    : '';
  const n = p.states.length - 1;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(p.meta.title)}</title>
<style>${CLIENT_CSS}</style>
</head>
<body data-steps="${n}">
<h1>${heading}</h1>
${metaList(p)}
${why}
${replay}
<h2>Rows</h2>
${rowsTable(p)}
<h2>${esc(p.drawing?.title ?? 'Forest')}, step by step</h2>
<div class="stepper">
<button id="first" type="button" title="Home">« initial</button>
<button id="prev" type="button" title="left arrow">◀ previous step</button>
<span id="step-counter">step 0 / ${n}</span>
<button id="next" type="button" title="right arrow">next step ▶</button>
<button id="last" type="button" title="End">last »</button>
${v !== undefined ? `<button id="violation" type="button" data-goto="${v.atRow}">✗ go to the violation (step ${v.atRow})</button>` : ''}
<span id="step-row"></span>
</div>
${p.drawing !== undefined ? `<div class="legend">${p.drawing.legend.map((l) => `<span style="--f:${l.fill};--c:${l.color}">${esc(l.label)}</span>`).join('')}</div>` : legend()}
<div class="panels">
<div><div class="panel"><h3 id="before-caption">before</h3><div id="before"></div></div></div>
<div><div class="panel"><h3 id="after-caption">after</h3><div id="after"></div></div></div>
</div>
<h2>Sequence</h2>
<div class="sequence-wrap">${p.sequenceSvg}</div>
<details><summary>as text</summary><pre>${esc(p.sequenceAscii)}</pre></details>
${templates(p)}
<footer>grove-check report. Self-contained: no network needed. Keys: ← → Home End.</footer>
<script>${CLIENT_JS}</script>
</body>
</html>
`;
}
