/**
 * A cursor over one line of a history file, for hand-written parsers that report exact columns.
 * Internal to `lin/formats`.
 */
import { FormatError } from './error.ts';

/** Reads tokens from one line, throwing {@link FormatError} with the line and column on mismatch. */
export class LineCursor {
  pos = 0;
  constructor(
    readonly file: string,
    /** 1-based line number. */
    readonly line: number,
    readonly text: string,
  ) {}

  /** 1-based column of `pos` (or of the given offset). */
  column(at = this.pos): number {
    return at + 1;
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  /** Skips spaces and tabs (and commas when `commas`, EDN's whitespace). Returns how many. */
  skipSpace(commas = false): number {
    const from = this.pos;
    for (;;) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || c === '\r' || (commas && c === ',')) this.pos++;
      else break;
    }
    return this.pos - from;
  }

  /** Describes what is at `at` for an error message: the token there in quotes, or "end of line". */
  found(at = this.pos): string {
    if (at >= this.text.length) return 'end of line';
    const m = /^[^\s,{}[\]]+/.exec(this.text.slice(at));
    return JSON.stringify(m ? m[0] : this.text[at]);
  }

  /** Throws a {@link FormatError} pointing at `at` (default: the cursor). */
  fail(expected: string, at = this.pos, found = this.found(at)): never {
    throw new FormatError(this.file, this.line, this.column(at), expected, found);
  }

  /** Requires at least one space or tab. */
  space(what: string): void {
    if (this.skipSpace() === 0) this.fail(`whitespace before ${what}`);
  }

  /** Requires the exact text `s`. */
  literal(s: string): void {
    if (this.text.startsWith(s, this.pos)) this.pos += s.length;
    else this.fail(JSON.stringify(s));
  }

  /** Reads a decimal integer (optionally negative). */
  integer(what: string): number {
    const m = /^-?\d+/.exec(this.text.slice(this.pos));
    if (!m || /[^\s,}\]]/.test(this.text[this.pos + m[0].length] ?? ' ')) this.fail(what);
    this.pos += m[0].length;
    return Number(m[0]);
  }

  /** Reads a keyword like `:invoke` and returns it without the colon. */
  keyword(what: string): string {
    const m = /^:[A-Za-z_*+!?<>=/.-][\w*+!?<>=/.-]*/.exec(this.text.slice(this.pos));
    if (!m) this.fail(what);
    this.pos += m[0].length;
    return m[0].slice(1);
  }

  /** Reads a double-quoted string with the escapes `\"`, `\\`, `\n`, `\t`, `\r`. */
  string(what: string): string {
    if (this.peek() !== '"') this.fail(what);
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail('a closing \'"\'', this.pos, 'end of line');
      this.pos++;
      if (c === '"') return out;
      if (c === '\\') {
        const e = this.text[this.pos];
        const map: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t', r: '\r' };
        if (e === undefined || map[e] === undefined) this.fail('an escape \\" \\\\ \\n \\t or \\r', this.pos - 1);
        out += map[e];
        this.pos++;
      } else {
        out += c;
      }
    }
  }

  /** Requires the rest of the line to be blank. */
  end(): void {
    this.skipSpace();
    if (!this.atEnd()) this.fail('end of line');
  }
}

/**
 * The first line of `text` (split at `\n`) that `wanted` accepts once trimmed, trimmed; `undefined`
 * when there is none. Reads no further than that line: format detection on a large history.
 */
export function firstLine(text: string, wanted: (trimmed: string) => boolean): string | undefined {
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const t = text.slice(start, end).trim();
    if (wanted(t)) return t;
    start = end + 1;
  }
  return undefined;
}

/**
 * Whether code unit `c` is one a regular expression's `\s` matches (what `trim` removes). The
 * checks a cold `lin` run makes on a first line are written with this rather than as regular
 * expressions: V8 compiles each expression the first time it runs, 25–150 µs apiece in a fresh
 * process (measured: the first one compiled costs the most), where these comparisons cost a few µs.
 */
export function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Whether code unit `c` is one `\w` matches (`[A-Za-z0-9_]`). */
export function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** The index of the first code unit from `at` on that `\s` does not match (`t.length` at the end). */
export function skipSpaces(t: string, at: number): number {
  while (at < t.length && isSpaceCode(t.charCodeAt(at))) at++;
  return at;
}

/**
 * Where the line from `at` ends, past its `\n`, when it is blank (spaces, tabs, carriage returns
 * only; `/[ \t\r]*(?:\n|$)/y`), else -1.
 */
function blankLineEnd(text: string, at: number): number {
  for (let j = at; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 10) return j + 1;
    if (c !== 32 && c !== 9 && c !== 13) return -1;
  }
  return text.length;
}

/**
 * The loop of a fast reader: matches every non-blank line of `text` with `plain` (a sticky
 * expression that spans one whole line, ending with `(?:\n|$)`) and hands each match, with its
 * 1-based line number, to `each`. True when every line matched and `each` accepted every one
 * (returned true, threw nothing); false at the first that did not: the caller then reads the text
 * with its careful reader. One regular expression per line is compiled to machine code by the
 * engine, where a loop over characters would first run in the interpreter.
 */
export function eachPlainLine(text: string, plain: RegExp, each: (m: RegExpExecArray, line: number) => boolean): boolean {
  try {
    let line = 0;
    for (let at = 0; at < text.length; ) {
      line++;
      const blank = blankLineEnd(text, at);
      if (blank >= 0) {
        at = blank;
        continue;
      }
      plain.lastIndex = at;
      const m = plain.exec(text);
      if (m === null || !each(m, line)) return false;
      at = plain.lastIndex;
    }
    return true;
  } catch {
    return false;
  }
}
