/**
 * `grove-check render FILE.scenario [--out DIR] [--variant V] [--json]`: draws every scenario of a
 * file: replays its rows (scripted actors, from its `Initial state:`), writes an HTML report with the
 * forest before and after every step and the sequence diagram, plus `forest.{dot,svg,txt}` and
 * `sequence.{svg,txt}`, and prints the final forest as ASCII. Exit codes: 0 drawn, 2 bad input.
 * Rendering is not a verdict: a scenario that violates a property is drawn with the step marked.
 */
import { basename, join, relative } from 'node:path';
import { readScenarioFileSync } from '../../scenarios/notation/index.ts';
import { ParseError } from '../../scenarios/notation/errors.ts';
import { modelForScenario, scenarioName } from '../../checker/scenarios.ts';
import { renderSequenceAscii } from '../../reports/render/sequence-ascii.ts';
import { writeModelTraceReport } from '../../reports/models/write.ts';
import { drawModelScenario } from '../../reports/models/scenario.ts';
import { pictureOf } from '../../reports/pictures/default.ts';
import { drawingOf } from '../../reports/pictures/drawing.ts';
import { modelSequenceOf, stateOf } from '../../reports/models/page.ts';
import { header, type Scenario } from '../../scenarios/notation/types.ts';
import { InputError, parseFlags, printJson } from './_common.ts';

const USAGE = `usage: grove-check render FILE.scenario [--out DIR] [--variant V] [--json]

Draws every scenario in FILE: an HTML report (open it in a browser, offline) with the log forest
before and after every step and the actors' sequence diagram, and beside it forest.dot, forest.svg,
forest.txt (the last state), sequence.svg and sequence.txt. Prints the last state's forest. Scenarios
of memo, subhistory, obsmarkers and inferno are drawn as their model's own picture (picture.dot,
picture.svg, picture.txt).

  --out DIR     where to write (default reports/out/<FILE name>); one subdirectory per scenario
                when the file has several
  --model FILE  the model file the scenarios' model: header names
  --variant V   draw with this variant instead of each scenario's own (variant: header, default lsn-cas)
  --json        print one JSON object: every scenario's files, last forest (as data) and violation

exit codes: 0 drawn, 2 bad input`;

/** A directory name for a scenario: its name with anything but letters, digits, `.`, `_`, `-` made `-`. */
function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario';
}

/** Runs `render`; returns 0. @throws InputError for a missing or malformed file, UsageError for rows the model cannot take. */
export default async function render(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    { out: { type: 'string' }, model: { type: 'string' }, variant: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    USAGE,
  );
  if (values.help === true) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new InputError(`render takes one FILE.scenario\n\n${USAGE}`);
  const file = positionals[0];
  let parsed;
  try {
    parsed = readScenarioFileSync(file);
  } catch (e) {
    if (e instanceof ParseError) throw new InputError(e.message);
    throw new InputError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (parsed.scenarios.length === 0) throw new InputError(`${file}: no scenario to draw`);
  const out = values.out ?? join('reports', 'out', basename(file).replace(/\.scenario$/, ''));
  const several = parsed.scenarios.length > 1;
  const results = [];
  for (const [i, s] of parsed.scenarios.entries()) {
    const name = scenarioName(s, i);
    const dir = several ? join(out, slug(name)) : out;
    // A model drawn by a data-first `ModelPicture` (or the default one) goes through the generic
    // pipeline; a picture with a pipeline of its own (Grove's forest) draws the scenario itself.
    const model = modelForScenario(s, values.variant);
    const picture = pictureOf(model);
    if (picture.drawing !== undefined) {
      results.push(await renderPictured(s, name, file, dir, values.variant, values.json === true));
      continue;
    }
    if (picture.renderScenario === undefined) throw new InputError(`${file}: scenario ${name}: model ${model.name} has no picture that render can draw`);
    const r = await picture.renderScenario(model, s, { name, file, dir, variant: values.variant });
    results.push(r.json);
    if (values.json !== true) process.stdout.write(r.text);
  }
  if (values.json === true) printJson({ file, scenarios: results });
  return 0;
}

/**
 * Draws one scenario of a model with its own picture (memo, subhistory, obsmarkers, inferno; see
 * `reports/models/`): writes its report (`picture.{dot,svg,txt}` where Grove writes `forest.*`) and
 * prints its sequence diagram and last picture unless `json`. Returns its entry of the JSON output.
 */
async function renderPictured(s: Scenario, name: string, file: string, dir: string, variant: string | undefined, json: boolean) {
  const d = drawModelScenario(s, name, file, variant);
  const written = await writeModelTraceReport(d.trace, d.meta, dir);
  const p = drawingOf(d.model);
  const picture = p.data(stateOf(d.trace, d.trace.steps.length), d.model);
  const ascii = p.ascii(picture);
  const shown = d.model.variant ?? '-';
  if (!json) {
    process.stdout.write(`== ${name} [${d.model.name} / ${shown}] ==\n`);
    process.stdout.write(renderSequenceAscii(modelSequenceOf(d.trace, p, d.meta.violation)) + '\n\n');
    process.stdout.write(ascii + '\n\n');
    process.stdout.write(`report: ${relative(process.cwd(), written.html) || written.html}\n\n`);
  }
  return { scenario: name, model: d.model.name, variant: shown, dir, html: written.html, files: written.files, picture, ascii, violation: d.meta.violation ?? null };
}
