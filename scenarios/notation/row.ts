/**
 * One `Actor Op Result` line. The grammar, with whitespace (`\s+`) between the fields:
 *
 *     row    = actor ( op result | op "..." | "..." result | "crash" | "restart" ) [comment]
 *     actor  = [A-Za-z0-9_] [A-Za-z0-9_-]*          (never starts with "-": that is a "- key: value" line)
 *     op     = name [ "<" [ arg { "," arg } ] ">" ]  (spaces around "," and inside "<>" are free)
 *     name   = [A-Za-z0-9_]+
 *     arg    = any run of characters other than whitespace and , < > ( )
 *     result = "?" | "Ok" [ "(" value ")" ] | "Err" [ "(" value ")" ] [ ":" message ]
 *     value  = any text without ( or ), trimmed and not empty
 *     comment= ("#" | "//") text               (only after whitespace)
 *
 * `1 crash` is a fault only when nothing but a comment follows; `1 crash Ok` is a call of an op named
 * `crash`. A message runs to the end of the line or to a comment, so it cannot contain ` #` or ` //`.
 * Pairing a `complete` with its `invoke` is the file parser's job: it needs the rows before.
 */
import { quoteFound } from './errors.ts';
import { commentMarker, commentText, LineScanner } from './scanner.ts';
import type { Op, Result, Row, Span } from './types.ts';

/** A well-formed actor token. */
export const ACTOR_RE = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

const RESULT = "a result (Ok, Err or ?)";
const RESULT_OR_PENDING = "a result (Ok, Err or ?) or '...'";

/** A parsed row line: the row, a trailing comment as a note, and where a `...` completion mark stood. */
export interface ParsedRow {
  readonly row: Exclude<Row, { kind: 'note' }>;
  readonly trailing?: Extract<Row, { kind: 'note' }>;
  /** For a `complete` row, the span of its `...`, for the "no pending call" error. */
  readonly mark?: Span;
}

/**
 * Parses the row starting at `s.pos` (its first non-blank character); `s.text` must be end-trimmed.
 * `unknownLine` is the `expected` text used when the first token cannot start a row at all.
 * @throws ParseError
 */
export function parseRow(s: LineScanner, unknownLine: string): ParsedRow {
  const span = s.span;
  const actor = s.token();
  if (!ACTOR_RE.test(actor)) {
    if (actor.includes(':')) s.fail(unknownLine, quoteFound(s.text.slice(s.pos)));
    s.fail("an actor (letters, digits, '_' or '-')");
  }
  s.pos += actor.length;
  if (s.skipSpace() === 0) s.fail('an op after the actor');

  if (s.startsWith('...') && !/\S/.test(s.text.charAt(s.pos + 3))) {
    const mark = s.span;
    s.pos += 3;
    if (s.skipSpace() === 0) s.fail(RESULT);
    const result = parseResult(s, RESULT);
    return { row: { kind: 'complete', actor, result, span }, trailing: parseEnd(s), mark };
  }

  const fault = /^(crash|restart)(\s+(#|\/\/).*)?$/.exec(s.text.slice(s.pos));
  if (fault !== null) {
    s.pos += fault[1]!.length;
    return { row: { kind: 'fault', actor, fault: fault[1] as 'crash' | 'restart', span }, trailing: parseEnd(s) };
  }

  const op = parseOp(s);
  if (s.atEnd) s.fail(RESULT_OR_PENDING);
  if (s.skipSpace() === 0) s.fail('whitespace after the op');
  if (s.atEnd) s.fail(RESULT_OR_PENDING);
  if (s.startsWith('...') && !/\S/.test(s.text.charAt(s.pos + 3))) {
    s.pos += 3;
    return { row: { kind: 'invoke', actor, op, span }, trailing: parseEnd(s) };
  }
  const result = parseResult(s, RESULT_OR_PENDING);
  return { row: { kind: 'call', actor, op, result, span }, trailing: parseEnd(s) };
}

/** Parses `Name` or `Name<arg, ...>` at `s.pos`. @throws ParseError */
export function parseOp(s: LineScanner): Op {
  const name = s.match(/[A-Za-z0-9_]+/);
  if (name === undefined) s.fail('an op name');
  if (!s.startsWith('<')) return { name, args: [] };
  s.pos++;
  s.skipSpace();
  const args: string[] = [];
  if (s.startsWith('>')) {
    s.pos++;
    return { name, args };
  }
  for (;;) {
    const arg = s.match(/[^\s,<>()]+/);
    if (arg === undefined) s.fail('an argument');
    args.push(arg);
    s.skipSpace();
    if (s.startsWith('>')) {
      s.pos++;
      return { name, args };
    }
    if (!s.startsWith(',')) s.fail("',' or '>'");
    s.pos++;
    s.skipSpace();
  }
}

/** Parses a result at `s.pos`; `expected` names what may stand there. @throws ParseError */
export function parseResult(s: LineScanner, expected: string): Result {
  if (s.startsWith('?')) {
    s.pos++;
    return { kind: 'unknown' };
  }
  const start = s.pos;
  const word = s.match(/[A-Za-z0-9_]+/);
  if (word !== 'Ok' && word !== 'Err') {
    s.pos = start;
    s.fail(expected);
  }
  const value = s.startsWith('(') ? parseValue(s) : undefined;
  if (word === 'Ok') return value === undefined ? { kind: 'ok' } : { kind: 'ok', value };
  if (!s.startsWith(':')) return value === undefined ? { kind: 'err' } : { kind: 'err', value };
  s.pos++;
  const rest = s.text.slice(s.pos);
  const comment = /(^|\s)(#|\/\/)/.exec(rest);
  const raw = comment === null ? rest : rest.slice(0, comment.index);
  const message = raw.trim();
  if (message === '') {
    s.skipSpace();
    s.fail("a message after ':'");
  }
  s.pos += raw.trimEnd().length;
  return value === undefined ? { kind: 'err', message } : { kind: 'err', value, message };
}

function parseValue(s: LineScanner): string {
  s.pos++;
  const raw = s.match(/[^()]+/) ?? '';
  if (!s.startsWith(')')) s.fail("')'");
  if (raw.trim() === '') s.fail('a value inside the parentheses');
  s.pos++;
  return raw.trim();
}

/** After a row: end of line, or whitespace and a comment (returned as a note). @throws ParseError */
function parseEnd(s: LineScanner): Extract<Row, { kind: 'note' }> | undefined {
  if (s.atEnd) return undefined;
  if (s.skipSpace() === 0 || !s.atComment) s.fail('end of line');
  return { kind: 'note', text: commentText(s.text.slice(s.pos)), ...commentMarker(s.text.slice(s.pos)), span: s.span };
}
