/**
 * The one error a scenario file can raise. Its message is the whole report (`file:line:column:
 * expected X, found Y`), so a command line prints `e.message` and never a stack trace.
 */

/**
 * Malformed scenario text. `line` and `column` are 1-based (a tab counts as one column);
 * `expected` says what the grammar wanted there, `found` is what was there, already quoted
 * (`'Okay'`) or the words `end of line`. `message` is exactly
 * `${file}:${line}:${column}: expected ${expected}, found ${found}`.
 */
export class ParseError extends Error {
  override readonly name = 'ParseError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${file}:${line}:${column}: expected ${expected}, found ${found}`);
  }
}

/** How `found` shows a piece of text: quoted, cut at 40 characters; the empty string is `end of line`. */
export function quoteFound(text: string): string {
  if (text === '') return 'end of line';
  const cut = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  // Never echo raw bytes (control characters, invalid UTF-8) to a terminal.
  return `'${cut.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}
