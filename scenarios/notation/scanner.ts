/**
 * A cursor over one line of a scenario file, with the error helper every sub-parser shares.
 * Whitespace is JavaScript's `\s`, the same set `String.prototype.trim` removes, so that the
 * parser and the printer agree on what a token is.
 */
import { ParseError, quoteFound } from './errors.ts';
import type { Span } from './types.ts';

/** Reads one line left to right; `pos` is a 0-based index into `text`. */
export class LineScanner {
  pos: number;

  constructor(
    readonly file: string,
    readonly line: number,
    readonly text: string,
    start = 0,
  ) {
    this.pos = start;
  }

  /** True at the end of the line (callers trim trailing blanks first). */
  get atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  /** True when the next character is whitespace. */
  get atSpace(): boolean {
    return /\s/.test(this.text.charAt(this.pos));
  }

  /** The 1-based span of the current position. */
  get span(): Span {
    return { line: this.line, column: this.pos + 1 };
  }

  /** True when the rest of the line starts with `s`. */
  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  /** Skips whitespace; returns how many characters were skipped. */
  skipSpace(): number {
    const from = this.pos;
    while (this.atSpace) this.pos++;
    return this.pos - from;
  }

  /** Consumes and returns the match of `re` at the current position, or `undefined` (nothing consumed). */
  match(re: RegExp): string | undefined {
    const sticky = new RegExp(re.source, 'y');
    sticky.lastIndex = this.pos;
    const m = sticky.exec(this.text);
    if (m === null || m[0] === '') return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  /** The run of non-blank characters at the current position ('' at the end of the line). */
  token(): string {
    return /^\S*/.exec(this.text.slice(this.pos))![0];
  }

  /** True when a `#` or `//` comment starts here. */
  get atComment(): boolean {
    return this.startsWith('#') || this.startsWith('//');
  }

  /** Throws a `ParseError` at the current position; `found` defaults to the token there. */
  fail(expected: string, found: string = quoteFound(this.token()), at: number = this.pos): never {
    throw new ParseError(this.file, this.line, at + 1, expected, found);
  }
}

/** A comment's marker as a note keeps it: `{ marker: '//' }` for `//`, nothing for `#`. */
export function commentMarker(comment: string): { marker?: '//' } {
  return comment.startsWith('//') ? { marker: '//' } : {};
}

/** The text of a comment starting at `#` or `//`: the marker and one following space removed, end trimmed. */
export function commentText(comment: string): string {
  const body = comment.startsWith('//') ? comment.slice(2) : comment.slice(1);
  return (body.startsWith(' ') ? body.slice(1) : body).trimEnd();
}
