/**
 * Parser for Jepsen etcd logs (Porcupine's test data), one event per line:
 * `INFO  jepsen.util - PROCESS TYPE F VALUE`, fields separated by tabs or spaces, where TYPE is
 * `:invoke`, `:ok`, `:fail` or `:info`, F is `:read`, `:write` or `:cas`, and VALUE is `nil`, an
 * integer, `[old new]` (cas) or a keyword such as `:timed-out`.
 *
 * Reading: `:ok` gives the result; `:fail :cas [a b]` is a cas that ran and did not match; any
 * `:fail … :timed-out` returned with an unknown result (a timed-out read constrains nothing); any
 * other `:fail` did not happen and is dropped; `:info`, and an invocation never completed, leave the
 * operation pending to the end of the history. Times are event indices. Every non-blank line must be
 * an event: other log lines are rejected, not skipped.
 */
import type { RegisterInput, RegisterOutput, RegisterValue } from '../models/register.ts';
import { LineCursor } from './scan.ts';
import { Pairer, type ParsedHistory } from './pair.ts';

type Value = { t: 'nil' } | { t: 'int'; v: number } | { t: 'pair'; a: RegisterValue; b: RegisterValue } | { t: 'kw'; v: string };

function scalar(c: LineCursor): RegisterValue {
  if (c.text.startsWith('nil', c.pos) && !/[^\s\]]/.test(c.text[c.pos + 3] ?? ' ')) {
    c.pos += 3;
    return null;
  }
  return c.integer('nil or an integer');
}

function readValue(c: LineCursor): Value {
  const ch = c.peek();
  if (ch === '[') {
    c.pos++;
    c.skipSpace(true);
    const a = scalar(c);
    if (c.skipSpace(true) === 0) c.fail('whitespace between the two values of [old new]');
    const b = scalar(c);
    c.skipSpace(true);
    if (c.peek() !== ']') c.fail("']'");
    c.pos++;
    return { t: 'pair', a, b };
  }
  if (ch === ':') return { t: 'kw', v: c.keyword('a keyword') };
  const v = scalar(c);
  return v === null ? { t: 'nil' } : { t: 'int', v };
}

const show = (v: Value): string =>
  v.t === 'nil' ? 'nil' : v.t === 'int' ? String(v.v) : v.t === 'kw' ? `:${v.v}` : `[${v.a ?? 'nil'} ${v.b ?? 'nil'}]`;

/** Parses a Jepsen etcd log; throws `FormatError` (`file:line:column: expected …, found …`). */
export function parseJepsenEtcd(text: string, file = '<input>'): ParsedHistory<RegisterInput, RegisterOutput> {
  return readPlainEtcd(text, file) ?? readEtcd(text, file);
}

/** The careful reader: every token checked, every error at its column. */
export function readEtcd(text: string, file = '<input>'): ParsedHistory<RegisterInput, RegisterOutput> {
  const pairer = new Pairer<RegisterInput, RegisterOutput>(file);
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const line = i + 1;
    const c: LineCursor = new LineCursor(file, line, raw);
    c.skipSpace();
    c.literal('INFO');
    c.space('jepsen.util');
    c.literal('jepsen.util');
    c.space("'-'");
    c.literal('-');
    c.space('the process');
    const process = c.integer('a process number');
    c.space('the type');
    const typeAt = c.pos;
    const type = c.keyword('a type (:invoke, :ok, :fail or :info)');
    if (!['invoke', 'ok', 'fail', 'info'].includes(type)) c.fail('one of :invoke, :ok, :fail, :info', typeAt, `:${type}`);
    c.space('the function');
    const fAt = c.pos;
    const f = c.keyword('a function (:read, :write or :cas)');
    if (f !== 'read' && f !== 'write' && f !== 'cas') c.fail('one of :read, :write, :cas', fAt, `:${f}`);
    c.space('the value');
    const vAt = c.pos;
    const value = readValue(c);
    c.end();
    const bad = (expected: string): never => c.fail(expected, vAt, show(value));

    if (type === 'invoke') {
      let input: RegisterInput;
      if (f === 'read') {
        if (value.t !== 'nil') bad('nil for a :read invocation');
        input = { f };
      } else if (f === 'write') {
        if (value.t !== 'int' && value.t !== 'nil') bad('a value to write');
        input = { f, value: value.t === 'int' ? value.v : null };
      } else {
        if (value.t !== 'pair') bad('[old new] for a :cas invocation');
        const p = value as { a: RegisterValue; b: RegisterValue };
        input = { f, from: p.a, to: p.b };
      }
      pairer.invoke(process, f, input, line, typeAt + 1);
      return;
    }
    pairer.pending(process, f, type, line, typeAt + 1, fAt + 1);
    if (type === 'info') {
      pairer.complete(process, { kind: 'pending' }, line);
    } else if (value.t === 'kw' && value.v === 'timed-out' && type === 'fail') {
      pairer.complete(process, { kind: 'unknown' }, line);
    } else if (type === 'ok') {
      let output: RegisterOutput;
      if (f === 'read') {
        if (value.t !== 'int' && value.t !== 'nil') bad('nil or an integer read');
        output = { f, value: value.t === 'int' ? value.v : null };
      } else if (f === 'write') {
        if (value.t !== 'int' && value.t !== 'nil') bad('the value written');
        output = { f };
      } else {
        if (value.t !== 'pair') bad('[old new] for a :cas completion');
        output = { f, ok: true };
      }
      pairer.complete(process, { kind: 'ok', output }, line);
    } else if (f === 'cas') {
      if (value.t !== 'pair') bad('[old new] or :timed-out for a failed :cas');
      pairer.complete(process, { kind: 'ok', output: { f, ok: false } }, line);
    } else {
      pairer.complete(process, { kind: 'drop' }, line);
    }
  });
  return pairer.finish('jepsen-etcd');
}

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 13;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isWord = (c: number): boolean => isLetter(c) || isDigit(c) || c === 45 || c === 95;

/**
 * The fast reader: one pass over the text with character codes, for the plain shape of Jepsen's
 * etcd logs (`INFO  jepsen.util - P :type :f VALUE`, keywords of letters, digits, `-` and `_`).
 * It returns `undefined` at the first line of any other shape, and on any error (pairing
 * included), and {@link readEtcd} then reads the whole file again: the result is the careful
 * reader's, errors included, and only well-formed plain logs take this path.
 */
export function readPlainEtcd(text: string, file: string): ParsedHistory<RegisterInput, RegisterOutput> | undefined {
  const pairer = new Pairer<RegisterInput, RegisterOutput>(file);
  const len = text.length;
  let i = 0;
  let end = 0;
  /** Skips blanks; true when there was at least one. */
  const blanks = (): boolean => {
    const from = i;
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    return i > from;
  };
  /** An integer followed by a blank, `]` or the end of the line; NaN when there is none. */
  const integer = (): number => {
    const from = i;
    if (text.charCodeAt(i) === 45) i++;
    const digits = i;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
    if (i === digits || i - digits > 15) return NaN;
    if (i < end && !isBlank(text.charCodeAt(i)) && text.charCodeAt(i) !== 93) return NaN;
    return Number(text.slice(from, i));
  };
  /** A keyword followed by a blank or the end of the line, without its colon; '' when there is none. */
  const keyword = (): string => {
    if (text.charCodeAt(i) !== 58 || !isLetter(text.charCodeAt(i + 1))) return '';
    const from = i + 1;
    i += 2;
    while (i < end && isWord(text.charCodeAt(i))) i++;
    if (i < end && !isBlank(text.charCodeAt(i))) return '';
    return text.slice(from, i);
  };
  /** nil (null), an integer, or undefined when neither. */
  const scalar = (): RegisterValue | undefined => {
    if (text.startsWith('nil', i)) {
      const c = text.charCodeAt(i + 3);
      if (i + 3 < end && !isBlank(c) && c !== 93) return undefined;
      i += 3;
      return null;
    }
    const v = integer();
    return Number.isNaN(v) ? undefined : v;
  };
  try {
    let line = 0;
    for (let start = 0; start <= len; ) {
      end = text.indexOf('\n', start);
      if (end === -1) end = len;
      line++;
      i = start;
      const lineStart = start;
      start = end + 1;
      blanks();
      if (i === end) continue;
      if (!text.startsWith('INFO', i)) return undefined;
      i += 4;
      if (!blanks() || !text.startsWith('jepsen.util', i)) return undefined;
      i += 11;
      if (!blanks() || text.charCodeAt(i) !== 45) return undefined;
      i++;
      if (!blanks()) return undefined;
      const process = integer();
      if (Number.isNaN(process) || !blanks()) return undefined;
      const typeColumn = i - lineStart + 1;
      const type = keyword();
      if (!blanks()) return undefined;
      const fColumn = i - lineStart + 1;
      const f = keyword();
      if (!blanks()) return undefined;
      if (f !== 'read' && f !== 'write' && f !== 'cas') return undefined;
      // The value: [a b], a keyword, nil or an integer.
      let a: RegisterValue | undefined;
      let b: RegisterValue | undefined;
      let kw = '';
      let pair = false;
      if (text.charCodeAt(i) === 91) {
        i++;
        while (i < end && (isBlank(text.charCodeAt(i)) || text.charCodeAt(i) === 44)) i++;
        a = scalar();
        const from = i;
        while (i < end && (isBlank(text.charCodeAt(i)) || text.charCodeAt(i) === 44)) i++;
        if (a === undefined || i === from) return undefined;
        b = scalar();
        while (i < end && (isBlank(text.charCodeAt(i)) || text.charCodeAt(i) === 44)) i++;
        if (b === undefined || text.charCodeAt(i) !== 93) return undefined;
        i++;
        pair = true;
      } else if (text.charCodeAt(i) === 58) {
        kw = keyword();
        if (kw === '') return undefined;
      } else {
        a = scalar();
        if (a === undefined) return undefined;
      }
      blanks();
      if (i !== end) return undefined;
      const nil = !pair && kw === '' && a === null;
      const int = !pair && kw === '' && a !== null;
      if (type === 'invoke') {
        let input: RegisterInput;
        if (f === 'read') {
          if (!nil) return undefined;
          input = { f };
        } else if (f === 'write') {
          if (!nil && !int) return undefined;
          input = { f, value: a as RegisterValue };
        } else {
          if (!pair) return undefined;
          input = { f, from: a as RegisterValue, to: b as RegisterValue };
        }
        pairer.invoke(process, f, input, line, typeColumn);
        continue;
      }
      if (type !== 'ok' && type !== 'fail' && type !== 'info') return undefined;
      pairer.pending(process, f, type, line, typeColumn, fColumn);
      if (type === 'info') {
        pairer.complete(process, { kind: 'pending' }, line);
      } else if (kw === 'timed-out' && type === 'fail') {
        pairer.complete(process, { kind: 'unknown' }, line);
      } else if (type === 'ok') {
        let output: RegisterOutput;
        if (f === 'read') {
          if (!nil && !int) return undefined;
          output = { f, value: a as RegisterValue };
        } else if (f === 'write') {
          if (!nil && !int) return undefined;
          output = { f };
        } else {
          if (!pair) return undefined;
          output = { f, ok: true };
        }
        pairer.complete(process, { kind: 'ok', output }, line);
      } else if (f === 'cas') {
        if (!pair) return undefined;
        pairer.complete(process, { kind: 'ok', output: { f, ok: false } }, line);
      } else {
        pairer.complete(process, { kind: 'drop' }, line);
      }
    }
  } catch {
    return undefined;
  }
  return pairer.finish('jepsen-etcd');
}
