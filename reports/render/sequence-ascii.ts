/**
 * A sequence diagram as a text table: one column per actor lane and one for the remote, one line
 * per step (`op → result` in the actor's column, what changed in the remote's), the violating step
 * marked `✗` with the property, and the violation's message below.
 *
 *      # | 1                    | 2                    | remote
 *     ---+----------------------+----------------------+-----------
 *      1 | Pull<main> → Ok(a@0) |                      |
 *      3 | Append<a@1> → Ok     |                      | a1 = 1.1
 */
import type { SequenceDiagram, SequenceStep } from '../graph/sequence.ts';

function cell(s: SequenceStep): string {
  const res = s.result === '' ? s.op : `${s.op} → ${s.result}`;
  return s.written !== undefined ? `${res} (written: ${s.written})` : res;
}

function ghosts(s: SequenceStep): string[] {
  return [...s.acked.map((c) => `ack ${c}`), ...s.failed.map((c) => `fail ${c}`)];
}

/** Renders the diagram (no trailing newline). Pure. */
export function renderSequenceAscii(d: SequenceDiagram): string {
  const actors = d.lanes.filter((l) => l !== 'remote');
  const len = (t: string) => [...t].length;
  const pad = (t: string, w: number) => t + ' '.repeat(Math.max(0, w - len(t)));
  const widths = actors.map((a) => Math.max(len(a), ...d.steps.filter((s) => s.actor === a).map((s) => len(cell(s)))));
  const numW = Math.max(1, String(d.steps.length).length) + 2;
  const lines: string[] = [];
  const line = (num: string, cells: string[], remote: string) =>
    [pad(num, numW), ...cells.map((c, i) => pad(c, widths[i])), remote].join(' | ').trimEnd();
  lines.push(line(' '.repeat(numW - 1) + '#', actors, 'remote'));
  lines.push(['-'.repeat(numW), ...widths.map((w) => '-'.repeat(w)), '-'.repeat(6)].join('-+-'));
  for (const s of d.steps) {
    const mark = s.violating ? '✗' : ' ';
    const num = `${mark}${String(s.index).padStart(numW - 1)}`;
    const cells = actors.map((a) => (a === s.actor ? cell(s) : ''));
    const remote = [...s.remote, ...ghosts(s)].join('; ');
    const tail = s.violating && d.violation !== undefined ? `${remote === '' ? '' : remote + '   '}✗ ${d.violation.property}` : remote;
    lines.push(line(num, cells, tail));
  }
  if (d.violation !== undefined) lines.push('', `✗ ${d.violation.property} at step ${d.violation.step}: ${d.violation.message}`);
  return lines.join('\n');
}
