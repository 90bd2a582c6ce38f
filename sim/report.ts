/**
 * The sequence diagram of a simulated run, data first (STYLE.md §4): `diagram()` turns a trace into
 * lanes, local events and arrows (plain JSON, tested), and `diagramHtml()` draws that as one
 * self-contained HTML page with an inline SVG. Faults are red: a dropped message ends in a cross
 * halfway, a faulty delivery is a red arrow, a crash is a red bar across its lane.
 */
import type { TraceEntry } from './trace.ts';

/** One row of the diagram. */
export type DiagramItem =
  | { y: number; type: 'arrow'; from: string; to: string; label: string; sentY: number; fault?: string; dropped: boolean }
  | { y: number; type: 'event'; lane: string; label: string; fault?: string };

export interface Diagram {
  title: string;
  lanes: string[];
  items: DiagramItem[];
  /** The y of the row where the property failed, if any. */
  failedAt?: number;
}

/** Builds the diagram of a trace. Sends do not get a row of their own: an arrow starts at its send's y. */
export function diagram(title: string, lanes: readonly string[], trace: readonly TraceEntry[], failedStep?: number): Diagram {
  const items: DiagramItem[] = [];
  const sentY = new Map<number, number>();
  let y = 0;
  let failedAt: number | undefined;
  for (const e of trace) {
    if (e.kind === 'send') {
      if (e.msg !== undefined) sentY.set(e.msg, y);
      continue;
    }
    if (e.kind === 'deliver' || (e.kind === 'drop' && e.msg !== undefined)) {
      const from = e.peer ?? '?';
      items.push({ y, type: 'arrow', from, to: e.actor, label: e.text, sentY: sentY.get(e.msg ?? -1) ?? y, fault: e.fault, dropped: e.kind === 'drop' });
    } else if (e.kind === 'crash' && e.row?.kind === 'note') {
      continue;
    } else {
      const label = e.kind === 'invoke' ? `${e.text} …` : e.kind === 'complete' ? `→ ${e.row?.kind === 'complete' ? printResultShort(e.row.result) : e.text}` : e.kind === 'crash' ? `crash (${e.fault}: ${e.text})` : `${e.text} @${e.time}`;
      const lane = lanes.includes(e.actor) ? e.actor : 'net';
      items.push({ y, type: 'event', lane, label, fault: e.kind === 'crash' || e.kind === 'fault' ? e.fault : undefined });
    }
    if (failedStep !== undefined && e.step <= failedStep) failedAt = y;
    y++;
  }
  return { title, lanes: [...lanes], items, failedAt };
}

function printResultShort(r: { kind: string; value?: string; message?: string }): string {
  return r.kind === 'unknown' ? '?' : r.kind === 'ok' ? (r.value === undefined ? 'Ok' : `Ok(${r.value})`) : `Err${r.message === undefined ? '' : ': ' + r.message}`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Draws a diagram as a self-contained HTML page (no scripts, no network). */
export function diagramHtml(d: Diagram, caption: string[]): string {
  const laneW = 220;
  const rowH = 22;
  const top = 50;
  const x = (lane: string) => 110 + Math.max(0, d.lanes.indexOf(lane)) * laneW;
  const width = 110 + d.lanes.length * laneW;
  const height = top + (d.items.length + 1) * rowH;
  const rowY = (y: number) => top + y * rowH + rowH / 2;
  const svg: string[] = [];
  for (const lane of d.lanes) {
    svg.push(`<text x="${x(lane)}" y="30" text-anchor="middle" font-weight="bold">${esc(lane)}</text>`);
    svg.push(`<line x1="${x(lane)}" y1="38" x2="${x(lane)}" y2="${height}" stroke="#bbb"/>`);
  }
  if (d.failedAt !== undefined) svg.push(`<rect x="0" y="${rowY(d.failedAt) - rowH / 2}" width="${width}" height="${rowH}" fill="#fde2e2"/>`);
  for (const it of d.items) {
    const yy = rowY(it.y);
    svg.push(`<text x="8" y="${yy + 4}" fill="#888" font-size="10">${it.y + 1}</text>`);
    const color = it.fault !== undefined ? '#c62828' : '#1f4e79';
    if (it.type === 'arrow') {
      const x1 = x(it.from);
      const x2full = x(it.to);
      const y1 = rowY(it.sentY);
      const x2 = it.dropped ? (x1 + x2full) / 2 : x2full;
      const y2 = it.dropped ? (y1 + yy) / 2 : yy;
      svg.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${color}" stroke-width="1.5"${it.dropped ? '' : ' marker-end="url(#arrow)"'}/>`);
      if (it.dropped) svg.push(`<text x="${x2}" y="${y2 + 5}" text-anchor="middle" fill="#c62828" font-weight="bold">✕</text>`);
      const tag = it.fault !== undefined ? ` [${it.fault}]` : '';
      svg.push(`<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 4}" text-anchor="middle" font-size="10" fill="${color}">${esc(it.label + tag)}</text>`);
    } else {
      const xx = x(it.lane);
      if (it.fault !== undefined && it.label.startsWith('crash')) svg.push(`<rect x="${xx - 40}" y="${yy - 3}" width="80" height="6" fill="#c62828"/>`);
      else svg.push(`<circle cx="${xx}" cy="${yy}" r="3" fill="${color}"/>`);
      svg.push(`<text x="${xx + 8}" y="${yy + 4}" font-size="11" fill="${color}">${esc(it.label)}</text>`);
    }
  }
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><title>' + esc(d.title) + '</title>',
    '<style>body{font-family:system-ui,sans-serif;margin:16px}pre{background:#f6f6f6;padding:8px}svg{font-family:ui-monospace,monospace}</style></head><body>',
    `<h1>${esc(d.title)}</h1>`,
    `<pre>${esc(caption.join('\n'))}</pre>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="context-stroke"/></marker></defs>',
    ...svg,
    '</svg></body></html>',
    '',
  ].join('\n');
}
