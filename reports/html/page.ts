/**
 * Everything a report page shows, as data: the run's description, the rows, every state's forest
 * (as DOT, rendered SVG and ASCII) and the sequence diagram. `template.ts` turns it into HTML.
 * Building it renders one SVG per state, sequentially (each render awaited).
 */
import type { Forest } from '../graph/types.ts';
import { forestOf } from '../graph/forest.ts';
import { sequenceOf, type SequenceDiagram } from '../graph/sequence.ts';
import { renderForestAscii } from '../render/ascii-forest.ts';
import { forestDot } from '../render/dot.ts';
import { renderSequenceAscii } from '../render/sequence-ascii.ts';
import { renderSequenceSvg } from '../render/sequence-svg.ts';
import { dotToSvg, inlineSvg } from '../render/svg.ts';
import { stateAt, type Trace } from '../trace/trace.ts';
import { printResult, printRow } from '../../scenarios/notation/print.ts';

/** What a report says about the run, beside its trace. */
export interface ReportMeta {
  /** Page title, e.g. `G6 violated: grove / logid-check`. */
  readonly title: string;
  /** The reported violation (a checker outcome's, or the first one a scenario's steps show). */
  readonly violation?: { readonly property: string; readonly title?: string; readonly message: string; readonly atRow: number };
  readonly seed?: number;
  readonly strategy?: string;
  /** Search figures, printed as given (`states: 34`, …). */
  readonly stats?: Readonly<Record<string, string | number>>;
  /** The command that reproduces the run. */
  readonly replayCommand?: string;
  /** Where the run came from (a scenario file), when not from a search. */
  readonly source?: string;
  /** Label tracking refs of this actor `origin/x`. */
  readonly perspective?: string;
}

/** One state of the run: after `step` steps (0 is the initial state). */
export interface PageState {
  readonly step: number;
  /** `initial state`, or the row that led here. */
  readonly caption: string;
  readonly forest: Forest;
  readonly dot: string;
  /** Inline `<svg>` element. */
  readonly svg: string;
  readonly ascii: string;
}

/** A report page's data. JSON-serialisable. */
export interface ReportPage {
  readonly meta: ReportMeta;
  readonly model: string;
  readonly variant: string;
  readonly config: Readonly<Record<string, string | number | boolean>>;
  readonly rows: readonly { readonly step: number; readonly text: string; readonly written?: string; readonly violating: boolean }[];
  readonly states: readonly PageState[];
  readonly sequence: SequenceDiagram;
  readonly sequenceSvg: string;
  readonly sequenceAscii: string;
}

/** Builds the page data of a trace, rendering every state's forest to SVG (sequentially). */
export async function reportPage(t: Trace, meta: ReportMeta): Promise<ReportPage> {
  const sequence = sequenceOf(t, meta.violation);
  const states: PageState[] = [];
  for (let k = 0; k <= t.steps.length; k++) {
    const forest = forestOf(stateAt(t, k), t.variant, { perspective: meta.perspective });
    const dot = forestDot(forest, `state ${k}`);
    const svg = inlineSvg(await dotToSvg(dot));
    const caption = k === 0 ? 'initial state' : `after step ${k}: ${printRow(t.steps[k - 1].row)}`;
    states.push({ step: k, caption, forest, dot, svg, ascii: renderForestAscii(forest) });
  }
  const atRow = sequence.violation?.step;
  return {
    meta,
    model: t.model.name,
    variant: t.variant.name,
    config: t.model.config,
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
