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
import { eachPlainLine, LineCursor } from './scan.ts';
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

/**
 * One etcd event as Jepsen logs it, from the cursor to the end of its line, with integers of at most
 * 15 digits and `[old new]` without commas. Groups: process, type, f, then the value: `nil`, an
 * integer, the two scalars of `[old new]`, or the keyword `timed-out`. It matches no free text, so a
 * text the fast reader accepts whole holds no character `binaryAt` (error.ts) rejects.
 */
const PLAIN =
  /[ \t\r]*INFO[ \t\r]+jepsen\.util[ \t\r]+-[ \t\r]+(-?\d{1,15})[ \t\r]+:(invoke|ok|fail|info)[ \t\r]+:(read|write|cas)[ \t\r]+(?:(nil)|(-?\d{1,15})|\[[ \t\r]*(nil|-?\d{1,15})[ \t\r]+(nil|-?\d{1,15})[ \t\r]*\]|:(timed-out))[ \t\r]*(?:\n|$)/y;

const plainScalar = (s: string): RegisterValue => (s === 'nil' ? null : Number(s));

/**
 * The fast reader: one regular expression per line ({@link eachPlainLine}), for the lines as Jepsen
 * logs them ({@link PLAIN}). It returns `undefined` at the first line of any other shape, and on any
 * error (pairing included), and {@link readEtcd} then reads the whole file again: the result is
 * always the careful reader's, errors included, and only well-formed plain logs take this path.
 */
export function readPlainEtcd(text: string, file: string): ParsedHistory<RegisterInput, RegisterOutput> | undefined {
  const pairer = new Pairer<RegisterInput, RegisterOutput>(file);
  const plain = eachPlainLine(text, PLAIN, (m, line) => {
    const process = Number(m[1]);
    const type = m[2];
    const f = m[3] as RegisterInput['f'];
    const nil = m[4] !== undefined;
    const int = m[5] !== undefined;
    const pair = m[6] !== undefined;
    const single = nil || int ? (int ? Number(m[5]) : null) : undefined;
    if (type === 'invoke') {
      let input: RegisterInput;
      if (f === 'read') {
        if (!nil) return false;
        input = { f };
      } else if (f === 'write') {
        if (single === undefined) return false;
        input = { f, value: single };
      } else {
        if (!pair) return false;
        input = { f, from: plainScalar(m[6]), to: plainScalar(m[7]) };
      }
      pairer.invoke(process, f, input, line, 0);
      return true;
    }
    pairer.pending(process, f, type, line, 0, 0);
    if (type === 'info') {
      pairer.complete(process, { kind: 'pending' }, line);
    } else if (m[8] !== undefined && type === 'fail') {
      pairer.complete(process, { kind: 'unknown' }, line);
    } else if (type === 'ok') {
      let output: RegisterOutput;
      if (f === 'read') {
        if (single === undefined) return false;
        output = { f, value: single };
      } else if (f === 'write') {
        if (single === undefined) return false;
        output = { f };
      } else {
        if (!pair) return false;
        output = { f, ok: true };
      }
      pairer.complete(process, { kind: 'ok', output }, line);
    } else if (f === 'cas') {
      if (!pair) return false;
      pairer.complete(process, { kind: 'ok', output: { f, ok: false } }, line);
    } else {
      pairer.complete(process, { kind: 'drop' }, line);
    }
    return true;
  });
  return plain ? pairer.finish('jepsen-etcd') : undefined;
}
