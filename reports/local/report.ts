/**
 * Reports of grove-local runs: the same self-contained HTML page as Grove's (`reports/html/`), with
 * each state drawn as the local/staged/origin picture (`pictureOf`, as the model's variant takes
 * snapshots: a planted snapshot bug is drawn as the client reads it) instead of a log forest. Files
 * written: `report.html`, `local.txt` (the last state's picture as ASCII, in the seed's style),
 * `local.dot` and `local.svg` (dashed equivalence edges), `sequence.svg`, `sequence.txt` and
 * `report.json` (all the page's data).
 */
import type { Violation } from '../../checker/outcome.ts';
import type { LocalModel } from '../../model/grove-local/model.ts';
import { pictureOf, type LocalPicture } from '../../model/grove-local/picture.ts';
import { printRow } from '../../scenarios/notation/print.ts';
import type { SequenceDiagram } from '../graph/sequence.ts';
import type { ReportMeta, ReportPage } from '../html/page.ts';
import { renderReportHtml } from '../html/template.ts';
import { renderSequenceAscii } from '../render/sequence-ascii.ts';
import { renderSequenceSvg } from '../render/sequence-svg.ts';
import { dotToSvg, inlineSvg } from '../render/svg.ts';
import { renderLocalAscii } from './ascii.ts';
import { localDot } from './dot.ts';
import { localSequenceOf } from './sequence.ts';
import { localStateAt, localTraceFromPath, type LocalTrace } from './trace.ts';
import { writeReportFiles } from '../html/files.ts';

/** The picture of state `k` of a trace, as its model's variant takes snapshots. */
export function tracePicture(t: LocalTrace, k: number): LocalPicture {
  return pictureOf(localStateAt(t, k), t.model.ctx.variant);
}

/** The heading and legend of the pictures (the HTML template's `drawing`). */
export const LOCAL_DRAWING = {
  title: 'Local, staged and origin/main',
  legend: [
    { label: 'origin/main (remote-tracking)', fill: '#fff2cc', color: '#8a6d00' },
    { label: 'staged (squashed ranges)', fill: '#ddebf7', color: '#1f4e79' },
    { label: 'local (every write)', fill: '#ffffff', color: '#333333' },
    { label: '⇢ equivalence: same change', fill: '#ffffff', color: '#7030a0' },
  ],
} as const;

/** One state of a grove-local report: its picture data and the three renderings. */
export interface LocalPageState {
  readonly step: number;
  readonly caption: string;
  readonly local: LocalPicture;
  readonly dot: string;
  /** Inline `<svg>` element. */
  readonly svg: string;
  readonly ascii: string;
}

/** A grove-local report page's data: a Grove page's fields with local pictures as states. JSON-serialisable. */
export interface LocalReportPage extends Pick<ReportPage, 'meta' | 'model' | 'variant' | 'config' | 'rows' | 'sequenceSvg' | 'sequenceAscii'> {
  readonly states: readonly LocalPageState[];
  readonly sequence: SequenceDiagram;
  readonly drawing: typeof LOCAL_DRAWING;
}

/** Builds the page data of a grove-local trace, rendering every state's picture to SVG (sequentially). */
export async function localReportPage(t: LocalTrace, meta: ReportMeta): Promise<LocalReportPage> {
  const sequence = localSequenceOf(t, meta.violation);
  const states: LocalPageState[] = [];
  for (let k = 0; k <= t.steps.length; k++) {
    const picture = tracePicture(t, k);
    const dot = localDot(picture, `state ${k}`);
    const caption = k === 0 ? 'initial state' : `after step ${k}: ${printRow(t.steps[k - 1].row)}`;
    states.push({ step: k, caption, local: picture, dot, svg: inlineSvg(await dotToSvg(dot)), ascii: renderLocalAscii(picture) });
  }
  return {
    meta,
    model: t.model.name,
    variant: t.model.variant ?? t.model.ctx.variant.name,
    config: t.model.config,
    rows: t.steps.map((s) => ({ step: s.index, text: printRow(s.row), violating: s.index === meta.violation?.atRow })),
    states,
    sequence,
    sequenceSvg: renderSequenceSvg(sequence),
    sequenceAscii: renderSequenceAscii(sequence),
    drawing: LOCAL_DRAWING,
  };
}

/** Writes the report of a grove-local trace to `dir` (created if needed). Resolves to the paths written. */
export async function writeLocalTraceReport(t: LocalTrace, meta: ReportMeta, dir: string): Promise<{ html: string; files: string[] }> {
  const page = await localReportPage(t, meta);
  const last = page.states[page.states.length - 1];
  return writeReportFiles(dir, renderReportHtml(page), page, last, 'local');
}

/** Writes the report of a grove-local checker violation (replayed through the model) to `dir`. */
export async function writeLocalReport(model: LocalModel, o: Violation, replayCommand: string, dir: string): Promise<{ html: string; files: string[] }> {
  const t = localTraceFromPath(model, o.path, o.rows);
  const title = model.properties.find((p) => p.id === o.property)?.title;
  const meta: ReportMeta = {
    title: `${o.property} violated: ${model.name} / ${model.variant ?? '-'}`,
    violation: { property: o.property, message: o.message, atRow: o.atRow, ...(title !== undefined ? { title } : {}) },
    seed: o.seed,
    strategy: o.strategy,
    stats: { states: o.stats.states, transitions: o.stats.transitions, depth: o.stats.depth },
    replayCommand,
  };
  return writeLocalTraceReport(t, meta, dir);
}
