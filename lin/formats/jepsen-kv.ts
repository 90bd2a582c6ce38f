/**
 * Parser for Jepsen kv histories: one EDN map per line, e.g.
 * `{:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}`.
 *
 * Fields used: `:process` (integer), `:type` (`:invoke`, `:ok`, `:fail`, `:info`), `:f` (`:get`,
 * `:put`, `:append`), `:key` (string) and `:value` (string, or `nil` for a get's invocation); other
 * fields are ignored. Events pair per process in order. Times are event indices. An `:ok` get
 * returning `nil` reads as the empty string (the model's initial value). `:fail` means the
 * operation did not happen and drops it; `:info`, and an invocation never completed, leave it
 * pending. Only flat maps of strings, keywords, integers and `nil` are read (no nested EDN).
 */
import type { KvInput, KvOutput } from '../models/kv.ts';
import type { Operation } from '../history.ts';
import { eachPlainLine, LineCursor } from './scan.ts';
import { Pairer, type ParsedHistory } from './pair.ts';

type Edn = { t: 'str'; v: string } | { t: 'kw'; v: string } | { t: 'int'; v: number } | { t: 'nil' };

const describe = (e: Edn): string =>
  e.t === 'str' ? JSON.stringify(e.v) : e.t === 'kw' ? `:${e.v}` : e.t === 'int' ? String(e.v) : 'nil';

function readValue(c: LineCursor): Edn {
  const ch = c.peek();
  if (ch === '"') return { t: 'str', v: c.string('a string') };
  if (ch === ':') return { t: 'kw', v: c.keyword('a keyword') };
  if (ch === '-' || (ch >= '0' && ch <= '9')) return { t: 'int', v: c.integer('an integer') };
  if (c.text.startsWith('nil', c.pos) && !/[\w-]/.test(c.text[c.pos + 3] ?? '')) {
    c.pos += 3;
    return { t: 'nil' };
  }
  return c.fail('a value (string, keyword, integer or nil)');
}

/** Reads one `{:k v, …}` line into a map from keyword name to value and column. */
function readMap(c: LineCursor): { fields: Map<string, { value: Edn; column: number }>; close: number } {
  c.skipSpace(true);
  if (c.peek() !== '{') c.fail("'{'");
  c.pos++;
  const fields = new Map<string, { value: Edn; column: number }>();
  for (;;) {
    c.skipSpace(true);
    if (c.peek() === '}') {
      const close = c.pos;
      c.pos++;
      c.skipSpace(true);
      c.end();
      return { fields, close };
    }
    if (c.peek() !== ':') c.fail("a keyword key or '}'");
    const at = c.pos;
    const key = c.keyword('a keyword key');
    if (fields.has(key)) c.fail(`each key once (:${key} is repeated)`, at);
    if (c.skipSpace(true) === 0) c.fail(`whitespace after :${key}`);
    const column = c.pos;
    fields.set(key, { value: readValue(c), column });
  }
}

/** Process numbers the fast reader takes (others go to the careful reader). */
const MAX_PROCESS = 1 << 20;

/** Parses a Jepsen kv history; throws `FormatError` (`file:line:column: expected …, found …`). */
export function parseJepsenKv(text: string, file = '<input>'): ParsedHistory<KvInput, KvOutput> {
  return readPlainKv(text, file) ?? readKv(text, file);
}

/** The careful reader: every token checked, every error at its column. */
export function readKv(text: string, file = '<input>'): ParsedHistory<KvInput, KvOutput> {
  const pairer = new Pairer<KvInput, KvOutput>(file);
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const c: LineCursor = new LineCursor(file, i + 1, raw);
    const { fields, close } = readMap(c);
    const get = (key: string, want: Edn['t'][], what: string): { value: Edn; column: number } => {
      const f = fields.get(key);
      if (f === undefined) c.fail(`a :${key} field`, close, "'}'");
      if (!want.includes(f.value.t)) c.fail(`${what} for :${key}`, f.column, describe(f.value));
      return f;
    };
    const oneOf = (key: string, allowed: readonly string[]): { v: string; column: number } => {
      const f = get(key, ['kw'], 'a keyword');
      const v = (f.value as { v: string }).v;
      if (!allowed.includes(v)) c.fail(`one of ${allowed.map((a) => ':' + a).join(', ')} for :${key}`, f.column, `:${v}`);
      return { v, column: f.column };
    };
    const process = (get('process', ['int'], 'an integer').value as { v: number }).v;
    const type = oneOf('type', ['invoke', 'ok', 'fail', 'info']);
    const fn = oneOf('f', ['get', 'put', 'append']);
    const key = (get('key', ['str'], 'a string').value as { v: string }).v;
    const f = fn.v as KvInput['f'];
    if (type.v === 'invoke') {
      let input: KvInput;
      if (f === 'get') input = { f, key };
      else input = { f, key, value: (get('value', ['str'], 'a string').value as { v: string }).v };
      pairer.invoke(process, f, input, i + 1, type.column + 1);
      return;
    }
    const input = pairer.pending(process, f, type.v, i + 1, type.column + 1, fn.column + 1);
    if (input.key !== key) c.fail(`key ${JSON.stringify(input.key)} (as invoked)`, fields.get('key')?.column ?? close, JSON.stringify(key));
    if (type.v === 'ok') {
      let output: KvOutput;
      if (f === 'get') {
        const v = get('value', ['str', 'nil'], 'a string or nil').value;
        output = { f, value: v.t === 'str' ? v.v : '' };
      } else {
        output = { f };
      }
      pairer.complete(process, { kind: 'ok', output }, i + 1);
    } else {
      pairer.complete(process, { kind: type.v === 'info' ? 'pending' : 'drop' }, i + 1);
    }
  });
  return pairer.finish('jepsen-kv');
}

/**
 * One kv event in Jepsen's own spelling, from the cursor to the end of its line: the fields in the
 * order Jepsen writes them, separated by spaces and commas; integers of at most 15 digits; strings
 * without escapes; `:value` a string, `nil` or absent. Groups: process, type, f, key, string value, nil.
 * No string holds a character `binaryAt` (error.ts) rejects, and every other character of a line is
 * one of its tokens: a text the fast reader accepts whole has none (the `lin` command then skips that
 * scan). A reader by hand instead of this expression, to save compiling it (250–400 µs in a fresh
 * process), was measured slower: c01-bad 1.26 → 1.60 ms, c10-ok 4.3 → 7.3 (its loops over characters
 * run in the interpreter, where the expression runs as machine code after its first line).
 */
const PLAIN =
  /[ \t\r,]*\{:process[ \t\r,]+(-?\d{1,15})[ \t\r,]+:type[ \t\r,]+:(invoke|ok|fail|info)[ \t\r,]+:f[ \t\r,]+:(get|put|append)[ \t\r,]+:key[ \t\r,]+"([^"\\\n\u0000-\u0008\u000b\u000e-\u001f\u007f\ufffd]*)"[ \t\r,]*(?::value[ \t\r,]+(?:"([^"\\\n\u0000-\u0008\u000b\u000e-\u001f\u007f\ufffd]*)"|(nil)))?[ \t\r,]*\}[ \t\r,]*(?:\n|$)/y;

/**
 * The fast reader: one regular expression per line ({@link eachPlainLine}), for the lines as Jepsen
 * writes them ({@link PLAIN}). It returns `undefined` at the first line of any other shape, and on
 * any error (pairing included), and {@link readKv} then reads the whole file again: the result is
 * always the careful reader's, errors included, and only well-formed plain histories take this path.
 */
export function readPlainKv(text: string, file: string): ParsedHistory<KvInput, KvOutput> | undefined {
  void file; // errors are the careful reader's
  // Pairing as Pairer does it (lin/formats/pair.ts), leaner: the open operation of each process is
  // found in an array indexed by process number (1 + its index in `ops`; 0: none).
  const ops: Operation<KvInput, KvOutput>[] = [];
  const lines: { invoke: number; complete?: number }[] = [];
  const open: number[] = [];
  const drops: number[] = [];
  let events = 0;
  const plain = eachPlainLine(text, PLAIN, (m, line) => {
    const process = Number(m[1]);
    if (!(process >= 0 && process < MAX_PROCESS)) return false;
    const type = m[2];
    const f = m[3] as KvInput['f'];
    const key = m[4];
    const value = m[5];
    const at = open[process] ?? 0;
    if (type === 'invoke') {
      if (at !== 0) return false;
      let input: KvInput;
      if (f === 'get') input = { f, key };
      else if (value !== undefined) input = { f, key, value };
      else return false;
      ops.push({ id: -1, client: process, input, output: undefined, call: events++, ret: Infinity });
      lines.push({ invoke: line });
      open[process] = ops.length;
      return true;
    }
    if (at === 0) return false;
    const op = ops[at - 1];
    if (op.input.f !== f || op.input.key !== key) return false;
    open[process] = 0;
    const time = events++;
    if (type === 'ok') {
      if (f === 'get' && value === undefined && m[6] === undefined) return false;
      op.output = f === 'get' ? { f, value: value ?? '' } : { f };
      op.ret = time;
      lines[at - 1].complete = line;
    } else if (type === 'fail') {
      drops.push(at - 1);
    }
    return true;
  });
  if (!plain) return undefined;
  const keep = new Uint8Array(ops.length).fill(1);
  for (const i of drops) keep[i] = 0;
  const operations = drops.length === 0 ? ops : ops.filter((_, i) => keep[i] === 1);
  operations.forEach((o, i) => (o.id = i));
  return {
    format: 'jepsen-kv',
    operations,
    lines: drops.length === 0 ? lines : lines.filter((_, i) => keep[i] === 1),
    events,
    dropped: ops.length - operations.length,
  };
}
