/**
 * What the page shows of a session, as plain JSON-serialisable data (STYLE.md §4): the rows table,
 * each actor's enabled steps, every property's status, the first violation, and the picture of the
 * state at the cursor. Pure; the one asynchronous piece, laying the forest's DOT out as SVG with
 * Graphviz, is left to the caller (`server.ts`), which adds it to the view.
 *
 * Pictures: the model's own (`capabilities.picture`, drawn in `reports/pictures/`): a Grove state as
 * its log forest with the entries a violation's witness names marked, a grove-local state as each
 * client's three logs, memo, subhistory, obsmarkers and inferno as their own pictures (ASCII, DOT
 * for the SVG, sequence); a model without a picture shows its state as JSON.
 */
import type { PictureView } from '../model/core/capabilities.ts';
import { printOp, printRow } from '../scenarios/notation/print.ts';
import { pictureOf } from '../reports/pictures/default.ts';
import type { ExploreConfig } from './config.ts';
import { enabled, firstViolation, propertyStatus, stateAt, type Finding, type PropertyStatus, type Session } from './session.ts';

/** One row of the table: every step of the timeline, taken (`done`) or undone (redo-able). */
export interface RowView {
  /** 1-based step number. */
  readonly step: number;
  readonly actor: string;
  /** `1 Append<a@1> Ok`, as the model printed it. */
  readonly text: string;
  /** The row as written in a loaded scenario, when its result differs from the model's. */
  readonly written?: string;
  readonly fault?: string;
  /** Taken (at or before the cursor) rather than undone. */
  readonly done: boolean;
  readonly findings: readonly Finding[];
  /** A taken step on which a non-advisory property fails. */
  readonly violating: boolean;
}

/** An enabled step, as a button shows it. */
export interface ActionView {
  /** The index to POST to `/api/step`. */
  readonly index: number;
  readonly actor: string;
  /** `Append<a@1>`; `crash`, `restart` for those faults. */
  readonly op: string;
  /** `1 Append<a@1>`: actor and op, the button's label. */
  readonly label: string;
  readonly fault?: string;
}

/** The picture of the state at the cursor (`model/core/capabilities.ts`). */
export type { PictureView } from '../model/core/capabilities.ts';

/** The whole view. */
export interface SessionView {
  readonly config: ExploreConfig;
  readonly model: string;
  readonly variant?: string;
  /** The model's own configuration record (as `grove-check check` prints it). */
  readonly modelConfig: Readonly<Record<string, string | number | boolean>>;
  readonly source?: string;
  readonly notice?: string;
  readonly cursor: number;
  readonly length: number;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly rows: readonly RowView[];
  readonly actions: readonly ActionView[];
  readonly properties: readonly PropertyStatus[];
  /** The first non-advisory failure up to the cursor. */
  readonly violation?: { readonly property: string; readonly message: string; readonly step: number };
  readonly picture: PictureView;
}

/** The picture of the state at the cursor, drawn by the model's picture (`reports/pictures/`). */
function picture(s: Session): PictureView {
  const steps = s.timeline.slice(0, s.cursor).map((e, k) => ({
    index: k + 1,
    row: e.row,
    ...(e.written !== undefined ? { written: e.written } : {}),
    before: stateAt(s, k),
    after: e.next,
    effect: e.effect,
    violations: e.findings,
  }));
  const violated = propertyStatus(s).flatMap((p) => (p.status === 'violated' && p.message !== undefined ? [{ property: p.id, message: p.message }] : []));
  return pictureOf(s.model).view(s.model, s.initial, steps, violated);
}

/** The view of a session (see the module comment). Pure. */
export function viewOf(s: Session): SessionView {
  const rows: RowView[] = s.timeline.map((e, k) => {
    const done = k < s.cursor;
    return {
      step: k + 1,
      actor: e.row.kind === 'note' ? '' : e.row.actor,
      text: printRow(e.row),
      ...(e.written !== undefined ? { written: printRow(e.written) } : {}),
      ...(e.fault !== undefined ? { fault: e.fault } : {}),
      done,
      findings: e.findings,
      violating: done && e.findings.some((f) => !f.advisory),
    };
  });
  const actions: ActionView[] = enabled(s).map((a, index) => {
    const op = printOp(a.op);
    return { index, actor: a.actor, op, label: `${a.actor} ${op}`, ...(a.fault !== undefined ? { fault: a.fault } : {}) };
  });
  const violation = firstViolation(s);
  return {
    config: s.config,
    model: s.model.name,
    ...(s.model.variant !== undefined ? { variant: s.model.variant } : {}),
    modelConfig: s.model.config,
    ...(s.source !== undefined ? { source: s.source } : {}),
    ...(s.notice !== undefined ? { notice: s.notice } : {}),
    cursor: s.cursor,
    length: s.timeline.length,
    canUndo: s.cursor > 0,
    canRedo: s.cursor < s.timeline.length,
    rows,
    actions,
    properties: propertyStatus(s),
    ...(violation !== undefined ? { violation } : {}),
    picture: picture(s),
  };
}
