/**
 * Reads a scenario file: headers, an optional `Initial state:` block and `Actor Op Result` rows,
 * possibly several scenarios in one file. Line by line, after leading blanks:
 *
 * - blank lines are ignored;
 * - `# text` and `// text` lines are notes (keeping which marker was used, and whether a blank line
 *   stood before them inside their block). They belong to the scenario of the next non-comment line
 *   (so a comment above `scenario: b` is `b`'s): comments above a scenario's first header or
 *   `Initial state:` line are its `preamble`, the others land in its `rows`, in order (a comment
 *   written between headers moves below them when printed). A comment after a row (`1 Append<a> Ok
 *   # wins`) becomes a note row right after it;
 * - `key: value` with a lower-case key (`[a-z][a-z0-9_-]*`) is a header; the value is the rest of the
 *   line, trimmed and kept verbatim (comments are not recognised in it);
 * - `Initial state:` starts a block of `- key: value` lines; a `-` line anywhere else is an error;
 * - `---` (three or more dashes) ends the current scenario;
 * - anything else must be a row (`row.ts`). Prose such as the seeds' `Ops:` blocks must be commented out.
 *
 * A new scenario starts at `---`, at a header or `Initial state:` line that follows a row (a note
 * does not count), and at a `scenario:` header when the current scenario already has one. So
 * headers written above `scenario: x` belong to `x`'s scenario. Scenarios with no header, entry
 * or row are dropped: an empty file has no scenarios.
 *
 * `1 ... Err(b)` completes the oldest pending `invoke` of actor 1 in the same scenario; a completion
 * with nothing pending is an error. A `crash` of an actor discards its pending calls (the caller is
 * gone), so a completion after the crash is an error too. Calls left pending at the end are allowed.
 */
import { ParseError, quoteFound } from './errors.ts';
import { parseRow } from './row.ts';
import { commentMarker, commentText, LineScanner } from './scanner.ts';
import type { Header, InitialEntry, Row, Scenario, ScenarioFile } from './types.ts';

export { ParseError } from './errors.ts';

const UNKNOWN_LINE = "a row (Actor Op Result), a header (key: value) or a comment ('#' or '//')";
const HEADER_RE = /^([a-z][a-z0-9_-]*):(.*)$/;
const INITIAL = 'Initial state:';

/** A scenario being read, with what the splitting and pairing rules need to know. */
class Draft {
  readonly headers: Header[] = [];
  readonly initial: InitialEntry[] = [];
  readonly rows: Row[] = [];
  readonly preamble: Row[] = [];
  /** Pending `invoke`s per actor, oldest first. */
  readonly pending = new Map<string, number>();
  /** True once a row other than a note was read. */
  hasSteps = false;

  get named(): boolean {
    return this.headers.some((h) => h.key === 'scenario');
  }

  get empty(): boolean {
    return this.headers.length === 0 && this.initial.length === 0 && this.rows.length === 0 && this.preamble.length === 0;
  }

  done(): Scenario {
    return { ...(this.preamble.length > 0 ? { preamble: this.preamble } : {}), headers: this.headers, initial: this.initial, rows: this.rows };
  }
}

/**
 * Parses the text of a scenario file. `file` is used only in error messages. Pure: the result is fresh
 * data that shares nothing with later calls. Accepts `\n` and `\r\n` line ends and a leading BOM.
 * @throws ParseError for any malformed line, at the first one.
 */
export function parseScenarioFile(text: string, file = '<input>'): ScenarioFile {
  const scenarios: Scenario[] = [];
  let cur = new Draft();
  let comments: Row[] = [];
  let inInitial = false;
  let blankBefore = false;

  // Pending comments go to the preamble when the line after them opens the scenario (a header, the
  // initial state), else to its rows. The first note of a block keeps no gap: a blank line always
  // separates blocks when printed.
  const flushComments = (opening = false): void => {
    const into = opening && cur.headers.length === 0 && cur.initial.length === 0 && cur.rows.length === 0 ? cur.preamble : cur.rows;
    for (const c of comments) {
      if (into.length === 0 && c.kind === 'note' && c.gap) {
        const { gap: _gap, ...rest } = c;
        into.push(rest);
      } else into.push(c);
    }
    comments = [];
  };
  const startNew = (): void => {
    if (!cur.empty) scenarios.push(cur.done());
    cur = new Draft();
  };

  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const body = raw.trimEnd();
    const start = body.search(/\S/);
    if (start < 0) {
      blankBefore = true;
      return;
    }
    const gap = blankBefore;
    blankBefore = false;
    const s = new LineScanner(file, i + 1, body, start);
    const span = s.span;
    const rest = body.slice(start);

    if (s.atComment) {
      comments.push({ kind: 'note', text: commentText(rest), ...commentMarker(rest), ...(gap ? { gap: true as const } : {}), span });
    } else if (/^-{3,}$/.test(rest)) {
      flushComments();
      startNew();
      inInitial = false;
    } else if (rest.startsWith(INITIAL)) {
      s.pos += INITIAL.length;
      s.skipSpace();
      if (!s.atEnd) s.fail('end of line', quoteFound(s.text.slice(s.pos)));
      if (cur.hasSteps) startNew();
      flushComments(true);
      inInitial = true;
    } else if (rest.startsWith('-')) {
      if (!inInitial) s.fail(`'${INITIAL}' before a '- key: value' line`, quoteFound(rest));
      flushComments(true);
      cur.initial.push(parseEntry(s));
    } else if (HEADER_RE.test(rest)) {
      const [, key, value] = HEADER_RE.exec(rest)!;
      if (cur.hasSteps || (key === 'scenario' && cur.named)) startNew();
      flushComments(true);
      cur.headers.push({ key: key!, value: value!.trim(), span });
      inInitial = false;
    } else {
      const { row, trailing, mark } = parseRow(s, UNKNOWN_LINE);
      flushComments();
      pair(cur, row, () => {
        throw new ParseError(file, mark!.line, mark!.column, `a pending call of actor ${row.actor} to complete`, "'...'");
      });
      cur.rows.push(row);
      if (trailing !== undefined) cur.rows.push(trailing);
      cur.hasSteps = true;
      inInitial = false;
    }
  });
  flushComments();
  startNew();
  return { scenarios };
}

/** Parses `- key: value` at `s.pos` (on the `-`). @throws ParseError */
function parseEntry(s: LineScanner): InitialEntry {
  const span = s.span;
  s.pos++;
  s.skipSpace();
  const key = s.match(/[^\s:]+/);
  if (key === undefined) s.fail('a key');
  s.skipSpace();
  if (!s.startsWith(':')) s.fail("':' after the key");
  s.pos++;
  s.skipSpace();
  if (s.atEnd) s.fail('a value');
  return { key, value: s.text.slice(s.pos), span };
}

/** Tracks pending calls; `orphan` is called for a completion with nothing pending. */
function pair(cur: Draft, row: Exclude<Row, { kind: 'note' }>, orphan: () => never): void {
  const n = cur.pending.get(row.actor) ?? 0;
  if (row.kind === 'invoke') cur.pending.set(row.actor, n + 1);
  else if (row.kind === 'complete') {
    if (n === 0) orphan();
    cur.pending.set(row.actor, n - 1);
  } else if (row.kind === 'fault' && row.fault === 'crash') cur.pending.delete(row.actor);
}
