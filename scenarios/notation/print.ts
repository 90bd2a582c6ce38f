/**
 * The canonical text of a scenario file; `parseScenarioFile` reads it back to the same data (spans
 * aside). Layout: headers as `key: value` in their order, then `Initial state:` and `- key: value`
 * lines if any, a blank line, then one row per line. Comments above the first header (the
 * `preamble`) print above it, followed by a blank line. Notes print with the marker they were written
 * with (`# text`, `// text`), after a blank line when one stood before them (`gap`). Ops without arguments print bare (`Sync`), results as `Ok`, `Ok(x)`, `Err`, `Err(x)`,
 * `Err: message`, `Err(x): message` or `?`. Output ends with one newline; no data, no text.
 *
 * Scenarios are separated by a blank line when the next one starts with its `scenario:` header and
 * that header is certain to start a new scenario when read back; otherwise by a `---` line (see
 * `needsRule`).
 *
 * Data the notation cannot hold does not survive a round trip; the printer does not check for it:
 * text containing a line break, tokens outside the grammar of `row.ts`, untrimmed values, a
 * message containing ` #` or ` //`, two `scenario` headers in one scenario, an empty scenario,
 * a `complete` with no pending `invoke` before it.
 */
import type { Header, InitialEntry, Op, Result, Row, Scenario, ScenarioFile } from './types.ts';

/** `Name<a, b>`, or `Name` when there are no arguments. */
export function printOp(op: Op): string {
  return op.args.length === 0 ? op.name : `${op.name}<${op.args.join(', ')}>`;
}

/** `Ok`, `Ok(x)`, `Err`, `Err(x)`, `Err: message`, `Err(x): message` or `?`. */
export function printResult(r: Result): string {
  if (r.kind === 'unknown') return '?';
  const head = (r.kind === 'ok' ? 'Ok' : 'Err') + (r.value === undefined ? '' : `(${r.value})`);
  return r.kind === 'err' && r.message !== undefined ? `${head}: ${r.message}` : head;
}

/** One row as a line, without a line end: `1 Append<a@1> Ok`, `1 Check<main, a> ...`, `1 ... Err(b)`, `2 crash`, `# text`. */
export function printRow(row: Row): string {
  switch (row.kind) {
    case 'call':
      return `${row.actor} ${printOp(row.op)} ${printResult(row.result)}`;
    case 'invoke':
      return `${row.actor} ${printOp(row.op)} ...`;
    case 'complete':
      return `${row.actor} ... ${printResult(row.result)}`;
    case 'fault':
      return `${row.actor} ${row.fault}`;
    case 'note':
      return row.text === '' ? (row.marker ?? '#') : `${row.marker ?? '#'} ${row.text}`;
  }
}

function printPair(p: Header | InitialEntry): string {
  return p.value === '' ? `${p.key}:` : `${p.key}: ${p.value}`;
}

/** One scenario, ending with a newline (the empty string for an empty scenario). */
export function printScenario(s: Scenario): string {
  const top = s.headers.map(printPair);
  if (s.initial.length > 0) top.push('Initial state:', ...s.initial.map((e) => `- ${printPair(e)}`));
  const lines = (rows: readonly Row[]) => rows.flatMap((r, i) => (i > 0 && r.kind === 'note' && r.gap ? ['', printRow(r)] : [printRow(r)]));
  const blocks = [lines(s.preamble ?? []), top, lines(s.rows)].filter((b) => b.length > 0);
  return blocks.map((b) => b.join('\n') + '\n').join('\n');
}

/**
 * True when `next`, printed after `prev` with only a blank line between, would not start a scenario of
 * its own when read back (the rules are in `parse.ts`), so a `---` line must separate them.
 */
export function needsRule(prev: Scenario, next: Scenario): boolean {
  const prevSplits = prev.rows.some((r) => r.kind !== 'note') || prev.headers.some((h) => h.key === 'scenario');
  // Comments belong to the scenario of the next non-comment line, so trailing notes would move.
  const trailingNote = prev.rows.at(-1)?.kind === 'note';
  return next.headers[0]?.key !== 'scenario' || !prevSplits || trailingNote;
}

/** The canonical text of a whole file. Pure. */
export function printScenarioFile(f: ScenarioFile): string {
  return f.scenarios
    .map((s, i) => (i > 0 && needsRule(f.scenarios[i - 1]!, s) ? '---\n' : '') + printScenario(s))
    .join('\n');
}
