/** The typed error every history parser throws for malformed input. */

/**
 * A malformed history file: `file:line:column: expected …, found …`. Lines and columns are 1-based;
 * the column points at the offending token.
 */
export class FormatError extends Error {
  override readonly name = 'FormatError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(printable(`${file}:${line}:${column}: expected ${expected}, found ${found}`));
  }
}

/**
 * `text` with every control character, lone surrogate and U+FFFD (an invalid UTF-8 byte) written as
 * a `\uXXXX` escape, so that an error message never echoes raw bytes to a terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Where a history file stops being text: the first NUL byte, invalid UTF-8 byte (read as U+FFFD) or
 * control character other than tab, line feed, carriage return and form feed; undefined for text.
 */
export function binaryAt(text: string): { line: number; column: number; code: number } | undefined {
  const m = /[\u0000-\u0008\u000b\u000e-\u001f\u007f\ufffd]/.exec(text);
  if (m === null) return undefined;
  const before = text.slice(0, m.index);
  const line = before.split('\n').length;
  return { line, column: m.index - before.lastIndexOf('\n'), code: m[0].charCodeAt(0) };
}
