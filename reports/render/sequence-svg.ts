/**
 * A sequence diagram as a hand-written SVG (no layout engine needed): lanes as lifelines, each step
 * an arrow from its actor to the remote labelled with the op, a dashed arrow back with the result
 * (green Ok, red Err), the remote's changes to the right, the violating step on a red band. Each step
 * is a `<g class="seq-step" data-step="N">` so a page can highlight the current one.
 *
 * Text widths are estimated for a monospace font (7.2 px a character at 12 px).
 */
import type { SequenceDiagram, SequenceStep } from '../graph/sequence.ts';

const CH = 7.2;
const ROW = 46;
const TOP = 56;

/** Escapes text for SVG/HTML. */
export function esc(t: string): string {
  return t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function textW(t: string): number {
  return [...t].length * CH;
}

/** Renders the diagram as a standalone SVG document (no XML prolog; valid inline in HTML). Pure. */
export function renderSequenceSvg(d: SequenceDiagram): string {
  const actors = d.lanes.filter((l) => l !== 'remote');
  const longest = Math.max(120, ...d.steps.map((s) => Math.max(textW(s.op), textW(s.result)) + 24));
  const laneW = Math.min(260, longest);
  const x0 = 60;
  const laneX = new Map<string, number>();
  actors.forEach((a, i) => laneX.set(a, x0 + laneW / 2 + i * laneW));
  const remoteX = x0 + laneW / 2 + actors.length * laneW;
  laneX.set('remote', remoteX);
  const notes = (s: SequenceStep) => [...s.remote, ...s.acked.map((c) => `ack ${c}`), ...s.failed.map((c) => `fail ${c}`)];
  const notesW = Math.max(160, ...d.steps.map((s) => textW(notes(s).join('; ')) + 20));
  const message = d.violation !== undefined ? `✗ ${d.violation.property} at step ${d.violation.step}: ${d.violation.message}` : '';
  const width = Math.ceil(Math.max(remoteX + 24 + notesW, textW(message) + 24));
  const height = TOP + d.steps.length * ROW + (d.violation !== undefined ? 40 : 16);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="sequence" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="12">`);
  out.push('<defs><marker id="seq-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>');
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`);
  for (const [lane, x] of laneX) {
    const label = lane === 'remote' ? 'remote' : `actor ${lane}`;
    const w = textW(label) + 20;
    out.push(`<line x1="${x}" y1="${TOP - 12}" x2="${x}" y2="${height - 8}" stroke="#999" stroke-dasharray="4 4"/>`);
    out.push(`<rect x="${x - w / 2}" y="8" width="${w}" height="26" rx="4" fill="${lane === 'remote' ? '#ffd966' : '#ddebf7'}" stroke="#555"/>`);
    out.push(`<text x="${x}" y="25" text-anchor="middle" font-weight="bold">${esc(label)}</text>`);
  }
  d.steps.forEach((s, i) => {
    const y = TOP + i * ROW;
    const ax = laneX.get(s.actor) ?? x0;
    const dir = remoteX >= ax ? 1 : -1;
    const cls = `seq-step${s.violating ? ' violating' : ''}`;
    out.push(`<g class="${cls}" data-step="${s.index}">`);
    out.push(`<rect class="band" x="2" y="${y - 4}" width="${width - 4}" height="${ROW - 4}" rx="3" fill="${s.violating ? '#ffd7d7' : 'transparent'}"/>`);
    out.push(`<text x="8" y="${y + 16}" fill="#666">${s.index}</text>`);
    const mid = (ax + remoteX) / 2;
    out.push(`<line x1="${ax}" y1="${y + 12}" x2="${remoteX - dir * 3}" y2="${y + 12}" stroke="#333" marker-end="url(#seq-arrow)"/>`);
    out.push(`<text x="${mid}" y="${y + 8}" text-anchor="middle">${esc(s.op)}</text>`);
    if (s.result !== '') {
      const color = s.ok === true ? '#1e7b34' : s.ok === false ? '#c00000' : '#555';
      out.push(`<line x1="${remoteX}" y1="${y + 28}" x2="${ax + dir * 3}" y2="${y + 28}" stroke="${color}" stroke-dasharray="5 3" marker-end="url(#seq-arrow)"/>`);
      const written = s.written !== undefined ? ` (written: ${s.written})` : '';
      out.push(`<text x="${mid}" y="${y + 25}" text-anchor="middle" fill="${color}">${esc(s.result + written)}</text>`);
    }
    const n = notes(s);
    if (n.length > 0 || s.violating) {
      const tag = s.violating && d.violation !== undefined ? `  ✗ ${d.violation.property}` : '';
      out.push(`<text x="${remoteX + 12}" y="${y + 16}" fill="${s.violating ? '#c00000' : '#333'}">${esc(n.join('; ') + tag)}</text>`);
    }
    out.push('</g>');
  });
  if (d.violation !== undefined) {
    out.push(`<text x="8" y="${height - 14}" fill="#c00000">${esc(message)}</text>`);
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
