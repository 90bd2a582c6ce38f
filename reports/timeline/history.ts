/**
 * What a run that recorded a grove history (`grove-check stress`) writes besides its verdict: the
 * history as Jepsen EDN and its timeline page.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { groveJsonlToJepsenEdn } from '../../lin/formats/jepsen-edn.ts';
import { parseGroveHistory } from '../../lin/formats/grove.ts';
import { groveLinModel } from '../../lin/models/grove.ts';
import { variantByName } from '../../model/grove/variants/index.ts';
import { buildTimeline } from './data.ts';
import { writeTimeline } from './write.ts';

/** Writes the EDN (`edn`: a file) and the timeline (`report`: a directory) of a grove JSONL history; returns one line per file written. */
export function exportHistory(history: string, to: { edn?: string; report?: string }): string[] {
  const text = readFileSync(history, 'utf8');
  const out: string[] = [];
  if (to.edn !== undefined) {
    writeFileSync(to.edn, groveJsonlToJepsenEdn(text, history));
    out.push(`jepsen edn: ${to.edn}`);
  }
  if (to.report !== undefined) {
    const parsed = parseGroveHistory(text, history);
    const model = groveLinModel(parsed.store, parsed.variant === undefined ? undefined : variantByName(parsed.variant));
    const t = buildTimeline(model, parsed.operations, { title: `${basename(history)}: linearizability`, lineOf: (id) => parsed.lines[id]?.invoke });
    out.push(`timeline: ${writeTimeline(t, to.report, basename(history).replace(/\.[^.]*$/, ''))}`);
  }
  return out;
}
