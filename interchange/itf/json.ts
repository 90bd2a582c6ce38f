/**
 * A JSON reader that remembers where every object and array starts, so that a malformed ITF trace
 * is reported at `file:line:column` both for bad JSON and for JSON that is not a valid trace (a state
 * without a variable, an unknown `#` tag). Integers beyond ±2^53 are refused here: ITF writes them as
 * `{"#bigint": "…"}`, never as bare numbers.
 */
import { FormatError } from '../../lin/formats/error.ts';

/** A malformed trace: one line, `file:line:column: expected …, found …` (the history formats' error, named for ITF). */
export class ItfError extends FormatError {}

/** A parsed JSON document and the position of each of its objects and arrays. */
export interface PositionedJson {
  readonly value: unknown;
  /** Where an object or array starts (1-based). */
  at(x: unknown): { line: number; column: number };
}

/** Parses `text` as JSON, throwing {@link ItfError} at the first error. */
export function readJson(text: string, file: string): PositionedJson {
  const where = new WeakMap<object, { line: number; column: number }>();
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const pos = () => ({ line, column: i - lineStart + 1 });
  const fail = (expected: string): never => {
    const p = pos();
    const found = i >= text.length ? 'end of file' : `'${text.slice(i, i + 10).split('\n')[0]}'`;
    throw new ItfError(file, p.line, p.column, expected, found);
  };
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) {
      if (text[i] === '\n') {
        line++;
        lineStart = i + 1;
      }
      i++;
    }
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      const at = pos();
      i++;
      const o: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        where.set(o, at);
        return o;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a string key');
        const k = str();
        ws();
        if (text[i] !== ':') fail("':'");
        i++;
        if (Object.prototype.hasOwnProperty.call(o, k)) fail(`no second key "${k}"`);
        Object.defineProperty(o, k, { value: value(), enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          where.set(o, at);
          return o;
        } else fail("',' or '}'");
      }
    }
    if (c === '[') {
      const at = pos();
      i++;
      const a: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        where.set(a, at);
        return a;
      }
      for (;;) {
        a.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          where.set(a, at);
          return a;
        } else fail("',' or ']'");
      }
    }
    if (c === '"') return str();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (m === null) return fail('a JSON value');
    const tok = m[0];
    if (tok === 'true' || tok === 'false' || tok === 'null') {
      i += tok.length;
      return tok === 'true' ? true : tok === 'false' ? false : null;
    }
    const n = Number(tok);
    if (/^-?\d+$/.test(tok) && !Number.isSafeInteger(n)) fail('an integer within ±(2^53 − 1) (larger ones are {"#bigint": "…"})');
    i += tok.length;
    return n;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text[i] === '\n') fail("'\"' before the end of the line");
      i++;
    }
    if (i >= text.length) fail("'\"' to close the string");
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      i = start;
      return fail('a valid JSON string');
    }
  };
  const v = value();
  ws();
  if (i < text.length) fail('end of file');
  return { value: v, at: (x) => (typeof x === 'object' && x !== null ? (where.get(x) ?? { line: 1, column: 1 }) : { line: 1, column: 1 }) };
}
