/**
 * The thin last step: a {@link Timeline} (data.ts) as one self-contained HTML page (no network:
 * inline style, inline script, the data as JSON in the page). Each partition is a tab holding an SVG
 * drawn here from the data: lanes, bars, the numbered linearization points joined in order, and for a
 * partition that is not linearizable a red line where the linearization fails, with the calls that
 * could not come next in red. Hovering or clicking a bar shows its arguments, result and the model's
 * state after it; the page script only switches tabs and fills that panel.
 */
import type { Timeline, TimelineCall, TimelinePartition } from './data.ts';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** Geometry of one partition's drawing. */
const LANE = 34;
const BAR = 20;
const GUTTER = 10;
/** Width of the lane labels, drawn apart so they stay in view while the bars scroll. */
const LABELS = 84;
const TOP = 28;

function unitFor(p: TimelinePartition): number {
  return Math.max(16, Math.min(60, Math.floor(1040 / Math.max(1, p.span))));
}

function callClass(c: TimelineCall, p: TimelinePartition): string {
  if (c.stuck) return 'call stuck';
  if (c.order !== undefined) return 'call lin';
  if (c.end === null) return 'call pending';
  return p.outcome === 'not-linearizable' ? 'call left' : 'call out';
}

/** The lane labels of one partition (`client N`), beside the scrolling drawing. Pure. */
export function laneLabelsSvg(p: TimelinePartition): string {
  const height = TOP + p.lanes.length * LANE + 22;
  const rows = p.lanes.map((client, lane) => `<rect class="lane" x="0" y="${TOP + lane * LANE}" width="${LABELS}" height="${LANE}"/><text class="lane-label" x="10" y="${TOP + lane * LANE + LANE / 2 + 4}">client ${client}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="timeline labels" width="${LABELS}" height="${height}">${rows.join('')}</svg>`;
}

/** The SVG of one partition. Pure. */
export function partitionSvg(p: TimelinePartition): string {
  const u = unitFor(p);
  const right = GUTTER + (p.span + 1) * u + 24;
  const height = TOP + p.lanes.length * LANE + 22;
  const x = (t: number) => GUTTER + (t + 0.5) * u;
  const y = (lane: number) => TOP + lane * LANE;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="${right}" height="${height}" viewBox="0 0 ${right} ${height}" data-partition="${p.index}">`);
  out.push('<defs><linearGradient id="fade" x1="0" x2="1"><stop offset="0" stop-color="#9aa5b1" stop-opacity="0.9"/><stop offset="1" stop-color="#9aa5b1" stop-opacity="0"/></linearGradient></defs>');
  p.lanes.forEach((_client, lane) => out.push(`<rect class="lane" x="0" y="${y(lane)}" width="${right}" height="${LANE}"/>`));
  for (let t = 0; t < p.span; t += Math.max(1, Math.ceil(40 / u))) out.push(`<text class="tick" x="${x(t)}" y="${height - 6}">${t}</text>`);
  for (const c of p.calls) {
    const x0 = x(c.start) - u * 0.35;
    const x1 = c.end === null ? right - 4 : x(c.end) + u * 0.35;
    const top = y(c.lane) + (LANE - BAR) / 2;
    const title = `${c.label}${c.order !== undefined ? ` (#${c.order})` : ''}`;
    out.push(
      `<rect class="${callClass(c, p)}" data-call="${c.id}" x="${x0.toFixed(1)}" y="${top}" width="${Math.max(4, x1 - x0).toFixed(1)}" height="${BAR}" rx="4"${c.end === null ? ' fill="url(#fade)"' : ''}><title>${esc(title)}</title></rect>`,
    );
    // The label starts after the order badge when the badge sits at the bar's left end.
    const from = c.point !== undefined && x(c.point) - x0 < 24 ? x(c.point) + 11 : x0 + 5;
    const room = x1 - from - 4;
    if (room > 30 && (c.point === undefined || from > x0 + 5 || x(c.point) - from > room)) {
      const chars = Math.floor(room / 6.7);
      const text = c.label.length > chars ? c.label.slice(0, Math.max(1, chars - 1)) + '…' : c.label;
      out.push(`<text class="bar-label" x="${from.toFixed(1)}" y="${top + 14}">${esc(text)}</text>`);
    }
  }
  const placed = p.calls.filter((c) => c.order !== undefined).sort((a, b) => a.order! - b.order!);
  if (placed.length > 1) {
    const pts = placed.map((c) => `${x(c.point!).toFixed(1)},${y(c.lane) + LANE / 2}`).join(' ');
    out.push(`<polyline class="order" points="${pts}"/>`);
  }
  for (const c of placed) {
    out.push(`<g class="point" data-call="${c.id}"><circle cx="${x(c.point!).toFixed(1)}" cy="${y(c.lane) + LANE / 2}" r="8"/><text x="${x(c.point!).toFixed(1)}" y="${y(c.lane) + LANE / 2 + 3.5}">${c.order}</text></g>`);
  }
  if (p.failure !== undefined) {
    const fx = x(p.failure.at) + u * 0.35;
    out.push(`<line class="fail" x1="${fx.toFixed(1)}" y1="${TOP - 6}" x2="${fx.toFixed(1)}" y2="${height - 18}"/>`);
    const leftOfLine = fx > right - 180;
    out.push(`<text class="fail-label" x="${(leftOfLine ? fx - 4 : fx + 4).toFixed(1)}" y="${TOP - 10}"${leftOfLine ? ' text-anchor="end"' : ''}>linearization fails here</text>`);
  }
  out.push('</svg>');
  return out.join('\n');
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; }
header { padding: 16px 24px 8px; background: #fff; border-bottom: 1px solid #e4e7eb; }
h1 { font-size: 18px; margin: 0 0 4px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; font-size: 12px; }
.badge.linearizable { background: #e3f9e5; color: #207227; } .badge.not-linearizable { background: #ffe3e3; color: #a61b1b; } .badge.unknown { background: #fff3c4; color: #8d6708; }
nav { display: flex; flex-wrap: wrap; gap: 4px; padding: 8px 24px; background: #fff; border-bottom: 1px solid #e4e7eb; }
nav button { font: inherit; border: 1px solid #cbd2d9; background: #fff; border-radius: 6px; padding: 3px 10px; cursor: pointer; }
nav button.bad { border-color: #e66a6a; color: #a61b1b; } nav button.active { background: #243b53; color: #fff; border-color: #243b53; }
main { display: grid; grid-template-columns: minmax(0, 1fr) 320px; gap: 16px; padding: 16px 24px; }
.panel { display: none; } .panel.active { display: block; }
.summary { margin: 0 0 8px; } .summary.bad { color: #a61b1b; }
.drawing { display: flex; background: #fff; border: 1px solid #e4e7eb; border-radius: 8px; padding: 8px 0; } .scroll { overflow-x: auto; flex: 1; } svg.labels { flex: none; border-right: 1px solid #e4e7eb; }
aside { background: #fff; border: 1px solid #e4e7eb; border-radius: 8px; padding: 12px 14px; align-self: start; position: sticky; top: 12px; }
aside h2 { font-size: 14px; margin: 0 0 8px; } aside dl { margin: 0; display: grid; grid-template-columns: 72px 1fr; gap: 4px 8px; }
aside dt { color: #616e7c; } aside dd { margin: 0; font-family: ui-monospace, monospace; font-size: 12px; word-break: break-all; }
.legend { display: flex; gap: 14px; font-size: 12px; color: #52606d; margin: 8px 0 0; } .legend i { display: inline-block; width: 14px; height: 10px; border-radius: 3px; margin-right: 4px; vertical-align: -1px; }
svg.timeline .lane { fill: #fff; } svg.timeline .lane:nth-of-type(odd) { fill: #f7f9fb; }
svg.timeline .lane-label { font-size: 12px; fill: #52606d; } svg.timeline .tick { font-size: 10px; fill: #9aa5b1; text-anchor: middle; }
svg.timeline .call { cursor: pointer; stroke-width: 1.5; } svg.timeline .call:hover, svg.timeline .call.selected { stroke: #102a43; stroke-width: 2.5; }
svg.timeline .lin { fill: #9fc5f8; stroke: #4a89dc; } svg.timeline .stuck { fill: #ffbdbd; stroke: #d64545; }
svg.timeline .left { fill: #e4e7eb; stroke: #9aa5b1; } svg.timeline .out { fill: #e4e7eb; stroke: #9aa5b1; } svg.timeline .pending { stroke: #9aa5b1; stroke-dasharray: 4 3; }
svg.timeline .bar-label { font-size: 11px; fill: #102a43; pointer-events: none; font-family: ui-monospace, monospace; }
svg.timeline .order { fill: none; stroke: #243b53; stroke-width: 1.5; stroke-dasharray: 3 3; opacity: 0.7; pointer-events: none; }
svg.timeline .point circle { fill: #243b53; } svg.timeline .point text { fill: #fff; font-size: 9px; font-weight: 700; text-anchor: middle; pointer-events: none; }
svg.timeline .fail { stroke: #d64545; stroke-width: 2.5; stroke-dasharray: 6 4; } svg.timeline .fail-label { fill: #d64545; font-size: 12px; font-weight: 700; }
`;

const SCRIPT = `
const data = JSON.parse(document.getElementById('timeline-data').textContent);
const tabs = document.querySelectorAll('nav button');
function show(i) {
  tabs.forEach((b) => b.classList.toggle('active', b.dataset.partition === String(i)));
  document.querySelectorAll('.panel').forEach((p) => p.classList.toggle('active', p.dataset.partition === String(i)));
  // Bring the point where the linearization fails into view.
  const panel = document.querySelector('.panel.active');
  const line = panel && panel.querySelector('line.fail');
  if (line) { const box = panel.querySelector('.scroll'); box.scrollLeft = Math.max(0, Number(line.getAttribute('x1')) - box.clientWidth / 2); }
}
show(document.querySelector('nav button.active').dataset.partition);
tabs.forEach((b) => b.addEventListener('click', () => show(b.dataset.partition)));
function detail(part, id, pin) {
  const c = data.partitions[part].calls.find((x) => x.id === id);
  if (!c) return;
  const rows = [['call', '#' + c.id + (c.line ? ' (line ' + c.line + ')' : '')], ['client', String(c.client)], ['op', c.label], ['input', c.input], ['output', c.output],
    ['interval', '[' + c.start + ', ' + (c.end === null ? '∞ (pending)' : c.end) + ']'],
    ['order', c.order === undefined ? (c.stuck ? 'could not come next' : 'not linearized') : '#' + c.order],
    c.stuck ? ['state there', data.partitions[part].failure.state] : ['state after', c.stateAfter === undefined ? '—' : c.stateAfter]];
  const dl = document.getElementById('detail');
  dl.replaceChildren(...rows.flatMap(([k, v]) => { const dt = document.createElement('dt'); dt.textContent = k; const dd = document.createElement('dd'); dd.textContent = v; return [dt, dd]; }));
  dl.dataset.call = String(c.id);
  if (pin) { document.querySelectorAll('.call.selected').forEach((e) => e.classList.remove('selected')); document.querySelectorAll('.panel.active [data-call="' + id + '"]').forEach((e) => e.classList.add('selected')); }
}
document.querySelectorAll('svg.timeline:not(.labels)').forEach((svg) => {
  const part = Number(svg.dataset.partition);
  svg.addEventListener('mouseover', (e) => { const t = e.target.closest('[data-call]'); if (t) detail(part, Number(t.dataset.call), false); });
  svg.addEventListener('click', (e) => { const t = e.target.closest('[data-call]'); if (t) detail(part, Number(t.dataset.call), true); });
});
`;

/** The page. Pure: the same timeline gives the same text. */
export function timelineHtml(t: Timeline): string {
  const first = t.partitions.find((p) => p.outcome !== 'linearizable') ?? t.partitions[0];
  const tabs = t.partitions
    .map((p) => `<button type="button" data-partition="${p.index}" class="${p.outcome === 'linearizable' ? '' : 'bad'}${p === first ? ' active' : ''}">${p.outcome === 'linearizable' ? '✓' : p.outcome === 'unknown' ? '?' : '✗'} ${esc(p.label)}</button>`)
    .join('');
  const panels = t.partitions
    .map((p) => {
      const summary =
        p.outcome === 'linearizable'
          ? `<p class="summary">Linearizable: ${p.order.length} calls in the order numbered on the bars (${p.calls.length - p.order.length} pending calls left out).</p>`
          : p.outcome === 'unknown'
            ? '<p class="summary">Unknown: the search ran out of time.</p>'
            : `<p class="summary bad">Not linearizable. ${esc(p.failure!.message)}. The red calls are the ones that could come next; the red line is where one of them had to.</p>`;
      return `<section class="panel${p === first ? ' active' : ''}" data-partition="${p.index}">${summary}<div class="drawing">${laneLabelsSvg(p)}<div class="scroll">${partitionSvg(p)}</div></div></section>`;
    })
    .join('\n');
  const data = JSON.stringify(t).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(t.title)}</title><style>${STYLE}</style></head>
<body>
<header><h1>${esc(t.title)}</h1><span class="badge ${t.outcome}">${t.outcome}</span> ${t.operations} calls, ${t.partitions.length} partition${t.partitions.length === 1 ? '' : 's'}
<div class="legend"><span><i style="background:#9fc5f8"></i>linearized (numbered in order)</span><span><i style="background:#ffbdbd"></i>could not come next</span><span><i style="background:#e4e7eb"></i>not reached</span><span><i style="background:linear-gradient(90deg,#9aa5b1,#fff)"></i>pending (no response)</span></div></header>
<nav>${tabs}</nav>
<main><div>${panels}</div><aside><h2>Call</h2><dl id="detail"><dt>hover</dt><dd>or click a bar</dd></dl></aside></main>
<script type="application/json" id="timeline-data">${data}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
