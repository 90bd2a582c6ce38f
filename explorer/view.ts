/**
 * What the page shows of a session, as plain JSON-serialisable data (STYLE.md §4): the rows table,
 * each actor's enabled steps, every property's status, the first violation, and the picture of the
 * state at the cursor. Pure; the one asynchronous piece, laying the forest's DOT out as SVG with
 * Graphviz, is left to the caller (`server.ts`), which adds it to the view.
 *
 * Pictures: a Grove state is drawn as its log forest (`forestOf`, with DOT for the SVG and the ASCII
 * forest as the fallback) and the steps taken as a sequence diagram; the entries holding a commit
 * that a violation's witness message names (`1.1` in "acknowledged commit 1.1 left the history of
 * main …") are listed as `witness` nodes for the page to highlight. A grove-local state is drawn as
 * each client's three logs with their equivalence edges (`reports/local/`). Other models have no
 * picture yet: their state is shown as JSON, except memo, subhistory, obsmarkers and inferno, drawn as
 * their own pictures (`reports/models/`, in the `forest` slot: ASCII, DOT for the SVG, sequence).
 */
import type { Model } from '../model/core/model.ts';
import type { GroveState } from '../model/grove/state.ts';
import { printOp, printRow } from '../scenarios/notation/print.ts';
import { forestDot, forestOf, renderForestAscii, renderSequenceSvg, sequenceOf, variantOf, type Trace } from '../reports/index.ts';
import { localVariantByName } from '../model/grove-local/model.ts';
import { pictureOf } from '../model/grove-local/picture.ts';
import type { LocalState } from '../model/grove-local/state.ts';
import { localDot, renderLocalAscii } from '../reports/local/index.ts';
import { modelSequenceOf, pictureFor } from '../reports/models/index.ts';
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

/** The picture of the state at the cursor. */
export type PictureView =
  | {
      readonly kind: 'forest';
      readonly ascii: string;
      readonly dot: string;
      /** Forest node ids (`a1`) to highlight: entries holding a commit a violation names. */
      readonly witness: readonly string[];
      /** The steps taken as a sequence diagram (SVG), when there are any. */
      readonly sequence?: string;
    }
  | { readonly kind: 'state'; readonly text: string };

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

const MAX_STATE_TEXT = 20_000;

/** Commit ids (`ACTOR.N`) a message names. */
function commitsNamed(message: string): Set<string> {
  return new Set(message.match(/\b\d+\.\d+\b/g) ?? []);
}

function picture(s: Session): PictureView {
  const here = stateAt(s);
  if (s.model.name === 'grove-local') {
    // The local/staged/origin picture (reports/local/): each client's three logs with equivalence edges.
    const p = pictureOf(here as LocalState, localVariantByName(s.model.variant ?? 'three-logs'));
    return { kind: 'forest', ascii: renderLocalAscii(p), dot: localDot(p, 'explorer'), witness: [] };
  }
  const own = s.model.name !== 'grove' ? pictureFor(s.model.name) : undefined;
  if (own !== undefined) {
    // The model's own picture (reports/models/): memo epochs, subhistory maps, obsmarkers graphs, the Inferno store.
    const data = own.data(here, s.model);
    const steps = s.timeline.slice(0, s.cursor).map((e, k) => ({ index: k + 1, row: e.row, ...(e.written !== undefined ? { written: e.written } : {}), before: stateAt(s, k), after: e.next, effect: e.effect, violations: e.findings }));
    const sequence = s.cursor > 0 ? renderSequenceSvg(modelSequenceOf({ model: s.model, initial: s.initial, steps }, own)) : undefined;
    return { kind: 'forest', ascii: own.ascii(data), dot: own.dot(data, 'explorer'), witness: [], ...(sequence !== undefined ? { sequence } : {}) };
  }
  if (s.model.name !== 'grove') {
    const text = JSON.stringify(here, null, 2) ?? String(here);
    return { kind: 'state', text: text.length > MAX_STATE_TEXT ? `${text.slice(0, MAX_STATE_TEXT)}\n… (${text.length - MAX_STATE_TEXT} more characters)` : text };
  }
  const model = s.model as Model<GroveState>;
  const variant = variantOf(model);
  const forest = forestOf(here as GroveState, variant);
  const named = new Set<string>();
  for (const p of propertyStatus(s)) if (p.status === 'violated' && p.message !== undefined) for (const c of commitsNamed(p.message)) named.add(c);
  const witness = forest.nodes.filter((n) => n.commit !== null && named.has(n.commit)).map((n) => n.id);
  let sequence: string | undefined;
  if (s.cursor > 0) {
    const trace: Trace = {
      model,
      variant,
      initial: s.initial as GroveState,
      steps: s.timeline.slice(0, s.cursor).map((e, k) => ({
        index: k + 1,
        row: e.row,
        ...(e.written !== undefined ? { written: e.written } : {}),
        before: stateAt(s, k) as GroveState,
        after: e.next as GroveState,
        effect: e.effect,
        violations: e.findings,
      })),
    };
    sequence = renderSequenceSvg(sequenceOf(trace));
  }
  return { kind: 'forest', ascii: renderForestAscii(forest), dot: forestDot(forest, 'explorer'), witness, ...(sequence !== undefined ? { sequence } : {}) };
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
