/**
 * The default picture's data: a model without a picture of its own is drawn as a table of its state
 * (each top-level field of the state, as JSON), and its steps as a sequence diagram with the fields
 * that changed. `drawingOf(model)` is the `ModelPicture` the generic pipeline draws a model with.
 */
import type { Model } from '../../model/core/model.ts';
import type { ModelPicture } from '../../model/core/capabilities.ts';
import { dotAscii, newLines, recordLabel } from '../models/types.ts';
import { q } from '../render/dot.ts';

/** The default picture's data: one row per top-level field of the state. */
export interface StateTable {
  readonly rows: readonly { readonly key: string; readonly value: string }[];
}

/** Longest value shown in a cell before it is cut (the whole state stays in `report.json`). */
const MAX_CELL = 200;

/** The state-table picture of any state (JSON-serialisable states; anything else as its `String`). */
export const stateTablePicture: ModelPicture<unknown, StateTable> = {
  model: '',
  title: 'State',
  legend: [],
  data(s: unknown): StateTable {
    const entries = s !== null && typeof s === 'object' && !Array.isArray(s) ? Object.entries(s as Record<string, unknown>) : [['state', s] as const];
    return {
      rows: entries.map(([key, v]) => {
        const text = JSON.stringify(v) ?? String(v);
        return { key, value: text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text };
      }),
    };
  },
  ascii(p: StateTable): string {
    const w = Math.max(0, ...p.rows.map((r) => r.key.length));
    return p.rows.map((r) => `${r.key.padEnd(w)}  ${r.value}`).join('\n');
  },
  dot(p: StateTable, name = 'state'): string {
    const fields = p.rows.map((r) => `${r.key}: ${r.value}`);
    return dotAscii(`digraph ${q(name)} {\n  node [shape=record, fontname="Helvetica"];\n  state [label=${recordLabel(fields.length > 0 ? fields : ['(empty)'])}];\n}\n`);
  },
  changes(before: StateTable, after: StateTable): string[] {
    return newLines(stateTablePicture.ascii(before), stateTablePicture.ascii(after));
  },
};

/** The `ModelPicture` `model` is drawn with: its picture's `drawing`, else the state table. */
export function drawingOf<S>(model: Model<S>): ModelPicture<S, unknown> {
  return (model.capabilities?.picture?.drawing ?? stateTablePicture) as ModelPicture<S, unknown>;
}
