/**
 * The run as a Lamport diagram: one vertical lane per client, node and service, time (logical steps)
 * downwards, one arrow per message from the step it was sent to the step it was delivered (dashed
 * red and ending in a cross when dropped), faults as red bands across the lanes they hit. Built as
 * plain data ({@link lamportData}, tested), then drawn as a self-contained SVG/HTML in a thin step.
 */
import type { TraceEvent } from '../network/run.ts';
import type { HistoryEvent } from '../history/history.ts';
import { describeEvent } from '../history/history.ts';

/** One arrow of the diagram. */
export interface Arrow {
  readonly from: string;
  readonly to: string;
  readonly sent: number;
  readonly t: number;
  readonly label: string;
  readonly dropped: boolean;
}

/** The diagram as data. */
export interface Lamport {
  readonly lanes: readonly string[];
  readonly arrows: readonly Arrow[];
  readonly faults: readonly { readonly t: number; readonly lane?: string; readonly label: string }[];
  readonly steps: number;
}

const laneOrder = (id: string): [number, number, string] => {
  const m = /^([cn])(\d+)$/.exec(id);
  if (m) return [m[1] === 'c' ? 0 : 1, Number(m[2]), id];
  return [2, 0, id];
};

/** Lanes, arrows and faults of a trace. Pure. */
export function lamportData(trace: readonly TraceEvent[]): Lamport {
  const lanes = new Set<string>();
  const arrows: Arrow[] = [];
  const faults: { t: number; lane?: string; label: string }[] = [];
  let steps = 0;
  for (const e of trace) {
    steps = Math.max(steps, e.t);
    if (e.kind === 'fault') {
      faults.push({ t: e.t, ...(e.dest !== undefined ? { lane: e.dest } : {}), label: e.note ?? 'fault' });
      continue;
    }
    if ((e.kind !== 'deliver' && e.kind !== 'drop') || e.src === undefined || e.dest === undefined) continue;
    if (e.src === 'c0') continue;
    lanes.add(e.src).add(e.dest);
    const id = e.msgId !== undefined ? ` #${e.msgId}` : '';
    const irt = e.inReplyTo !== undefined ? ` ↩${e.inReplyTo}` : '';
    arrows.push({ from: e.src, to: e.dest, sent: e.sent ?? e.t, t: e.t, label: `${e.type ?? '?'}${id}${irt}`, dropped: e.kind === 'drop' });
  }
  for (const f of faults) if (f.lane !== undefined) lanes.add(f.lane);
  const sorted = [...lanes].sort((a, b) => {
    const x = laneOrder(a);
    const y = laneOrder(b);
    return x[0] - y[0] || x[1] - y[1] || x[2].localeCompare(y[2]);
  });
  return { lanes: sorted, arrows, faults, steps };
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The diagram as an SVG document. */
export function lamportSvg(d: Lamport): string {
  const dx = 140;
  const dy = 14;
  const top = 40;
  const x = (lane: string): number => 70 + dx * d.lanes.indexOf(lane);
  const y = (t: number): number => top + dy * t;
  const w = 140 + dx * Math.max(1, d.lanes.length - 1);
  const h = y(d.steps + 2);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="monospace" font-size="9">`,
    '<defs><marker id="a" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L10,5L0,10z"/></marker></defs>',
  ];
  for (const f of d.faults) {
    const x0 = f.lane !== undefined ? x(f.lane) - dx / 2 : 0;
    const width = f.lane !== undefined ? dx : w;
    out.push(`<rect x="${x0}" y="${y(f.t) - 3}" width="${width}" height="6" fill="#d33" opacity="0.35"><title>${esc(f.label)}</title></rect>`);
    out.push(`<text x="${x0 + 2}" y="${y(f.t) - 4}" fill="#b00">${esc(f.label)}</text>`);
  }
  for (const l of d.lanes) {
    out.push(`<line x1="${x(l)}" y1="${top - 10}" x2="${x(l)}" y2="${h}" stroke="#999"/>`);
    out.push(`<text x="${x(l)}" y="${top - 16}" text-anchor="middle" font-size="12" font-weight="bold">${esc(l)}</text>`);
  }
  for (const a of d.arrows) {
    const color = a.dropped ? '#d33' : a.from.startsWith('c') || a.to.startsWith('c') ? '#269' : '#333';
    const dash = a.dropped ? ' stroke-dasharray="4 3"' : '';
    const end = a.dropped ? '' : ' marker-end="url(#a)"';
    out.push(`<line x1="${x(a.from)}" y1="${y(a.sent)}" x2="${x(a.to)}" y2="${y(a.t)}" stroke="${color}"${dash}${end}><title>${esc(`${a.from} → ${a.to}: ${a.label} (sent @${a.sent}, ${a.dropped ? 'dropped' : 'delivered'} @${a.t})`)}</title></line>`);
    out.push(`<text x="${(x(a.from) + x(a.to)) / 2}" y="${(y(a.sent) + y(a.t)) / 2 - 2}" text-anchor="middle" fill="${color}">${esc(a.label)}</text>`);
  }
  out.push('</svg>');
  return out.join('\n');
}

/** A self-contained HTML report: verdict, replay command, fault schedule, history and the diagram. */
export function reportHtml(title: string, lines: readonly string[], history: readonly HistoryEvent[], d: Lamport): string {
  return [
    '<!doctype html><meta charset="utf-8">',
    `<title>${esc(title)}</title>`,
    '<style>body{font-family:sans-serif;margin:1em}pre{background:#f6f6f6;padding:.5em;overflow:auto}</style>',
    `<h1>${esc(title)}</h1>`,
    `<pre>${esc(lines.join('\n'))}</pre>`,
    '<h2>History</h2>',
    `<pre>${esc(history.map(describeEvent).join('\n'))}</pre>`,
    '<h2>Messages (Lamport diagram; faults in red)</h2>',
    lamportSvg(d),
  ].join('\n');
}
