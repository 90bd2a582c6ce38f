/**
 * A report page of any model with a picture, as data: the rows, every state's picture (data, DOT,
 * rendered SVG, ASCII) and a sequence diagram. The same page as Grove's (`reports/html/page.ts`),
 * with the model's picture where Grove draws its forest; `reports/html/template.ts` renders both.
 *
 * The sequence diagram is Grove's data type (`SequenceDiagram`), built here without Grove's remote:
 * one lane per actor, each step's op and result, and in the right-hand column what the step changed
 * in the picture (the picture's own `changes`).
 */
import type { SequenceDiagram, SequenceStep } from '../graph/sequence.ts';
import { renderSequenceAscii } from '../render/sequence-ascii.ts';
import { renderSequenceSvg } from '../render/sequence-svg.ts';
import { dotToSvg, inlineSvg } from '../render/svg.ts';
import type { ReportMeta } from '../html/page.ts';
import { printOp, printResult, printRow } from '../../scenarios/notation/print.ts';
import type { LegendItem, ModelPicture } from './types.ts';
import type { ModelTrace } from './trace.ts';
import { drawingOf } from '../pictures/drawing.ts';

/** One state of the run: after `step` steps (0 is the initial state). */
export interface ModelPageState {
  readonly step: number;
  /** `initial state`, or the row that led here. */
  readonly caption: string;
  /** The model's picture data. */
  readonly picture: unknown;
  readonly dot: string;
  /** Inline `<svg>` element. */
  readonly svg: string;
  readonly ascii: string;
}

/** A report page's data for a model with a picture. JSON-serialisable. */
export interface ModelReportPage {
  readonly meta: ReportMeta;
  readonly model: string;
  readonly variant: string;
  readonly config: Readonly<Record<string, string | number | boolean>>;
  /** The picture's heading and legend (the HTML template reads them). */
  readonly drawing: { readonly title: string; readonly legend: readonly LegendItem[] };
  readonly rows: readonly { readonly step: number; readonly text: string; readonly written?: string; readonly violating: boolean }[];
  readonly states: readonly ModelPageState[];
  readonly sequence: SequenceDiagram;
  readonly sequenceSvg: string;
  readonly sequenceAscii: string;
}

/** The state after `k` steps of a trace. */
export function stateOf<S>(t: ModelTrace<S>, k: number): S {
  return k === 0 ? t.initial : t.steps[k - 1].after;
}

/**
 * The sequence diagram of a trace: one lane per actor (then Grove's `remote` lane, which the
 * renderers draw as the system the actors act on), each step's change in the picture beside it.
 * `violation` is the reported one; without it the first non-advisory violation is marked.
 */
export function modelSequenceOf<S>(t: ModelTrace<S>, picture: ModelPicture<S, unknown>, violation?: { atRow: number; property: string; message: string }): SequenceDiagram {
  const lanes: string[] = [];
  const first = t.steps.find((s) => s.violations.some((v) => !v.advisory));
  const firstV = first?.violations.find((v) => !v.advisory);
  const v = violation !== undefined
    ? { step: violation.atRow, property: violation.property, message: violation.message }
    : first !== undefined && firstV !== undefined
      ? { step: first.index, property: firstV.property, message: firstV.message }
      : undefined;
  const pics = [t.initial, ...t.steps.map((s) => s.after)].map((s) => picture.data(s, t.model));
  const steps = t.steps.map((s, k): SequenceStep => {
    const row = s.row;
    if (row.kind !== 'note' && !lanes.includes(row.actor)) lanes.push(row.actor);
    const op = row.kind === 'call' || row.kind === 'invoke' ? printOp(row.op) : row.kind === 'fault' ? row.fault : row.kind === 'complete' ? '...' : row.text;
    const result = row.kind === 'call' || row.kind === 'complete' ? printResult(row.result) : '';
    const ok = row.kind === 'call' || row.kind === 'complete' ? (row.result.kind === 'unknown' ? null : row.result.kind === 'ok') : null;
    const w = s.written;
    const written = w === undefined ? undefined : w.kind === 'call' || w.kind === 'complete' ? printResult(w.result) : printRow(w);
    return {
      index: s.index,
      actor: row.kind === 'note' ? '' : row.actor,
      op,
      result,
      ok,
      ...(written !== undefined ? { written } : {}),
      remote: picture.changes(pics[k], pics[k + 1]),
      acked: [],
      failed: [],
      violations: s.violations,
      violating: v !== undefined && v.step === s.index,
    };
  });
  return { lanes: [...lanes, 'remote'], steps, ...(v !== undefined ? { violation: v } : {}) };
}

/** Builds the page data of a trace, rendering every state's picture to SVG (sequentially, each awaited). A model without a `drawing` is drawn by the default picture. */
export async function modelReportPage<S>(t: ModelTrace<S>, meta: ReportMeta): Promise<ModelReportPage> {
  const picture = drawingOf(t.model) as ModelPicture<S, unknown>;
  const sequence = modelSequenceOf(t, picture, meta.violation);
  const states: ModelPageState[] = [];
  for (let k = 0; k <= t.steps.length; k++) {
    const data = picture.data(stateOf(t, k), t.model);
    const dot = picture.dot(data, `state ${k}`);
    const svg = inlineSvg(await dotToSvg(dot));
    const caption = k === 0 ? 'initial state' : `after step ${k}: ${printRow(t.steps[k - 1].row)}`;
    states.push({ step: k, caption, picture: data, dot, svg, ascii: picture.ascii(data) });
  }
  const atRow = sequence.violation?.step;
  return {
    meta,
    model: t.model.name,
    variant: t.model.variant ?? '-',
    config: t.model.config,
    drawing: { title: picture.title, legend: picture.legend },
    rows: t.steps.map((s) => ({
      step: s.index,
      text: printRow(s.row),
      ...(s.written !== undefined ? { written: s.written.kind === 'call' ? printResult(s.written.result) : printRow(s.written) } : {}),
      violating: s.index === atRow,
    })),
    states,
    sequence,
    sequenceSvg: renderSequenceSvg(sequence),
    sequenceAscii: renderSequenceAscii(sequence),
  };
}
