/**
 * Grove's picture: the log forest (`reports/graph/forest.ts`) in the seed's ASCII style, as DOT for
 * the SVG, and the steps as a sequence diagram; the explorer marks the entries holding a commit that
 * a violation's witness message names (`1.1` in "acknowledged commit 1.1 left the history of main
 * …"). Reports are written by `writeGroveReport` (`forest.*` files).
 */
import type { Model } from '../../model/core/model.ts';
import type { PictureCapability, PictureView } from '../../model/core/capabilities.ts';
import type { GroveState } from '../../model/grove/state.ts';
import { forestOf } from '../graph/forest.ts';
import { sequenceOf } from '../graph/sequence.ts';
import { writeGroveReport, writeTraceReport } from '../html/write.ts';
import { drawScenario } from '../html/scenario.ts';
import { renderSequenceAscii } from '../render/sequence-ascii.ts';
import { relative } from 'node:path';
import { renderForestAscii } from '../render/ascii-forest.ts';
import { forestDot } from '../render/dot.ts';
import { renderSequenceSvg } from '../render/sequence-svg.ts';
import { stateAt, variantOf, type Trace } from '../trace/trace.ts';

/** Commit ids (`ACTOR.N`) a message names. */
function commitsNamed(message: string): Set<string> {
  return new Set(message.match(/\b\d+\.\d+\b/g) ?? []);
}

/** The picture of every Grove model instance. */
export const grovePicture: PictureCapability<GroveState> = {
  ascii: (model: Model<GroveState>, state: GroveState) => renderForestAscii(forestOf(state, variantOf(model))),
  writeReport: (model: Model<GroveState>, violation, replayCommand, dir) => writeGroveReport(model, violation, replayCommand, dir),
  view(model: Model<GroveState>, initial: GroveState, steps, violated): PictureView {
    const variant = variantOf(model);
    const here = steps.length > 0 ? steps[steps.length - 1].after : initial;
    const forest = forestOf(here, variant);
    const named = new Set<string>();
    for (const p of violated) for (const c of commitsNamed(p.message)) named.add(c);
    const witness = forest.nodes.filter((n) => n.commit !== null && named.has(n.commit)).map((n) => n.id);
    let sequence: string | undefined;
    if (steps.length > 0) {
      const trace: Trace = { model, variant, initial, steps: steps.map((s) => ({ ...s, violations: [...s.violations] })) };
      sequence = renderSequenceSvg(sequenceOf(trace));
    }
    return { kind: 'forest', ascii: renderForestAscii(forest), dot: forestDot(forest, 'explorer'), witness, ...(sequence !== undefined ? { sequence } : {}) };
  },
  /** `render`: the report with the forest before and after every step, the sequence diagram, the last forest. */
  async renderScenario(model: Model<GroveState>, s, o) {
    const d = drawScenario(model, s, o.name, o.file, o.variant);
    const written = await writeTraceReport(d.trace, d.meta, o.dir);
    const last = forestOf(stateAt(d.trace, d.trace.steps.length), d.trace.variant);
    const ascii = renderForestAscii(last);
    const text =
      `== ${o.name} [${d.trace.variant.name}] ==\n` +
      renderSequenceAscii(sequenceOf(d.trace, d.meta.violation)) + '\n\n' +
      ascii + '\n\n' +
      `report: ${relative(process.cwd(), written.html) || written.html}\n\n`;
    return { text, json: { scenario: o.name, variant: d.trace.variant.name, dir: o.dir, html: written.html, files: written.files, forest: last, ascii, violation: d.meta.violation ?? null } };
  },
};
