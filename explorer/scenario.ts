/**
 * A session's rows as a scenario file, and saving it. The headers are the ones the scenario runner
 * reads to rebuild the model (`model`, `variant`, `actors`, `ops`, `program`, the fault budgets), so
 * `grove-check replay FILE` and the explorer's own load read the file back to the same steps; the
 * `expect:` line is what the rows show (`violation(G6)` or `ok`). Only the steps taken (up to the
 * cursor) are written, as the model printed them.
 */
import { UsageError } from '../model/core/model.ts';
import { writeUnclobbered } from '../checker/save.ts';
import { printScenarioFile } from '../scenarios/notation/print.ts';
import type { Header, Scenario } from '../scenarios/notation/types.ts';
import { firstViolation, rowsTaken, type Session } from './session.ts';

/** The file name (without `.scenario`) a session saves as by default: `grove-logid-check-2x1-G6`. */
export function defaultName(s: Session): string {
  const v = firstViolation(s);
  return ['explored', s.model.name, s.model.variant, `${s.config.actors}x${s.config.ops}`, v?.property].filter(Boolean).join('-');
}

/** The session's steps taken as a scenario (see the module comment). Pure. */
export function scenarioOf(s: Session, name: string = defaultName(s)): Scenario {
  const c = s.model.config;
  const v = firstViolation(s);
  const num = (key: string, header: string): Header[] => (typeof c[key] === 'number' ? [{ key: header, value: String(c[key]) }] : []);
  const headers: Header[] = [
    { key: 'scenario', value: name },
    { key: 'model', value: s.model.name },
    ...(s.model.variant ? [{ key: 'variant', value: s.model.variant }] : []),
    ...num('actors', 'actors'),
    ...num('ops', 'ops'),
    ...(typeof c.program === 'string' && c.program !== '' && c.program.split(',').some((p) => p !== 'push') ? [{ key: 'program', value: c.program }] : []),
    ...num('maxLostReplies', 'max-lost-replies'),
    ...num('maxCrashes', 'max-crashes'),
    ...num('maxFaults', 'max-faults'),
    ...(c.collide === true ? [{ key: 'collide', value: 'true' }] : []),
    { key: 'expect', value: v === undefined ? 'ok' : `violation(${v.property})` },
    ...(v === undefined ? [] : [{ key: 'property', value: v.property }, { key: 'note', value: v.message }]),
    { key: 'source', value: 'grove-check explore' },
  ];
  return { headers, initial: s.initialBlock, rows: rowsTaken(s) };
}

/** The scenario file text of a session. */
export function scenarioText(s: Session, name?: string): string {
  return printScenarioFile({ scenarios: [scenarioOf(s, name)] });
}

/** Names a person may give a saved file: letters, digits, `.`, `_`, `-`; no path. */
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Writes the session's scenario as `DIR/NAME.scenario` (NAME defaults to `defaultName`), never over
 * a different file: a taken name gets a numbered suffix (`-2`, `-3`, …); a file already holding the
 * same text is left alone. Writes a temporary file and renames it. Returns the path written.
 * @throws UsageError for a name that is not a plain file name.
 */
export function saveScenario(s: Session, dir: string, name?: string): string {
  const base = (name ?? defaultName(s)).replace(/\.scenario$/, '');
  if (!NAME_RE.test(base)) throw new UsageError(`name must be letters, digits, '.', '_' or '-' (no path), at most 100 characters; got ${JSON.stringify(name)}`);
  return writeUnclobbered(dir, base, (file) => scenarioText(s, file));
}
